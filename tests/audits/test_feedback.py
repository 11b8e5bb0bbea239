"""The practitioner's side of an audit: the audit page, acknowledging it, My feedback, the team
audits page and the feedback e-mail."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audits.followup import audit_acknowledge
from audits.models import Audit, SectionAnswer
from audits.notifications import audit_feedback_notify
from audits.selectors import feedback_waiting_count
from practiceweek.feedback import REFLECTION_MAX_LENGTH
from practiceweek.models import Role, Team, User
from tests.factories import (
    AuditFactory,
    AuditTemplateFactory,
    CaseActionFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def team() -> Team:
    return TeamFactory(
        name="Brambles",
        service=ServiceFactory(name="Social Work"),
        manager=UserFactory(role=Role.TEAM_MANAGER, first_name="Tess"),
    )


@pytest.fixture
def worker(team) -> User:
    return UserFactory(first_name="Sam", teams=[team])


def _audit(team: Team, worker: User | None, **kwargs) -> Audit:
    return AuditFactory(
        submitted=True, case_file__team=team, case_file__allocated_worker=worker, **kwargs
    )


@pytest.fixture
def audit(team, worker) -> Audit:
    """A full audit: three graded sections, a departure from the suggestion, one action."""
    template = AuditTemplateFactory(sections=3)
    audit = _audit(
        team,
        worker,
        template=template,
        case_file__case_reference="CR-2041",
        overall_grade="requires_improvement",
        suggested_grade="good",
        departure_reason="Plans are not SMART enough to call this Good.",
        working_well="Warm, persistent direct work with the child.",
        needs_to_improve="The chronology stops in June.",
        is_collaborative=True,
    )
    grades = ["good", "requires_improvement", "inadequate"]
    for section, grade in zip(template.sections.all(), grades, strict=True):
        SectionAnswer.objects.create(
            audit=audit, section=section, grade=grade, evidence=f"Evidence for {section.title}."
        )
    CaseActionFactory(
        audit=audit,
        owner=worker,
        description="Bring the chronology up to date.",
        due_on=date(2026, 12, 8),
    )
    return audit


def _page(client, person: User, audit: Audit):
    client.force_login(person)
    return client.get(reverse("audits:detail", args=[audit.pk]))


# --- The audit page ---


def test_audit_page_shows_the_whole_audit(client, audit, worker, time_machine):
    time_machine.move_to(NOON, tick=False)
    html = _page(client, worker, audit).content.decode()
    for text in [
        "CR-2041",
        "Brambles",
        "Practice week",
        str(audit.auditor),
        "Monday 23 November 2026",
        "Yes: the practitioner was present",
        "Requires improvement",
        "Inadequate",
        "Evidence for ",
        "The section grades suggested Good",
        "Plans are not SMART enough to call this Good.",
        "Warm, persistent direct work with the child.",
        "The chronology stops in June.",
        "Bring the chronology up to date.",
        "8 Dec 2026",
        ">Open<",
    ]:
        assert text in html, text


def test_audit_page_grades_are_words_not_only_colour(client, audit, worker):
    html = _page(client, worker, audit).content.decode()
    assert 'border-warning">Requires improvement</span>' in html


def test_audit_page_hides_the_reason_when_the_grade_follows_the_suggestion(client, team, worker):
    audit = _audit(team, worker, overall_grade="good", suggested_grade="good")
    html = _page(client, worker, audit).content.decode()
    assert "The section grades suggested" not in html


@pytest.mark.parametrize("grade", ["good", "outstanding"])
def test_practitioner_is_told_plainly_when_the_work_is_good(client, team, worker, grade):
    audit = _audit(team, worker, overall_grade=grade)
    html = _page(client, worker, audit).content.decode()
    assert f"This audit found your work {grade.capitalize()}." in html


def test_good_news_sentence_is_for_the_practitioner_only(client, team, worker):
    audit = _audit(team, worker, overall_grade="good")
    assert "This audit found your work" not in _page(client, team.manager, audit).content.decode()


def test_no_good_news_sentence_for_requires_improvement(client, audit, worker):
    assert "This audit found your work" not in _page(client, worker, audit).content.decode()


def test_practitioner_gets_the_acknowledge_form(client, audit, worker):
    html = " ".join(_page(client, worker, audit).content.decode().split())
    assert 'action="{}"'.format(reverse("audits:acknowledge", args=[audit.pk])) in html
    assert 'for="id_reflection" class="form-label"> Your reflection (optional) </label>' in html
    assert '<textarea name="reflection"' in html
    assert '<button class="btn btn-primary" type="submit">Acknowledge</button>' in html


def test_manager_sees_acknowledgement_waiting_not_the_form(client, audit, team, worker):
    html = _page(client, team.manager, audit).content.decode()
    assert f"Not acknowledged yet by {worker}." in html
    assert "Your reflection (optional)" not in html


@pytest.mark.parametrize(
    ("who", "edit", "history"),
    [
        ("auditor", True, True),  # history follows editing (was the QA lead only)
        ("qa_admin", True, True),
        ("practitioner", False, False),
    ],
)
def test_edit_and_history_links(client, audit, worker, qa_admin, who, edit, history):
    person = {"auditor": audit.auditor, "qa_admin": qa_admin, "practitioner": worker}[who]
    html = _page(client, person, audit).content.decode()
    assert (f'href="{reverse("audits:edit", args=[audit.pk])}"' in html) == edit
    assert (f'href="{reverse("audits:history", args=[audit.pk])}"' in html) == history


def test_audit_page_query_count_does_not_grow(client, team, worker, django_assert_num_queries):
    from audits.followup import escalation_open

    small = _audit(
        team, worker, overall_grade="inadequate", template=AuditTemplateFactory(sections=1)
    )
    big = _audit(
        team, worker, overall_grade="inadequate", template=AuditTemplateFactory(sections=7)
    )
    for audit in (small, big):
        for section in audit.template.sections.all():
            SectionAnswer.objects.create(audit=audit, section=section, grade="good")
        CaseActionFactory.create_batch(1 if audit is small else 6, audit=audit)
        escalation_open(audit=audit)
    client.force_login(worker)
    for audit in (small, big):
        # session, user, audit (+ case file, team, people, escalation), answers, actions,
        # escalation recipients
        with django_assert_num_queries(6):
            assert client.get(reverse("audits:detail", args=[audit.pk])).status_code == 200


# --- Acknowledging ---


def test_acknowledge_records_the_reflection(client, audit, worker, time_machine):
    time_machine.move_to(NOON, tick=False)
    client.force_login(worker)
    url = reverse("audits:acknowledge", args=[audit.pk])
    response = client.post(url, {"reflection": "  I will update the chronology.  "})
    assert response.status_code == 302
    assert response.url == reverse("audits:detail", args=[audit.pk])
    audit.refresh_from_db()
    assert audit.acknowledged_at == NOON
    assert audit.reflection == "I will update the chronology."


def test_acknowledged_page_shows_the_date_and_reflection(client, audit, worker, time_machine):
    time_machine.move_to(NOON, tick=False)
    audit_acknowledge(audit=audit, person=worker, reflection="Useful feedback.")
    html = _page(client, worker, audit).content.decode()
    assert "Acknowledged on 24 November 2026" in html
    assert "Useful feedback." in html
    assert "Your reflection (optional)" not in html


def test_acknowledge_twice_changes_nothing(client, audit, worker, time_machine):
    time_machine.move_to(NOON, tick=False)
    client.force_login(worker)
    url = reverse("audits:acknowledge", args=[audit.pk])
    client.post(url, {"reflection": "First thoughts."})
    time_machine.move_to(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=False)
    response = client.post(url, {"reflection": "Second thoughts."})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.acknowledged_at == NOON
    assert audit.reflection == "First thoughts."


def test_acknowledge_without_a_reflection(client, audit, worker):
    client.force_login(worker)
    client.post(reverse("audits:acknowledge", args=[audit.pk]), {})
    audit.refresh_from_db()
    assert audit.acknowledged_at is not None
    assert audit.reflection == ""


def test_reflection_over_the_limit_is_refused_and_kept(client, audit, worker):
    client.force_login(worker)
    text = "word " * (REFLECTION_MAX_LENGTH // 5) + "and then some more"
    response = client.post(reverse("audits:acknowledge", args=[audit.pk]), {"reflection": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "and then some more" in html
    assert f"at most {REFLECTION_MAX_LENGTH} characters" in html
    audit.refresh_from_db()
    assert audit.acknowledged_at is None
    assert audit.reflection == ""


def test_service_refuses_anyone_but_the_practitioner(audit, team):
    with pytest.raises(PermissionDenied):
        audit_acknowledge(audit=audit, person=team.manager, reflection="")
    audit.refresh_from_db()
    assert audit.acknowledged_at is None


def test_service_refuses_a_long_reflection(audit, worker):
    with pytest.raises(ValidationError) as caught:
        audit_acknowledge(audit=audit, person=worker, reflection="x" * (REFLECTION_MAX_LENGTH + 1))
    assert "reflection" in caught.value.message_dict


def test_service_refuses_an_audit_without_a_practitioner(team, worker):
    audit = _audit(team, None)
    with pytest.raises(PermissionDenied):
        audit_acknowledge(audit=audit, person=worker, reflection="")


# --- My feedback ---


def test_my_feedback_lists_my_audits_newest_first(client, team, worker):
    older = _audit(team, worker, audited_on=date(2026, 5, 11), overall_grade="outstanding")
    newer = _audit(team, worker, audited_on=date(2026, 11, 24), acknowledged_at=NOON)
    client.force_login(worker)
    html = client.get(reverse("audits:my_feedback")).content.decode()
    first = html.index(reverse("audits:detail", args=[newer.pk]))
    second = html.index(reverse("audits:detail", args=[older.pk]))
    assert first < second
    assert ">Outstanding</span>" in html
    assert ">Acknowledged</span>" in html
    assert ">New</span>" in html
    assert "11 May 2026" in html


def test_my_feedback_link_is_named_read_feedback(client, team, worker):
    audit = _audit(team, worker)
    client.force_login(worker)
    html = client.get(reverse("audits:my_feedback")).content.decode()
    assert f'<a href="{reverse("audits:detail", args=[audit.pk])}">Read feedback</a>' in html


def test_my_feedback_leaves_out_drafts_and_other_peoples_cases(client, team, worker):
    draft = AuditFactory(case_file__team=team, case_file__allocated_worker=worker)
    colleague_audit = _audit(team, UserFactory(teams=[team]))
    client.force_login(worker)
    html = client.get(reverse("audits:my_feedback")).content.decode()
    assert reverse("audits:detail", args=[draft.pk]) + '"' not in html
    assert reverse("audits:detail", args=[colleague_audit.pk]) + '"' not in html
    assert "You have no feedback yet." in html


def test_my_feedback_query_count_does_not_grow(client, team, worker, django_assert_num_queries):
    client.force_login(worker)
    _audit(team, worker)
    # session, user, audits with their teams, observations of the person with their teams
    with django_assert_num_queries(4):
        small = client.get(reverse("audits:my_feedback"))
    for n in range(12):
        _audit(team, worker, acknowledged_at=NOON if n % 2 else None)
    with django_assert_num_queries(4):
        large = client.get(reverse("audits:my_feedback"))
    assert small.content.decode().count("Read feedback") == 1
    assert large.content.decode().count("Read feedback") == 13


def test_feedback_waiting_count(team, worker):
    _audit(team, worker)
    _audit(team, worker, acknowledged_at=NOON)
    AuditFactory(case_file__team=team, case_file__allocated_worker=worker)  # a draft
    assert feedback_waiting_count(worker) == 1
    assert feedback_waiting_count(UserFactory()) == 0


# --- Team audits ---


def test_team_audits_lists_the_managers_teams(client, audit, team, worker):
    elsewhere = _audit(TeamFactory(), None, case_file__case_reference="CR-OTHER")
    client.force_login(team.manager)
    html = client.get(reverse("audits:team")).content.decode()
    assert "Brambles" in html
    assert "CR-2041" in html
    assert ">Not yet</span>" in html
    assert "1 open" in html
    assert "CR-OTHER" not in html
    assert reverse("audits:detail", args=[elsewhere.pk]) + '"' not in html


def test_team_audits_shows_overdue_actions(client, audit, team, time_machine):
    time_machine.move_to(datetime(2026, 12, 10, 9, 0, tzinfo=UTC), tick=False)
    client.force_login(team.manager)
    html = client.get(reverse("audits:team")).content.decode()
    assert "Overdue case actions" in html
    assert "Bring the chronology up to date." in html
    assert "1 overdue" in html


def test_team_audits_filters_by_team(client, audit, team):
    second = TeamFactory(name="Oaks", manager=team.manager)
    oak_audit = _audit(second, None, case_file__case_reference="CR-OAK")
    client.force_login(team.manager)
    html = client.get(reverse("audits:team"), {"team": second.pk}).content.decode()
    assert "CR-OAK" in html
    assert "CR-2041" not in html
    html = client.get(reverse("audits:team")).content.decode()
    assert "CR-OAK" in html and "CR-2041" in html
    assert reverse("audits:detail", args=[oak_audit.pk]) in html


def test_team_audits_refuses_a_team_that_is_not_theirs(client, audit, team):
    client.force_login(team.manager)
    response = client.get(reverse("audits:team"), {"team": TeamFactory().pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_team_audits_for_the_service_manager(client, audit, team):
    team.service_manager = UserFactory(role=Role.SERVICE_MANAGER)
    team.save(update_fields=["service_manager"])
    client.force_login(team.service_manager)
    assert "CR-2041" in client.get(reverse("audits:team")).content.decode()


def test_team_audits_empty_for_someone_who_manages_no_team(client, audit, worker):
    client.force_login(worker)
    html = client.get(reverse("audits:team")).content.decode()
    assert "You do not manage a team" in html
    assert "CR-2041" not in html


def test_team_audits_query_count_does_not_grow(client, team, worker, django_assert_num_queries):
    second = TeamFactory(manager=team.manager)
    client.force_login(team.manager)
    CaseActionFactory(audit=_audit(team, worker), due_on=date(2020, 1, 1))
    # session, user, teams, audits with their action counts, overdue actions
    with django_assert_num_queries(5):
        client.get(reverse("audits:team"))
    for n in range(10):
        audit = _audit(second if n % 2 else team, worker)
        CaseActionFactory.create_batch(2, audit=audit, due_on=date(2020, 1, 1))
    with django_assert_num_queries(5):
        html = client.get(reverse("audits:team")).content.decode()
    assert html.count("2 open, <strong>2 overdue</strong>") == 10


# --- The feedback e-mail ---


def test_feedback_email_carries_a_link_and_no_case_details(audit, worker, team, mailoutbox):
    assert audit_feedback_notify(audit_id=audit.pk) == 2
    link = "http://127.0.0.1:8000" + reverse("audits:detail", args=[audit.pk])
    assert [m.to for m in mailoutbox] == [[worker.email], [team.manager.email]]
    for message in mailoutbox:
        text = message.subject + message.body
        assert link in message.body
        for secret in [
            "CR-2041",
            "Requires improvement",
            "requires_improvement",
            "Inadequate",
            "Good",
            "SMART",
            "chronology",
            "Warm, persistent",
            "Brambles",
        ]:
            assert secret not in text, secret


def test_no_feedback_email_for_a_draft(team, worker, mailoutbox):
    draft = AuditFactory(case_file__team=team, case_file__allocated_worker=worker)
    assert audit_feedback_notify(audit_id=draft.pk) == 0
    assert mailoutbox == []
