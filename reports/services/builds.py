"""Building a report's PDF: request a version, run it (the Celery task's and the command's body),
publish it, and recover builds whose worker died.

A build goes queued → building → ready, or failed with a reason in words. The database row is
the record of pending work: the task only carries its id, so a lost message, a killed worker or
a broker outage is noticed by `builds_recover_stale` (run by beat every minute) and the build
is queued again, up to MAX_ATTEMPTS, then failed with DID_NOT_FINISH: never left "building".

Every write of a running build names the attempt that claimed it: a worker whose build was
taken over (it was presumed dead) finds nothing to write and stops.
"""

import logging
import traceback
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from practiceweek.models import PracticeWeek, User
from practiceweek.queueing import enqueue_after_commit

from .. import gather, readiness, rendering
from ..models import Report, ReportBuild
from ..snapshot import Snapshot

logger = logging.getLogger(__name__)  # ids, stages and error types only: never report text

# Errors that may pass by themselves (disk, network, a database restart): retried by the task.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OSError, OperationalError)
# A build normally takes seconds. One queued this long without a worker taking it, or
# building this long, is presumed lost (the task's hard time limit is well below this).
STALE_QUEUED = timedelta(minutes=2)
STALE_BUILDING = timedelta(minutes=10)
# Past this, a build still not finished is failed whatever its attempts (the broker is down).
GIVE_UP_AFTER = timedelta(hours=1)
MAX_ATTEMPTS = 4  # claims by a worker: the first try and three more

DID_NOT_FINISH = "The build did not finish: try again."
TOO_LONG = "The build took too long and was stopped: try again."
UNAVAILABLE = (
    "The database or the disk was unavailable while building, even after several tries: "
    "try again in a few minutes."
)
NOT_READY = "Only a version that is ready can be published."
WITHDRAWN = "This version was withdrawn: build a new version to publish it again."
NOT_PUBLISHED = "Only a published version can be withdrawn."
REASON_NEEDED = "Say why this version is withdrawn: the reason is kept with it."


class _Failed(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class _Superseded(Exception):
    """Another attempt took the build over (this worker was presumed dead): stop quietly."""


# --- Requesting a build -----------------------------------------------------------------------


def build_request(report: Report, user: User, *, enqueue: bool = True) -> ReportBuild:
    """Version n+1 of the report, queued; the task is enqueued after commit.

    While a build is queued or building, returns that one instead: a second "Build PDF" (a
    double click, a second tab) never starts a duplicate. `enqueue=False` leaves running it to
    the caller (the command line runs it at once).
    """
    with transaction.atomic():
        # Requests for one report queue up here; the partial unique constraint backs it.
        Report.objects.select_for_update().filter(pk=report.pk).first()
        active = _active_build(report)
        if active is not None:
            return active
        number = (report.builds.aggregate(last=Max("number"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                build = ReportBuild.objects.create(report=report, number=number, requested_by=user)
        except IntegrityError:
            active = _active_build(report)
            if active is None:
                raise
            return active
        if enqueue:
            from ..tasks import build_report_task

            enqueue_after_commit(build_report_task, build.pk)
    logger.info("report %s build v%s requested by user %s", report.pk, number, user.pk)
    return build


def _active_build(report: Report) -> ReportBuild | None:
    return report.builds.active().defer("pdf", "snapshot").first()


# --- Running a build --------------------------------------------------------------------------


def build_run(build_id: int, *, now: datetime | None = None) -> ReportBuild:
    """Claim the build, gather its snapshot, render the PDF, store both; mark it ready.

    Idempotent: a build that is ready or failed is left alone, and so is one another worker
    is building (unless that one is stale: then it is taken over). Each claim counts an
    attempt; past MAX_ATTEMPTS the build fails with DID_NOT_FINISH. The snapshot is stored
    before rendering, and a later attempt reuses it, so every attempt draws the same data.

    A failure of the data or the drawing marks the build failed with the reason in words.
    Transient errors (TRANSIENT_ERRORS) put the build back in the queue and propagate, for the
    task to retry.
    """
    now = now or timezone.now()
    claimed = _claim(build_id, now)
    if claimed is None:
        return ReportBuild.objects.defer("pdf").get(pk=build_id)
    build, attempt = claimed
    try:
        snapshot = build.snapshot or _gather(build, attempt, now)
        pdf, pages = _render(build, snapshot)
        _write(
            build,
            attempt,
            status=ReportBuild.Status.READY,
            pdf=pdf,
            page_count=pages,
            is_draft=readiness.snapshot_is_draft(snapshot),
        )
    except _Superseded:
        logger.warning("report build %s: attempt %s was taken over", build.pk, attempt)
    except _Failed as failure:
        _write(build, attempt, status=ReportBuild.Status.FAILED, error=failure.reason)
    except SoftTimeLimitExceeded:
        logger.error("report build %s: stopped at the time limit", build.pk)
        _write(build, attempt, status=ReportBuild.Status.FAILED, error=TOO_LONG)
    except TRANSIENT_ERRORS as exc:
        logger.warning("report build %s: transient %s", build.pk, type(exc).__name__)
        _release(build, attempt)
        raise
    return ReportBuild.objects.defer("pdf").get(pk=build_id)


def _claimable(build: ReportBuild, now: datetime) -> bool:
    if build.status == ReportBuild.Status.QUEUED:
        return True
    if build.status != ReportBuild.Status.BUILDING:
        return False  # ready or failed: done
    # Building: another worker has it, unless it has been at it so long it must have died.
    return build.started_at is None or build.started_at <= now - STALE_BUILDING


def _claim(build_id: int, now: datetime) -> tuple[ReportBuild, int] | None:
    with transaction.atomic():
        build = (
            ReportBuild.objects.select_for_update(of=("self",))
            .select_related("report__week")
            .defer("pdf")
            .filter(pk=build_id)
            .first()
        )
        if build is None or not _claimable(build, now):
            return None
        if build.attempts >= MAX_ATTEMPTS:
            _fail_now(build, DID_NOT_FINISH)
            logger.error("report build %s failed after %s attempts", build.pk, build.attempts)
            return None
        build.status = ReportBuild.Status.BUILDING
        build.started_at = now
        build.attempts += 1
        build.error = ""
        build.save(update_fields=["status", "started_at", "attempts", "error"])
    logger.info("report build %s: attempt %s started", build.pk, build.attempts)
    return build, build.attempts


def _where(build: ReportBuild, attempt: int) -> QuerySet[ReportBuild]:
    """This attempt's build, if it still holds it."""
    return ReportBuild.objects.filter(
        pk=build.pk, status=ReportBuild.Status.BUILDING, attempts=attempt
    )


def _gather(build: ReportBuild, attempt: int, now: datetime) -> Snapshot:
    failed = "The report's figures could not be gathered from the data"
    with _failing_as(build, "gathering the data", failed):
        snapshot = gather.snapshot_for(build.report, now=now)
    # Stored before rendering: the PDF is drawn from exactly what is kept.
    if not _where(build, attempt).update(snapshot=snapshot):
        raise _Superseded
    return snapshot


def _render(build: ReportBuild, snapshot: Snapshot) -> tuple[bytes, int]:
    with _failing_as(build, "drawing the PDF", "The PDF could not be drawn"):
        pdf = rendering.render_pdf(snapshot)
    return pdf


@contextmanager
def _failing_as(build: ReportBuild, stage: str, what_failed: str) -> Iterator[None]:
    """An error in `stage` fails the build, saying `what_failed` and the error's type; transient
    errors and the time limit pass through (retried, or failed as TOO_LONG)."""
    try:
        yield
    except (*TRANSIENT_ERRORS, SoftTimeLimitExceeded):
        raise
    except Exception as exc:
        _log_failure(build, stage, exc)
        raise _Failed(
            f"{what_failed} ({type(exc).__name__}). Try again; if it fails again, tell the "
            "system administrator."
        ) from exc


def _write(build: ReportBuild, attempt: int, *, status: str, **fields: Any) -> None:
    """Finish this attempt: ready with the PDF, or failed with the reason."""
    done = _where(build, attempt).update(status=status, finished_at=timezone.now(), **fields)
    if done:
        logger.info("report build %s: %s after attempt %s", build.pk, status, attempt)
    else:
        logger.warning("report build %s: attempt %s was taken over", build.pk, attempt)


def _release(build: ReportBuild, attempt: int) -> None:
    """Back to the queue for the task's retry (or the sweeper, if this write fails too)."""
    try:
        _where(build, attempt).update(status=ReportBuild.Status.QUEUED)
    except TRANSIENT_ERRORS:
        logger.warning("report build %s: could not be put back in the queue", build.pk)


def _log_failure(build: ReportBuild, stage: str, exc: Exception) -> None:
    """Where it failed (file, line, function) and the error's type: never its message, which
    may quote what was written in the report."""
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    where = " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in frames)
    logger.error("report build %s failed %s: %s at %s", build.pk, stage, type(exc).__name__, where)


def build_fail(build_id: int, reason: str) -> bool:
    """Mark an active build failed with `reason` (words); False if it was no longer active."""
    with transaction.atomic():
        build = ReportBuild.objects.select_for_update().defer("pdf").filter(pk=build_id).first()
        if build is None or not build.is_active:
            return False
        _fail_now(build, reason)
    logger.error("report build %s failed: %s", build_id, reason)
    return True


def _fail_now(build: ReportBuild, reason: str) -> None:
    build.status = ReportBuild.Status.FAILED
    build.error = reason
    build.finished_at = timezone.now()
    build.save(update_fields=["status", "error", "finished_at"])


# --- Recovering lost builds -------------------------------------------------------------------


@dataclass
class Recovery:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def builds_recover_stale(now: datetime) -> Recovery:
    """Queue again every build lost on its way (queued longer than STALE_QUEUED) or whose
    worker died (building longer than STALE_BUILDING); fail those out of attempts or older
    than GIVE_UP_AFTER with DID_NOT_FINISH. Returns the ids of each.

    A requeued build that is in fact still in the broker's queue is harmless: whichever
    delivery comes second finds it claimed and leaves it alone.
    """
    from ..tasks import build_report_task

    stale = Q(status=ReportBuild.Status.QUEUED, queued_at__lte=now - STALE_QUEUED) | Q(
        Q(started_at__isnull=True) | Q(started_at__lte=now - STALE_BUILDING),
        status=ReportBuild.Status.BUILDING,
    )
    recovery = Recovery()
    with transaction.atomic():
        builds = (
            ReportBuild.objects.select_for_update(skip_locked=True)
            .filter(stale)
            .only("pk", "status", "attempts", "queued_at", "started_at")
            .order_by("pk")
        )
        for build in builds:
            if build.attempts >= MAX_ATTEMPTS or build.queued_at <= now - GIVE_UP_AFTER:
                _fail_now(build, DID_NOT_FINISH)
                recovery.failed.append(build.pk)
            else:
                enqueue_after_commit(build_report_task, build.pk)
                recovery.requeued.append(build.pk)
    if recovery.requeued or recovery.failed:
        logger.warning(
            "stale report builds: requeued %s, failed %s", recovery.requeued, recovery.failed
        )
    return recovery


# --- Publishing -------------------------------------------------------------------------------


def build_unfinished(build: ReportBuild) -> list[readiness.Unfinished]:
    """What was unfinished when the version was built (kept in its snapshot)."""
    return readiness.from_json((build.snapshot or {}).get("readiness"))


def build_publish(
    *,
    build: ReportBuild,
    user: User,
    confirmed: Collection[str] = (),
    now: datetime | None = None,
) -> ReportBuild:
    """Publish a ready version to the scrutiny panel; the latest published is the current one.

    Publishing is deliberate: each item unfinished when the version was built
    (`build_unfinished`) must be named in `confirmed` by its key, or ValidationError (on
    "confirm", naming what is missing) and nothing changes. Idempotent: publishing a published
    version changes nothing. A closed practice week whose report is published moves on to
    "reported". Raises ValidationError for a version that is not ready or was withdrawn.
    """
    with transaction.atomic():
        locked = ReportBuild.objects.select_for_update().defer("pdf").get(pk=build.pk)
        if locked.status != ReportBuild.Status.READY:
            raise ValidationError(NOT_READY)
        if locked.withdrawn_at is not None:
            raise ValidationError(WITHDRAWN)
        if locked.published_at is None:
            missing = readiness.missing_confirmations(build_unfinished(locked), list(confirmed))
            if missing:
                raise ValidationError({"confirm": [_unconfirmed(missing)]})
            locked.published_at = now or timezone.now()
            locked.published_by = user
            locked.save(update_fields=["published_at", "published_by"])
            # A closed week whose report reaches the panel has been reported.
            PracticeWeek.objects.filter(
                reports__pk=locked.report_id, status=PracticeWeek.Status.CLOSED
            ).update(status=PracticeWeek.Status.REPORTED)
            logger.info("report build %s published by user %s", locked.pk, user.pk)
    return locked


def _unconfirmed(missing: list[str]) -> str:
    return (
        "Tick each unfinished item to publish this version anyway, or finish it and build "
        f"again. Not confirmed: {'; '.join(missing)}."
    )


def build_withdraw(
    *, build: ReportBuild, user: User, reason: str, now: datetime | None = None
) -> ReportBuild:
    """Withdraw a published version: the panel stops seeing it at once (`published()` leaves
    it out); who, when and why are kept. Raises ValidationError (on "reason") without a
    reason, and for a version never published. Withdrawing again changes nothing."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [REASON_NEEDED]})
    with transaction.atomic():
        locked = ReportBuild.objects.select_for_update().defer("pdf", "snapshot").get(pk=build.pk)
        if locked.published_at is None:
            raise ValidationError(NOT_PUBLISHED)
        if locked.withdrawn_at is None:
            locked.withdrawn_at = now or timezone.now()
            locked.withdrawn_by = user
            locked.withdrawal_reason = reason
            locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
            logger.info("report build %s withdrawn by user %s", locked.pk, user.pk)
    return locked
