"""The practice week scrutiny report's snapshot, from the database in a fixed number of
queries whatever the number of audits, observations, tags or feedback."""

from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet

from audits.models import Audit
from audits.summary import OBSERVATIONS, GradeSummary, grade_summary, observation_counts
from observations.case_examples import approved_case_examples
from observations.models import ServiceUserFeedback, Setting
from observations.themes import week_observations, week_themes
from practiceweek.grades import OVERALL_GROUP, GradeTableRow, combine
from practiceweek.models import PracticeWeek
from reports.models import Report, ThemeWording
from reports.snapshot import (
    SCHEMA,
    GradeTables,
    ObservationCount,
    ThemeRow,
    WeekSnapshot,
)
from reports.trajectory import SERIES_WEEKS, four_week_series, trajectory_rows

from . import common
from .rules import merge_themes


def week_snapshot(report: Report, *, now: datetime) -> WeekSnapshot:
    """Everything the scrutiny report of `report.week` shows, as plain JSON.

    Raises ValueError for a yearly report. A week with no audits or observations gives zeros,
    empty tables and an overall table of zeros.
    """
    week = report.week
    if report.kind != Report.Kind.WEEK or week is None:
        raise ValueError("a practice week scrutiny report needs its practice week")
    audits = Audit.objects.submitted().filter(week=week)
    observations = week_observations(week)
    audit_grades = _grade_tables(
        grade_summary(by="service", week=week), grade_summary(by="team", week=week)
    )
    earlier = _earlier_weeks(week)
    current = _by_group(audit_grades["by_service"], audit_grades["overall"])
    previous = earlier[-1] if earlier else None
    places, visits = common.visited_places(week.visits.all())
    strengths, areas = _themes(report, week, audits)
    feedback = ServiceUserFeedback.objects.filter(observation__in=observations)
    quotes = common.chosen_quotes(feedback, report)
    action_plan = common.action_plan(report)
    return {
        "schema": SCHEMA,
        "kind": "week",
        "generated_at": now.isoformat(),
        "council": settings.COUNCIL_NAME,
        "narrative": common.narrative(report),
        "week": {
            "title": week.title,
            "slug": week.slug,
            "start": week.start_date.isoformat(),
            "end": week.end_date.isoformat(),
        },
        "activity": common.activity(
            start=week.start_date,
            end=week.end_date,
            places=places,
            visits=visits,
            files_audited=int(audit_grades["overall"]["total"]),
            audits=audits,
            observations=observations,
        ),
        "audit_grades": audit_grades,
        "trajectory": trajectory_rows(
            audit_grades["by_service"],
            audit_grades["overall"],
            previous[1] if previous else None,
        ),
        "previous_week": previous[0] if previous else None,
        "trajectory_series": four_week_series([*earlier, (week.title, current)]),
        "observations_graded": week.observations_graded,
        "observation_grades": _observation_grades(week) if week.observations_graded else None,
        "observation_counts": _observation_counts(week),
        "strengths": strengths,
        "areas": areas,
        "case_examples": common.case_example_rows(approved_case_examples(week=week)),
        "voices": common.voices(feedback, audits, observations, quotes=quotes),
        "action_plan": action_plan,
        "readiness": common.report_readiness(
            report, action_plan=action_plan, quotes=quotes, week_status=week.status
        ),
    }


def _grade_tables(by_service: GradeSummary, by_team: GradeSummary) -> GradeTables:
    return {
        "by_service": [table.as_dict(group) for group, table in by_service.rows],
        "by_team": [table.as_dict(group) for group, table in by_team.rows],
        "overall": by_service.overall.as_dict(OVERALL_GROUP),
    }


def _by_group(rows: list[GradeTableRow], overall: GradeTableRow) -> dict[str, GradeTableRow]:
    return {**{row["group"]: row for row in rows}, OVERALL_GROUP: overall}


def _earlier_weeks(week: PracticeWeek) -> list[tuple[str, dict[str, GradeTableRow]]]:
    """Up to three practice weeks before `week` with submitted audits, oldest first, each with
    its grade table per service and overall: two queries."""
    submitted = Audit.objects.submitted()
    earlier = list(
        PracticeWeek.objects.filter(
            start_date__lt=week.start_date, pk__in=submitted.values("week_id")
        )
        .order_by("-start_date", "-pk")
        .values_list("pk", "title")[: SERIES_WEEKS - 1]
    )
    if not earlier:
        return []
    found = common.grouped_grade_tables(
        submitted.filter(week__in=[pk for pk, _ in earlier]).values(
            "week_id", "team__service__name"
        )
    )
    weeks = []
    for pk, title in reversed(earlier):
        tables = {row["team__service__name"]: t for row, t in found if row["week_id"] == pk}
        rows = [table.as_dict(name) for name, table in tables.items()]
        weeks.append((title, _by_group(rows, combine(tables.values()).as_dict(OVERALL_GROUP))))
    return weeks


def _observation_grades(week: PracticeWeek) -> GradeTables:
    return _grade_tables(
        grade_summary(by="service", kind=OBSERVATIONS, week=week),
        grade_summary(by="team", kind=OBSERVATIONS, week=week),
    )


def _observation_counts(week: PracticeWeek) -> list[ObservationCount]:
    """Observations per service and setting (settings in their order), those that took place."""
    counted = observation_counts(week=week, by="service")
    return [
        {"service": service, "setting": Setting(setting).label, "count": count}
        for service, row in counted.rows
        for setting, count in row.counts.items()
        if count
    ]


def _themes(
    report: Report, week: PracticeWeek, audits: QuerySet[Audit]
) -> tuple[list[ThemeRow], list[ThemeRow]]:
    """What we do well and where we need to improve: the week's tagged observation themes
    (`week_themes`) merged with the areas of practice its audits graded."""
    tagged = week_themes(week)
    audit_strengths, audit_areas = common.audit_section_themes(audits)
    wordings = common.theme_wordings(report)
    strengths = merge_themes(
        {tag.name: tag.observations for tag in tagged.do_well.tags},
        audit_strengths,
        wordings[ThemeWording.Kind.STRENGTH],
    )
    areas = merge_themes(
        {tag.name: tag.observations for tag in tagged.improve.tags},
        audit_areas,
        wordings[ThemeWording.Kind.AREA],
    )
    return strengths, areas
