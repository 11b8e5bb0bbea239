"""The QA lead's admin: people, teams, weeks and their timetable, case files and their import."""

from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse, reverse_lazy
from django.utils.functional import SimpleLazyObject

from . import access, selectors, services
from .admin_forms import (
    CaseFileForm,
    CaseFileImportForm,
    CopyTimetableForm,
    PrefetchedAutocompleteSelect,
    PrefetchedModelChoiceField,
    VisitForm,
    VisitInlineFormSet,
)
from .admin_helpers import (
    ChangePageContext,
    ReadOnlyAdmin,
    ReadOnlyInline,
    RefusalIs400,
    SelectRelated,
    annotated_count,
    single_object_action,
)
from .case_import import LineError, case_files_import
from .models import (
    CaseFile,
    CaseType,
    FileSelection,
    PracticeWeek,
    SelectedFile,
    Service,
    Team,
    Theme,
    User,
    Visit,
)
from .queueing import enqueue_after_commit
from .tasks import password_set_link_send_task


def _visits(count: int) -> str:
    return f"{count} visit{'' if count == 1 else 's'}"


@admin.register(Service)
class ServiceAdmin(RefusalIs400, admin.ModelAdmin):
    list_display = ("name", "head_of_service", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("head_of_service",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("head_of_service",)


@admin.register(Team)
class TeamAdmin(RefusalIs400, admin.ModelAdmin):
    list_display = ("name", "service", "manager", "service_manager", "is_active")
    list_filter = ("service", "is_active")
    list_select_related = ("service", "manager", "service_manager")
    search_fields = ("name", "service__name")
    autocomplete_fields = ("manager", "service_manager")


_ROLE_FIELDS = ("role", "job_title", "teams", "line_manager")


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)  # the admin lets only signed-in staff this far


@admin.register(User)
class UserAdmin(RefusalIs400, DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Role and teams", {"fields": _ROLE_FIELDS}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Personal info", {"classes": ("wide",), "fields": ("first_name", "last_name", "email")}),
        ("Role and teams", {"classes": ("wide",), "fields": _ROLE_FIELDS}),
    )
    list_display = ("username", "first_name", "last_name", "email", "role", "is_staff")
    list_filter = ("role", "teams__service", "is_staff", "is_superuser", "is_active")
    filter_horizontal = (*DjangoUserAdmin.filter_horizontal, "teams")
    autocomplete_fields = ("line_manager",)
    # Who may use the admin, and with what powers, is for superusers alone: a QA lead with
    # "change user" must not be able to make anyone (themselves included) a superuser.
    superuser_only_fields = ("is_superuser", "is_staff", "groups", "user_permissions")

    # Named like the site-wide delete action, so that this one replaces it.
    actions = ("send_password_set_link", "deactivate_accounts", "delete_selected")

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        return (*readonly, *self.superuser_only_fields)

    # Nobody gains more power than they have: only a superuser changes, deactivates, deletes or
    # sets the password of a staff account or a superuser (practiceweek.access). The change form
    # then opens read-only; the password form (Django asks has_change_permission) answers 403.
    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or access.may_manage_account(_actor(request), obj))

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or access.may_manage_account(_actor(request), obj))

    def _manageable(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        """The selected accounts this person may manage; says which others were left alone."""
        actor = _actor(request)
        refused = [user for user in queryset if not access.may_manage_account(actor, user)]
        if refused:
            names = ", ".join(sorted(user.username for user in refused))
            self.message_user(
                request,
                f"Not changed: {names}. Only a superuser may change a staff account or a "
                "superuser.",
                messages.ERROR,
            )
        return queryset.exclude(pk__in=[user.pk for user in refused])

    @admin.action(description="Delete selected users", permissions=["delete"])
    def delete_selected(self, request: HttpRequest, queryset: QuerySet[User]) -> Any:
        """Django's delete action (its confirmation page), on the accounts one may manage."""
        manageable = self._manageable(request, queryset)
        if not manageable.exists():
            return None
        return delete_selected(self, request, manageable)

    @admin.action(description="Send a link to set a new password", permissions=["change"])
    def send_password_set_link(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        sent, skipped = [], []
        for user in self._manageable(request, queryset):
            if user.is_active and user.email:
                enqueue_after_commit(password_set_link_send_task, user.pk)
                sent.append(user.username)
            else:
                skipped.append(user.username)
        if sent:
            self.message_user(
                request,
                f"A link to set a new password is on its way to {', '.join(sent)}.",
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                f"No link sent to {', '.join(skipped)}: deactivated or no e-mail address.",
                messages.WARNING,
            )

    @admin.action(description="Deactivate selected accounts", permissions=["change"])
    def deactivate_accounts(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        manageable = self._manageable(request, queryset).filter(is_active=True)
        names = sorted(manageable.values_list("username", flat=True))
        if names:
            manageable.update(is_active=False)
            self.message_user(
                request,
                f"Deactivated: {', '.join(names)}. They can no longer sign in.",
                messages.SUCCESS,
            )


@admin.register(Theme)
class ThemeAdmin(RefusalIs400, admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


class VisitInline(SelectRelated, admin.TabularInline):
    model = Visit
    form = VisitForm
    formset = VisitInlineFormSet
    fields = ("date", "session", "team", "visitor", "purpose", "contact", "notes")
    autocomplete_fields = ("visitor", "team", "contact")
    extra = 1
    select_related = ("visitor", "team", "contact")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        # Autocompletes that take their chosen objects from one load for the whole timetable
        # (VisitInlineFormSet), not from a query or two per row.
        if db_field.name in self.get_autocomplete_fields(request):
            using = kwargs.get("using")
            kwargs["widget"] = PrefetchedAutocompleteSelect(db_field, self.admin_site, using=using)
            kwargs["form_class"] = PrefetchedModelChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(PracticeWeek)
class PracticeWeekAdmin(ChangePageContext, RefusalIs400, admin.ModelAdmin):
    change_form_template = "admin/practiceweek/practiceweek/change_form.html"
    list_display = ("title", "start_date", "end_date", "status", "visit_count")
    list_filter = ("status",)
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("themes", "services")
    # Status moves only through the "Move to next status" action, which also tells the visitors.
    readonly_fields = ("status",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "start_date", "end_date", "status", "purpose")}),
        ("Services and themes", {"fields": ("services", "themes")}),
        (
            "Observations",
            {
                "fields": ("observation_framework", "observations_graded"),
                "description": "What observers record this week. Each observation keeps the "
                "framework and the choice in force when it was started.",
            },
        ),
    )
    inlines = (VisitInline,)
    actions = ("advance_status", "copy_timetable")

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "observation_framework":
            kwargs["empty_label"] = "The default framework"
        if db_field.name == "observations_graded":
            kwargs["help_text"] = (
                "Ticked: observers also give an overall grade on the four-point scale, and "
                "observations join the grade table. Not ticked: strengths and areas for "
                "development only, counted by service and setting. Councils do both."
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[PracticeWeek]:
        return super().get_queryset(request).annotate(visit_count=Count("visits"))

    visit_count = annotated_count("visit_count", "Visits")

    def change_context(self, request: HttpRequest, obj: PracticeWeek | None) -> dict[str, Any]:
        if obj is None:
            return {}
        # Lazy: worked out only when the page is shown, not after a successful save.
        return {"setup": SimpleLazyObject(lambda: selectors.week_setup(obj))}

    @admin.action(description="Move to next status", permissions=["change"])
    def advance_status(self, request: HttpRequest, queryset: QuerySet[PracticeWeek]) -> None:
        for week in queryset:
            try:
                services.week_advance_status(week=week)
            except ValidationError as exc:
                self.message_user(request, f"{week}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                status = week.get_status_display()
                self.message_user(request, f"{week} is now {status}.", messages.SUCCESS)

    @admin.action(description="Copy timetable from another week…", permissions=["change"])
    @single_object_action("Select exactly one week to copy a timetable into.")
    def copy_timetable(self, request: HttpRequest, target: PracticeWeek) -> HttpResponse | None:
        form = CopyTimetableForm(request.POST if "confirm" in request.POST else None, target=target)
        if form.is_valid():
            source = form.cleaned_data["source"]
            try:
                result = services.timetable_copy(source=source, target=target)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                return None
            self.message_user(
                request,
                f"Copied {_visits(result.created)} from {source} into {target}. Skipped "
                f"{_visits(result.skipped_outside)} outside this week's dates and "
                f"{_visits(result.skipped_clash)} that would book someone twice.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Copy a timetable into {target}",
            "opts": self.opts,
            "target": target,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/practiceweek/practiceweek/copy_timetable.html", context
        )


@admin.register(Visit)
class VisitAdmin(RefusalIs400, admin.ModelAdmin):
    form = VisitForm
    list_display = ("date", "session", "team", "visitor", "purpose", "week")
    list_filter = (
        "week",
        ("team", admin.RelatedOnlyFieldListFilter),
        ("visitor", admin.RelatedOnlyFieldListFilter),
        "session",
        "purpose",
    )
    list_select_related = ("team", "visitor", "week")
    search_fields = (
        "team__name",
        "visitor__first_name",
        "visitor__last_name",
        "visitor__username",
    )
    date_hierarchy = "date"
    autocomplete_fields = ("week", "visitor", "team", "contact")


@admin.register(CaseFile)
class CaseFileAdmin(RefusalIs400, admin.ModelAdmin):
    form = CaseFileForm
    change_list_template = "admin/practiceweek/casefile/change_list.html"
    list_display = (
        "case_reference",
        "case_type",
        "team",
        "allocated_worker",
        "is_open",
        "last_audited_on",
    )
    list_filter = ("case_type", "is_open", "team__service", "team")
    list_select_related = ("team", "allocated_worker")
    search_fields = ("case_reference",)
    autocomplete_fields = ("team", "allocated_worker")

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.import_view)
        # LoginRequiredMiddleware sends the anonymous to this login page, not the site's.
        view.login_url = reverse_lazy("admin:login")  # type: ignore[attr-defined]
        return [
            path("import/", view, name="practiceweek_casefile_import"),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        is_post = request.method == "POST"
        form = CaseFileImportForm(request.POST, request.FILES) if is_post else CaseFileImportForm()
        errors: tuple[LineError, ...] = ()
        if form.is_valid():
            dry_run = form.cleaned_data["dry_run"]
            result = case_files_import(file=form.cleaned_data["file"], dry_run=dry_run)
            if not result.errors:
                self.message_user(request, result.summary(), messages.SUCCESS)
                if dry_run:
                    return HttpResponseRedirect(request.path)
                return redirect("admin:practiceweek_casefile_changelist")
            errors = result.errors
        context = {
            **self.admin_site.each_context(request),
            "title": "Import case files",
            "opts": self.opts,
            "form": form,
            "errors": errors,
            "case_types": CaseType.choices,
            "changelist_url": reverse("admin:practiceweek_casefile_changelist"),
        }
        status = 400 if form.is_bound else 200
        return TemplateResponse(
            request, "admin/practiceweek/casefile/import.html", context, status=status
        )


class SelectedFileInline(ReadOnlyInline):
    model = SelectedFile
    fields = ("position", "case_file")
    select_related = ("case_file",)


@admin.register(FileSelection)
class FileSelectionAdmin(ReadOnlyAdmin):
    """A record of a random draw: made by the app, never edited, kept for reproducibility."""

    list_display = ("created_at", "team", "auditor", "week", "requested")
    list_filter = ("week", ("team", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("team", "auditor", "week")
    date_hierarchy = "created_at"
    inlines = (SelectedFileInline,)
    select_related = ("team", "auditor", "week", "visit")
