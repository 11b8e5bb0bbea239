"""The admin helpers every app's admin builds on (practiceweek/admin_helpers.py)."""

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from practiceweek.admin_helpers import (
    ChangePageContext,
    ReadOnlyAdmin,
    ReadOnlyInline,
    annotated_count,
    app_link,
    single_object_action,
)
from practiceweek.models import FileSelection, SelectedFile, Service, Team
from tests.factories import ServiceFactory, TeamFactory


def _request() -> HttpRequest:
    request = RequestFactory().post("/admin/")
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_read_only_admin_and_inline_refuse_every_change() -> None:
    request = _request()
    model_admin = ReadOnlyAdmin(FileSelection, admin.site)
    inline = type("Inline", (ReadOnlyInline,), {"model": SelectedFile, "fields": ("position",)})(
        FileSelection, admin.site
    )
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert not inline.has_add_permission(request)
    assert not inline.has_change_permission(request)
    assert not inline.has_delete_permission(request)
    assert inline.get_readonly_fields(request) == ("position",)


@single_object_action("Select one.")
def _chosen(model_admin: admin.ModelAdmin, request: HttpRequest, service: Service) -> HttpResponse:
    return HttpResponse(service.name)


@pytest.mark.django_db
def test_a_single_object_action_gets_the_one_object() -> None:
    ServiceFactory(name="Social Work")
    request = _request()
    model_admin = admin.ModelAdmin(Service, admin.site)
    response = _chosen(model_admin, request, Service.objects.all())
    assert response is not None and response.content == b"Social Work"
    assert _chosen.__name__ == "_chosen"  # Django names the action after the method
    assert list(get_messages(request)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 2])
def test_a_single_object_action_refuses_none_or_several_with_the_message(count: int) -> None:
    for _ in range(count):
        ServiceFactory()
    request = _request()
    model_admin = admin.ModelAdmin(Service, admin.site)
    assert _chosen(model_admin, request, Service.objects.all()) is None
    assert [str(m) for m in get_messages(request)] == ["Select one."]


def test_annotated_count_reads_the_annotation_and_sorts_by_it() -> None:
    column = annotated_count("visit_total", "Visits")
    row = type("Row", (), {"visit_total": 3})()
    assert column(None, row) == 3
    assert column.short_description == "Visits"  # type: ignore[attr-defined]
    assert column.admin_order_field == "visit_total"  # type: ignore[attr-defined]


def test_app_link_escapes_the_address() -> None:
    assert app_link("/a?x=1&y=2", "Open") == '<a href="/a?x=1&amp;y=2">Open</a>'


class _Base:
    def change_view(self, request: Any, object_id: str, form_url: str = "", extra_context=None):
        return HttpResponse(repr(sorted((extra_context or {}).items())))


class _TeamPage(ChangePageContext, _Base):
    def get_object(self, request: HttpRequest, object_id: str) -> Team | None:
        return Team.objects.filter(pk=object_id).first()

    def change_context(self, request: HttpRequest, obj: Team | None) -> dict[str, Any]:
        return {"team_name": obj.name if obj else None}


@pytest.mark.django_db
def test_change_page_context_adds_to_the_given_context() -> None:
    team = TeamFactory(name="North")
    response = _TeamPage().change_view(_request(), str(team.pk), extra_context={"x": 1})
    assert response.content.decode() == "[('team_name', 'North'), ('x', 1)]"


@pytest.mark.django_db
def test_change_page_context_is_told_when_nothing_matches() -> None:
    response = _TeamPage().change_view(_request(), "999999")
    assert response.content.decode() == "[('team_name', None)]"


@pytest.mark.django_db
def test_select_related_loads_the_named_foreign_keys_on_every_page() -> None:
    TeamFactory()
    model_admin = type("A", (ReadOnlyAdmin,), {"select_related": ("service",)})(Team, admin.site)
    queryset = model_admin.get_queryset(_request())
    assert queryset.query.select_related == {"service": {}}


def test_select_related_left_empty_loads_nothing_more() -> None:
    queryset = ReadOnlyAdmin(Team, admin.site).get_queryset(_request())
    assert queryset.query.select_related is False
