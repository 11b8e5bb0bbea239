"""Observations in grade summaries: the graded kind `audits.summary` counts (registered in
`ObservationsConfig.ready()`), and, for a week whose observations are ungraded, observations
counted per group and setting."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from audits.summary import (
    SERVICE_COLUMNS,
    TEAM_COLUMNS,
    Kind,
    Source,
    check_grouping,
    csv_text,
    grouped,
    safe_cell,
)
from practiceweek.grades import NOT_APPLICABLE, OVERALL_GROUP
from practiceweek.models import PracticeWeek

from .models import Observation, Setting

OBSERVATIONS = "observations"


def _submitted(*, graded: bool) -> Source:
    observations = Observation.objects.submitted()
    return Source(
        rows=observations.filter(is_graded=True) if graded else observations,
        date_field="observed_on",
    )


OBSERVATION_KIND = Kind(
    source=lambda: _submitted(graded=True),
    groupings={"service": SERVICE_COLUMNS, "team": TEAM_COLUMNS, "setting": ("setting",)},
    # The overall grade of an observation is optional: none given counts as not graded.
    not_applicable=Q(overall_grade=NOT_APPLICABLE) | Q(overall_grade=""),
)

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
    check_grouping(OBSERVATIONS, by)
    counts = {setting: Count("pk", filter=Q(setting=setting)) for setting in SETTINGS}
    found = grouped(
        _submitted(graded=False),
        by=by,
        counts=counts,
        week=week,
        date_from=date_from,
        date_to=date_to,
    )
    rows = [(group, setting_counts(c)) for group, c in found]
    overall: Counter[str] = Counter()
    for _, row in rows:
        overall.update(row.counts)
    return ObservationCounts(week=week.slug, by=by, rows=rows, overall=setting_counts(overall))


def observation_counts_csv(counts: ObservationCounts) -> str:
    """The counts as CSV text: group, total, then one column per setting; then the "All" row."""
    rows = [*counts.rows, (OVERALL_GROUP, counts.overall)]
    return csv_text(
        ["group", "total", *SETTINGS],
        ([safe_cell(g), c.total, *c.counts.values()] for g, c in rows),
    )
