"""Grade summaries: submitted audits, or another kind of graded work (observations, registered
in `ObservationsConfig.ready()`), counted per service, team, audit type or setting, with the
percentages councils publish. Every kind shares one code path: one aggregate query
(`grouped`), then the arithmetic of `practiceweek.grades`. A week's ungraded observations are
counted per setting in `observations.summary`."""

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from practiceweek.grades import (
    ALL_GRADES,
    NOT_APPLICABLE,
    OVERALL_GROUP,
    SCALE,
    GradeTable,
    combine,
    grade_table,
)
from practiceweek.models import PracticeWeek

from .models import Audit, AuditType

AUDITS = "audits"
# The columns each grouping reads (every kind of work has a team).
SERVICE_COLUMNS = ("team__service__name",)
TEAM_COLUMNS = ("team", "team__name", "team__service__name")
# A cell starting with one of these runs as a formula in a spreadsheet (tab and CR too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_HEADLINES = ("good_or_outstanding", "requires_improvement_or_inadequate")


@dataclass(frozen=True)
class Source:
    """What one kind counts: its submitted rows and the date it filters on."""

    rows: QuerySet[Any]
    date_field: str


@dataclass(frozen=True)
class Kind:
    """One kind of graded work a grade summary counts."""

    source: Callable[[], Source]  # its submitted rows with a grade due
    groupings: dict[str, tuple[str, ...]]  # grouping -> the columns it reads
    not_applicable: Q  # which rows have no grade on the four-point scale


_KINDS: dict[str, Kind] = {
    AUDITS: Kind(
        source=lambda: Source(rows=Audit.objects.submitted(), date_field="audited_on"),
        groupings={
            "service": SERVICE_COLUMNS,
            "team": TEAM_COLUMNS,
            "audit_type": ("audit_type",),
        },
        # Minimum standards checks are not graded: a blank grade there is Not applicable.
        not_applicable=Q(overall_grade=NOT_APPLICABLE)
        | Q(overall_grade="", audit_type=AuditType.MINIMUM_STANDARDS),
    )
}


def register_kind(name: str, kind: Kind) -> None:
    """Add a kind of graded work (observations do, in their `AppConfig.ready()`)."""
    _KINDS[name] = kind


def kinds() -> tuple[str, ...]:
    """The kinds a grade summary counts, audits first."""
    return tuple(_KINDS)


def groupings(kind: str) -> dict[str, tuple[str, ...]]:
    """How a kind's rows may be grouped; ValueError on an unknown kind."""
    if kind not in _KINDS:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(_KINDS)}")
    return _KINDS[kind].groupings


def grade_counts(kind: str = AUDITS, *, prefix: str = "") -> dict[str, Count]:
    """`.annotate(**grade_counts())` counts each grade (keys `prefix` + grade) of submitted
    audits or observations grouped by any `.values(...)`, with that kind's Not applicable rule:
    the one place the rule lives, for grade summaries and reports alike."""
    counts = {f"{prefix}{g}": Count("pk", filter=Q(overall_grade=g)) for g in ALL_GRADES}
    counts[f"{prefix}{NOT_APPLICABLE}"] = Count("pk", filter=_KINDS[kind].not_applicable)
    return counts


def check_grouping(kind: str, by: str, audit_type: str | None = None) -> None:
    """ValueError on an unknown kind or grouping, or an audit type for another kind."""
    allowed = groupings(kind)
    if by not in allowed:
        raise ValueError(f"cannot group by {by!r}: use one of {', '.join(allowed)}")
    if audit_type is not None and kind != AUDITS:
        raise ValueError("only audits have an audit type")


def grouped(
    source: Source,
    *,
    by: str,
    counts: Mapping[str, Count],
    week: PracticeWeek | None,
    date_from: date | None,
    date_to: date | None,
    audit_type: str | None = None,
) -> list[tuple[str, dict[str, int]]]:
    """The `counts` of each group, labelled and ordered by group name: one aggregate query."""
    rows = source.rows
    if week is not None:
        rows = rows.filter(week=week)
    if date_from is not None:
        rows = rows.filter(**{f"{source.date_field}__gte": date_from})
    if date_to is not None:
        rows = rows.filter(**{f"{source.date_field}__lte": date_to})
    if audit_type is not None:
        rows = rows.filter(audit_type=audit_type)
    fields = next(k.groupings[by] for k in _KINDS.values() if by in k.groupings)
    counted = list(rows.values(*fields).order_by(*fields).annotate(**counts))
    shared = Counter(row["team__name"] for row in counted) if by == "team" else Counter()
    labelled = [
        (_group_name(by, row, shared), {name: row[name] for name in counts}) for row in counted
    ]
    return sorted(labelled, key=lambda row: (row[0].casefold(), row[0]))


def _group_name(by: str, row: dict[str, Any], shared: Counter[str]) -> str:
    if by == "service":
        return str(row["team__service__name"])
    if by in ("audit_type", "setting"):
        return str(row[by])
    name = str(row["team__name"])
    # Two services may each have a team of this name: say which is which.
    return f"{name} ({row['team__service__name']})" if shared[name] > 1 else name


# --- Grade tables -----------------------------------------------------------------------------


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
    kind: str = AUDITS,
    week: PracticeWeek | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    audit_type: str | None = None,
) -> GradeSummary:
    """Overall grades per group, in one query whatever their number.

    `kind` "audits": submitted audits, grouped by "service", "team" or "audit_type"; a minimum
    standards audit with no overall grade counts as Not applicable. `kind` "observations":
    submitted observations recorded as graded, grouped by "service", "team" or "setting"; one
    given no overall grade counts as Not applicable. Drafts never count. The dates are
    inclusive (`audited_on` / `observed_on`). Raises ValueError on an unknown kind or grouping,
    or an audit type for observations. Nothing to count gives no rows and an overall table of
    zeros.
    """
    check_grouping(kind, by, audit_type)
    found = grouped(
        _KINDS[kind].source(),
        by=by,
        counts=grade_counts(kind),
        week=week,
        date_from=date_from,
        date_to=date_to,
        audit_type=audit_type,
    )
    rows = [(group, grade_table(counts)) for group, counts in found]
    return GradeSummary(by=by, rows=rows, overall=combine(table for _, table in rows))


def grade_summary_csv(summary: GradeSummary) -> str:
    """The summary as CSV text: a header, one row per group, then the "All" row.

    Columns: group, total; then per grade its count, percent and (on the four-point scale
    only) adjusted percent; then the two headlines, percent and adjusted percent.
    """
    header = ["group", "total"]
    for grade in ALL_GRADES:
        header += [grade, f"{grade}_percent"]
        if grade in SCALE:
            header.append(f"{grade}_adjusted_percent")
    for headline in _HEADLINES:
        header += [f"{headline}_percent", f"{headline}_adjusted_percent"]
    rows = [*summary.rows, (OVERALL_GROUP, summary.overall)]
    return csv_text(header, (_csv_row(group, table) for group, table in rows))


def _csv_row(group: str, table: GradeTable) -> list[object]:
    row: list[object] = [safe_cell(group), table.total]
    for grade in ALL_GRADES:
        row += [table.counts[grade], table.percent[grade]]
        if grade in SCALE:
            row.append(table.adjusted_percent[grade])
    for headline in (table.good_or_outstanding, table.requires_improvement_or_inadequate):
        row += [headline.percent, headline.adjusted_percent]
    return row


def csv_text(header: list[str], rows: Iterable[list[object]]) -> str:
    """CSV text: the header, then the rows (cells already made safe)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def safe_cell(text: str) -> str:
    """Text a spreadsheet would run as a formula, quoted so that it shows as typed: the one CSV
    formula guard (reports.exports uses it too). Team names come from imports."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
