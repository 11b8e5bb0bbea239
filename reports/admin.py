"""Read-only records of reports and their versions: reports are drafted, built and published in
the app (reports:list), where each change is checked. List columns hold no free text besides the
report's title; a version's snapshot and PDF are not loaded here."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from practiceweek.admin_helpers import ReadOnlyAdmin, ReadOnlyInline

from .models import ActionPlanItem, Report, ReportBuild


class ActionPlanItemInline(ReadOnlyInline):
    model = ActionPlanItem
    fields = ("category", "priority", "due_on", "responsible")


class ReportBuildInline(ReadOnlyInline):
    model = ReportBuild
    fields = ("number", "status", "attempts", "queued_at", "finished_at", "page_count")
    ordering = ("-number",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReportBuild]:
        return super().get_queryset(request).defer("pdf", "snapshot")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "week", "date_from", "date_to", "updated_at")
    list_filter = ("kind",)
    list_select_related = ("week",)
    fields = ("kind", "week", "date_from", "date_to", "title", "panel_name", "meeting_date")
    inlines = (ActionPlanItemInline, ReportBuildInline)


@admin.register(ReportBuild)
class ReportBuildAdmin(ReadOnlyAdmin):
    list_display = ("report", "number", "status", "attempts", "queued_at", "published_at")
    list_filter = ("status",)
    list_select_related = ("report",)
    fields = (
        "report",
        "number",
        "status",
        "error",
        "attempts",
        "requested_by",
        "queued_at",
        "started_at",
        "finished_at",
        "page_count",
        "published_at",
        "published_by",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReportBuild]:
        return super().get_queryset(request).defer("pdf", "snapshot")
