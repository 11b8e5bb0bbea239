"""Every page of the admin answers: each registered model's list, add and change page, as a
superuser and as a QA lead with the demo's QA permissions (issue 9, point 18: the report's
change page answered 500, FieldError from its read-only inline of versions)."""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from audits.models import Escalation, EscalationRecipient
from practiceweek.demo.data import QA_ADMIN_APPS
from practiceweek.models import FileSelection, Role, User
from reports.models import ReportBuild
from tests.factories import (
    AuditFactory,
    CaseActionFactory,
    CaseExampleFactory,
    ServiceUserFeedbackFactory,
    ThemeFactory,
    ThemeTagFactory,
    UserFactory,
    VisitFactory,
)
from tests.reports.test_build_services import build_world
from tests.reports.test_pages import version

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def superuser() -> User:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def qa_staff() -> User:
    """The QA lead as the demo makes them: staff, in a group with the four apps' permissions."""
    lead = UserFactory(role=Role.QA_ADMIN, username="qa.staff", is_staff=True)
    group = Group.objects.create(name="QA leads")
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=QA_ADMIN_APPS))
    lead.groups.add(group)
    return lead


@pytest.fixture
def one_of_each(superuser: User) -> ReportBuild:
    """At least one row of every registered model; returns the report's published version."""
    world = build_world()
    build = version(world, published_at=timezone.now(), published_by=world.qa)
    audit = AuditFactory(submitted=True, overall_grade="good")
    escalation = Escalation.objects.create(audit=audit)
    EscalationRecipient.objects.create(escalation=escalation, person=superuser)
    CaseActionFactory(audit=audit)
    ServiceUserFeedbackFactory()
    CaseExampleFactory()
    ThemeFactory()
    ThemeTagFactory()
    visit = VisitFactory()
    FileSelection.objects.create(
        visit=visit,
        week=visit.week,
        team=visit.team,
        auditor=visit.visitor,
        requested=1,
        seed=1,
        excluded_since=visit.date,
    )
    AccessAttempt.objects.create(username="someone", ip_address="10.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="someone", ip_address="10.0.0.1")
    AccessFailureLog.objects.create(username="someone", ip_address="10.0.0.1")
    Group.objects.get_or_create(name="Everyone")
    return build


def _url(model: type[Model], page: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def test_every_model_has_a_row_to_show(one_of_each):
    assert [m._meta.label for m in REGISTERED if not m._default_manager.exists()] == []


@pytest.mark.parametrize("as_superuser", [True, False], ids=["superuser", "qa_lead"])
def test_every_list_add_and_change_page_answers_without_error(
    client: Client, one_of_each, superuser: User, qa_staff: User, as_superuser: bool
):
    user = superuser if as_superuser else qa_staff
    client.force_login(user)
    failures = []
    for model in REGISTERED:
        model_admin = admin.site._registry[model]
        row = model._default_manager.order_by("pk").first()
        assert row is not None, model._meta.label
        pages = [
            ("changelist", _url(model, "changelist")),
            ("add", _url(model, "add")),
            ("change", _url(model, "change", row.pk)),
        ]
        for page, url in pages:
            status = client.get(url).status_code
            request = RequestFactory().get(url)
            request.user = user
            allowed = {
                "changelist": model_admin.has_view_or_change_permission(request),
                "add": model_admin.has_add_permission(request),
                "change": model_admin.has_view_or_change_permission(request, row),
            }[page]
            expected = 200 if allowed else 403
            if status != expected:
                failures.append(f"{model._meta.label} {page}: {status}, expected {expected}")
    assert failures == []


@pytest.mark.parametrize("as_superuser", [True, False], ids=["superuser", "qa_lead"])
def test_report_change_page_shows_its_versions_read_only(
    client: Client, one_of_each: ReportBuild, superuser: User, qa_staff: User, as_superuser: bool
):
    client.force_login(superuser if as_superuser else qa_staff)
    response = client.get(_url(type(one_of_each.report), "change", one_of_each.report_id))
    assert response.status_code == 200
    page = re.sub(r"\s+", " ", response.content.decode())
    # The version's row is there, as text: no box to change or delete (only the hidden keys).
    assert '<td class="field-status"> <p>Ready</p> </td>' in page
    assert '<td class="field-page_count"> <p>7</p> </td>' in page
    fields = set(re.findall(r'name="builds-0-(\w+)"', page))
    assert fields == {"id", "report"}
