"""Escalation of Inadequate audits: opening on submit, the managers' list and acknowledgement,
and the beat job that re-sends unacknowledged escalations (time frozen)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audits.followup import escalation_acknowledge, escalation_open, submission_followup
from audits.models import Audit, Escalation
from audits.notifications import escalations_resend_due
from audits.tasks import escalations_resend_task
from practiceweek.models import Role, Team
from tests.factories import AuditFactory, ServiceFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

OPENED = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
ESCALATIONS_LINK = "http://127.0.0.1:8000" + reverse("audits:escalations")
# Nothing about the case, its grade or the auditor's words may reach an inbox.
SECRETS = ["CR-7001", "Inadequate", "inadequate", "No plan for", "Brambles", "Child in need"]


@pytest.fixture
def team() -> Team:
    service = ServiceFactory(head_of_service=UserFactory(role=Role.HEAD_OF_SERVICE))
    return TeamFactory(
        name="Brambles",
        service=service,
        manager=UserFactory(role=Role.TEAM_MANAGER),
        service_manager=UserFactory(role=Role.SERVICE_MANAGER),
    )


def _inadequate(team: Team, **kwargs) -> Audit:
    return AuditFactory(
        submitted=True,
        overall_grade="inadequate",
        case_file__team=team,
        case_file__allocated_worker=UserFactory(teams=[team]),
        needs_to_improve="No plan for the child's safety at home.",
        **kwargs,
    )


@pytest.fixture
def audit(team) -> Audit:
    return _inadequate(team, case_file__case_reference="CR-7001")


def _submit(audit: Audit, capture) -> None:
    """What the audit form's submit does after saving: the follow-up, e-mails after commit."""
    with capture(execute=True):
        submission_followup(audit=audit)


def _assert_no_case_details(messages) -> None:
    for message in messages:
        text = message.subject + "\n" + message.body
        for secret in SECRETS:
            assert secret not in text, secret


# --- Opening ---


def test_inadequate_submission_escalates_to_service_manager_and_head_of_service(
    audit, team, django_capture_on_commit_callbacks, mailoutbox, time_machine
):
    time_machine.move_to(OPENED, tick=False)
    _submit(audit, django_capture_on_commit_callbacks)
    recipients = audit.escalation.recipients.all()
    assert {r.person for r in recipients} == {team.service_manager, team.service.head_of_service}
    assert all(r.last_sent_at == OPENED and r.times_sent == 1 for r in recipients)
    escalation_mail = [m for m in mailoutbox if ESCALATIONS_LINK in m.body]
    assert sorted(m.to[0] for m in escalation_mail) == sorted(
        [team.service_manager.email, team.service.head_of_service.email]
    )
    assert len(mailoutbox) == 4  # and the feedback e-mails: practitioner, team manager


def test_escalation_emails_carry_a_link_and_no_case_details(
    audit, django_capture_on_commit_callbacks, mailoutbox
):
    _submit(audit, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 4
    _assert_no_case_details(mailoutbox)
    for message in mailoutbox:
        assert "http://127.0.0.1:8000/audits/" in message.body


def test_escalation_falls_back_to_qa_admins(django_capture_on_commit_callbacks, mailoutbox):
    qa = UserFactory(role=Role.QA_ADMIN)
    UserFactory(role=Role.QA_ADMIN, is_active=False)
    team = TeamFactory(manager=None, service_manager=None)
    audit = _inadequate(team)
    _submit(audit, django_capture_on_commit_callbacks)
    assert [r.person for r in audit.escalation.recipients.all()] == [qa]
    assert [m.to for m in mailoutbox if ESCALATIONS_LINK in m.body] == [[qa.email]]


def test_a_good_audit_is_not_escalated(team, django_capture_on_commit_callbacks):
    audit = AuditFactory(submitted=True, case_file__team=team)
    _submit(audit, django_capture_on_commit_callbacks)
    assert not Escalation.objects.filter(audit=audit).exists()


def test_escalating_twice_keeps_one_escalation_and_one_row_each(audit, team):
    escalation_open(audit=audit)
    escalation_open(audit=audit)
    assert Escalation.objects.count() == 1
    assert audit.escalation.recipients.count() == 2


# --- The list and acknowledging ---


def _list(client, person) -> str:
    client.force_login(person)
    response = client.get(reverse("audits:escalations"))
    assert response.status_code == 200
    return response.content.decode()


def test_list_shows_the_audit_team_and_other_recipients(client, audit, team, time_machine):
    time_machine.move_to(OPENED, tick=False)
    escalation_open(audit=audit)
    html = _list(client, team.service_manager)
    assert f'href="{reverse("audits:detail", args=[audit.pk])}"' in html
    assert "CR-7001" in html
    assert "Brambles" in html
    assert "Tuesday 24 November 2026, 10:00" in html
    assert f"{team.service.head_of_service}: " in html
    assert ">Waiting</span>" in html
    assert ">Overdue</span>" not in html
    assert ">Acknowledge</button>" in html


def test_unacknowledged_escalation_becomes_overdue_after_the_resend_hours(
    client, audit, team, settings, time_machine
):
    settings.ESCALATION_RESEND_HOURS = 24
    time_machine.move_to(OPENED, tick=False)
    escalation_open(audit=audit)
    time_machine.move_to(OPENED + timedelta(hours=24), tick=False)
    assert ">Overdue</span>" not in _list(client, team.service_manager)
    time_machine.move_to(OPENED + timedelta(hours=24, minutes=1), tick=False)
    html = _list(client, team.service_manager)
    assert ">Overdue</span>" in html
    assert "pw-flag" in html


def test_acknowledged_escalation_is_no_longer_overdue_for_me(client, audit, team, time_machine):
    time_machine.move_to(OPENED, tick=False)
    escalation = escalation_open(audit=audit)
    mine = escalation.recipients.get(person=team.service_manager)
    escalation_acknowledge(recipient=mine, person=team.service_manager)
    time_machine.move_to(OPENED + timedelta(days=3), tick=False)
    html = _list(client, team.service_manager)
    assert ">Acknowledged</span>" in html
    assert ">Acknowledge</button>" not in html
    assert html.count(">Overdue</span>") == 1  # the Head of Service's row, not mine


def test_qa_admin_sees_every_escalation_without_a_button(client, audit, team, qa_admin):
    escalation_open(audit=audit)
    html = _list(client, qa_admin)
    assert "CR-7001" in html
    assert ">Acknowledge</button>" not in html


def test_list_is_empty_for_someone_not_sent_any(client, audit, team):
    escalation_open(audit=audit)
    html = _list(client, team.manager)
    assert "No escalations for you." in html
    assert "CR-7001" not in html


def test_acknowledge_twice_keeps_the_first_time(client, audit, team, time_machine):
    time_machine.move_to(OPENED, tick=False)
    mine = escalation_open(audit=audit).recipients.get(person=team.service_manager)
    client.force_login(team.service_manager)
    url = reverse("audits:escalation_acknowledge", args=[mine.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("audits:escalations")
    time_machine.move_to(OPENED + timedelta(hours=5), tick=False)
    client.post(url)
    mine.refresh_from_db()
    assert mine.acknowledged_at == OPENED


def test_service_refuses_someone_elses_row(audit, team):
    escalation = escalation_open(audit=audit)
    theirs = escalation.recipients.get(person=team.service.head_of_service)
    with pytest.raises(PermissionDenied):
        escalation_acknowledge(recipient=theirs, person=team.service_manager)
    theirs.refresh_from_db()
    assert theirs.acknowledged_at is None


def test_list_query_count_does_not_grow(client, team, django_assert_num_queries):
    escalation_open(audit=_inadequate(team))
    client.force_login(team.service_manager)
    # session, user, escalations with audit/team/case file, recipients with people
    with django_assert_num_queries(4):
        client.get(reverse("audits:escalations"))
    for _ in range(8):
        escalation_open(audit=_inadequate(team))
    with django_assert_num_queries(4):
        html = client.get(reverse("audits:escalations")).content.decode()
    assert html.count(">Acknowledge</button>") == 9


# --- The beat job: re-sending unacknowledged escalations ---


def test_resend_job_reminds_only_when_the_hours_have_passed(
    audit, team, django_capture_on_commit_callbacks, mailoutbox, settings, time_machine
):
    settings.ESCALATION_RESEND_HOURS = 24
    time_machine.move_to(OPENED, tick=False)
    _submit(audit, django_capture_on_commit_callbacks)
    mailoutbox.clear()

    time_machine.move_to(OPENED + timedelta(hours=24), tick=False)
    assert escalations_resend_task() == 0  # not older than 24 hours yet

    later = OPENED + timedelta(hours=25)
    time_machine.move_to(later, tick=False)
    assert escalations_resend_task() == 2
    assert escalations_resend_task() == 0  # the same run again: nothing is due
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [team.service_manager.email, team.service.head_of_service.email]
    )
    recipients = list(audit.escalation.recipients.all())
    assert all(r.last_sent_at == later and r.times_sent == 2 for r in recipients)


def test_resend_job_skips_managers_who_acknowledged(
    audit, team, mailoutbox, settings, time_machine
):
    settings.ESCALATION_RESEND_HOURS = 24
    time_machine.move_to(OPENED, tick=False)
    escalation = escalation_open(audit=audit)
    escalation_acknowledge(
        recipient=escalation.recipients.get(person=team.service_manager),
        person=team.service_manager,
    )
    time_machine.move_to(OPENED + timedelta(hours=1), tick=False)
    assert escalations_resend_task() == 1  # never sent: due at once
    assert escalations_resend_task() == 0
    assert [m.to for m in mailoutbox] == [[team.service.head_of_service.email]]


def test_resend_email_carries_a_link_and_no_case_details(audit, mailoutbox):
    escalation_open(audit=audit)
    assert escalations_resend_due(now=datetime(2026, 11, 30, 9, 0, tzinfo=UTC)) == 2
    for message in mailoutbox:
        assert ESCALATIONS_LINK in message.body
        assert "reminder" in message.subject
    _assert_no_case_details(mailoutbox)
