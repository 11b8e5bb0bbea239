"""The demo council's scrutiny reports: the past week's, written by the QA lead, built and
published to the panel, and the live week's, in draft.

Both are made through the reports app's own services, as the QA lead would on screen: the
report and its narrative (`report_create_week`, `report_save`), then version 1 of the past
week's PDF, built at once through the code the Celery task runs (`build_request` with
`enqueue=False`, `build_run`) and published (`build_publish`). Its times are put back in the
past, after the week closed: the demo's past happened in the past.

A report the demo finds is left as it is, so whatever was written or built in the demo
stands: a second run the same day changes nothing and builds no second version. When the weeks
have moved on (a later day), the dates written in the reports (the meeting, the action plan,
a title naming the month) move with them, and the past week's report gets a new published
version, drawn from the week as it is now. The narrative names no date, so it never goes stale.
"""

import json
import logging
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypedDict, cast

from django.utils import timezone

from practiceweek.demo.common import at
from practiceweek.demo.data import LIVE_WEEK_SLUG, PAST_WEEK_SLUG, QA_STAFF_USERNAME
from practiceweek.models import PracticeWeek, User
from reports import gather
from reports.models import ActionPlanItem, Report, ReportBuild, ThemeWording
from reports.quoting import NOTHING_FOUND
from reports.selectors import report_quotes
from reports.services import (
    ActionItemInput,
    NarrativeInput,
    QuoteChoice,
    ReportInput,
    ThemeWordingInput,
    build_publish,
    build_request,
    build_run,
    build_unfinished,
    quotes_review,
    report_create_week,
    report_save,
    week_title,
)

logger = logging.getLogger(__name__)

# Counted from the week's last day (a Friday).
WRITTEN_AFTER = timedelta(days=3)  # the QA lead drafted it the Monday after
BUILT_AFTER = timedelta(days=10)  # built the Monday after next ...
PUBLISHED_AFTER = timedelta(days=11)  # ... and published the next morning
DEMO_QUOTES = 6  # families' words the demo's QA lead includes in the published report
MEETING_AFTER = timedelta(days=34)  # the panel meets on a Thursday, five weeks on
BUILT_AT, PUBLISHED_AT, WRITTEN_AT = time(14, 0), time(9, 30), time(11, 0)
WORDED_THEMES = 3  # the QA lead words the most frequent themes of each kind


# What the QA lead wrote -----------------------------------------------------------------------
# Data, in `demo.json` next to this file: edit the words there. The narratives name no date; a
# theme's wording is keyed by its kind ("strength", "area") and the theme (a tag of the week, or
# an area of practice the audits graded); the most frequent themes of each kind that have one
# get it. An action is due a number of weeks after the week's last day.

DEMO_FILE = Path(__file__).with_name("demo.json")


class ActionWording(TypedDict):
    """An action plan row as the report form takes it; `responsible` is a role, never a name."""

    category: str
    issue: str
    action: str
    risk: str
    priority: str
    responsible: str


def _action(raw: dict[str, Any]) -> tuple[timedelta, ActionWording]:
    """(when it is due, counted from the week's last day; what it says)."""
    wording = {key: value for key, value in raw.items() if key != "due_after_weeks"}
    return timedelta(weeks=raw["due_after_weeks"]), cast(ActionWording, wording)


def load_written(path: Path = DEMO_FILE) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


_WRITTEN = load_written()
PAST_NARRATIVE: dict[str, str] = _WRITTEN["past_narrative"]
LIVE_NARRATIVE: dict[str, str] = _WRITTEN["live_narrative"]
WORDINGS: dict[str, dict[str, str]] = _WRITTEN["wordings"]
ACTIONS = tuple(_action(raw) for raw in _WRITTEN["actions"])


# Writing --------------------------------------------------------------------------------------


def reports_sync(*, today: date) -> None:
    """Make the two demo weeks' reports if missing; move their dates when the weeks moved;
    build and publish the past week's report unless a published version shows the week as it
    is. Runs after the audits and observations: the report is drawn from them. The reports'
    dates follow the weeks', not `today`."""
    slugs = [PAST_WEEK_SLUG, LIVE_WEEK_SLUG]
    weeks = {w.slug: w for w in PracticeWeek.objects.filter(slug__in=slugs)}
    qa_lead = User.objects.filter(username=QA_STAFF_USERNAME).first()
    if qa_lead is None or len(weeks) < len(slugs):
        return
    past_week, live_week = weeks[PAST_WEEK_SLUG], weeks[LIVE_WEEK_SLUG]
    found = {
        r.week_id: r for r in Report.objects.filter(kind=Report.Kind.WEEK, week__in=weeks.values())
    }
    past, live = found.get(past_week.pk), found.get(live_week.pk)
    moved = _moved_by(past, past_week) if past else None
    if moved:  # both weeks move together: they are set from the same Monday
        for report, week in ((past, past_week), (live, live_week)):
            if report is not None:
                _move(report, week, moved)
    past = past or _past_report_create(past_week, qa_lead)
    if live is None:
        _live_report_create(live_week, qa_lead)
    if not _is_published(past, past_week):
        _build_and_publish(past, past_week, qa_lead)


def _past_report_create(week: PracticeWeek, qa_lead: User) -> Report:
    report = report_create_week(week=week, user=qa_lead)
    data = ReportInput(
        narrative=_narrative(report, week, PAST_NARRATIVE),
        wordings=_wordings(report),
        actions=[
            ActionItemInput(item_id=None, due_on=week.end_date + due_after, **wording)
            for due_after, wording in ACTIONS
        ],
    )
    report = report_save(report=report, user=qa_lead, data=data, expected_version=report.version)
    written = at(week.end_date + WRITTEN_AFTER, WRITTEN_AT)
    Report.objects.filter(pk=report.pk).update(created_at=written, updated_at=written)
    return report


def _live_report_create(week: PracticeWeek, qa_lead: User) -> Report:
    """A draft begun this week: the first sections written, the rest to come."""
    report = report_create_week(week=week, user=qa_lead)
    data = ReportInput(narrative=_narrative(report, week, LIVE_NARRATIVE))
    return report_save(report=report, user=qa_lead, data=data, expected_version=report.version)


def _narrative(report: Report, week: PracticeWeek, written: dict[str, str]) -> NarrativeInput:
    return NarrativeInput(
        title=report.title,
        panel_name=report.panel_name,
        meeting_date=panel_meets(week.end_date),
        asked_to_consider=written.get("asked_to_consider", ""),
        purpose=written.get("purpose", ""),
        voices_summary=written.get("voices_summary", ""),
        what_next=written.get("what_next", ""),
    )


def panel_meets(last_day: date) -> date:
    """When the panel discusses the report of a week ending on `last_day`: a Thursday about
    five weeks on, or three weeks later when that falls in the Christmas break."""
    meeting = last_day + MEETING_AFTER
    if not (1, 4) < (meeting.month, meeting.day) < (12, 19):
        meeting += timedelta(weeks=3)
    return meeting


def _wordings(report: Report) -> list[ThemeWordingInput]:
    """The QA lead's wording of the week's most frequent themes of each kind (as the report
    ranks them) that the demo has words for."""
    snapshot = gather.snapshot_for(report, now=timezone.now())
    ranked = {
        ThemeWording.Kind.STRENGTH: snapshot["strengths"],
        ThemeWording.Kind.AREA: snapshot["areas"],
    }
    wordings = []
    for kind, rows in ranked.items():
        worded = [row["theme"] for row in rows if row["theme"] in WORDINGS[kind]]
        wordings += [
            ThemeWordingInput(kind=kind, tag_name=theme, wording=WORDINGS[kind][theme])
            for theme in worded[:WORDED_THEMES]
        ]
    return wordings


def _moved_by(report: Report, week: PracticeWeek) -> timedelta | None:
    """How far the week moved since its report's latest published version was built."""
    start = (
        report.builds.published()
        .order_by("-number")
        .values_list("snapshot__week__start", flat=True)
        .first()
    )
    if not start or date.fromisoformat(start) == week.start_date:
        return None
    return week.start_date - date.fromisoformat(start)


def _move(report: Report, week: PracticeWeek, moved: timedelta) -> None:
    """Move the report's dates with its week; a title or meeting date the demo gave it for the
    week's old dates becomes the one for the new dates."""
    fields = []
    if report.title == _demo_title(week.start_date - moved):
        report.title, fields = week_title(week), ["title"]
    if report.meeting_date == panel_meets(week.end_date - moved):
        report.meeting_date = panel_meets(week.end_date)
        fields.append("meeting_date")
    elif report.meeting_date:
        report.meeting_date += moved
        fields.append("meeting_date")
    if fields:  # as a save on screen would: a form open on the old dates must reload
        report.version += 1
        report.save(update_fields=[*fields, "version", "updated_at"])
    items = list(report.action_items.all())
    for item in items:
        item.due_on += moved
    ActionPlanItem.objects.bulk_update(items, ["due_on"])


def _demo_title(start: date) -> str:
    """The report's title as made for a demo week starting then (week_sync names the weeks)."""
    return week_title(PracticeWeek(title=f"Practice Week, {start:%B %Y}"))


def _is_published(report: Report, week: PracticeWeek) -> bool:
    """Published, in a version drawn from the week's present dates."""
    return (
        report.builds.published().filter(snapshot__week__start=week.start_date.isoformat()).exists()
    )


def _review_quotes(report: Report, qa_lead: User, *, reviewed: datetime) -> None:
    """The QA lead's choice of families' words: the first DEMO_QUOTES that the anonymity check
    finds nothing in are included, the rest left out. Choosing again gives the same choice."""
    page = report_quotes(report)
    clean: dict[str, int] = {}  # words -> the first feedback that said them
    for row in page.rows:
        if row.check == NOTHING_FOUND:
            clean.setdefault(" ".join(row.words.split()).casefold(), row.feedback_id)
    chosen = set(list(clean.values())[:DEMO_QUOTES])
    quotes_review(
        report=report,
        user=qa_lead,
        choices=[
            QuoteChoice(
                feedback_id=row.feedback_id,
                is_included=row.feedback_id in chosen,
                text_shortened="",
            )
            for row in page.rows
        ],
        now=reviewed,
    )


def _build_and_publish(report: Report, week: PracticeWeek, qa_lead: User) -> None:
    """Build the next version now, as the Celery task would, and publish it; all in the past.

    A build that fails stays on the report with its reason, as in the app; the next run
    tries again.
    """
    built = at(week.end_date + BUILT_AFTER, BUILT_AT)
    _review_quotes(report, qa_lead, reviewed=built - timedelta(hours=1))
    started = timezone.now()
    build = build_request(report, qa_lead, enqueue=False)
    build = build_run(build.pk, now=built)
    if build.status != ReportBuild.Status.READY:
        logger.error("demo report %s: version %s was not built", report.pk, build.number)
        return
    # The demo's QA lead confirms whatever is left unfinished, as the publish page asks.
    confirmed = [item.key for item in build_unfinished(build)]
    published = at(week.end_date + PUBLISHED_AFTER, PUBLISHED_AT)
    build_publish(build=build, user=qa_lead, confirmed=confirmed, now=published)
    took = timezone.now() - started
    ReportBuild.objects.filter(pk=build.pk).update(queued_at=built, finished_at=built + took)


# Counts ---------------------------------------------------------------------------------------


def report_counts(*, today: date) -> dict[str, int]:
    """What the summary of `seed_demo` prints about reports (the same any day)."""
    reports = Report.objects.filter(week__slug__in=[PAST_WEEK_SLUG, LIVE_WEEK_SLUG])
    published = (
        ReportBuild.objects.published()
        .filter(report__in=reports)
        .order_by("-published_at", "-number")
        .values_list("page_count", flat=True)
    )
    return {
        "scrutiny reports": reports.count(),
        "  published versions": published.count(),
        "  pages of the latest published version": published.first() or 0,
        "  drafts never built": reports.filter(builds__isnull=True).count(),
    }
