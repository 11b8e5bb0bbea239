"""Starting, saving, submitting and changing observations: the services, what they write, and
the submission rules (plain functions)."""

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from observations import services
from observations.models import (
    CategoryNote,
    Observation,
    ObservationChange,
    ObservationFramework,
    ObservationPractitioner,
)
from observations.services import NoteInput, ObservationInput
from practiceweek.drafts import DraftConflict, Edit
from practiceweek.models import CaseFile, PracticeWeek, Role, Team, User, Visit
from tests.factories import (
    DEMO_MONDAY,
    CaseFileFactory,
    ObservationFrameworkFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db
TUESDAY = DEMO_MONDAY + timedelta(days=1)
CATEGORIES = (
    "Leadership",
    "The voice of the child",
    "The parent/carer experience",
    "Good or innovative practice",
)
SEEN = "Calm, clear explanation of the plan to the family"


# --- A small council, shared with test_recording_pages.py ---------------------------------


@dataclass
class World:
    week: PracticeWeek
    team: Team
    visit: Visit
    observer: User
    practitioner: User
    colleague: User
    manager: User
    case_file: CaseFile


def build_world(*, graded: bool = True) -> World:
    manager = UserFactory(role=Role.TEAM_MANAGER, first_name="Tom", last_name="Manager")
    service = ServiceFactory(name="Social Work")
    team = TeamFactory(service=service, name="Assessment Team 1", manager=manager)
    practitioner = UserFactory(first_name="Sam", last_name="Worker", teams=[team])
    colleague = UserFactory(first_name="Cat", last_name="Colleague", teams=[team])
    week = PracticeWeekFactory(services=[service], observations_graded=graded)
    observer = UserFactory(role=Role.DIRECTOR, first_name="Dee", last_name="Director")
    visit = VisitFactory(week=week, team=team, visitor=observer, date=TUESDAY, purpose="observe")
    return World(
        week=week,
        team=team,
        visit=visit,
        observer=observer,
        practitioner=practitioner,
        colleague=colleague,
        manager=manager,
        case_file=CaseFileFactory(team=team, allocated_worker=practitioner),
    )


def start(world: World, **kwargs: object) -> Observation:
    values: dict = {
        "observer": world.observer,
        "week": world.week,
        "team": world.team,
        "visit": world.visit,
        "setting": "home_visit",
        "observed_on": TUESDAY,
        "client_token": uuid.uuid4(),
        **kwargs,
    }
    return services.observation_start(**values)


def notes_of(observation: Observation) -> list[CategoryNote]:
    return list(observation.notes.select_related("category").order_by("category__order"))


def practitioners_of(observation: Observation) -> list[User]:
    return [
        row.practitioner
        for row in ObservationPractitioner.objects.filter(observation=observation)
        .select_related("practitioner")
        .order_by("pk")
    ]


def observation_input(
    observation: Observation,
    *,
    strengths: tuple[str, ...] = (),
    areas: tuple[str, ...] = (),
    practitioners: tuple[User, ...] = (),
    **fields: object,
) -> ObservationInput:
    values: dict = {
        "setting": "home_visit",
        "setting_other": "",
        "case_file_id": None,
        "overall_grade": "",
        "feedback_given": None,
        "feedback_summary": "",
        **fields,
    }
    return ObservationInput(
        **values,
        practitioner_ids=tuple(p.pk for p in practitioners),
        notes=[
            NoteInput(
                note_id=note.pk,
                strengths=strengths[n] if n < len(strengths) else "",
                areas_for_development=areas[n] if n < len(areas) else "",
            )
            for n, note in enumerate(notes_of(observation))
        ],
    )


def complete(world: World, observation: Observation, **overrides: object) -> ObservationInput:
    """What passes every check of a submission."""
    values: dict = {
        "strengths": (SEEN,),
        "areas": ("", "Ask the child to draw their week"),
        "practitioners": (world.practitioner,),
        "overall_grade": "good" if observation.is_graded else "",
        "feedback_given": True,
        "feedback_summary": "Told Sam what worked and one thing to try",
        **overrides,
    }
    return observation_input(observation, **values)


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def draft(world) -> Observation:
    return start(world)


def save(observation: Observation, data: ObservationInput, version: int | None = None):
    return services.observation_save_draft(
        observation=observation,
        data=data,
        edit=Edit(editor=observation.observer, expected_version=version or observation.version),
    )


def submit(world: World, observation: Observation, data: ObservationInput | None = None):
    return services.observation_submit(
        observation=observation,
        data=data or complete(world, observation),
        edit=Edit(editor=world.observer, expected_version=observation.version),
    )


def snapshot(observation: Observation) -> tuple:
    """Everything a refused save must leave as it was."""
    fresh = Observation.objects.get(pk=observation.pk)
    return (
        fresh.version,
        fresh.status,
        fresh.overall_grade,
        fresh.feedback_given,
        fresh.feedback_summary,
        [p.pk for p in practitioners_of(fresh)],
        [(n.strengths, n.areas_for_development) for n in notes_of(fresh)],
    )


# --- The rules (plain values) ---------------------------------------------------------------

COMPLETE = {
    "is_graded": True,
    "overall_grade": "good",
    "setting": "home_visit",
    "setting_other": "",
    "practitioner_count": 1,
    "has_written": True,
    "feedback_given": True,
    "feedback_summary": "What was said",
}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, {}),
        ({"practitioner_count": 0}, {"practitioners": services.NO_PRACTITIONER}),
        ({"has_written": False}, {"notes": services.NOTHING_WRITTEN}),
        ({"feedback_given": None}, {"feedback_given": services.FEEDBACK_NOT_ANSWERED}),
        ({"feedback_summary": "  \n"}, {"feedback_summary": services.FEEDBACK_UNSAID}),
        ({"feedback_given": False, "feedback_summary": ""}, {}),
        ({"overall_grade": ""}, {"overall_grade": services.GRADE_NEEDED}),
        ({"overall_grade": "not_applicable"}, {}),
        ({"is_graded": False}, {"overall_grade": services.NOT_GRADED}),
        ({"is_graded": False, "overall_grade": ""}, {}),
        ({"setting": "other"}, {"setting_other": services.SETTING_UNDESCRIBED}),
        ({"setting": "other", "setting_other": "Family group conference"}, {}),
    ],
    ids=[
        "complete",
        "no practitioner",
        "nothing written",
        "feedback not answered",
        "feedback without words",
        "no feedback given",
        "graded without grade",
        "not applicable is a grade",
        "grade in an ungraded week",
        "ungraded without grade",
        "other without description",
        "other described",
    ],
)
def test_submission_rules(changes, expected):
    assert services.submission_errors(**{**COMPLETE, **changes}) == expected


# --- Starting -------------------------------------------------------------------------------


def test_start_copies_framework_and_grading_and_makes_a_note_per_category(world):
    observation = start(world)
    assert observation.status == Observation.Status.DRAFT
    assert (observation.week, observation.visit, observation.team) == (
        world.week,
        world.visit,
        world.team,
    )
    assert observation.framework == ObservationFramework.objects.get(is_default=True)
    assert observation.is_graded is True
    assert (observation.observer, observation.observed_on) == (world.observer, TUESDAY)
    assert [n.category.title for n in notes_of(observation)] == list(CATEGORIES)
    assert all(n.strengths == n.areas_for_development == "" for n in notes_of(observation))


def test_start_uses_the_weeks_own_framework_and_ungraded_choice():
    world = build_world(graded=False)
    chosen = ObservationFrameworkFactory(categories=2)
    PracticeWeek.objects.filter(pk=world.week.pk).update(observation_framework=chosen)
    world.week.refresh_from_db()
    observation = start(world)
    assert (observation.framework, observation.is_graded) == (chosen, False)
    assert len(notes_of(observation)) == 2


def test_a_later_change_of_the_week_does_not_change_a_started_observation(world, draft):
    PracticeWeek.objects.filter(pk=world.week.pk).update(
        observations_graded=False, observation_framework=ObservationFrameworkFactory(categories=1)
    )
    draft.refresh_from_db()
    assert draft.is_graded is True
    assert len(notes_of(draft)) == len(CATEGORIES)


def test_start_with_a_used_token_returns_the_same_observation(world):
    token = uuid.uuid4()
    first = start(world, client_token=token)
    second = start(world, client_token=token)
    assert first.pk == second.pk
    assert Observation.objects.count() == 1
    assert CategoryNote.objects.count() == len(CATEGORIES)


def test_start_refuses_someone_elses_token(world, draft):
    with pytest.raises(ValidationError, match="already used"):
        start(world, observer=UserFactory(role=Role.DIRECTOR), client_token=draft.client_token)


@pytest.mark.parametrize("status", ["planned", "closed", "reported"])
def test_start_refuses_a_week_that_is_not_live(world, status):
    PracticeWeek.objects.filter(pk=world.week.pk).update(status=status)
    world.week.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        start(world)
    assert caught.value.message_dict == {"week": [services.WEEK_NOT_LIVE_START]}
    assert not Observation.objects.exists()


def test_start_refuses_a_day_outside_the_week(world):
    with pytest.raises(ValidationError) as caught:
        start(world, observed_on=world.week.end_date + timedelta(days=1))
    assert caught.value.message_dict == {
        "observed_on": ["Choose a day of the practice week: 23 November to 27 November 2026."]
    }
    assert not Observation.objects.exists()


def test_start_refuses_other_without_a_description(world):
    with pytest.raises(ValidationError) as caught:
        start(world, setting="other", setting_other="  ")
    assert caught.value.message_dict == {"setting_other": [services.SETTING_UNDESCRIBED]}


def test_start_refuses_a_visit_of_another_team(world):
    with pytest.raises(ValidationError) as caught:
        start(world, team=TeamFactory())
    assert "visit" in caught.value.message_dict
    assert not Observation.objects.exists()


def test_start_refuses_an_audit_only_visit(world):
    Visit.objects.filter(pk=world.visit.pk).update(purpose="audit")
    world.visit.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        start(world)
    assert caught.value.message_dict == {
        "visit": ["This visit is for auditing files, not observing practice."]
    }


def test_start_without_a_default_framework_says_so(world):
    ObservationFramework.objects.update(is_default=False)
    with pytest.raises(ValidationError) as caught:
        start(world)
    assert caught.value.messages == [services.NO_FRAMEWORK]


# --- Drafts ---------------------------------------------------------------------------------


def test_draft_save_writes_notes_practitioners_and_fields_and_bumps_the_version(world, draft):
    data = observation_input(
        draft,
        strengths=(SEEN,),
        practitioners=(world.practitioner, world.colleague),
        case_file_id=world.case_file.pk,
        overall_grade="outstanding",
        feedback_given=False,
    )
    result = save(draft, data)
    fresh = Observation.objects.get(pk=draft.pk)
    assert result.version == fresh.version == 2
    assert result.as_json()["version"] == 2
    assert practitioners_of(fresh) == [world.practitioner, world.colleague]
    assert notes_of(fresh)[0].strengths == SEEN
    assert (fresh.case_file, fresh.overall_grade, fresh.feedback_given) == (
        world.case_file,
        "outstanding",
        False,
    )


def test_draft_save_that_changes_nothing_writes_nothing_whatever_its_version(draft):
    result = save(draft, observation_input(draft), version=7)
    assert result.version == 1
    assert Observation.objects.get(pk=draft.pk).version == 1


def test_draft_save_removes_a_practitioner_unticked(world, draft):
    save(draft, observation_input(draft, practitioners=(world.practitioner, world.colleague)))
    save(draft, observation_input(draft, practitioners=(world.colleague,)))
    assert practitioners_of(draft) == [world.colleague]


def test_draft_save_with_a_stale_version_is_a_conflict_and_changes_nothing(world, draft):
    save(draft, observation_input(draft, strengths=("First",)))
    before = snapshot(draft)
    with pytest.raises(DraftConflict) as caught:
        save(draft, observation_input(draft, strengths=("Second",)), version=1)
    assert caught.value.message.startswith("Someone else saved this observation at ")
    assert snapshot(draft) == before


def test_draft_save_refuses_a_grade_in_an_ungraded_week():
    world = build_world(graded=False)
    observation = start(world)
    before = snapshot(observation)
    with pytest.raises(ValidationError) as caught:
        save(observation, observation_input(observation, strengths=(SEEN,), overall_grade="good"))
    assert caught.value.message_dict == {"overall_grade": [services.NOT_GRADED]}
    assert snapshot(observation) == before


# --- Submitting -----------------------------------------------------------------------------


def test_submit_saves_marks_submitted_and_emails_the_practitioners_once(
    world, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(world, draft)
    fresh = Observation.objects.get(pk=draft.pk)
    assert submitted.pk == fresh.pk
    assert (fresh.status, fresh.overall_grade, fresh.feedback_given) == ("submitted", "good", True)
    assert fresh.submitted_at is not None and fresh.feedback_sent_at is not None
    assert practitioners_of(fresh) == [world.practitioner]
    assert {m.to[0] for m in mail.outbox} == {world.practitioner.email, world.manager.email}


def test_double_submit_is_one_submission_and_one_enqueue(
    world, draft, django_capture_on_commit_callbacks
):
    data = complete(world, draft)
    with django_capture_on_commit_callbacks() as callbacks:
        services.observation_submit(
            observation=draft, data=data, edit=Edit(editor=world.observer, expected_version=1)
        )
        again = services.observation_submit(
            observation=draft, data=data, edit=Edit(editor=world.observer, expected_version=1)
        )
    assert len(callbacks) == 1
    assert again.is_submitted
    assert Observation.objects.get(pk=draft.pk).version == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"practitioners": ()}, "practitioners", services.NO_PRACTITIONER),
        ({"strengths": ("  ",), "areas": ()}, "notes", services.NOTHING_WRITTEN),
        ({"feedback_given": None}, "feedback_given", services.FEEDBACK_NOT_ANSWERED),
        ({"feedback_summary": ""}, "feedback_summary", services.FEEDBACK_UNSAID),
        ({"overall_grade": ""}, "overall_grade", services.GRADE_NEEDED),
    ],
    ids=["no practitioner", "nothing written", "feedback unanswered", "unsaid", "no grade"],
)
def test_incomplete_submission_is_refused_and_saves_nothing(
    world, draft, overrides, field, message, django_capture_on_commit_callbacks
):
    before = snapshot(draft)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError) as e:
        submit(world, draft, complete(world, draft, **overrides))
    assert e.value.message_dict[field] == [message]
    assert snapshot(draft) == before
    assert callbacks == []


def test_submit_refuses_a_grade_in_an_ungraded_week():
    world = build_world(graded=False)
    observation = start(world)
    with pytest.raises(ValidationError) as caught:
        submit(world, observation, complete(world, observation, overall_grade="good"))
    assert caught.value.message_dict == {"overall_grade": [services.NOT_GRADED]}
    assert Observation.objects.get(pk=observation.pk).status == "draft"


def test_ungraded_observation_submits_without_a_grade():
    world = build_world(graded=False)
    observation = start(world)
    submit(world, observation)
    fresh = Observation.objects.get(pk=observation.pk)
    assert (fresh.status, fresh.overall_grade) == ("submitted", "")


def test_submit_refuses_a_week_no_longer_live(world, draft):
    PracticeWeek.objects.filter(pk=world.week.pk).update(status=PracticeWeek.Status.CLOSED)
    before = snapshot(draft)
    with pytest.raises(ValidationError) as caught:
        submit(world, draft)
    assert caught.value.messages == [services.WEEK_NOT_LIVE_SUBMIT]
    assert snapshot(draft) == before


def test_submit_with_a_stale_version_that_changes_something_is_a_conflict(world, draft):
    save(draft, observation_input(draft, strengths=("Saved in another tab",)))
    stale = replace(complete(world, draft))
    with pytest.raises(DraftConflict):
        services.observation_submit(
            observation=draft, data=stale, edit=Edit(editor=world.observer, expected_version=1)
        )
    assert Observation.objects.get(pk=draft.pk).status == "draft"


# --- Changing a submitted observation -------------------------------------------------------


@pytest.fixture
def submitted(world, draft) -> Observation:
    submit(world, draft)
    return Observation.objects.get(pk=draft.pk)


def test_change_records_every_changed_grade_and_text_in_words(world, submitted):
    other = CaseFileFactory(case_reference="CR-NEW")
    data = complete(
        world,
        submitted,
        strengths=(SEEN + " and warm",),
        practitioners=(world.practitioner, world.colleague),
        overall_grade="requires_improvement",
        case_file_id=other.pk,
        feedback_given=False,
    )
    services.observation_update_submitted(
        observation=submitted, data=data, edit=Edit(editor=world.observer, expected_version=2)
    )
    changes = {c.field: (c.before, c.after) for c in ObservationChange.objects.all()}
    assert changes == {
        "Overall grade": ("Good", "Requires improvement"),
        "Linked case file": ("", "CR-NEW"),
        "Immediate feedback given in person": ("Yes", "No"),
        "Practitioners observed": ("Sam Worker", "Sam Worker, Cat Colleague"),
        "Leadership: strengths": (SEEN, SEEN + " and warm"),
    }
    assert {c.changed_by for c in ObservationChange.objects.all()} == {world.observer}
    assert Observation.objects.get(pk=submitted.pk).version == 3


def test_someone_added_after_submit_is_told_with_a_link_only(
    world, draft, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(world, draft)
    mailoutbox.clear()  # the practitioner and the manager were told at submit
    submitted = Observation.objects.get(pk=draft.pk)
    data = complete(world, submitted, practitioners=(world.practitioner, world.colleague))
    with django_capture_on_commit_callbacks(execute=True):
        services.observation_update_submitted(
            observation=submitted, data=data, edit=Edit(editor=world.observer, expected_version=2)
        )
    [mail] = mailoutbox
    assert mail.to == [world.colleague.email]
    assert mail.subject == "Practice Week: feedback on your practice"
    assert f"/observations/{submitted.pk}/" in mail.body
    assert SEEN not in mail.body and world.case_file.case_reference not in mail.body


def test_change_by_the_qa_admin_names_them(world, submitted, qa_admin):
    data = complete(world, submitted, areas=("", "Corrected by QA"))
    services.observation_update_submitted(
        observation=submitted, data=data, edit=Edit(editor=qa_admin, expected_version=2)
    )
    change = ObservationChange.objects.get()
    assert (change.field, change.before, change.after, change.changed_by) == (
        "The voice of the child: areas for development",
        "Ask the child to draw their week",
        "Corrected by QA",
        qa_admin,
    )


def test_change_that_changes_nothing_records_nothing(world, submitted):
    services.observation_update_submitted(
        observation=submitted,
        data=complete(world, submitted),
        edit=Edit(editor=world.observer, expected_version=2),
    )
    assert not ObservationChange.objects.exists()
    assert Observation.objects.get(pk=submitted.pk).version == 2


def test_change_is_checked_in_full_and_saves_nothing_when_incomplete(world, submitted):
    before = snapshot(submitted)
    with pytest.raises(ValidationError):
        services.observation_update_submitted(
            observation=submitted,
            data=complete(world, submitted, practitioners=()),
            edit=Edit(editor=world.observer, expected_version=2),
        )
    assert snapshot(submitted) == before
    assert not ObservationChange.objects.exists()


def test_change_with_a_stale_version_is_a_conflict(world, submitted):
    with pytest.raises(DraftConflict):
        services.observation_update_submitted(
            observation=submitted,
            data=complete(world, submitted, feedback_summary="Changed"),
            edit=Edit(editor=world.observer, expected_version=1),
        )
    assert not ObservationChange.objects.exists()


def test_draft_save_of_a_submitted_observation_is_a_conflict(world, submitted):
    with pytest.raises(DraftConflict) as caught:
        save(submitted, complete(world, submitted, feedback_summary="Quietly?"))
    assert caught.value.message.startswith("This observation was submitted at ")


def test_history_words_for_a_removed_practitioner_and_setting(world, submitted):
    data = complete(
        world,
        submitted,
        practitioners=(world.colleague,),
        setting="other",
        setting_other="Family group conference",
    )
    services.observation_update_submitted(
        observation=submitted,
        data=data,
        edit=Edit(
            editor=world.observer, expected_version=2, now=datetime(2026, 11, 25, 9, tzinfo=UTC)
        ),
    )
    changes = {c.field: (c.before, c.after) for c in ObservationChange.objects.all()}
    assert changes == {
        "Setting": ("Home visit", "Other"),
        "Describe the setting": ("", "Family group conference"),
        "Practitioners observed": ("Sam Worker", "Cat Colleague"),
    }
