from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Where the link of the admin's "Send a link to set a new password" leads (Django's views).
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordSetView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("", include("practiceweek.core_urls")),
    path("audits/", include("audits.urls")),
    path("observations/", include("observations.urls")),
    path("reports/", include("reports.urls")),
]

handler400 = "practiceweek.views.bad_request"
handler403 = "practiceweek.views.permission_denied"
handler404 = "practiceweek.views.page_not_found"
handler500 = "practiceweek.views.server_error"

admin.site.site_header = f"{settings.COUNCIL_NAME}: Practice Week administration"
admin.site.site_title = "Practice Week admin"
admin.site.index_title = "Scheduling and set-up"
