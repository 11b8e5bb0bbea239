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

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

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

PAST_NARRATIVE = {
    "asked_to_consider": (
        "The panel is asked to:\n\n"
        "- note what the practice week found: the grades of the case files audited, what "
        "observers saw of practice and what children, parents and carers told us;\n"
        "- consider where practice needs to improve, above all the visibility of management "
        "oversight and the quality of plans, and challenge the pace of the action plan;\n"
        "- agree to receive a progress report on the action plan at its next meeting."
    ),
    "purpose": (
        "Practice weeks are how senior leaders find out for themselves what life is like for "
        "children and families in Northbridge, and how well our practice helps them. Twice a "
        "year every senior manager spends days in frontline teams: they audit case files "
        "together with the allocated worker, observe practice on visits and in meetings, "
        "and give feedback on the spot.\n\n"
        "This week looked above all at the voice of the child and the quality of assessments, "
        "the two areas our last self-evaluation said we needed to know more about. This report "
        "sets out what we found, what we do well, where we need to improve and what we will do "
        "about it."
    ),
    "voices_summary": (
        "Almost every child, parent and carer who spoke to observers said their worker "
        "treated them well or very well. They valued being listened to, being told plainly "
        "what happens next, and workers who come back when they say they will. The few who "
        "were less sure wanted the same things: to know what happens next, and not to tell "
        "their story again to a new worker.\n\n"
        "Practitioners told us that the collaborative audits were the most useful part of the "
        "week, and many wrote a reflection on their feedback. In the assessment teams they "
        "also told us, consistently, that caseloads leave too little time for direct work."
    ),
    "what_next": (
        "Every practitioner and Team Manager has had their feedback, and case actions from the "
        "audits are followed up in supervision. The action plan is owned by the Heads of "
        "Service and reviewed monthly at the Quality Assurance Board.\n\n"
        "The next practice week will test whether management oversight and planning have "
        "improved, and will look at how well we respond to neglect. Its report comes to the "
        "panel in the same form, with the trajectory of each service against this week."
    ),
}

LIVE_NARRATIVE = {
    "asked_to_consider": (
        "The panel is asked to:\n\n"
        "- note the findings of the practice week;\n"
        "- consider whether management oversight and planning have improved since the last "
        "practice week."
    ),
    "purpose": (
        "Auditors picked files at random while sitting in the teams, and spent days outside "
        "their own service. The week asks whether management oversight and planning have "
        "improved since the last practice week, and how well we respond to neglect."
    ),
}

# The wording of themes, by kind and theme (a tag of the week, or an area of practice the
# audits graded); the most frequent themes of each kind that have one get it.
WORDINGS: dict[str, dict[str, str]] = {
    ThemeWording.Kind.STRENGTH: {
        "Multi-agency working": (
            "Partners are part of the work, not copied in: on most files schools, health and "
            "the police contributed to the assessment and the plan, and observers saw chairs "
            "hold partners to account kindly but clearly."
        ),
        "The voice and lived experience of the child": (
            "Children are seen, and seen alone: their wishes and feelings are recorded in "
            "their own words and, on the best files, visibly change the plan."
        ),
        "Assessment quality and analysis": (
            "Assessments are up to date and draw on every agency's information; the strongest "
            "analyse the history and the risks and lead clearly to the plan."
        ),
        "Recording": (
            "Records are up to date and written to the child in plain words; case summaries "
            "let a new worker understand the child's story quickly."
        ),
        "Impact and outcomes": (
            "Most files show that the work made a difference: the child is safer, goes to "
            "school more often, or the family gets the help it needs."
        ),
        "Voice of the child": (
            "Practitioners work directly with children and tell observers what the child said "
            "before turning to the adults."
        ),
        "Direct work tools": (
            "Practitioners use direct work tools creatively to help children say what life "
            "is like for them, at their own pace."
        ),
        "Planning": "Good plans are SMART, reviewed on time and understood by the family.",
        "Management oversight and supervision": (
            "Where oversight is strong, the manager's decision and the reasons for it are on "
            "the child's file within days."
        ),
    },
    ThemeWording.Kind.AREA: {
        "Management oversight and supervision": (
            "Management oversight is not always visible: on many files, decisions made in "
            "supervision were not recorded on the child's file, or were recorded without the "
            "reasons for them."
        ),
        "Multi-agency working": (
            "Partners' contributions are uneven: health information was missing from some "
            "assessments, and core groups sometimes met without the school."
        ),
        "Planning": (
            "Too many plans say 'monitor' and 'support' without saying who will do what by "
            "when, and contingency plans are often unclear."
        ),
        "Recording": (
            "Recording falls behind when caseloads rise: some case notes were weeks late and "
            "chronologies were not kept up to date."
        ),
        "Assessment quality and analysis": (
            "Some assessments describe rather than analyse, and are not updated when the "
            "family's circumstances change."
        ),
        "Caseloads": (
            "Practitioners in the assessment teams told observers that their caseloads leave "
            "too little time for direct work and for reflection."
        ),
        "The voice and lived experience of the child": (
            "On some files the child's own words are missing, or the child was not seen alone."
        ),
        "Impact and outcomes": (
            "On some files it is not clear what difference the work has made for the child."
        ),
        "Supervision quality": (
            "Supervision is too often case management alone; practitioners want time to "
            "reflect on what life is like for the child."
        ),
    },
}


@dataclass(frozen=True)
class ActionSpec:
    category: str
    issue: str
    action: str
    risk: str
    priority: str
    due_after: timedelta  # from the week's last day
    responsible: str  # a role, never a name


OVERSIGHT, PLANNING, WORKFORCE = (
    "Management oversight and supervision",
    "Planning",
    "Workforce and caseloads",
)
ACTIONS = (
    ActionSpec(
        OVERSIGHT,
        "Decisions made in supervision are often not recorded on the child's file, or are "
        "recorded without the reasons for them.",
        "Team Managers record each supervision decision and its reasons on the child's file "
        "within five working days, using the revised supervision template; Service Managers "
        "check five files a month and report to the Quality Assurance Board.",
        "Drift and delay go unnoticed, and children stay at risk for longer than they should.",
        ActionPlanItem.Priority.HIGH,
        timedelta(weeks=8),
        "Head of Service, Social Work",
    ),
    ActionSpec(
        OVERSIGHT,
        "Practitioners in several teams described supervision as case management alone, with "
        "little time to reflect.",
        "Reflective supervision training for every Team Manager; the Principal Social Worker "
        "observes a supervision session in each team and feeds back.",
        "Practitioners' thinking about risk is not challenged, and staff feel unsupported and "
        "leave.",
        ActionPlanItem.Priority.MEDIUM,
        timedelta(weeks=16),
        "Principal Social Worker",
    ),
    ActionSpec(
        PLANNING,
        "Plans too often say 'monitor' and 'support' without owners or timescales; "
        "contingency plans are unclear.",
        "Re-issue the planning guidance with examples from this week's audits; child "
        "protection chairs and IROs return any plan that is not SMART.",
        "Families do not know what is expected of them, and progress or drift cannot be measured.",
        ActionPlanItem.Priority.HIGH,
        timedelta(weeks=10),
        "Head of Service, Social Work",
    ),
    ActionSpec(
        PLANNING,
        "Reviews of early help plans were late on a number of files.",
        "A monthly list of reviews due and overdue goes to each Team Manager in Early "
        "Intervention, and overdue reviews are discussed at the service's performance meeting.",
        "Families wait for help to change, and needs escalate to statutory services.",
        ActionPlanItem.Priority.MEDIUM,
        timedelta(weeks=6),
        "Head of Service, Early Intervention",
    ),
    ActionSpec(
        WORKFORCE,
        "Caseloads in the assessment teams are above the council's target, and practitioners "
        "say this leaves too little time for direct work.",
        "Review how work is allocated across the assessment teams, bring forward the "
        "recruitment of two social workers, and report caseloads monthly to the Director.",
        "Visits and direct work are squeezed, the child's voice weakens, and staff leave.",
        ActionPlanItem.Priority.HIGH,
        timedelta(weeks=12),
        "Director of Children's Services",
    ),
)


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
            ActionItemInput(
                item_id=None,
                category=spec.category,
                issue=spec.issue,
                action=spec.action,
                risk=spec.risk,
                priority=spec.priority,
                due_on=week.end_date + spec.due_after,
                responsible=spec.responsible,
            )
            for spec in ACTIONS
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
