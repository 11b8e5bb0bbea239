"""The QA lead's admin for audits: templates (versioned once in use) and read-only records of
audits, escalations and case actions, which are made in the app so that their history is kept."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.db.models import Count, Q, QuerySet, TextField
from django.forms import Textarea
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from practiceweek.admin_helpers import (
    ChangePageContext,
    ReadOnlyAdmin,
    ReadOnlyInline,
    RefusalIs400,
    annotated_count,
    app_link,
    single_object_action,
)

from .models import (
    Audit,
    AuditSection,
    AuditTemplate,
    CaseAction,
    Escalation,
    EscalationRecipient,
    SectionAnswer,
)
from .template_versions import template_is_in_use, template_new_version


def _in_use(template: AuditTemplate | None) -> bool:
    """Whether audits use the template; the count is annotated by the admin's queryset, and
    worked out (once) for a template loaded any other way."""
    if template is None:
        return False
    if hasattr(template, "audit_count"):
        return template.audit_count > 0
    return template_is_in_use(template)


class AuditSectionInline(admin.TabularInline):
    model = AuditSection
    fields = (
        "order",
        "title",
        "question",
        "is_graded",
        "guidance_outstanding",
        "guidance_good",
        "guidance_requires_improvement",
        "guidance_inadequate",
    )
    ordering = ("order",)
    extra = 0
    formfield_overrides = {TextField: {"widget": Textarea(attrs={"rows": 4, "cols": 30})}}

    # The sections of a template in use are what its audits were graded against.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request, obj) and not _in_use(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not _in_use(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not _in_use(obj)


@admin.register(AuditTemplate)
class AuditTemplateAdmin(ChangePageContext, RefusalIs400, admin.ModelAdmin):
    list_display = ("name", "version", "is_current", "is_graded", "audit_count")
    list_filter = ("is_current", "is_graded")
    search_fields = ("name",)
    fields = ("name", "version", "is_current", "is_graded", "description", "created_at")
    # Versions are numbered by "Make a new version to edit", never by hand.
    readonly_fields = ("version", "created_at")
    inlines = (AuditSectionInline,)
    actions = ("make_new_version",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditTemplate]:
        return super().get_queryset(request).annotate(audit_count=Count("audits"))

    audit_count = annotated_count("audit_count", "Audits")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not _in_use(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not _in_use(obj)

    def change_context(self, request: HttpRequest, obj: AuditTemplate | None) -> dict[str, Any]:
        return {"is_in_use": _in_use(obj)}

    @admin.action(
        description="Make a new version to edit",
        permissions=["add"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    @single_object_action("Select exactly one template to make a new version of.")
    def make_new_version(self, request: HttpRequest, template: AuditTemplate) -> HttpResponse:
        copy = template_new_version(template=template)
        self.message_user(
            request,
            f"Made {copy}, now the current version: edit it here. {template} and its "
            "audits are unchanged.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:audits_audittemplate_change", args=[copy.pk]))


class SectionAnswerInline(ReadOnlyInline):
    model = SectionAnswer
    fields = ("section", "grade", "evidence")
    select_related = ("section",)


class CaseActionInline(ReadOnlyInline):
    model = CaseAction
    fields = ("description", "owner", "due_on", "completed_at", "completed_by")
    select_related = ("owner", "completed_by")


@admin.register(Audit)
class AuditAdmin(ReadOnlyAdmin):
    list_display = (
        "case_file",
        "audit_type",
        "team",
        "auditor",
        "overall_grade",
        "status",
        "audited_on",
    )
    list_filter = ("status", "audit_type", "overall_grade", "week", "team__service")
    list_select_related = ("case_file", "team", "auditor")
    search_fields = ("case_file__case_reference",)
    date_hierarchy = "audited_on"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "case_file",
                    "audit_type",
                    "template",
                    "status",
                    "team",
                    "practitioner",
                    "auditor",
                    "week",
                    "visit",
                    "theme",
                    "audited_on",
                    "is_collaborative",
                )
            },
        ),
        (
            "Findings",
            {
                "fields": (
                    "overall_grade",
                    "suggested_grade",
                    "departure_reason",
                    "working_well",
                    "needs_to_improve",
                )
            },
        ),
        ("The practitioner's response", {"fields": ("acknowledged_at", "reflection")}),
        ("Record", {"fields": ("submitted_at", "created_at", "updated_at", "history")}),
    )
    readonly_fields = ("submitted_at", "created_at", "updated_at", "history")
    inlines = (SectionAnswerInline, CaseActionInline)
    select_related = (
        "case_file",
        "template",
        "team",
        "practitioner",
        "auditor",
        "week",
        "visit__visitor",
        "visit__team",
        "theme",
    )

    @admin.display(description="History of changes")
    def history(self, audit: Audit) -> str:
        url = reverse("audits:history", kwargs={"pk": audit.pk})
        return app_link(url, "Changes since it was submitted")


class EscalationRecipientInline(ReadOnlyInline):
    model = EscalationRecipient
    fields = ("person", "acknowledged_at", "last_sent_at", "times_sent")
    select_related = ("person",)


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ("audit", "team", "opened_at", "acknowledged")
    list_filter = ("audit__team__service",)
    list_select_related = ("audit__case_file", "audit__team")
    search_fields = ("audit__case_file__case_reference",)
    date_hierarchy = "opened_at"
    fields = ("audit", "opened_at")
    readonly_fields = ("opened_at",)
    inlines = (EscalationRecipientInline,)
    select_related = ("audit__case_file", "audit__team")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Escalation]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                recipient_count=Count("recipients"),
                acknowledged_count=Count(
                    "recipients", filter=Q(recipients__acknowledged_at__isnull=False)
                ),
            )
        )

    @admin.display(description="Team", ordering="audit__team__name")
    def team(self, escalation: Escalation) -> str:
        return escalation.audit.team.name

    @admin.display(description="Acknowledged by")
    def acknowledged(self, escalation: Escalation) -> str:
        done, of = escalation.acknowledged_count, escalation.recipient_count  # type: ignore[attr-defined]
        return f"{done} of {of}"


class ActionStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("open", "Open"), ("overdue", "Overdue"), ("done", "Done")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        if self.value() == "open":
            return queryset.filter(completed_at__isnull=True)
        if self.value() == "overdue":
            return queryset.filter(completed_at__isnull=True, due_on__lt=today)
        if self.value() == "done":
            return queryset.filter(completed_at__isnull=False)
        return queryset


@admin.register(CaseAction)
class CaseActionAdmin(ReadOnlyAdmin):
    list_display = ("summary", "case_file", "owner", "due_on", "status", "completed_at")
    list_filter = (ActionStatusFilter, "due_on", "audit__team__service")
    list_select_related = ("audit__case_file", "owner")
    search_fields = ("audit__case_file__case_reference",)
    date_hierarchy = "due_on"
    fields = ("audit", "description", "owner", "due_on", "completed_at", "completed_by")
    select_related = ("audit__case_file", "owner", "completed_by")

    @admin.display(description="What needs to happen")
    def summary(self, action: CaseAction) -> str:
        text = action.description
        return text if len(text) <= 80 else f"{text[:79]}…"

    @admin.display(description="Case file", ordering="audit__case_file__case_reference")
    def case_file(self, action: CaseAction) -> str:
        return action.audit.case_file.case_reference

    @admin.display(description="Status")
    def status(self, action: CaseAction) -> str:
        return action.status_on(timezone.localdate()).capitalize()
