"""audits.extras: the audit page and My feedback take observations' parts through registries
that ObservationsConfig.ready() fills, so audits import nothing from observations."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from audits import extras, summary
from audits.extras import FeedbackRow
from observations.case_examples import audit_page_case_example
from observations.selectors import feedback_rows_for_practitioner
from observations.summary import OBSERVATION_KIND
from practiceweek.models import Team

LONDON = ZoneInfo("Europe/London")


def _row(pk: int, on: date, submitted_at: datetime | None) -> FeedbackRow:
    return FeedbackRow(
        kind="audit",
        pk=pk,
        on=on,
        submitted_at=submitted_at,
        what="Practice week",
        team=Team(name="Team"),
        grade="",
        grade_label="",
        is_ungraded=False,
        acknowledged_at=None,
        praise=None,
        is_acknowledgement_asked=True,
    )


def test_observations_register_the_case_example_and_my_feedback():
    assert extras._audit_page_parts["case_example"].loader is audit_page_case_example
    assert extras.audit_page_related() == ["case_example"]
    assert extras._feedback_sources == {"observations": feedback_rows_for_practitioner}


def test_my_feedback_merges_every_source_newest_first(monkeypatch):
    noon = datetime(2026, 11, 24, 12, 0, tzinfo=LONDON)
    older, unsubmitted = _row(1, date(2026, 11, 23), noon), _row(2, date(2026, 11, 24), None)
    newer, later_pk = _row(3, date(2026, 11, 24), noon), _row(4, date(2026, 11, 24), noon)
    monkeypatch.setattr(extras, "_feedback_sources", {})
    extras.register_feedback_source("one", lambda user: [older, later_pk])
    extras.register_feedback_source("two", lambda user: [unsubmitted, newer])

    assert extras.my_feedback_rows(user=None) == [later_pk, newer, unsubmitted, older]  # type: ignore[arg-type]


def test_audit_page_parts_merge_by_name_and_a_second_registration_replaces(monkeypatch):
    monkeypatch.setattr(extras, "_audit_page_parts", {})
    extras.register_audit_page_part("a", lambda audit, user: {"x": 1}, select_related=("r",))
    extras.register_audit_page_part("b", lambda audit, user: {"y": 2})
    extras.register_audit_page_part("a", lambda audit, user: {"x": 3}, select_related=("s",))

    assert extras.audit_page_extras(audit=None, user=None) == {"x": 3, "y": 2}  # type: ignore[arg-type]
    assert extras.audit_page_related() == ["s"]


def test_grade_summaries_count_audits_then_the_observations_registered():
    assert summary.kinds() == ("audits", "observations")
    assert summary.groupings("observations") == OBSERVATION_KIND.groupings


def test_a_grade_summary_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kind 'moderation'"):
        summary.groupings("moderation")
