"""The feedback e-mail after an observation is submitted, and its beat sweeper: a link only,
sent once, sent again by the sweeper when the broker lost it."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse

from observations.followup import submission_followup
from observations.models import CategoryNote, Observation
from observations.notifications import observation_feedback_notify, observation_feedback_pending
from observations.tasks import observation_feedback_notify_task, observation_feedback_sweep_task
from practiceweek.models import Role, Team, User
from tests.factories import (
    CaseFileFactory,
    ObservationFactory,
    ServiceUserFeedbackFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SUBMITTED = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # the factory's submitted_at


@pytest.fixture
def team() -> Team:
    return TeamFactory(name="Brambles", manager=UserFactory(role=Role.TEAM_MANAGER))


@pytest.fixture
def workers(team) -> list[User]:
    return [UserFactory(first_name="Sam", teams=[team]), UserFactory(teams=[team])]


@pytest.fixture
def observation(team, workers) -> Observation:
    observation = ObservationFactory(
        submitted=True,
        team=team,
        practitioners=workers,
        overall_grade="outstanding",
        setting="cp_conference",
        case_file=CaseFileFactory(team=team, case_reference="CR-7001"),
        feedback_summary="You kept the child at the centre.",
    )
    CategoryNote.objects.create(
        observation=observation,
        category=observation.framework.categories.first(),
        strengths="Chaired the discussion calmly.",
    )
    ServiceUserFeedbackFactory(observation=observation, words="She listened to me.")
    return observation


def test_email_goes_to_each_practitioner_and_the_team_manager(observation, workers, team):
    assert observation_feedback_notify(observation_id=observation.pk) == 3
    recipients = [m.to for m in mail.outbox]
    assert recipients == [[workers[0].email], [workers[1].email], [team.manager.email]]
    assert mail.outbox[0].subject == "Practice Week: feedback on your practice"
    assert mail.outbox[0].body.startswith("Dear Sam,")
    assert mail.outbox[2].subject == "Practice Week: feedback for your team"


def test_email_carries_a_link_and_no_case_details(observation):
    observation_feedback_notify(observation_id=observation.pk)
    link = "http://127.0.0.1:8000" + reverse("observations:detail", args=[observation.pk])
    for message in mail.outbox:
        assert link in message.body
        text = message.subject + message.body
        for secret in [
            "CR-7001",
            "Outstanding",
            "outstanding",
            "conference",
            "Brambles",
            "kept the child",
            "Chaired",
            "She listened",
        ]:
            assert secret not in text, secret


def test_email_is_sent_once_even_if_delivered_twice(observation):
    assert observation_feedback_notify(observation_id=observation.pk) == 3
    assert observation_feedback_notify(observation_id=observation.pk) == 0
    observation.refresh_from_db()
    assert observation.feedback_sent_at is not None
    assert len(mail.outbox) == 3


def test_no_email_for_a_draft(team, workers):
    draft = ObservationFactory(team=team, practitioners=workers)
    assert observation_feedback_notify(observation_id=draft.pk) == 0
    assert mail.outbox == []
    draft.refresh_from_db()
    assert draft.feedback_sent_at is None


def test_a_manager_observed_is_e_mailed_once(team):
    observation = ObservationFactory(submitted=True, team=team, practitioners=[team.manager])
    assert observation_feedback_notify(observation_id=observation.pk) == 1
    assert [m.to for m in mail.outbox] == [[team.manager.email]]
    assert mail.outbox[0].subject == "Practice Week: feedback on your practice"


def test_people_without_an_email_address_are_skipped(team):
    observation = ObservationFactory(
        submitted=True, team=team, practitioners=[UserFactory(email="")]
    )
    assert observation_feedback_notify(observation_id=observation.pk) == 1  # the manager
    observation.refresh_from_db()
    assert observation.feedback_sent_at is not None


def test_submission_followup_sends_after_commit(observation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission_followup(observation=observation)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 3


def test_broker_down_at_submit_does_not_raise_or_log_text(
    observation, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(observation_feedback_notify_task, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        submission_followup(observation=observation)
    assert mail.outbox == []
    assert "pending for the sweeper" in caplog.text
    for secret in ["CR-7001", "kept the child", "She listened"]:
        assert secret not in caplog.text


def test_pending_waits_a_few_minutes_after_submit(observation):
    assert observation_feedback_pending(now=datetime(2026, 11, 24, 10, 3, tzinfo=UTC)) == []
    later = datetime(2026, 11, 24, 10, 6, tzinfo=UTC)
    assert observation_feedback_pending(now=later) == [observation.pk]


def test_pending_leaves_out_drafts_and_sent(observation, team, workers):
    ObservationFactory(team=team, practitioners=workers)  # a draft
    sent = ObservationFactory(submitted=True, team=team, practitioners=workers)
    Observation.objects.filter(pk=sent.pk).update(feedback_sent_at=SUBMITTED)
    later = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
    assert observation_feedback_pending(now=later) == [observation.pk]


def test_sweeper_sends_what_was_left_pending_once(observation, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 10, 3, tzinfo=UTC))
    assert observation_feedback_sweep_task.delay().get() == 0  # too soon after submit
    assert mail.outbox == []
    time_machine.move_to(datetime(2026, 11, 24, 10, 30, tzinfo=UTC))
    assert observation_feedback_sweep_task.delay().get() == 1
    assert len(mail.outbox) == 3
    assert observation_feedback_sweep_task.delay().get() == 0  # run again: nothing left
    assert len(mail.outbox) == 3


def test_notify_task_twice_sends_once(observation):
    assert observation_feedback_notify_task.delay(observation.pk).get() == 3
    assert observation_feedback_notify_task.delay(observation.pk).get() == 0
    assert len(mail.outbox) == 3


def test_the_page_tells_the_observer_whether_the_email_went(client, observation):
    client.force_login(observation.observer)
    url = reverse("observations:detail", args=[observation.pk])
    assert (
        "e-mail to the practitioners and team manager is queued" in client.get(url).content.decode()
    )
    observation_feedback_notify(observation_id=observation.pk)
    assert "E-mailed a link to the practitioners" in client.get(url).content.decode()
