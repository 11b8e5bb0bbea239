"""Grade summaries: submitted audits, or graded observations, counted per service, team, audit
type or setting, with the percentages councils publish; and, for a week whose observations are
ungraded, observations counted per group and setting. Both kinds share one code path: one
aggregate query (`_grouped`), then the arithmetic of `practiceweek.grades`."""

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from observations.models import Observation, Setting
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

AUDITS, OBSERVATIONS = "audits", "observations"
KINDS = (AUDITS, OBSERVATIONS)
# The columns of Audit / Observation each grouping reads (both have a team).
_SERVICE = ("team__service__name",)
_TEAM = ("team", "team__name", "team__service__name")
GROUPINGS_BY_KIND: dict[str, dict[str, tuple[str, ...]]] = {
    AUDITS: {"service": _SERVICE, "team": _TEAM, "audit_type": ("audit_type",)},
    OBSERVATIONS: {"service": _SERVICE, "team": _TEAM, "setting": ("setting",)},
}
GROUPINGS = GROUPINGS_BY_KIND[AUDITS]  # the audits' groupings, as before observations came
# A cell starting with one of these runs as a formula in a spreadsheet (tab and CR too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_HEADLINES = ("good_or_outstanding", "requires_improvement_or_inadequate")


@dataclass(frozen=True)
class _Source:
    """What one kind counts: its submitted rows and the date it filters on."""

    rows: QuerySet[Any]
    date_field: str


# Which rows have no grade on the four-point scale, counted as Not applicable, per kind.
_NOT_APPLICABLE = {
    # Minimum standards checks are not graded: a blank grade there is Not applicable.
    AUDITS: Q(overall_grade=NOT_APPLICABLE)
    | Q(overall_grade="", audit_type=AuditType.MINIMUM_STANDARDS),
    # The overall grade of an observation is optional: none given counts as not graded.
    OBSERVATIONS: Q(overall_grade=NOT_APPLICABLE) | Q(overall_grade=""),
}


def grade_counts(kind: str = AUDITS, *, prefix: str = "") -> dict[str, Count]:
    """`.annotate(**grade_counts())` counts each grade (keys `prefix` + grade) of submitted
    audits or observations grouped by any `.values(...)`, with that kind's Not applicable rule:
    the one place the rule lives, for grade summaries and reports alike."""
    counts = {f"{prefix}{g}": Count("pk", filter=Q(overall_grade=g)) for g in ALL_GRADES}
    counts[f"{prefix}{NOT_APPLICABLE}"] = Count("pk", filter=_NOT_APPLICABLE[kind])
    return counts


def _source(kind: str, *, graded: bool = True) -> _Source:
    if kind == AUDITS:
        return _Source(
            rows=Audit.objects.submitted(),
            date_field="audited_on",
        )
    observations = Observation.objects.submitted()
    return _Source(
        rows=observations.filter(is_graded=True) if graded else observations,
        date_field="observed_on",
    )


def _check(kind: str, by: str, audit_type: str | None) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    groupings = GROUPINGS_BY_KIND[kind]
    if by not in groupings:
        raise ValueError(f"cannot group by {by!r}: use one of {', '.join(groupings)}")
    if audit_type is not None and kind != AUDITS:
        raise ValueError("only audits have an audit type")


def _grouped(
    source: _Source,
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
    fields = next(g[by] for g in GROUPINGS_BY_KIND.values() if by in g)
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
    _check(kind, by, audit_type)
    source = _source(kind)
    grouped = _grouped(
        source,
        by=by,
        counts=grade_counts(kind),
        week=week,
        date_from=date_from,
        date_to=date_to,
        audit_type=audit_type,
    )
    rows = [(group, grade_table(found)) for group, found in grouped]
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
    return _csv(header, (_csv_row(group, table) for group, table in rows))


def _csv_row(group: str, table: GradeTable) -> list[object]:
    row: list[object] = [safe_cell(group), table.total]
    for grade in ALL_GRADES:
        row += [table.counts[grade], table.percent[grade]]
        if grade in SCALE:
            row.append(table.adjusted_percent[grade])
    for headline in (table.good_or_outstanding, table.requires_improvement_or_inadequate):
        row += [headline.percent, headline.adjusted_percent]
    return row


def _csv(header: list[str], rows: Iterable[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def safe_cell(text: str) -> str:
    """Text a spreadsheet would run as a formula, quoted so that it shows as typed: the one CSV
    formula guard (reports.exports uses it too). Team names come from imports."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


# --- Ungraded weeks: observations counted per setting -----------------------------------------

SETTINGS = tuple(Setting.values)


@dataclass(frozen=True)
class SettingCounts:
    """How many observations of one group took place in each setting (every setting, in
    Setting order), and in all."""

    counts: dict[str, int]
    total: int

    def as_dict(self, group: str) -> dict[str, object]:
        return {"group": group, "counts": dict(self.counts), "total": self.total}


def setting_counts(counts: Mapping[str, int]) -> SettingCounts:
    """The counts of one group; missing settings count 0. ValueError on a non-setting."""
    unknown = sorted(set(counts) - set(SETTINGS))
    if unknown:
        raise ValueError(f"not settings: {', '.join(map(repr, unknown))}")
    full = {setting: counts.get(setting, 0) for setting in SETTINGS}
    return SettingCounts(counts=full, total=sum(full.values()))


@dataclass(frozen=True)
class ObservationCounts:
    """Observations of an ungraded week per group and setting, and of all groups together."""

    week: str  # the week's slug
    by: str
    rows: list[tuple[str, SettingCounts]]
    overall: SettingCounts

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of `grade_summary --kind observations` for an ungraded week."""
        return {
            "kind": OBSERVATIONS,
            "graded": False,
            "week": self.week,
            "by": self.by,
            "settings": list(SETTINGS),
            "rows": [counts.as_dict(group) for group, counts in self.rows],
            "overall": self.overall.as_dict(OVERALL_GROUP),
        }


def observation_counts(
    *,
    week: PracticeWeek,
    by: str,
    date_from: date | None = None,
    date_to: date | None = None,
) -> ObservationCounts:
    """A week's submitted observations (graded or not) per group and setting: one query.

    `by` is "service", "team" or "setting" (ValueError otherwise). No observations gives no
    rows and an overall row of zeros.
    """
    _check(OBSERVATIONS, by, None)
    counts = {setting: Count("pk", filter=Q(setting=setting)) for setting in SETTINGS}
    grouped = _grouped(
        _source(OBSERVATIONS, graded=False),
        by=by,
        counts=counts,
        week=week,
        date_from=date_from,
        date_to=date_to,
    )
    rows = [(group, setting_counts(found)) for group, found in grouped]
    overall: Counter[str] = Counter()
    for _, row in rows:
        overall.update(row.counts)
    return ObservationCounts(week=week.slug, by=by, rows=rows, overall=setting_counts(overall))


def observation_counts_csv(counts: ObservationCounts) -> str:
    """The counts as CSV text: group, total, then one column per setting; then the "All" row."""
    rows = [*counts.rows, (OVERALL_GROUP, counts.overall)]
    return _csv(
        ["group", "total", *SETTINGS],
        ([safe_cell(g), c.total, *c.counts.values()] for g, c in rows),
    )
