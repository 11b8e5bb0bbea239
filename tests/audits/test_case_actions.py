"""Case actions: the owner's list, marking done, and the daily job that tells team managers
about overdue actions (time frozen)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audits.followup import case_action_complete
from audits.models import Audit, CaseAction
from audits.notifications import case_actions_flag_overdue
from audits.tasks import case_actions_overdue_task
from practiceweek.models import Role, Team, User
from tests.factories import AuditFactory, CaseActionFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 10)
SEVEN_AM = datetime(2026, 12, 10, 7, 0, tzinfo=UTC)  # 07:00 in London in winter
TEAM_LINK = "http://127.0.0.1:8000" + reverse("audits:team")


@pytest.fixture
def team() -> Team:
    return TeamFactory(name="Brambles", manager=UserFactory(role=Role.TEAM_MANAGER))


@pytest.fixture
def owner(team) -> User:
    return UserFactory(teams=[team])


def _audit(team: Team, **kwargs) -> Audit:
    return AuditFactory(submitted=True, case_file__team=team, **kwargs)


def _action(team: Team, owner: User, due_on: date, **kwargs) -> CaseAction:
    return CaseActionFactory(audit=_audit(team), owner=owner, due_on=due_on, **kwargs)


# --- My actions ---


def _my_actions(client, person: User) -> str:
    client.force_login(person)
    response = client.get(reverse("audits:actions"))
    assert response.status_code == 200
    return response.content.decode()


def test_my_actions_open_first_with_status_in_words(client, team, owner, time_machine):
    time_machine.move_to(SEVEN_AM, tick=False)
    done = _action(team, owner, TODAY - timedelta(days=9), description="Done thing")
    case_action_complete(action=done, person=owner)
    overdue = _action(team, owner, TODAY - timedelta(days=1), description="Late thing")
    upcoming = _action(team, owner, TODAY + timedelta(days=5), description="Next thing")
    html = _my_actions(client, owner)
    assert html.index("Late thing") < html.index("Next thing") < html.index("Done thing")
    assert ">Overdue</span>" in html
    assert ">Open</span>" in html
    assert ">Done</span>" in html
    assert "15 Dec 2026" in html
    assert html.count(">Mark done</button>") == 2
    for action in (overdue, upcoming, done):
        assert f'href="{reverse("audits:detail", args=[action.audit_id])}"' in html


def test_my_actions_leaves_out_other_owners_and_drafts(client, team, owner):
    CaseActionFactory(audit=_audit(team), description="Someone else's")
    CaseActionFactory(
        audit=AuditFactory(case_file__team=team), owner=owner, description="Still a draft"
    )
    html = _my_actions(client, owner)
    assert "Someone else&#x27;s" not in html
    assert "Still a draft" not in html
    assert "You have no case actions." in html


def test_my_actions_query_count_does_not_grow(client, team, owner, django_assert_num_queries):
    _action(team, owner, TODAY)
    client.force_login(owner)
    with django_assert_num_queries(3):  # session, user, actions with audit, team, case file
        client.get(reverse("audits:actions"))
    for n in range(10):
        _action(team, owner, TODAY + timedelta(days=n))
    with django_assert_num_queries(3):
        html = client.get(reverse("audits:actions")).content.decode()
    assert html.count(">Mark done</button>") == 11


# --- Marking done ---


def test_mark_done_records_who_and_when(client, team, owner, time_machine):
    time_machine.move_to(SEVEN_AM, tick=False)
    action = _action(team, owner, TODAY)
    client.force_login(owner)
    response = client.post(reverse("audits:action_complete", args=[action.pk]))
    assert response.status_code == 302
    assert response.url == reverse("audits:actions")
    action.refresh_from_db()
    assert action.completed_at == SEVEN_AM
    assert action.completed_by == owner


def test_mark_done_twice_keeps_the_first(client, team, owner, time_machine):
    time_machine.move_to(SEVEN_AM, tick=False)
    action = _action(team, owner, TODAY)
    url = reverse("audits:action_complete", args=[action.pk])
    client.force_login(owner)
    client.post(url)
    time_machine.move_to(SEVEN_AM + timedelta(hours=3), tick=False)
    client.force_login(action.audit.auditor)
    assert client.post(url).status_code == 302
    action.refresh_from_db()
    assert action.completed_at == SEVEN_AM
    assert action.completed_by == owner


def test_mark_done_from_the_audit_page_returns_there(client, team, owner):
    action = _action(team, owner, TODAY)
    client.force_login(action.audit.auditor)
    url = reverse("audits:action_complete", args=[action.pk])
    response = client.post(url, {"return_to": "audit"})
    assert response.url == reverse("audits:detail", args=[action.audit_id])
    response = client.post(url, {"return_to": "https://evil.example/"})
    assert response.url == reverse("audits:actions")


def test_service_refuses_the_team_manager(team, owner):
    action = _action(team, owner, TODAY)
    with pytest.raises(PermissionDenied):
        case_action_complete(action=action, person=team.manager)
    action.refresh_from_db()
    assert action.completed_at is None


# --- The daily job: overdue actions flagged to team managers ---


@pytest.fixture
def overdue_world(team, owner):
    """Brambles (and Oaks, same manager): 3 overdue. Willows: 1 overdue. Elms has no team
    manager, so its service manager is told. Plus actions that must not count."""
    late = TODAY - timedelta(days=1)
    oaks = TeamFactory(name="Oaks", manager=team.manager)
    willows = TeamFactory(name="Willows", manager=UserFactory(role=Role.TEAM_MANAGER))
    elms = TeamFactory(
        name="Elms", manager=None, service_manager=UserFactory(role=Role.SERVICE_MANAGER)
    )
    audit = _audit(team, case_file__case_reference="CR-5150")
    CaseActionFactory.create_batch(
        2, audit=audit, owner=owner, due_on=late, description="Secret plan"
    )
    _action(oaks, owner, late)
    _action(willows, owner, late - timedelta(days=30))
    _action(elms, owner, late)
    # Not overdue: due today, done, or on a draft.
    _action(team, owner, TODAY)
    _action(team, owner, late, completed_at=SEVEN_AM - timedelta(days=2), completed_by=owner)
    CaseActionFactory(audit=AuditFactory(case_file__team=team), owner=owner, due_on=late)
    return {"brambles": team, "willows": willows, "elms": elms}


def test_overdue_job_sends_one_email_per_manager(overdue_world, mailoutbox, time_machine):
    time_machine.move_to(SEVEN_AM, tick=False)
    assert case_actions_overdue_task() == 3
    by_person = {m.to[0]: m for m in mailoutbox}
    assert set(by_person) == {
        overdue_world["brambles"].manager.email,
        overdue_world["willows"].manager.email,
        overdue_world["elms"].service_manager.email,
    }
    brambles = by_person[overdue_world["brambles"].manager.email]
    assert "3 case actions in your teams are past the due date" in brambles.body
    assert "- Brambles: 2\n- Oaks: 1" in brambles.body
    willows = by_person[overdue_world["willows"].manager.email]
    assert "1 case action in your team is past the due date" in willows.body
    for message in mailoutbox:
        assert TEAM_LINK in message.body
        assert "overdue" in message.subject
        text = message.subject + message.body
        assert "CR-5150" not in text
        assert "Secret plan" not in text


def test_overdue_job_twice_the_same_day_sends_nothing_more(overdue_world, mailoutbox, time_machine):
    time_machine.move_to(SEVEN_AM, tick=False)
    assert case_actions_overdue_task() == 3
    assert case_actions_overdue_task() == 0
    assert len(mailoutbox) == 3
    flagged = CaseAction.objects.filter(overdue_flagged_on=TODAY).count()
    assert flagged == 5


def test_overdue_job_flags_again_the_next_day(overdue_world, mailoutbox, time_machine):
    time_machine.move_to(SEVEN_AM, tick=False)
    case_actions_overdue_task()
    time_machine.move_to(SEVEN_AM + timedelta(days=1), tick=False)
    # Yesterday's "due today" action is overdue now too.
    assert case_actions_overdue_task() == 3
    assert case_actions_overdue_task() == 0
    assert len(mailoutbox) == 6
    latest = {m.to[0]: m for m in mailoutbox[3:]}
    assert "4 case actions" in latest[overdue_world["brambles"].manager.email].body


def test_overdue_job_with_nothing_overdue(team, owner, mailoutbox):
    _action(team, owner, TODAY)
    assert case_actions_flag_overdue(today=TODAY) == 0
    assert mailoutbox == []


def test_overdue_job_leaves_unflagged_what_nobody_can_be_told(owner, mailoutbox, caplog):
    orphan = TeamFactory(manager=None, service_manager=None)
    action = _action(orphan, owner, TODAY - timedelta(days=1))
    assert case_actions_flag_overdue(today=TODAY) == 0
    action.refresh_from_db()
    assert action.overdue_flagged_on is None  # told as soon as the team has a manager
    assert "have no manager to tell" in caplog.text
