"""Background work of the reports app: building a PDF, and the beat job that recovers builds
whose message or worker was lost (reports/services/builds.py says how)."""

from celery import Task, shared_task
from django.utils import timezone

from .services import TRANSIENT_ERRORS, build_fail, build_run, builds_recover_stale
from .services.builds import UNAVAILABLE

# A week report renders in a few seconds (a 100-page one in about five); the limits only stop
# a runaway. Both stay well below services.STALE_BUILDING, so the sweeper never takes over a
# build that is still allowed to run.
SOFT_TIME_LIMIT = 240  # seconds: the build is failed with "took too long"
HARD_TIME_LIMIT = 300  # seconds: the worker process is killed; the sweeper recovers the build
MAX_RETRIES = 3


def retry_delay(retries: int) -> int:
    """Seconds before retry number `retries` + 1: 10, 20, 40 ..., at most 5 minutes."""
    return min(10 * 2**retries, 300)


@shared_task(
    bind=True,
    acks_late=True,  # a worker that dies mid-build leaves the message to be delivered again
    max_retries=MAX_RETRIES,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=HARD_TIME_LIMIT,
)
def build_report_task(self: Task, build_id: int) -> str:
    """Build one version of a report (idempotent: a duplicate delivery changes nothing)."""
    try:
        return build_run(build_id).status
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= MAX_RETRIES:
            build_fail(build_id, UNAVAILABLE)
            return "failed"
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc


@shared_task
def builds_recover_stale_task() -> dict[str, list[int]]:
    """Beat job: queue again, or fail, builds that were lost or whose worker died."""
    recovery = builds_recover_stale(timezone.now())
    return {"requeued": recovery.requeued, "failed": recovery.failed}
