"""The QA lead's admin for observations: frameworks and their categories (edited here), and
read-only records of observations, service-user feedback, case examples and theme tags, which
are made in the app where each change is checked and kept. List columns hold no free text:
what observers and families wrote is read on an observation's own page."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet, TextField
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse

from practiceweek.admin_helpers import (
    ChangePageContext,
    ReadOnlyAdmin,
    ReadOnlyInline,
    RefusalIs400,
    annotated_count,
    app_link,
)

from .models import (
    CaseExample,
    CategoryNote,
    Observation,
    ObservationCategory,
    ObservationFramework,
    ObservationPractitioner,
    ServiceUserFeedback,
    ThemeTag,
)


class CategoryInlineFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        # Notes PROTECT their category: say in words which cannot go and why, before the
        # admin's own check (in super().clean()) lists the notes by their database names.
        kept = []
        for form in self.forms:
            category = form.instance
            ticked = getattr(form, "cleaned_data", {}).get(DELETION_FIELD_NAME)
            if category.pk is None or not ticked:
                continue
            observations = category.notes.values("observation").distinct().count()
            if observations:
                kept.append(
                    f"“{category.title}” cannot be deleted: {observations} observation"
                    f"{' holds' if observations == 1 else 's hold'} notes written under it. "
                    "Rename it, or leave it in place."
                )
        if kept:
            raise ValidationError(kept)
        super().clean()


class ObservationCategoryInline(admin.TabularInline):
    model = ObservationCategory
    formset = CategoryInlineFormSet
    fields = ("order", "title", "prompts")
    ordering = ("order",)
    extra = 0
    formfield_overrides = {TextField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 60})}}


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = ObservationFramework
        fields = ("name", "description", "is_default")

    def clean_is_default(self) -> bool:
        is_default = self.cleaned_data["is_default"]
        current = (
            ObservationFramework.objects.filter(is_default=True)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if is_default and current is not None:
            raise ValidationError(
                f"“{current}” is the default framework. Only one framework is the default: "
                "untick it there first, then tick it here."
            )
        return is_default


@admin.register(ObservationFramework)
class ObservationFrameworkAdmin(ChangePageContext, RefusalIs400, admin.ModelAdmin):
    change_form_template = "admin/observations/observationframework/change_form.html"
    form = FrameworkForm
    list_display = ("name", "is_default", "category_count", "week_count", "observation_count")
    search_fields = ("name",)
    fieldsets = (
        (
            None,
            {
                "fields": ("name", "description", "is_default"),
                "description": "The categories observers write strengths and areas for "
                "development under, each with prompts. A practice week chooses its framework "
                "on the week's page; a week that chooses none uses the default framework. "
                "Each observation keeps the framework it was started with.",
            },
        ),
    )
    inlines = (ObservationCategoryInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ObservationFramework]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                category_total=Count("categories", distinct=True),
                week_total=Count("weeks", distinct=True),
                observation_total=Count("observations", distinct=True),
            )
        )

    category_count = annotated_count("category_total", "Categories")
    week_count = annotated_count("week_total", "Weeks that chose it")
    observation_count = annotated_count("observation_total", "Observations")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Weeks that chose no framework use the default: it must stay.
        is_default = obj is not None and obj.is_default
        return super().has_delete_permission(request, obj) and not is_default

    def change_context(
        self, request: HttpRequest, obj: ObservationFramework | None
    ) -> dict[str, Any]:
        return {"framework_in_use": obj}


# --- Records made in the app ------------------------------------------------------------------


class ObservedPractitionerInline(ReadOnlyInline):
    model = ObservationPractitioner
    fields = ("practitioner", "acknowledged_at")
    select_related = ("practitioner",)


class CategoryNoteInline(ReadOnlyInline):
    model = CategoryNote
    fields = ("category", "strengths", "areas_for_development")
    select_related = ("category",)


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = (
        "observed_on",
        "setting",
        "team",
        "observer",
        "week",
        "status",
        "is_graded",
        "overall_grade",
    )
    list_filter = ("status", "week", "setting", "is_graded", "overall_grade", "team__service")
    list_select_related = ("team", "observer", "week")
    search_fields = ("case_file__case_reference",)
    date_hierarchy = "observed_on"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "status",
                    "week",
                    "visit",
                    "framework",
                    "is_graded",
                    "observer",
                    "team",
                    "setting",
                    "setting_other",
                    "observed_on",
                    "case_file",
                )
            },
        ),
        ("Findings", {"fields": ("overall_grade", "feedback_given", "feedback_summary")}),
        ("Record", {"fields": ("submitted_at", "created_at", "updated_at", "page")}),
    )
    readonly_fields = ("submitted_at", "created_at", "updated_at", "page")
    inlines = (ObservedPractitionerInline, CategoryNoteInline)
    select_related = (
        "week",
        "visit__team",
        "visit__visitor",
        "framework",
        "observer",
        "team",
        "case_file",
    )

    @admin.display(description="In the app")
    def page(self, observation: Observation) -> str:
        return app_link(observation.get_absolute_url(), "The observation page")


@admin.register(ServiceUserFeedback)
class ServiceUserFeedbackAdmin(ReadOnlyAdmin):
    list_display = ("recorded_at", "relationship", "rating", "observation", "recorded_by")
    list_filter = ("relationship", "rating", "observation__week", "observation__team__service")
    list_select_related = ("observation", "recorded_by")
    date_hierarchy = "recorded_at"
    fields = (
        "observation",
        "case_file",
        "relationship",
        "consent_given",
        "words",
        "anonymised_confirmed",
        "rating",
        "recorded_by",
        "recorded_at",
    )
    readonly_fields = ("recorded_at",)
    select_related = ("observation", "case_file", "recorded_by")


@admin.register(CaseExample)
class CaseExampleAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "status", "team", "week", "flagged_by", "flagged_at")
    list_filter = ("status", "kind", "week", "team__service")
    list_select_related = ("team", "week", "flagged_by")
    search_fields = ("title",)
    date_hierarchy = "flagged_at"
    fields = (
        "title",
        "kind",
        "status",
        "observation",
        "audit",
        "team",
        "week",
        "write_up",
        "anonymised_confirmed",
        "flagged_by",
        "flagged_at",
        "decided_by",
        "decided_at",
        "decision_note",
        "page",
    )
    readonly_fields = ("flagged_at", "page")
    select_related = ("team", "week", "flagged_by", "decided_by", "observation", "audit__case_file")

    @admin.display(description="Approve or decline")
    def page(self, example: CaseExample) -> str:
        url = reverse("observations:case_example", kwargs={"pk": example.pk})
        return app_link(url, "On the case example page")


@admin.register(ThemeTag)
class ThemeTagAdmin(RefusalIs400, admin.ModelAdmin):
    """Tags are made on the themes page; here they are renamed or deleted (with their uses)."""

    list_display = ("name", "week", "use_count")
    list_filter = ("week",)
    list_select_related = ("week",)
    search_fields = ("name",)
    fields = ("week", "name")
    readonly_fields = ("week",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ThemeTag]:
        return super().get_queryset(request).annotate(use_total=Count("uses"))

    use_count = annotated_count("use_total", "Points tagged")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
