"""Grade arithmetic as plain functions: no Django. Grades are the strings of `Grade` in models.

The scale, best first: outstanding, good, requires_improvement, inadequate;
not_applicable sits outside it.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypedDict

OUTSTANDING = "outstanding"
GOOD = "good"
REQUIRES_IMPROVEMENT = "requires_improvement"
INADEQUATE = "inadequate"
NOT_APPLICABLE = "not_applicable"
SCALE = (OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE)  # best first
ALL_GRADES = (*SCALE, NOT_APPLICABLE)
GRADE_LABELS = {  # the one wording of each grade: audits.models.Grade takes its labels here
    OUTSTANDING: "Outstanding",
    GOOD: "Good",
    REQUIRES_IMPROVEMENT: "Requires improvement",
    INADEQUATE: "Inadequate",
    NOT_APPLICABLE: "Not applicable",
}
OVERALL_GROUP = "All"  # the group of a summary, table or snapshot that counts every file


def suggest_overall_grade(section_grades: Iterable[str | None]) -> str | None:
    """The overall grade the section grades point to, or None when no section is graded.

    The rule (shown to auditors beside the overall grade):
    1. Sections marked Not applicable, or left ungraded, do not count.
    2. Any Inadequate section makes the file Inadequate: a child may be at risk.
    3. Otherwise the best grade that more than half of the graded sections reach or beat.
       Four sections Good, Good, Requires improvement, Requires improvement: only half reach
       Good, so the suggestion is Requires improvement. Outstanding, Outstanding, Good,
       Requires improvement: three of four reach Good, so Good.
    """
    graded = [g for g in section_grades if g in SCALE]
    if not graded:
        return None
    if INADEQUATE in graded:
        return INADEQUATE
    for grade in SCALE:
        at_least = sum(1 for g in graded if SCALE.index(g) <= SCALE.index(grade))
        if at_least * 2 > len(graded):
            return grade
    raise AssertionError("unreachable: every graded section reaches Inadequate")


# --- Grade tables: counts and percentages per group, as councils publish them ---------------

GOOD_OR_OUTSTANDING = (OUTSTANDING, GOOD)
REQUIRES_IMPROVEMENT_OR_INADEQUATE = (REQUIRES_IMPROVEMENT, INADEQUATE)


@dataclass(frozen=True)
class Headline:
    """One of the two figures councils quote, in whole percent (0-100), rounded half up.

    `percent` is over all files; `adjusted_percent` leaves out the Not applicable ones.
    Both are worked out from the exact counts, so they may differ by one from the sum of the
    rounded per-grade percentages. Zero when there is nothing to divide by.
    """

    percent: int
    adjusted_percent: int


class HeadlineRow(TypedDict):
    """A Headline as JSON."""

    percent: int
    adjusted_percent: int


class GradeTableRow(TypedDict):
    """A GradeTable as JSON (`GradeTable.as_dict`): the grade summary's rows and every grade
    table a report snapshot keeps. Grade dicts are keyed by the grade strings, in scale order."""

    group: str
    counts: dict[str, int]  # all five grades
    total: int
    percent: dict[str, int]  # all five grades
    adjusted_percent: dict[str, int]  # the four SCALE grades only
    good_or_outstanding: HeadlineRow
    requires_improvement_or_inadequate: HeadlineRow


@dataclass(frozen=True)
class GradeTable:
    """Counts and whole-number percentages of one group of files (a service, a team, ...).

    - `counts`: all five grades, in ALL_GRADES order; `total` is their sum.
    - `percent`: all five grades, adding up to exactly 100 when total > 0 (largest remainder).
    - `adjusted_percent`: the four SCALE grades only, over the graded files (Not applicable
      left out), adding up to 100 when any file is graded.
    - Nothing to divide by (no files, or no graded files for the adjusted figures): zeros.
    Build it with `grade_table`, `grade_table_from_grades` or `combine`, not by hand.
    """

    counts: dict[str, int]
    total: int
    percent: dict[str, int]
    adjusted_percent: dict[str, int]
    good_or_outstanding: Headline
    requires_improvement_or_inadequate: Headline

    @property
    def graded_total(self) -> int:
        """Files graded on the four-point scale: the total less the Not applicable ones."""
        return self.total - self.counts[NOT_APPLICABLE]

    def as_dict(self, group: str) -> GradeTableRow:
        """The JSON row of the grade summary: plain dicts and ints, keys in scale order."""
        return {
            "group": group,
            "counts": dict(self.counts),
            "total": self.total,
            "percent": dict(self.percent),
            "adjusted_percent": dict(self.adjusted_percent),
            "good_or_outstanding": _headline_row(self.good_or_outstanding),
            "requires_improvement_or_inadequate": _headline_row(
                self.requires_improvement_or_inadequate
            ),
        }


def largest_remainder(counts: Sequence[int]) -> list[int]:
    """Whole percentages of `counts` that add up to exactly 100 (all zeros if the sum is 0).

    Each count gets the floor of its exact share; the points still missing go, one each, to
    the largest remainders. Ties in remainders go to the larger count, then to the earlier
    position: callers pass grades in scale order, so Outstanding wins a full tie. Counts of
    1, 1, 1 give 34, 33, 33; counts of 1, 3, 4 (12.5, 37.5, 50) give 12, 38, 50.
    Raises ValueError on a negative count.
    """
    if any(count < 0 for count in counts):
        raise ValueError(f"counts cannot be negative: {list(counts)}")
    total = sum(counts)
    if not total:
        return [0] * len(counts)
    # Integer arithmetic: exact shares, no floating-point remainders that only look equal.
    floors = [count * 100 // total for count in counts]
    remainders = [count * 100 % total for count in counts]
    order = sorted(range(len(counts)), key=lambda i: (-remainders[i], -counts[i], i))
    for i in order[: 100 - sum(floors)]:
        floors[i] += 1
    return floors


def grade_table(counts: Mapping[str, int]) -> GradeTable:
    """The table of one group from its count per grade; missing grades count 0.

    Raises ValueError on a key that is not a grade or a negative count.
    """
    unknown = sorted(set(counts) - set(ALL_GRADES))
    if unknown:
        raise ValueError(f"not grades: {', '.join(map(repr, unknown))}")
    full = {grade: counts.get(grade, 0) for grade in ALL_GRADES}
    total = sum(full.values())
    graded = total - full[NOT_APPLICABLE]
    return GradeTable(
        counts=full,
        total=total,
        percent=dict(zip(ALL_GRADES, largest_remainder(list(full.values())), strict=True)),
        adjusted_percent=dict(
            zip(SCALE, largest_remainder([full[grade] for grade in SCALE]), strict=True)
        ),
        good_or_outstanding=_headline(full, GOOD_OR_OUTSTANDING, total, graded),
        requires_improvement_or_inadequate=_headline(
            full, REQUIRES_IMPROVEMENT_OR_INADEQUATE, total, graded
        ),
    )


def grade_table_from_grades(grades: Iterable[str]) -> GradeTable:
    """The table of a list of grades (one per file). Raises ValueError on a non-grade."""
    return grade_table(Counter(grades))


def combine(tables: Iterable[GradeTable]) -> GradeTable:
    """One table for several groups: counts summed, percentages worked out afresh
    (never averaged). No tables gives the table of zeros."""
    counts: Counter[str] = Counter()
    for table in tables:
        counts.update(table.counts)
    return grade_table(counts)


def _headline(
    counts: Mapping[str, int], grades: tuple[str, ...], total: int, graded: int
) -> Headline:
    part = sum(counts[grade] for grade in grades)
    return Headline(
        percent=_percent_half_up(part, total), adjusted_percent=_percent_half_up(part, graded)
    )


def _headline_row(headline: Headline) -> HeadlineRow:
    # Keys in field order, as dataclasses.asdict gave them: stored snapshots keep this order.
    return {"percent": headline.percent, "adjusted_percent": headline.adjusted_percent}


def _percent_half_up(part: int, whole: int) -> int:
    """part / whole in whole percent, halves up (1 of 8 = 12.5 % gives 13); 0 if whole is 0."""
    if not whole:
        return 0
    # Decimal, not round(): Python's round() sends 12.5 to 12 (banker's rounding).
    return int((Decimal(part * 100) / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))
