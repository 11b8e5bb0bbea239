"""The demo council's observations: both weeks (graded and not), service-user feedback, theme
tags, case examples, drafts, and the demo practitioner's own feedback loop."""

import re
from collections import Counter
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from audits.models import Audit
from observations.models import (
    CaseExample,
    CategoryNote,
    NoteTag,
    Observation,
    ObservationChange,
    ObservationFramework,
    ObservationPractitioner,
    ServiceUserFeedback,
    Setting,
    ThemeTag,
)
from observations.notifications import observation_feedback_pending
from practiceweek.demo import LIVE_WEEK_SLUG, PAST_WEEK_SLUG, QA_STAFF_USERNAME, demo_seed
from practiceweek.demo.data import FIRST_NAMES, LAST_NAMES
from practiceweek.models import PracticeWeek, Role, User

# The demo builds a report: its PDF is drawn for real in tests/reports only.
pytestmark = pytest.mark.usefixtures("quick_pdf")

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)
TODAY = WEDNESDAY.date()
DEMO_PRACTITIONER = "ellie.shaw"
MODELS = (
    Observation,
    ObservationPractitioner,
    CategoryNote,
    ServiceUserFeedback,
    CaseExample,
    ThemeTag,
    NoteTag,
    ObservationChange,
)


def seed(at: datetime = WEDNESDAY) -> None:
    with time_machine.travel(at, tick=False):
        demo_seed()


@pytest.fixture
def seeded(db) -> None:
    seed()


def week(slug: str) -> PracticeWeek:
    return PracticeWeek.objects.get(slug=slug)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_35_or_more_submitted_observations_in_every_setting(seeded):
    submitted = Observation.objects.submitted()

    assert submitted.count() >= 35
    assert set(submitted.values_list("setting", flat=True)) == set(Setting.values)
    assert submitted.filter(week__slug=PAST_WEEK_SLUG).count() >= 25
    assert submitted.filter(week__slug=LIVE_WEEK_SLUG).count() >= 10
    assert not submitted.filter(setting=Setting.OTHER, setting_other="").exists()


def test_observers_observe_on_their_observing_visits(seeded):
    for observation in Observation.objects.select_related("visit", "week"):
        visit = observation.visit
        assert visit.includes_observations
        assert visit.week_id == observation.week_id
        assert (observation.observer_id, observation.team_id) == (visit.visitor_id, visit.team_id)
        assert observation.observed_on == visit.date


def test_observations_use_the_default_framework_with_a_note_per_category(seeded):
    framework = ObservationFramework.objects.get(is_default=True)
    categories = framework.categories.count()

    assert set(Observation.objects.values_list("framework", flat=True)) == {framework.pk}
    per_observation = Counter(CategoryNote.objects.values_list("observation", flat=True))
    assert set(per_observation.values()) == {categories}
    assert len(per_observation) == Observation.objects.count()
    for observation in Observation.objects.submitted().prefetch_related("notes"):
        assert any(note.strengths for note in observation.notes.all())


def test_live_week_is_graded_mostly_good_with_at_most_one_inadequate(seeded):
    live = week(LIVE_WEEK_SLUG)
    observations = Observation.objects.submitted().filter(week=live)
    grades = Counter(observations.values_list("overall_grade", flat=True))

    assert live.observations_graded
    assert not observations.filter(is_graded=False).exists()
    assert "" not in grades
    assert grades.most_common(1)[0][0] == "good"
    assert grades["outstanding"] >= 1 and grades["requires_improvement"] >= 1
    assert grades["inadequate"] <= 1


def test_past_week_is_ungraded(seeded):
    past = week(PAST_WEEK_SLUG)
    observations = Observation.objects.filter(week=past)

    assert not past.observations_graded
    assert observations.exists()
    assert not observations.filter(is_graded=True).exists()
    assert not observations.exclude(overall_grade="").exists()


def test_one_or_two_people_observed_all_from_the_observed_team(seeded):
    members = set(User.teams.through.objects.values_list("user_id", "team_id"))
    observed = ObservationPractitioner.objects.select_related("observation", "practitioner")

    for row in observed:
        assert (row.practitioner_id, row.observation.team_id) in members
        assert row.practitioner.role in (Role.PRACTITIONER, Role.TEAM_MANAGER)
    per_observation = Counter(observed.values_list("observation", flat=True))
    assert set(per_observation.values()) == {1, 2}
    assert len(per_observation) == Observation.objects.count()


def test_linked_case_files_belong_to_the_observed_team(seeded):
    linked = Observation.objects.filter(case_file__isnull=False).select_related("case_file")

    assert linked.count() >= 10
    assert Observation.objects.submitted().filter(case_file__isnull=True).exists()
    for observation in linked:
        assert observation.case_file.team_id == observation.team_id


def test_most_observers_gave_feedback_in_person_and_said_what(seeded):
    submitted = Observation.objects.submitted()
    given = submitted.filter(feedback_given=True)

    assert given.count() > submitted.count() * 0.7
    assert not given.filter(feedback_summary="").exists()
    assert not submitted.filter(feedback_given__isnull=True).exists()


def test_service_user_feedback_on_a_third_with_consent(seeded):
    submitted = Observation.objects.submitted()
    with_feedback = submitted.filter(service_user_feedback__isnull=False).distinct()
    feedback = ServiceUserFeedback.objects.select_related("observation")

    assert with_feedback.count() * 3 >= submitted.count()
    assert not feedback.filter(consent_given=False).exists()
    assert len(set(feedback.values_list("relationship", flat=True))) >= 4
    assert set(feedback.values_list("rating", flat=True)) <= {1, 2, 3, 4, 5}
    for item in feedback:
        assert item.observation.is_submitted
        assert item.case_file_id == item.observation.case_file_id
        assert item.recorded_by_id == item.observation.observer_id


def test_feedback_is_marked_sent_so_no_email_is_due(seeded):
    submitted = Observation.objects.submitted()

    assert not submitted.filter(feedback_sent_at__isnull=True).exists()
    assert observation_feedback_pending(now=WEDNESDAY + timedelta(hours=1)) == []


def test_practitioners_acknowledged_much_of_the_past_week_with_reflections(seeded):
    past = ObservationPractitioner.objects.filter(observation__week__slug=PAST_WEEK_SLUG)
    acknowledged = past.filter(acknowledged_at__isnull=False)

    assert acknowledged.count() > past.count() / 2
    assert acknowledged.exclude(reflection="").exists()
    assert past.filter(acknowledged_at__isnull=True).exists()
    for row in acknowledged.select_related("observation"):
        assert row.acknowledged_at > row.observation.submitted_at


def test_the_demo_practitioner_sees_the_whole_feedback_loop_in_the_live_week(seeded):
    mine = ObservationPractitioner.objects.filter(
        practitioner__username=DEMO_PRACTITIONER,
        observation__week__slug=LIVE_WEEK_SLUG,
        observation__status=Observation.Status.SUBMITTED,
    )
    to_acknowledge = mine.filter(acknowledged_at__isnull=True)

    assert mine.count() >= 2
    assert to_acknowledge.filter(observation__service_user_feedback__isnull=False).exists()
    assert to_acknowledge.filter(observation__case_example__isnull=False).exists()
    assert mine.filter(observation__overall_grade__in=["good", "outstanding"]).exists()


def test_drafts_in_progress_by_observers_who_log_in_for_the_demo(seeded):
    drafts = Observation.objects.drafts().select_related("observer")

    assert {d.observer.username for d in drafts} >= {"catherine.moss"}
    assert 1 <= drafts.count() <= 4
    for draft in drafts:
        assert draft.week == week(LIVE_WEEK_SLUG)
        assert (draft.overall_grade, draft.submitted_at, draft.feedback_given) == ("", None, None)
        assert draft.practitioners.exists()
        assert not draft.service_user_feedback.exists()
        assert draft.notes.exclude(strengths="").exists()


def test_case_examples_some_approved_by_the_qa_lead_one_waiting(seeded):
    examples = CaseExample.objects.select_related("observation", "audit", "decided_by")
    approved = examples.filter(status=CaseExample.Status.APPROVED)

    assert 3 <= examples.count() <= 4
    assert approved.count() >= 2
    assert examples.filter(status=CaseExample.Status.PENDING).count() == 1
    assert {e.decided_by.username for e in approved} == {QA_STAFF_USERNAME}
    assert examples.filter(audit__isnull=False).exists()
    for example in examples:
        source = example.observation or example.audit
        assert example.anonymised_confirmed
        assert (example.team_id, example.week_id) == (source.team_id, source.week_id)
        assert example.flagged_at > source.submitted_at
        if example.observation:
            assert example.flagged_by_id == example.observation.observer_id
            assert example.observation.is_submitted
        else:
            assert isinstance(example.audit, Audit)
            assert example.flagged_by_id == example.audit.auditor_id


def test_past_week_themes_are_tagged_on_matching_notes(seeded):
    past = week(PAST_WEEK_SLUG)
    tags = ThemeTag.objects.filter(week=past)
    uses = NoteTag.objects.select_related("note__observation", "tag")

    assert {"Caseloads", "Supervision quality", "Voice of the child", "Direct work tools"} <= set(
        tags.values_list("name", flat=True)
    )
    assert not ThemeTag.objects.exclude(week=past).exists()
    for use in uses:
        assert use.note.observation.week_id == past.pk
        text = use.note.strengths if use.kind == "strength" else use.note.areas_for_development
        assert text
    for tag in tags:
        observations = {u.note.observation_id for u in uses if u.tag_id == tag.pk}
        assert len(observations) >= 2, tag.name


def test_points_recur_across_observations_so_theme_counts_mean_something(seeded):
    lines = Counter(
        line
        for text in CategoryNote.objects.values_list("strengths", flat=True)
        for line in text.splitlines()
    )

    assert max(lines.values()) >= 5
    assert len(lines) >= 30


def test_free_text_has_no_names_or_case_references(seeded):
    names = set(FIRST_NAMES) | set(LAST_NAMES)
    for first, last in User.objects.values_list("first_name", "last_name"):
        names |= {first, last} - {""}
    name_like = re.compile(
        r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b"
        r"|\b(?:Mr|Mrs|Ms|Miss|Dr)\.? [A-Z]"
        r"|\b[A-Z]{2}\d{5,}\b"
    )
    texts = [
        *CategoryNote.objects.values_list("strengths", flat=True),
        *CategoryNote.objects.values_list("areas_for_development", flat=True),
        *Observation.objects.values_list("feedback_summary", flat=True),
        *Observation.objects.values_list("setting_other", flat=True),
        *ServiceUserFeedback.objects.values_list("words", flat=True),
        *ObservationPractitioner.objects.values_list("reflection", flat=True),
        *CaseExample.objects.values_list("title", flat=True),
        *CaseExample.objects.values_list("write_up", flat=True),
        *ThemeTag.objects.values_list("name", flat=True),
    ]

    assert len(texts) > 500
    assert [t for t in texts if name_like.search(t)] == []


def test_nothing_happens_in_the_future(seeded):
    assert not Observation.objects.filter(observed_on__gt=TODAY).exists()
    assert not Observation.objects.filter(submitted_at__gt=WEDNESDAY).exists()
    assert not Observation.objects.filter(created_at__gt=WEDNESDAY).exists()
    assert not ObservationPractitioner.objects.filter(acknowledged_at__gt=WEDNESDAY).exists()
    assert not CaseExample.objects.filter(decided_at__gt=WEDNESDAY).exists()


def test_a_second_run_adds_nothing(seeded):
    before = counts()
    tokens = set(Observation.objects.values_list("client_token", flat=True))

    seed()

    assert counts() == before
    assert set(Observation.objects.values_list("client_token", flat=True)) == tokens


def test_the_same_plan_gives_the_same_observations(seeded):
    def findings() -> dict[object, tuple[object, ...]]:
        return {
            token: rest
            for token, *rest in Observation.objects.values_list(
                "client_token", "setting", "overall_grade", "case_file", "observer", "observed_on"
            )
        }

    first = findings()
    Observation.objects.all().delete()

    seed()

    assert findings() == first


def test_a_week_later_the_observations_move_with_the_weeks(seeded):
    past_count = Observation.objects.filter(week__slug=PAST_WEEK_SLUG).count()
    later = WEDNESDAY + timedelta(weeks=1)

    seed(later)

    for slug in (PAST_WEEK_SLUG, LIVE_WEEK_SLUG):
        moved = week(slug)
        observations = Observation.objects.filter(week=moved)
        assert not observations.exclude(
            observed_on__range=(moved.start_date, moved.end_date)
        ).exists()
    assert Observation.objects.filter(week__slug=PAST_WEEK_SLUG).count() == past_count
    assert CaseExample.objects.count() == 4
    assert not Observation.objects.filter(observed_on__gt=later.date()).exists()


def test_a_weekend_run_still_has_the_past_week_and_no_live_week_observations(db):
    seed(datetime(2026, 11, 28, 12, 0, tzinfo=LONDON))

    assert not Observation.objects.filter(week__slug=LIVE_WEEK_SLUG).exists()
    assert Observation.objects.submitted().filter(week__slug=PAST_WEEK_SLUG).count() >= 35


def test_the_demo_sends_no_email(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        seed()

    assert Observation.objects.exists()
    assert mailoutbox == []
    assert callbacks == []


def test_seed_demo_prints_observation_counts(db):
    out = StringIO()
    with time_machine.travel(WEDNESDAY, tick=False):
        call_command("seed_demo", stdout=out)

    for label in (
        "observations submitted",
        "in Practice Week, May 2026 (not graded)",
        "in Practice Week, November 2026 (graded)",
        "with feedback from a child, parent or carer",
        "observation drafts in progress",
        "case examples",
        "waiting for approval",
    ):
        assert re.search(rf"^\s+{re.escape(label)}: [1-9]\d*$", out.getvalue(), re.M), label
