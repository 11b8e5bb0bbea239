"""URLs of the reports app.

QA leads (views/drafting.py, views/builds.py): list, new_week, new_annual, detail, edit, preview,
build, build_status, publish, withdraw, quotes.
Readers of published versions, scrutiny panel members included (views/reading.py; their names
are in practiceweek.access.SCRUTINY_PANEL_VIEWS): published, version, download, export_csv,
export_xlsx, export_workbook.
"""

from django.urls import path

from .views import builds, drafting, reading

app_name = "reports"
urlpatterns = [
    path("", drafting.report_list, name="list"),
    path("new/week/", drafting.report_new_week, name="new_week"),
    path("new/annual/", drafting.report_new_annual, name="new_annual"),
    path("<int:pk>/", drafting.report_detail, name="detail"),
    path("<int:pk>/edit/", drafting.report_edit, name="edit"),
    path("<int:pk>/preview/", drafting.report_preview, name="preview"),
    path("<int:pk>/quotes/", drafting.report_quotes, name="quotes"),
    path("<int:pk>/build/", builds.report_build, name="build"),
    path("versions/<int:pk>/status/", builds.build_status, name="build_status"),
    path("versions/<int:pk>/publish/", builds.build_publish, name="publish"),
    path("versions/<int:pk>/withdraw/", builds.build_withdraw, name="withdraw"),
    path("published/", reading.published_list, name="published"),
    path("versions/<int:pk>/", reading.version_detail, name="version"),
    path("versions/<int:pk>/pdf/", reading.download, name="download"),
    path("versions/<int:pk>/tables/<slug:slug>/csv/", reading.export_csv, name="export_csv"),
    path("versions/<int:pk>/tables/<slug:slug>/xlsx/", reading.export_xlsx, name="export_xlsx"),
    path("versions/<int:pk>/workbook/", reading.export_workbook, name="export_workbook"),
]
