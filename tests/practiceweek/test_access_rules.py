"""The access vocabulary (practiceweek/access.py): the 403-or-404 rule, the role-level rules
and the `can` template filter (unsaved users, no database); the visit a query string names."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template import Context, Template

from practiceweek.access import (
    SCRUTINY_PANEL_VIEWS,
    Action,
    Decision,
    decide,
    enforce,
    forbid_unless,
    may,
    may_change_record,
    may_open_view,
    may_record_work,
    refuse,
    require_qa_lead,
    usable_visit,
)
from practiceweek.models import Role, User
from practiceweek.templatetags.access_tags import can
from tests.factories import UserFactory, VisitFactory


def person(role: str = Role.PRACTITIONER, pk: int = 7, **fields: object) -> User:
    return User(pk=pk, username=f"p{pk}", role=role, **fields)


@pytest.mark.parametrize(
    ("may_read", "may_act", "expected"),
    [
        (False, False, Decision.NOT_FOUND),
        (False, True, Decision.NOT_FOUND),  # never reveal what the person may not read
        (True, False, Decision.FORBIDDEN),
        (True, True, Decision.ALLOW),
    ],
)
def test_decide_answers_404_before_403(may_read, may_act, expected):
    assert decide(may_read=may_read, may_act=may_act) is expected


def test_refuse_raises_404_or_403_and_never_allows():
    with pytest.raises(Http404, match="gone"):
        refuse(Decision.NOT_FOUND, "gone")
    with pytest.raises(PermissionDenied, match="not yours"):
        refuse(Decision.FORBIDDEN, "not yours")
    with pytest.raises(ValueError, match="not a refusal"):
        refuse(Decision.ALLOW, "fine")


def test_enforce_returns_when_allowed():
    assert enforce(Decision.ALLOW, "fine") is None
    with pytest.raises(PermissionDenied):
        enforce(Decision.FORBIDDEN, "no")


def test_forbid_unless_is_a_403():
    assert forbid_unless(True, "fine") is None
    with pytest.raises(PermissionDenied, match="no"):
        forbid_unless(False, "no")


def test_require_qa_lead_lets_qa_leads_and_superusers_through():
    require_qa_lead(person(Role.QA_ADMIN), "QA only")
    require_qa_lead(person(Role.PRACTITIONER, is_superuser=True), "QA only")
    with pytest.raises(PermissionDenied, match="QA only"):
        require_qa_lead(person(Role.DIRECTOR), "QA only")


@pytest.mark.parametrize(
    ("who", "author_id", "expected"),
    [
        (person(Role.PRACTITIONER, pk=7), 7, True),  # the author
        (person(Role.DIRECTOR, pk=8), 7, False),  # someone else, however senior
        (person(Role.QA_ADMIN, pk=9), 7, True),
        (person(Role.PRACTITIONER, pk=7), None, False),  # no author matches nobody
    ],
)
def test_the_author_or_a_qa_lead_changes_a_record(who, author_id, expected):
    assert may_change_record(who, author_id) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.QA_ADMIN, True),
        (Role.DIRECTOR, True),
        (Role.HEAD_OF_SERVICE, True),
        (Role.SERVICE_MANAGER, True),
        (Role.TEAM_MANAGER, True),
        (Role.MODERATOR, True),
        (Role.PRACTITIONER, False),
        (Role.SCRUTINY_MEMBER, False),
    ],
)
def test_who_records_audits_and_observations(role, expected):
    assert may_record_work(person(role)) is expected
    assert may(person(role), Action.RECORD_WORK) is expected


def test_the_scrutiny_panel_opens_published_reports_only():
    councillor = person(Role.SCRUTINY_MEMBER)
    assert may_open_view(councillor, "reports:published")
    assert not may_open_view(councillor, "audits:detail")
    assert may_open_view(person(Role.PRACTITIONER), "audits:detail")  # the view decides
    assert "reports:list" not in SCRUTINY_PANEL_VIEWS


@pytest.mark.parametrize("action", list(Action))
def test_every_action_has_a_rule_and_a_practitioner_takes_none(action):
    assert may(person(Role.PRACTITIONER), action) is False


@pytest.mark.parametrize("action", [a for a in Action if a is not Action.OPEN_ADMIN])
def test_a_qa_lead_takes_every_role_level_action(action):
    assert may(person(Role.QA_ADMIN), action) is True


def test_opening_the_admin_follows_staff_status():
    assert may(person(Role.PRACTITIONER, is_staff=True), Action.OPEN_ADMIN)
    assert not may(person(Role.QA_ADMIN), Action.OPEN_ADMIN)


def test_can_filter_asks_the_same_rule():
    template = Template('{% if user|can:"report.draft" %}yes{% else %}no{% endif %}')
    assert template.render(Context({"user": person(Role.QA_ADMIN)})) == "yes"
    assert template.render(Context({"user": person(Role.DIRECTOR)})) == "no"
    assert template.render(Context({"user": AnonymousUser()})) == "no"


def test_can_filter_refuses_an_unknown_action_name():
    with pytest.raises(ValueError, match="report.drfat"):
        can(person(Role.QA_ADMIN), "report.drfat")


@pytest.mark.django_db
def test_a_usable_visit_is_the_visitors_own_or_any_for_a_qa_lead():
    visit = VisitFactory()
    assert usable_visit(visit.visitor, str(visit.pk)) == visit
    assert usable_visit(UserFactory(role=Role.QA_ADMIN), str(visit.pk)) == visit
    with pytest.raises(Http404):
        usable_visit(UserFactory(role=Role.SERVICE_MANAGER), str(visit.pk))


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["", "x", "²", "999999"])
def test_a_missing_or_malformed_visit_id_is_a_404(typed):
    with pytest.raises(Http404):
        usable_visit(UserFactory(role=Role.QA_ADMIN), typed)
