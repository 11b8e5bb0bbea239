"""Trajectory: how the share of files graded good or outstanding moved between practice weeks.

Plain functions, no Django. The figure is the grade table's headline `percent` of good or
outstanding: over all files, Not applicable ones included, a whole percent rounded half up
from the exact counts (`practiceweek.grades.Headline`). The adjusted figure (graded files only)
travels beside it. Directions compare the whole percents the report prints, so the words never
say "Up from 60% to 60%".
"""

from collections.abc import Mapping, Sequence
from typing import Literal

from practiceweek.grades import OVERALL_GROUP, GradeTableRow
from reports.snapshot import SeriesRow, TrajectoryRow, TrajectorySeries

Direction = Literal["up", "down", "same", "new"]
SERIES_WEEKS = 4  # the chart shows the last four practice weeks
MEASURE = "good or outstanding, percent of all files audited"


def good_or_outstanding(table: GradeTableRow | None, *, adjusted: bool = False) -> int | None:
    """The table's whole percent good or outstanding, or None when there is nothing to divide
    by: no table, no files, or (adjusted) no file graded on the four-point scale."""
    if not table or not table["total"]:
        return None
    if adjusted and table["total"] == table["counts"]["not_applicable"]:
        return None
    headline = table["good_or_outstanding"]
    return int(headline["adjusted_percent"] if adjusted else headline["percent"])


def direction(previous: int | None, current: int) -> Direction:
    """ "new" without a previous figure; otherwise up, down or the same, in whole percent."""
    if previous is None:
        return "new"
    if current > previous:
        return "up"
    if current < previous:
        return "down"
    return "same"


def trajectory_words(previous: int | None, current: int, *, has_previous_week: bool) -> str:
    """The text equivalent of the arrow: "Up from 55% to 68%", "No change at 60%",
    "New: 68%, no previous week" (or "..., no audits in the previous week" when there was a
    previous week but this group had no audits in it)."""
    moved = direction(previous, current)
    if moved == "new":
        reason = "no audits in the previous week" if has_previous_week else "no previous week"
        return f"New: {current}%, {reason}"
    if moved == "same":
        return f"No change at {current}%"
    return f"{'Up' if moved == 'up' else 'Down'} from {previous}% to {current}%"


def trajectory_row(
    group: str,
    current: GradeTableRow,
    previous: GradeTableRow | None,
    *,
    has_previous_week: bool,
) -> TrajectoryRow | None:
    """One group's row, or None when the group had no files this week (nothing to show)."""
    now = good_or_outstanding(current)
    if now is None:
        return None
    before = good_or_outstanding(previous)
    return {
        "group": group,
        "previous": before,
        "current": now,
        "direction": direction(before, now),
        "words": trajectory_words(before, now, has_previous_week=has_previous_week),
        "previous_adjusted": good_or_outstanding(previous, adjusted=True),
        "current_adjusted": good_or_outstanding(current, adjusted=True),
    }


def trajectory_rows(
    current: Sequence[GradeTableRow],
    current_overall: GradeTableRow,
    previous: Mapping[str, GradeTableRow] | None,
) -> list[TrajectoryRow]:
    """A row per group of `current` (in its order) that had files, then the "All" row.

    `previous` maps group names to the previous week's tables (its "All" under OVERALL_GROUP), or
    is None when there is no previous practice week. A week with no files gives no rows.
    """
    before = previous or {}
    has_previous_week = previous is not None
    rows = [
        trajectory_row(
            table["group"], table, before.get(table["group"]), has_previous_week=has_previous_week
        )
        for table in current
    ]
    overall = trajectory_row(
        OVERALL_GROUP,
        current_overall,
        before.get(OVERALL_GROUP),
        has_previous_week=has_previous_week,
    )
    return [row for row in [*rows, overall] if row is not None]


def four_week_series(
    weeks: Sequence[tuple[str, Mapping[str, GradeTableRow]]],
) -> TrajectorySeries:
    """The good-or-outstanding percent of each group in each of the last four weeks.

    `weeks`: (title, {group: table}) oldest first, each with its "All" table under OVERALL_GROUP;
    only the last four are kept. Groups: every group seen in those weeks by name, "All" last.
    A value is None where the group had no files that week; "adjusted_values" carries the
    adjusted percents.
    """
    kept = list(weeks)[-SERIES_WEEKS:]
    names = {group for _, tables in kept for group in tables if group != OVERALL_GROUP}
    groups = [*sorted(names, key=lambda name: (name.casefold(), name)), OVERALL_GROUP]
    series: list[SeriesRow] = [
        {
            "group": group,
            "values": [good_or_outstanding(tables.get(group)) for _, tables in kept],
            "adjusted_values": [
                good_or_outstanding(tables.get(group), adjusted=True) for _, tables in kept
            ],
        }
        for group in groups
    ]
    return {"weeks": [title for title, _ in kept], "series": series}
