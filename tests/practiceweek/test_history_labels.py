"""Issue 9, point 19: one rule for the "what changed" label of an audit's and an observation's
history. A section or category title as long as its column allows, plus ": evidence", no
longer breaks the save on PostgreSQL (run these with DATABASE_URL set to prove it: SQLite
does not enforce a column's length)."""

import pytest

from audits import services as audit_services
from audits.models import AuditChange, AuditSection
from observations import services as observation_services
from observations.models import ObservationCategory, ObservationChange
from practiceweek import history
from practiceweek.drafts import Edit
from practiceweek.models import RecordedChange
from tests.audits import test_audit_services as audits
from tests.observations import test_recording_services as observations

TITLE_LENGTH = AuditSection._meta.get_field("title").max_length
LONG_TITLE = ("Management oversight and supervision of the plan " * 5)[:TITLE_LENGTH]


def test_a_short_label_is_kept_whole():
    assert history.label("Planning: evidence") == "Planning: evidence"
    assert history.label("x" * 120) == "x" * 120


def test_a_long_label_is_cut_to_the_column_with_an_ellipsis():
    label = history.label("word " * 40)
    assert len(label) == 120 and label.endswith("word…")


def test_both_history_columns_use_the_one_length():
    for model in (AuditChange, ObservationChange):
        assert model._meta.get_field("field").max_length == RecordedChange.LABEL_MAX_LENGTH


@pytest.mark.django_db
def test_audit_history_saves_a_long_section_title_cut_with_an_ellipsis():
    assert len(LONG_TITLE) == TITLE_LENGTH == 120
    world = audits.build_world(titles=(LONG_TITLE, "Planning", "Voice of the child"))
    audit = audits.submit(world, audits.start(world))
    data = audits.audit_input(
        audit,
        grades=("requires_improvement", "good", "outstanding"),
        evidence=("Plan not SMART",),
        overall_grade="good",
    )

    audit_services.audit_update_submitted(
        audit=audit, data=data, edit=Edit(editor=world.auditor, expected_version=2)
    )

    labels = sorted(AuditChange.objects.filter(audit=audit).values_list("field", flat=True))
    assert len(labels) == 2
    assert all(len(label) <= 120 and label.endswith("…") for label in labels)
    assert all(label.startswith(LONG_TITLE[:100]) for label in labels)


@pytest.mark.django_db
def test_observation_history_saves_a_long_category_title_cut_with_an_ellipsis():
    world = observations.build_world()
    submitted = observations.start(world)
    observations.submit(world, submitted)
    first = submitted.notes.order_by("category__order").first()
    assert first is not None
    ObservationCategory.objects.filter(pk=first.category_id).update(title=LONG_TITLE)
    data = observations.complete(world, submitted, strengths=(observations.SEEN + " and warm",))

    observation_services.observation_update_submitted(
        observation=submitted, data=data, edit=Edit(editor=world.observer, expected_version=2)
    )

    [change] = ObservationChange.objects.filter(observation=submitted)
    assert len(change.field) <= 120 and change.field.endswith("…")
    assert change.field.startswith(LONG_TITLE[:100])
    assert change.after == observations.SEEN + " and warm"
