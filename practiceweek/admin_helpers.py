"""Admin helpers for every app's admin: the 400 answer to refused input, read-only records made
in the app, extra context on a change page, single-object actions, counted columns and links to
the app's own page. Core code: it imports no app."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html


class RefusalIs400:
    """Admin forms that refuse input answer 400, like every other form here (Django says 200)."""

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().changeform_view(request, *args, **kwargs)  # type: ignore[misc]
        context = getattr(response, "context_data", None) or {}
        if request.method == "POST" and response.status_code == 200 and context.get("errors"):
            response.status_code = 400
        return response


class SelectRelated:
    """An admin or inline whose rows load the foreign keys named in select_related with them
    (on every page, where Django's list_select_related serves the list only)."""

    select_related: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return queryset.select_related(*self.select_related) if self.select_related else queryset


class ReadOnlyInline(SelectRelated, admin.TabularInline):
    """Rows recorded in the app: shown, never edited here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Every shown field is read-only. Unlike a model admin's page, an inline without the
        # change permission still builds a model form of its fields, and a non-editable one
        # (auto_now_add, say) in it raised FieldError: the page answered 500.
        return tuple(self.fields or ())

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(SelectRelated, admin.ModelAdmin):
    """Records made in the app, where each change is checked and kept in the history."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ChangePageContext:
    """A model admin whose change page shows more than the form: override change_context."""

    def change_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        """What the change page adds to its context; obj is None when the id matches nothing."""
        return {}

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        context = {**(extra_context or {}), **self.change_context(request, obj)}
        return super().change_view(  # type: ignore[misc]
            request, object_id, form_url, extra_context=context
        )


type SingleObjectAction = Callable[[Any, HttpRequest, Any], HttpResponse | None]
type AdminAction = Callable[[Any, HttpRequest, QuerySet[Any]], HttpResponse | None]


def single_object_action(
    refusal: str,
) -> Callable[
    [SingleObjectAction], Callable[[Any, HttpRequest, QuerySet[Any]], HttpResponse | None]
]:
    """An admin action that works on exactly one selected object: the method takes that object,
    and the action refuses none or several with `refusal` shown (put @admin.action above)."""

    def decorate(action: SingleObjectAction) -> AdminAction:
        @functools.wraps(action)
        def run(
            model_admin: Any, request: HttpRequest, queryset: QuerySet[Any]
        ) -> HttpResponse | None:
            chosen = list(queryset[:2])
            if len(chosen) != 1:
                model_admin.message_user(request, refusal, messages.ERROR)
                return None
            return action(model_admin, request, chosen[0])

        return run

    return decorate


def annotated_count(name: str, description: str) -> Callable[[Any, Any], int]:
    """A list column showing the count the admin's get_queryset annotated under name."""

    @admin.display(description=description, ordering=name)
    def column(model_admin: Any, obj: Any) -> int:
        return int(getattr(obj, name))

    return column


def app_link(url: str, text: str) -> str:
    """A link from an admin page to the record's page in the app, where it is read or changed."""
    return format_html('<a href="{}">{}</a>', url, text)
