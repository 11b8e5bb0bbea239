from django.urls import path

from . import views

app_name = "practiceweek"
urlpatterns = [
    path("weeks/", views.week_list, name="week_list"),
    path("weeks/<slug:slug>/", views.week_detail, name="week_detail"),
    path("weeks/<slug:slug>/day/<str:day>/", views.auditor_day, name="auditor_day"),
    path("visits/<int:pk>/select-files/", views.visit_select_files, name="visit_select_files"),
    path("selections/<int:pk>/", views.selection_detail, name="selection_detail"),
    path("accounts/locked/", views.locked_sign_ins, name="locked_sign_ins"),
]
