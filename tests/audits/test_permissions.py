"""The permission matrix of the feedback pages: every role against every page and action.

One Inadequate audit of a practitioner's case in a team, escalated to the team's Service Manager
and the service's Head of Service, with one case action owned by the practitioner. Each role
either gets what it is entitled to or a 403/404 (anonymous: the log-in page), never the data.
"""

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from audits.followup import escalation_open
from audits.models import Audit, CaseAction, EscalationRecipient
from practiceweek.models import Role, User
from tests.factories import (
    AuditFactory,
    CaseActionFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "login"  # anonymous people are sent to log in
ROLES = [
    "qa_admin",
    "auditor",
    "practitioner",
    "colleague",
    "team_manager",
    "service_manager",
    "other_manager",
    "head_of_service",
    "scrutiny",
    "anonymous",
]


@dataclass
class World:
    people: dict[str, User]
    audit: Audit
    action: CaseAction
    sm_recipient: EscalationRecipient
    other_audit: Audit


@pytest.fixture
def world() -> World:
    hos = UserFactory(role=Role.HEAD_OF_SERVICE)
    service = ServiceFactory(head_of_service=hos)
    tm = UserFactory(role=Role.TEAM_MANAGER)
    sm = UserFactory(role=Role.SERVICE_MANAGER)
    team = TeamFactory(service=service, manager=tm, service_manager=sm)
    other_tm = UserFactory(role=Role.TEAM_MANAGER)
    other_team = TeamFactory(service=ServiceFactory(), manager=other_tm)
    practitioner = UserFactory(teams=[team])
    people = {
        "qa_admin": UserFactory(role=Role.QA_ADMIN),
        "auditor": UserFactory(role=Role.DIRECTOR),
        "practitioner": practitioner,
        "colleague": UserFactory(teams=[team]),
        "team_manager": tm,
        "service_manager": sm,
        "other_manager": other_tm,
        "head_of_service": hos,
        "scrutiny": UserFactory(role=Role.SCRUTINY_MEMBER),
    }
    audit = AuditFactory(
        submitted=True,
        overall_grade="inadequate",
        case_file__team=team,
        case_file__case_reference="CR-MATRIX-1",
        case_file__allocated_worker=practitioner,
        auditor=people["auditor"],
    )
    escalation = escalation_open(audit=audit)  # e-mails wait for a commit that never comes
    other_audit = AuditFactory(
        submitted=True,
        case_file__team=other_team,
        case_file__case_reference="CR-ELSEWHERE-9",
        case_file__allocated_worker=UserFactory(teams=[other_team]),
    )
    return World(
        people=people,
        audit=audit,
        action=CaseActionFactory(audit=audit, owner=practitioner),
        sm_recipient=escalation.recipients.get(person=sm),
        other_audit=other_audit,
    )


def _as(client, world: World, role: str):
    if role != "anonymous":
        client.force_login(world.people[role])
    return client


def _assert_outcome(response, expected) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")
    else:
        assert response.status_code == expected


def test_the_escalation_went_to_the_service_manager_and_head_of_service(world):
    people = set(world.audit.escalation.recipients.values_list("person__username", flat=True))
    expected = {world.people["service_manager"].username, world.people["head_of_service"].username}
    assert people == expected


DETAIL = {
    "qa_admin": 200,
    "auditor": 200,
    "practitioner": 200,
    "colleague": 404,
    "team_manager": 200,
    "service_manager": 200,
    "other_manager": 404,
    "head_of_service": 200,
    "scrutiny": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize("role", ROLES)
def test_audit_detail(client, world, role):
    response = _as(client, world, role).get(reverse("audits:detail", args=[world.audit.pk]))
    _assert_outcome(response, DETAIL[role])
    shown = "CR-MATRIX-1" in response.content.decode()
    assert shown == (DETAIL[role] == 200)


# Which roles see the audit listed on each page (everyone else sees the page without it).
LISTED = {
    "audits:my_feedback": {"practitioner"},
    "audits:team": {"qa_admin", "team_manager", "service_manager"},
    "audits:escalations": {"qa_admin", "service_manager", "head_of_service"},
}


@pytest.mark.parametrize("page", sorted(LISTED))
@pytest.mark.parametrize("role", ROLES)
def test_list_pages_show_only_what_the_role_may_see(client, world, role, page):
    response = _as(client, world, role).get(reverse(page))
    expected = {"scrutiny": 403, "anonymous": LOGIN}.get(role, 200)
    _assert_outcome(response, expected)
    html = response.content.decode()
    link = reverse("audits:detail", args=[world.audit.pk])
    assert (f'href="{link}"' in html) == (role in LISTED[page])
    # Another team's (not escalated) audit: only its own manager and the QA administrator.
    elsewhere = "CR-ELSEWHERE-9" in html
    assert elsewhere == (page == "audits:team" and role in {"qa_admin", "other_manager"})


ACKNOWLEDGE = {
    "qa_admin": 403,
    "auditor": 403,
    "practitioner": 302,
    "colleague": 404,
    "team_manager": 403,
    "service_manager": 403,
    "other_manager": 404,
    "head_of_service": 403,
    "scrutiny": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize("role", ROLES)
def test_acknowledge_post(client, world, role):
    url = reverse("audits:acknowledge", args=[world.audit.pk])
    response = _as(client, world, role).post(url, {"reflection": "Noted."})
    _assert_outcome(response, ACKNOWLEDGE[role])
    world.audit.refresh_from_db()
    assert (world.audit.acknowledged_at is not None) == (role == "practitioner")


ESCALATION_ACKNOWLEDGE = {
    "qa_admin": 403,  # sees every escalation, acknowledges none on a manager's behalf
    "auditor": 404,
    "practitioner": 404,
    "colleague": 404,
    "team_manager": 404,
    "service_manager": 302,
    "other_manager": 404,
    "head_of_service": 403,  # sees the other recipient's row, cannot acknowledge it
    "scrutiny": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize("role", ROLES)
def test_escalation_acknowledge_post(client, world, role):
    url = reverse("audits:escalation_acknowledge", args=[world.sm_recipient.pk])
    response = _as(client, world, role).post(url)
    _assert_outcome(response, ESCALATION_ACKNOWLEDGE[role])
    world.sm_recipient.refresh_from_db()
    assert (world.sm_recipient.acknowledged_at is not None) == (role == "service_manager")


ACTION_COMPLETE = {
    "qa_admin": 302,
    "auditor": 302,
    "practitioner": 302,  # the owner
    "colleague": 404,
    "team_manager": 403,
    "service_manager": 403,
    "other_manager": 404,
    "head_of_service": 403,
    "scrutiny": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize("role", ROLES)
def test_action_complete_post(client, world, role):
    url = reverse("audits:action_complete", args=[world.action.pk])
    response = _as(client, world, role).post(url)
    _assert_outcome(response, ACTION_COMPLETE[role])
    world.action.refresh_from_db()
    allowed = ACTION_COMPLETE[role] == 302 and role != "anonymous"
    assert (world.action.completed_at is not None) == allowed
    if allowed:
        assert world.action.completed_by == world.people[role]


@pytest.mark.parametrize(
    "name", ["audits:acknowledge", "audits:escalation_acknowledge", "audits:action_complete"]
)
def test_actions_refuse_get(client, world, name):
    client.force_login(world.people["qa_admin"])
    assert client.get(reverse(name, args=[1])).status_code == 405


def test_action_owner_outside_the_team_may_read_the_audit(client, world):
    owner = UserFactory(role=Role.PRACTITIONER)
    CaseActionFactory(audit=world.audit, owner=owner)
    client.force_login(owner)
    response = client.get(reverse("audits:detail", args=[world.audit.pk]))
    assert response.status_code == 200


def test_draft_redirects_its_auditor_to_the_form(client, world):
    draft = AuditFactory(auditor=world.people["auditor"])
    client.force_login(world.people["auditor"])
    response = client.get(reverse("audits:detail", args=[draft.pk]))
    assert response.status_code == 302
    assert response.url == reverse("audits:edit", args=[draft.pk])


def test_draft_is_hidden_from_the_practitioner(client, world):
    draft = AuditFactory(
        case_file__team=world.audit.team, practitioner=world.people["practitioner"]
    )
    client.force_login(world.people["practitioner"])
    assert client.get(reverse("audits:detail", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("practitioner", "audits:detail"),
        ("auditor", "audits:detail"),
        ("practitioner", "audits:actions"),
        ("service_manager", "audits:escalations"),
    ],
)
def test_every_post_form_carries_a_csrf_token(client, world, role, page):
    client.force_login(world.people[role])
    args = [world.audit.pk] if page == "audits:detail" else []
    html = client.get(reverse(page, args=args)).content.decode()
    forms = html.count('method="post"')
    assert forms >= 1
    assert html.count('name="csrfmiddlewaretoken"') == forms


def test_mark_done_works_with_csrf_checks_on(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.people["practitioner"])
    html = client.get(reverse("audits:actions")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    url = reverse("audits:action_complete", args=[world.action.pk])
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
    world.action.refresh_from_db()
    assert world.action.completed_at is not None
