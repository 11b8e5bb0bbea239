"""End to end through a real broker and worker: Build PDF is queued, a Celery worker on the
broker (Redis in CI) builds it, and the stored PDF holds the grade table's numbers."""

import io
import time

import pytest
from django.db import connection
from pypdf import PdfReader

from reports import services, tasks
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
    # Published here rather than on commit (tests/reports/test_build_services.py covers that):
    # this test is about the worker, and must not hang on the state of the test's connection.
    build = services.build_request(world.report, world.qa, enqueue=False)
    assert build.status == "queued"
    tasks.build_report_task.delay(build.pk)

    def finished() -> bool:
        return not ReportBuild.objects.get(pk=build.pk).is_active

    if not _wait_for(finished):
        stuck = ReportBuild.objects.get(pk=build.pk)
        pytest.fail(
            f"the worker did not finish the build: {stuck.status}, attempt {stuck.attempts}, "
            f"started {stuck.started_at}, error {stuck.error!r}; in an atomic block: "
            f"{connection.in_atomic_block}, waiting on commit: {len(connection.run_on_commit)}"
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
