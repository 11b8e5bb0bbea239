"""The snapshot's TypedDicts (reports.snapshot) against the JSON they describe: the samples, a
version stored before later keys were kept, and the checker the gather tests use."""

import json

import pytest

from practiceweek.grades import GradeTableRow, grade_table
from reports.snapshot import AnnualSnapshot, Quote, WeekSnapshot
from tests.reports import samples
from tests.reports.shape import shape_errors


def _stored(value):
    return json.loads(json.dumps(value))


@pytest.mark.parametrize(
    ("make", "shape"),
    [
        (samples.week_snapshot, WeekSnapshot),
        (samples.empty_week_snapshot, WeekSnapshot),
        (samples.annual_snapshot, AnnualSnapshot),
    ],
)
def test_the_sample_snapshots_fit_their_shape(make, shape):
    assert shape_errors(_stored(make()), shape) == []


def test_a_version_stored_before_readiness_and_quotes_were_kept_still_fits():
    week, annual = samples.week_snapshot(), samples.annual_snapshot()
    for snapshot in (week, annual):
        snapshot.pop("readiness", None)
    annual.pop("quotes", None)
    # Early quotes kept the 1-5 rating and its label apart.
    week["voices"]["quotes"] = [
        {"relationship": "Mother", "rating": 5, "rating_label": "Very well", "words": "Kind."}
    ]

    assert shape_errors(_stored(week), WeekSnapshot) == []
    assert shape_errors(_stored(annual), AnnualSnapshot) == []


def test_the_checker_names_a_missing_key_an_undeclared_one_and_a_wrong_type():
    week = samples.week_snapshot()
    del week["council"]
    week["colour"] = "blue"
    week["activity"]["visits"] = "7"
    week["trajectory"][0]["direction"] = "sideways"
    week["observations_graded"] = 1

    assert shape_errors(_stored(week), WeekSnapshot) == [
        "snapshot.council: missing",
        "snapshot.colour: not declared",
        "snapshot.activity.visits: '7' is not int",
        "snapshot.observations_graded: 1 is not bool",
        "snapshot.trajectory[0].direction: 'sideways' is not one of ('up', 'down', 'same', 'new')",
    ]


def test_a_boolean_is_not_a_count():
    quote = {"relationship": "Mother", "rating": True, "words": "Kind."}
    assert shape_errors(quote, Quote, "quote") != []


def test_a_grade_table_row_keeps_its_stored_json_byte_for_byte():
    # Stored snapshots hold this text: key order included, it must not change.
    row: GradeTableRow = grade_table({"good": 3, "inadequate": 1}).as_dict("Early help")
    assert json.dumps(row) == (
        '{"group": "Early help", "counts": {"outstanding": 0, "good": 3, '
        '"requires_improvement": 0, "inadequate": 1, "not_applicable": 0}, "total": 4, '
        '"percent": {"outstanding": 0, "good": 75, "requires_improvement": 0, '
        '"inadequate": 25, "not_applicable": 0}, "adjusted_percent": {"outstanding": 0, '
        '"good": 75, "requires_improvement": 0, "inadequate": 25}, "good_or_outstanding": '
        '{"percent": 75, "adjusted_percent": 75}, "requires_improvement_or_inadequate": '
        '{"percent": 25, "adjusted_percent": 25}}'
    )
    assert shape_errors(json.loads(json.dumps(row)), GradeTableRow) == []
