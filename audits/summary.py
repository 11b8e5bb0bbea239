"""The grade summary: submitted audits counted per service, team or audit type, with the
percentages councils publish. One aggregate query; the arithmetic is in `audits.grading`."""

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q

from practiceweek.models import PracticeWeek

from .grading import ALL_GRADES, NOT_APPLICABLE, SCALE, GradeTable, combine, grade_table
from .models import Audit, AuditType

# What a summary can be grouped by, and the columns of Audit each grouping reads.
GROUPINGS: dict[str, tuple[str, ...]] = {
    "service": ("team__service__name",),
    "team": ("team", "team__name", "team__service__name"),
    "audit_type": ("audit_type",),
}
OVERALL_GROUP = "All"
_HEADLINES = ("good_or_outstanding", "requires_improvement_or_inadequate")


@dataclass(frozen=True)
class GradeSummary:
    """The grade table of each group, ordered by group name, and of all of them together."""

    by: str
    rows: list[tuple[str, GradeTable]]
    overall: GradeTable

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of `grade_summary --format json`."""
        return {
            "by": self.by,
            "rows": [table.as_dict(group) for group, table in self.rows],
            "overall": self.overall.as_dict(OVERALL_GROUP),
        }


def grade_summary(
    *,
    by: str,
    week: PracticeWeek | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    audit_type: str | None = None,
) -> GradeSummary:
    """Submitted audits' overall grades per group, in one query whatever their number.

    `by` is "service", "team" or "audit_type" (raises ValueError otherwise). The dates are
    inclusive and apply to `audited_on`. A minimum standards audit with no overall grade
    counts as Not applicable; drafts never count. No audits gives no rows and an overall
    table of zeros.
    """
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}: use one of {', '.join(GROUPINGS)}")
    audits = Audit.objects.submitted()
    if week is not None:
        audits = audits.filter(week=week)
    if date_from is not None:
        audits = audits.filter(audited_on__gte=date_from)
    if date_to is not None:
        audits = audits.filter(audited_on__lte=date_to)
    if audit_type is not None:
        audits = audits.filter(audit_type=audit_type)
    fields = GROUPINGS[by]
    counted = audits.values(*fields).order_by(*fields).annotate(**_grade_counts())
    labelled = _labelled(by, list(counted))
    rows = sorted(labelled, key=lambda row: (row[0].casefold(), row[0]))
    return GradeSummary(by=by, rows=rows, overall=combine(table for _, table in rows))


def _grade_counts() -> dict[str, Count]:
    counts = {grade: Count("pk", filter=Q(overall_grade=grade)) for grade in ALL_GRADES}
    # Minimum standards checks are not graded: a blank overall grade there means Not applicable.
    counts[NOT_APPLICABLE] = Count(
        "pk",
        filter=Q(overall_grade=NOT_APPLICABLE)
        | Q(overall_grade="", audit_type=AuditType.MINIMUM_STANDARDS),
    )
    return counts


def _labelled(by: str, counted: list[dict[str, Any]]) -> list[tuple[str, GradeTable]]:
    """Each aggregate row as (group name, table)."""
    shared = Counter(row["team__name"] for row in counted) if by == "team" else Counter()
    return [
        (_group_name(by, row, shared), grade_table({grade: row[grade] for grade in ALL_GRADES}))
        for row in counted
    ]


def _group_name(by: str, row: dict[str, Any], shared: Counter[str]) -> str:
    if by == "service":
        return str(row["team__service__name"])
    if by == "audit_type":
        return str(row["audit_type"])
    name = str(row["team__name"])
    # Two services may each have a team of this name: say which is which.
    return f"{name} ({row['team__service__name']})" if shared[name] > 1 else name


def grade_summary_csv(summary: GradeSummary) -> str:
    """The summary as CSV text: a header, one row per group, then the "All" row.

    Columns: group, total; then per grade its count, percent and (on the four-point scale
    only) adjusted percent; then the two headlines, percent and adjusted percent.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_csv_header())
    for group, table in [*summary.rows, (OVERALL_GROUP, summary.overall)]:
        writer.writerow(_csv_row(group, table))
    return out.getvalue()


def _csv_header() -> list[str]:
    header = ["group", "total"]
    for grade in ALL_GRADES:
        header += [grade, f"{grade}_percent"]
        if grade in SCALE:
            header.append(f"{grade}_adjusted_percent")
    for headline in _HEADLINES:
        header += [f"{headline}_percent", f"{headline}_adjusted_percent"]
    return header


def _csv_row(group: str, table: GradeTable) -> list[object]:
    row: list[object] = [_safe_cell(group), table.total]
    for grade in ALL_GRADES:
        row += [table.counts[grade], table.percent[grade]]
        if grade in SCALE:
            row.append(table.adjusted_percent[grade])
    for headline in (table.good_or_outstanding, table.requires_improvement_or_inadequate):
        row += [headline.percent, headline.adjusted_percent]
    return row


def _safe_cell(text: str) -> str:
    # Spreadsheets run a cell starting with = + - @ as a formula; team names come from imports.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text
