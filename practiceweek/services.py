"""Writes of the core app: each owns its transaction and enqueues tasks after commit."""

import secrets
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import selectors
from .models import FileSelection, PracticeWeek, SelectedFile, Team, User, Visit
from .queueing import enqueue_after_commit
from .scheduling import Slot, find_clashes, shift_into_week
from .selection import pick_files, selection_pool

MAX_FILES_PER_SELECTION = 20

_NEXT_STATUS = {
    PracticeWeek.Status.PLANNED: PracticeWeek.Status.LIVE,
    PracticeWeek.Status.LIVE: PracticeWeek.Status.CLOSED,
    PracticeWeek.Status.CLOSED: PracticeWeek.Status.REPORTED,
}


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, clamped to the month's end (31 Aug - 6 = 28/29 Feb)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def file_selection_create(
    *,
    auditor: User,
    team: Team,
    count: int,
    visit: Visit | None = None,
    seed: int | None = None,
    today: date | None = None,
) -> FileSelection:
    """Pick `count` open files of the team at random and record the draw.

    Leaves out closed files, files audited within SELECTION_EXCLUDE_AUDITED_MONTHS, and files
    already picked, audited or started (a draft, by anyone) in the same practice week.
    Raises ValidationError when none are left.
    """
    if not 1 <= count <= MAX_FILES_PER_SELECTION:
        raise ValidationError({"count": f"Choose between 1 and {MAX_FILES_PER_SELECTION} files."})
    today = today or timezone.localdate()
    since = months_before(today, settings.SELECTION_EXCLUDE_AUDITED_MONTHS)
    week = visit.week if visit else None
    seed = secrets.randbits(48) if seed is None else seed
    with transaction.atomic():
        # Lock the team row so two auditors in one team cannot draw the same file at once.
        Team.objects.select_for_update().filter(pk=team.pk).first()
        pool = selection_pool(
            selectors.selection_candidates(team=team, audited_since=since, week=week),
            taken=selectors.files_worked_on(team=team, week=week),
        )
        picked = pick_files(pool, count=count, seed=seed) if pool else []
        if not picked:
            raise ValidationError(
                {
                    "count": "There are no open files left to pick in this team: every open file "
                    "was audited recently or has already been picked or audited this week."
                }
            )
        selection = FileSelection.objects.create(
            visit=visit,
            week=week,
            team=team,
            auditor=auditor,
            requested=count,
            seed=seed,
            excluded_since=since,
            candidate_references=sorted(pool),
        )
        ids = dict(
            team.case_files.filter(case_reference__in=picked).values_list("case_reference", "pk")
        )
        SelectedFile.objects.bulk_create(
            SelectedFile(selection=selection, case_file_id=ids[ref], position=n)
            for n, ref in enumerate(picked, start=1)
        )
    return selection


def week_advance_status(*, week: PracticeWeek) -> PracticeWeek:
    """Move a week one step: planned → live → closed → reported.

    Going live e-mails every visitor a link to their timetable, after the commit.
    """
    try:
        new_status = _NEXT_STATUS[PracticeWeek.Status(week.status)]
    except KeyError as exc:
        raise ValidationError("A reported week is finished: its status cannot move on.") from exc
    with transaction.atomic():
        updated = PracticeWeek.objects.filter(pk=week.pk, status=week.status).update(
            status=new_status
        )
        if not updated:
            raise ValidationError("The week's status changed meanwhile; reload and try again.")
        week.status = new_status
        if new_status == PracticeWeek.Status.LIVE:
            from .tasks import week_timetable_notify_task  # noqa: PLC0415  (tasks import services)

            enqueue_after_commit(week_timetable_notify_task, week.pk)
    return week


@dataclass(frozen=True)
class CopyResult:
    created: int
    skipped_outside: int
    skipped_clash: int


def timetable_copy(*, source: PracticeWeek, target: PracticeWeek) -> CopyResult:
    """Copy the source week's visits into the target, at the same offset from the week's start.

    Visits that fall outside the target's dates, or would double-book a visitor (against the
    target's own visits or each other), are skipped and counted, never forced in.
    """
    if source.pk == target.pk:
        raise ValidationError("Choose a different week to copy from.")
    existing = [
        Slot(v.visitor_id, v.date, v.session, key=("old", v.pk))
        for v in target.visits.only("visitor_id", "date", "session")
    ]
    to_create: list[Visit] = []
    outside = clash = 0
    taken = list(existing)
    for visit in source.visits.order_by("date", "session", "pk"):
        day = shift_into_week(
            visit.date,
            source_start=source.start_date,
            target_start=target.start_date,
            target_end=target.end_date,
        )
        if day is None:
            outside += 1
            continue
        slot = Slot(visit.visitor_id, day, visit.session, key=("new", visit.pk))
        if find_clashes([*[s for s in taken if s.visitor_id == slot.visitor_id], slot]):
            clash += 1
            continue
        taken.append(slot)
        to_create.append(
            Visit(
                week=target,
                visitor_id=visit.visitor_id,
                team_id=visit.team_id,
                date=day,
                session=visit.session,
                purpose=visit.purpose,
                contact_id=visit.contact_id,
                notes=visit.notes,
            )
        )
    with transaction.atomic():
        Visit.objects.bulk_create(to_create)
    return CopyResult(created=len(to_create), skipped_outside=outside, skipped_clash=clash)
