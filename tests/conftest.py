"""Shared fixtures. Services the tests need (PostgreSQL, Redis, Chromium) skip with a reason on
a machine without them, and fail instead when CI is set."""

import os
from typing import Any

import pytest

from practiceweek.models import Role
from tests.factories import UserFactory

IN_CI = bool(os.environ.get("CI"))


def require(available: bool, reason: str) -> None:
    """Skip a test whose service is missing; in CI a missing service is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _demo_allowed(monkeypatch):
    """Tests may build the demo council; `seed_demo` refuses without DEMO=true (issue 9)."""
    monkeypatch.setenv("DEMO", "true")


@pytest.fixture
def qa_admin(db):
    return UserFactory(role=Role.QA_ADMIN, username="qa.lead")


@pytest.fixture
def practitioner(db):
    return UserFactory(role=Role.PRACTITIONER)


@pytest.fixture
def service_manager(db):
    return UserFactory(role=Role.SERVICE_MANAGER)


@pytest.fixture(scope="session")
def _celery_worker_thread(django_db_setup, django_db_blocker):
    """One real Celery worker (a thread of this test process) for the whole session.

    One per process, warmed up before any test uses it: in CI the first task a freshly started
    worker should run was now and then taken off the queue and never run (cause not found).
    In CI the broker must be Redis; elsewhere the embedded filesystem broker serves.
    """
    from celery.contrib.testing.worker import start_worker

    from practiceweek import health
    from practiceweek.celery import app

    broker = str(app.conf.broker_url)
    if IN_CI:
        assert broker.startswith("redis://"), f"CI must run the worker on Redis, not {broker}"
    require(health.broker_status() == "ok", f"no broker answers at {broker.split('@')[-1]}")
    # Start from an empty queue: a message left by an earlier run (the broker outlives it)
    # must not be taken for a test's, nor stand in front of it.
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(app.conf.task_default_queue)
    # Import every app's tasks first, as `celery worker` does: the worker learns its tasks when
    # it starts, and rejects a message for a task imported later as "unregistered".
    # Unblocked: importing the tasks runs Django's model checks, the worker's start-up closes
    # old connections, and the warm-up task reads the database.
    with django_db_blocker.unblock():
        app.loader.import_default_modules()
        assert "reports.tasks.build_report_task" in app.tasks
        worker = start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING")
        worker.__enter__()
        _warm_up(app)
    try:
        yield app
    finally:
        with django_db_blocker.unblock():
            worker.__exit__(None, None, None)


def _warm_up(app: Any, attempts: int = 3, wait: float = 30.0) -> None:
    """Run one harmless task through the broker and wait until the worker has run it, so the
    worker's first task (seen now and then to go missing in CI just after start-up) is never a
    test's."""
    import threading
    import uuid

    from celery.signals import task_postrun

    done = threading.Event()
    ids: set[str] = set()

    def finished(task_id: str | None = None, **kwargs: Any) -> None:
        if task_id in ids:
            done.set()

    task_postrun.connect(finished, weak=False)
    app.conf.task_always_eager = False
    try:
        for _ in range(attempts):
            task_id = str(uuid.uuid4())
            ids.add(task_id)
            app.send_task("audits.tasks.escalations_resend_task", task_id=task_id)
            if done.wait(wait):
                return
        pytest.fail(f"the test worker ran none of {attempts} warm-up tasks")
    finally:
        app.conf.task_always_eager = True
        task_postrun.disconnect(finished)


@pytest.fixture
def real_celery_worker(transactional_db, _celery_worker_thread):
    """The session's real worker, with eager mode off for the test: tasks reach it only
    through the broker."""
    app = _celery_worker_thread
    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        app.conf.task_always_eager = True


@pytest.fixture
def quick_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in for WeasyPrint in tests about everything but the PDF itself (the demo seed
    builds a report: drawing it for real adds a second to every seed)."""
    from reports import rendering

    monkeypatch.setattr(rendering, "render_pdf", lambda snapshot: (b"%PDF-1.7 test", 3))
