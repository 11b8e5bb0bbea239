"""The yearly quality assurance report's snapshot: all submitted audits of a date range by
audit type, team and month, the practice weeks in it, the recurring themes and the drafts of
the self-evaluation, in a fixed number of queries whatever the number of rows."""

from datetime import date, datetime

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import TruncMonth

from audits.models import Audit, AuditQuerySet, AuditType
from audits.summary import GradeSummary, grade_summary
from observations.models import Observation, ServiceUserFeedback
from practiceweek.grades import OVERALL_GROUP, GradeTableRow, grade_table
from practiceweek.models import PracticeWeek, Team, Visit
from reports.models import Report, ThemeWording
from reports.snapshot import SCHEMA, AnnualSnapshot, ThemeRow

from . import common
from .rules import merge_themes, months_between
from .sef import Evidence, sef_drafts


def annual_snapshot(report: Report, *, now: datetime) -> AnnualSnapshot:
    """Everything the yearly report of `report.date_from`..`report.date_to` (inclusive) shows,
    as plain JSON. Raises ValueError for a week report. A year with no audits gives zeros."""
    start, end = report.date_from, report.date_to
    if report.kind != Report.Kind.ANNUAL or start is None or end is None:
        raise ValueError("a yearly report needs its dates")
    audits = Audit.objects.submitted().filter(audited_on__range=(start, end))
    observations = Observation.objects.submitted().filter(observed_on__range=(start, end))
    by_type = grade_summary(by="audit_type", date_from=start, date_to=end)
    by_team = grade_summary(by="team", date_from=start, date_to=end)
    weeks = list(
        PracticeWeek.objects.filter(start_date__range=(start, end))
        .order_by("start_date", "pk")
        .values_list("title", "start_date", "end_date")
    )
    visited, visits = common.visited_places(Visit.objects.filter(date__range=(start, end)))
    # The year's places: teams visited, and teams whose files were audited or work observed.
    worked_in = common.team_places(
        Team.objects.filter(
            Q(pk__in=audits.values("team_id")) | Q(pk__in=observations.values("team_id"))
        )
    )
    strengths, areas = _themes(report, start, end, audits)
    action_plan = common.action_plan(report)
    overall = by_type.overall.as_dict(OVERALL_GROUP)
    activity = common.activity(
        start=start,
        end=end,
        places=visited | worked_in,
        visits=visits,
        files_audited=by_type.overall.total,
        audits=audits,
        observations=observations,
    )
    by_audit_type = _by_audit_type(by_type)
    quotes = common.chosen_quotes(
        ServiceUserFeedback.objects.filter(observation__in=observations), report
    )
    drafts = sef_drafts(
        Evidence(
            start=start,
            end=end,
            overall=overall,
            by_audit_type=by_audit_type,
            weeks=[title for title, _, _ in weeks],
            teams=len(activity["teams"]),
            observations=activity["observations"],
            practitioners_seen=activity["practitioners_seen"],
            service_user_voices=activity["service_user_voices"],
            strengths=strengths,
            areas=areas,
            action_plan=action_plan,
        )
    )
    return {
        "schema": SCHEMA,
        "kind": "annual",
        "generated_at": now.isoformat(),
        "council": settings.COUNCIL_NAME,
        "narrative": common.narrative(report, sef_drafts=drafts),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "activity": activity,
        "by_audit_type": by_audit_type,
        "by_team": [table.as_dict(group) for group, table in by_team.rows],
        "by_month": _by_month(audits, start, end),
        "overall": overall,
        "weeks": [
            {"title": title, "start": first.isoformat(), "end": last.isoformat()}
            for title, first, last in weeks
        ],
        "strengths": strengths,
        "areas": areas,
        "moderation": None,  # filled in by the moderation issue, when it lands
        "sef_drafts": drafts,
        "action_plan": action_plan,
        "quotes": quotes.included,
        "readiness": common.report_readiness(
            report, action_plan=action_plan, quotes=quotes, week_status=None
        ),
    }


def _by_audit_type(summary: GradeSummary) -> list[GradeTableRow]:
    """Every audit type in its usual order, by its label; zeros where none was submitted."""
    found = dict(summary.rows)
    return [found.get(kind.value, grade_table({})).as_dict(kind.label) for kind in AuditType]


def _by_month(audits: AuditQuerySet, start: date, end: date) -> list[GradeTableRow]:
    """Every month of the period in order ("2026-03"), zeros where none: one query."""
    found = common.grouped_grade_tables(
        audits.annotate(month=TruncMonth("audited_on")).values("month")
    )
    tables = {f"{row['month']:%Y-%m}": table for row, table in found}
    return [
        tables.get(month, grade_table({})).as_dict(month) for month in months_between(start, end)
    ]


def _themes(
    report: Report, start: date, end: date, audits: AuditQuerySet
) -> tuple[list[ThemeRow], list[ThemeRow]]:
    """The tags on observations of the practice weeks starting in the period, merged with the
    areas of practice its audits graded."""
    in_weeks = Observation.objects.submitted().filter(week__start_date__range=(start, end))
    tag_strengths, tag_areas = common.observation_tag_themes(in_weeks)
    audit_strengths, audit_areas = common.audit_section_themes(audits)
    wordings = common.theme_wordings(report)
    return (
        merge_themes(tag_strengths, audit_strengths, wordings[ThemeWording.Kind.STRENGTH]),
        merge_themes(tag_areas, audit_areas, wordings[ThemeWording.Kind.AREA]),
    )
