"""Trajectory: direction and words of "good or outstanding" against the previous week, and
the four-week series. Pure functions: no database."""

import pytest

from practiceweek.grades import grade_table
from reports.trajectory import (
    direction,
    four_week_series,
    good_or_outstanding,
    trajectory_row,
    trajectory_rows,
    trajectory_words,
)


def table(group: str = "G", **counts: int) -> dict:
    return grade_table(counts).as_dict(group)


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (None, 0, "new"),
        (None, 68, "new"),
        (55, 68, "up"),
        (68, 55, "down"),
        (60, 60, "same"),
        (0, 0, "same"),
    ],
)
def test_direction(previous, current, expected):
    assert direction(previous, current) == expected


@pytest.mark.parametrize(
    ("previous", "current", "has_previous_week", "words"),
    [
        (55, 68, True, "Up from 55% to 68%"),
        (68, 55, True, "Down from 68% to 55%"),
        (60, 60, True, "No change at 60%"),
        (0, 0, True, "No change at 0%"),
        (None, 68, False, "New: 68%, no previous week"),
        (None, 68, True, "New: 68%, no audits in the previous week"),
    ],
)
def test_trajectory_words(previous, current, has_previous_week, words):
    assert trajectory_words(previous, current, has_previous_week=has_previous_week) == words


def test_good_or_outstanding_is_the_headline_percent_of_all_files():
    # 3 Good + 1 Inadequate + 1 Not applicable: 60% of all files, 75% of the graded ones.
    mixed = table(good=3, inadequate=1, not_applicable=1)
    assert good_or_outstanding(mixed) == 60
    assert good_or_outstanding(mixed, adjusted=True) == 75


@pytest.mark.parametrize(
    ("counts", "percent", "adjusted"),
    [
        ({}, None, None),  # no files: nothing to divide by
        ({"not_applicable": 2}, 0, None),  # files, but none graded
        ({"requires_improvement": 1}, 0, 0),
        ({"good": 1, "requires_improvement": 7}, 13, 13),  # 12.5 rounds half up
        ({"good": 2, "inadequate": 1}, 67, 67),  # 66.67
        ({"outstanding": 1, "inadequate": 2}, 33, 33),  # 33.33
        ({"good": 1, "requires_improvement": 1, "not_applicable": 1}, 33, 50),
    ],
)
def test_good_or_outstanding_edges(counts, percent, adjusted):
    assert good_or_outstanding(table(**counts)) == percent
    assert good_or_outstanding(table(**counts), adjusted=True) == adjusted


def test_good_or_outstanding_of_no_table_is_none():
    assert good_or_outstanding(None) is None


def test_direction_compares_the_printed_whole_percents():
    # 1 of 8 = 12.5% prints 13%; 13 of 100 prints 13%: the report says no change.
    row = trajectory_row(
        "G",
        table(good=13, requires_improvement=87),
        table(good=1, requires_improvement=7),
        has_previous_week=True,
    )
    assert (row["previous"], row["current"], row["direction"]) == (13, 13, "same")
    assert row["words"] == "No change at 13%"


def test_direction_moves_on_one_point_after_rounding():
    # 2 of 3 = 66.67% prints 67%; 13 of 20 = 65% prints 65%: down.
    row = trajectory_row(
        "G", table(good=13, inadequate=7), table(good=2, inadequate=1), has_previous_week=True
    )
    assert row["words"] == "Down from 67% to 65%"


def test_row_carries_the_adjusted_figures():
    row = trajectory_row(
        "G",
        table(good=3, inadequate=1, not_applicable=1),
        table(good=1, requires_improvement=1),
        has_previous_week=True,
    )
    assert row == {
        "group": "G",
        "previous": 50,
        "current": 60,
        "direction": "up",
        "words": "Up from 50% to 60%",
        "previous_adjusted": 50,
        "current_adjusted": 75,
    }


def test_group_without_files_this_week_has_no_row():
    assert trajectory_row("G", table(), table(good=1), has_previous_week=True) is None


def test_rows_per_group_then_all():
    current = [table("Early Help", good=1), table("Social Work", good=1, inadequate=1)]
    previous = {"Social Work": table("Social Work", good=1), "All": table("All", good=1)}
    rows = trajectory_rows(current, table("All", good=2, inadequate=1), previous)
    assert [(r["group"], r["words"]) for r in rows] == [
        ("Early Help", "New: 100%, no audits in the previous week"),
        ("Social Work", "Down from 100% to 50%"),
        ("All", "Down from 100% to 67%"),
    ]


def test_rows_without_a_previous_week_are_all_new():
    rows = trajectory_rows([table("A", good=1)], table("All", good=1), None)
    assert [r["words"] for r in rows] == ["New: 100%, no previous week"] * 2


def test_rows_of_an_empty_week_are_none():
    assert trajectory_rows([], table("All"), {"All": table("All", good=1)}) == []


def test_series_keeps_the_last_four_weeks_oldest_first():
    weeks = [
        (
            f"W{n}",
            {
                "B": table("B", good=n, inadequate=4 - n),
                "All": table("All", good=n, inadequate=4 - n),
            },
        )
        for n in range(5)
    ]
    weeks[2][1]["A"] = table("A", good=1)
    series = four_week_series(weeks)
    assert series["weeks"] == ["W1", "W2", "W3", "W4"]
    assert series["series"] == [
        {
            "group": "A",
            "values": [None, 100, None, None],
            "adjusted_values": [None, 100, None, None],
        },
        {"group": "B", "values": [25, 50, 75, 100], "adjusted_values": [25, 50, 75, 100]},
        {"group": "All", "values": [25, 50, 75, 100], "adjusted_values": [25, 50, 75, 100]},
    ]


def test_series_of_no_weeks():
    assert four_week_series([]) == {
        "weeks": [],
        "series": [{"group": "All", "values": [], "adjusted_values": []}],
    }
