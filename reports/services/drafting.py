"""Creating reports and saving what the QA lead writes: the narrative, the wording of themes and
the action plan, saved together under one `Report.version` (optimistic locking: a save based on
an older version is refused with `practiceweek.drafts.DraftConflict`, never silently
overwritten)."""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format

from practiceweek import drafts
from practiceweek.models import PracticeWeek, User

from ..models import ActionPlanItem, Report, ThemeWording

logger = logging.getLogger(__name__)  # ids and events only: never what was written

WEEK_HAS_REPORT = "This practice week already has a report."
DATES_OUT_OF_ORDER = "The end date must be on or after the start date."


# --- What the forms hand over ---------------------------------------------------------------


@dataclass(frozen=True)
class NarrativeInput:
    title: str
    panel_name: str
    meeting_date: date | None
    asked_to_consider: str
    purpose: str
    voices_summary: str
    what_next: str
    # The yearly report's self-evaluation answers; None leaves them as they are (week reports).
    sef_quality: str | None = None
    sef_evidence: str | None = None
    sef_plans: str | None = None

    def fields(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v is not None or k == "meeting_date"}


@dataclass(frozen=True)
class ThemeWordingInput:
    kind: str  # ThemeWording.Kind
    tag_name: str
    wording: str  # "" removes the wording


@dataclass(frozen=True)
class ActionItemInput:
    item_id: int | None  # None for a row added on the page
    category: str
    issue: str
    action: str
    risk: str
    priority: str
    due_on: date | None
    responsible: str
    delete: bool = False


@dataclass(frozen=True)
class ReportInput:
    narrative: NarrativeInput
    wordings: list[ThemeWordingInput] = field(default_factory=list)
    actions: list[ActionItemInput] = field(default_factory=list)


# --- Creating reports -------------------------------------------------------------------------


def week_title(week: PracticeWeek) -> str:
    return f"Practice week report: {week.title}"[:200]


def annual_title(date_from: date, date_to: date) -> str:
    start, end = date_format(date_from, "j F Y"), date_format(date_to, "j F Y")
    return f"Quality assurance report: {start} to {end}"


def report_create_week(*, week: PracticeWeek, user: User) -> Report:
    """The scrutiny report of a practice week; one per week.

    Raises ValidationError (on `week`) when the week already has one.
    """
    if Report.objects.filter(kind=Report.Kind.WEEK, week=week).exists():
        raise ValidationError({"week": WEEK_HAS_REPORT})
    try:
        with transaction.atomic():
            report = Report.objects.create(
                kind=Report.Kind.WEEK,
                week=week,
                title=week_title(week),
                panel_name=settings.SCRUTINY_PANEL_NAME,
                purpose=week.purpose,
                created_by=user,
            )
    except IntegrityError as exc:  # created by someone else at the same moment
        raise ValidationError({"week": WEEK_HAS_REPORT}) from exc
    logger.info("report %s created for week %s by user %s", report.pk, week.pk, user.pk)
    return report


def report_create_annual(*, date_from: date, date_to: date, user: User, title: str = "") -> Report:
    """A yearly quality assurance report of any date range (several may share one).

    Raises ValidationError (on `date_to`) when the dates are out of order.
    """
    if date_to < date_from:
        raise ValidationError({"date_to": DATES_OUT_OF_ORDER})
    report = Report.objects.create(
        kind=Report.Kind.ANNUAL,
        date_from=date_from,
        date_to=date_to,
        title=title.strip() or annual_title(date_from, date_to),
        panel_name=settings.SCRUTINY_PANEL_NAME,
        created_by=user,
    )
    logger.info("report %s created (annual) by user %s", report.pk, user.pk)
    return report


def report_get_or_create_week(*, week: PracticeWeek, user: User) -> Report:
    """The week's report, created if missing (the command line)."""
    report = Report.objects.filter(kind=Report.Kind.WEEK, week=week).first()
    if report is not None:
        return report
    try:
        return report_create_week(week=week, user=user)
    except ValidationError:  # created meanwhile
        return Report.objects.get(kind=Report.Kind.WEEK, week=week)


def report_get_or_create_annual(*, date_from: date, date_to: date, user: User) -> Report:
    """The latest yearly report of exactly these dates, created if missing (the command line)."""
    report = (
        Report.objects.filter(kind=Report.Kind.ANNUAL, date_from=date_from, date_to=date_to)
        .order_by("-created_at", "-pk")
        .first()
    )
    return report or report_create_annual(date_from=date_from, date_to=date_to, user=user)


# --- Saving the narrative ---------------------------------------------------------------------


def report_save(
    *,
    report: Report,
    user: User,
    data: ReportInput,
    expected_version: int,
) -> Report:
    """Save the narrative, the wording of themes and the action plan together; bump the version.

    All or nothing: raises DraftConflict when `expected_version` is stale and ValidationError
    when an action row no longer belongs to the report; either way nothing is saved.
    """
    with transaction.atomic():
        locked = drafts.lock(Report.objects.all(), report)
        drafts.fresh_version(locked, expected_version=expected_version, changes_nothing=False)
        changed = data.narrative.fields()
        for name, value in changed.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save(update_fields=[*changed, "version", "updated_at"])
        _save_wordings(locked, data.wordings)
        _save_actions(locked, data.actions)
    logger.info("report %s saved by user %s (v%s)", locked.pk, user.pk, locked.version)
    return locked


def _save_wordings(report: Report, wordings: list[ThemeWordingInput]) -> None:
    # Themes match whatever their case, as the report's data matches them (reports.gather).
    existing = {(w.kind, w.tag_name.casefold()): w for w in report.theme_wordings.all()}
    for item in wordings:
        current = existing.get((item.kind, item.tag_name.casefold()))
        text = item.wording.strip()
        if not text:
            if current is not None:
                current.delete()
        elif current is None:
            ThemeWording.objects.create(
                report=report, kind=item.kind, tag_name=item.tag_name, wording=text
            )
        elif current.wording != text:
            current.wording = text
            current.save(update_fields=["wording"])


def _save_actions(report: Report, actions: list[ActionItemInput]) -> None:
    existing = {a.pk: a for a in report.action_items.all()}
    missing = {a.item_id for a in actions if a.item_id is not None} - set(existing)
    if missing:
        raise ValidationError("An action plan row was removed meanwhile: reload the page.")
    for order, item in enumerate(actions, start=1):
        if item.delete:
            if item.item_id is not None:
                existing[item.item_id].delete()
            continue
        row = existing[item.item_id] if item.item_id is not None else ActionPlanItem(report=report)
        for name in ("category", "issue", "action", "risk", "priority", "due_on", "responsible"):
            setattr(row, name, getattr(item, name))
        row.order = order
        row.save()
