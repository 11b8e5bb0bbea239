"""End to end through a real broker and worker: Build PDF is queued, a Celery worker on the
broker (Redis in CI) builds it, and the stored PDF holds the grade table's numbers."""

import io
import time

import pytest
from pypdf import PdfReader

from reports import services
from reports.models import ReportBuild
from tests.reports.test_build_services import build_world


def _wait_for(condition, timeout: float = 180.0) -> bool:
    # Generous: CI runs this beside the browser tests on two cores, and a transient database
    # error is retried after 10 s, then 20 s.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.broker
@pytest.mark.xdist_group("broker")  # one worker process owns the queue at a time
def test_a_real_worker_builds_the_pdf_with_the_tables_numbers(real_celery_worker):
    world = build_world()
    build = services.build_request(world.report, world.qa)  # enqueued on commit: at once here
    assert build.status == "queued"

    def finished() -> bool:
        return not ReportBuild.objects.get(pk=build.pk).is_active

    if not _wait_for(finished):
        stuck = ReportBuild.objects.get(pk=build.pk)
        with real_celery_worker.connection_for_write() as conn:
            waiting = conn.default_channel.client.llen(real_celery_worker.conf.task_default_queue)
        pytest.fail(
            f"the worker did not finish the build: {stuck.status}, attempt {stuck.attempts}, "
            f"started {stuck.started_at}, error {stuck.error!r}; messages waiting: {waiting}; "
            f"publishing to {real_celery_worker.pool.connection.as_uri()}, "
            f"conf {real_celery_worker.conf.broker_url}, "
            f"eager {real_celery_worker.conf.task_always_eager}"
        )
    stored = ReportBuild.objects.get(pk=build.pk)
    assert (stored.status, stored.attempts, stored.error) == ("ready", 1, "")
    reader = PdfReader(io.BytesIO(bytes(stored.pdf)))
    assert len(reader.pages) == stored.page_count
    text = " ".join(page.extract_text() for page in reader.pages)
    # Social Work's row of the grade table: 1 Outstanding, 2 Good, 1 Requires improvement.
    assert "Social Work 1 (25%) 2 (50%) 1 (25%) 0 (0%) 0 (0%) 4" in text
    assert "Of 4 files, 75% were good or outstanding" in text
    assert stored.snapshot["audit_grades"]["overall"]["total"] == 4
