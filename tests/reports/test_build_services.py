"""Building a report's PDF (reports/services/builds.py and reports/tasks.py): one active build
per report, an idempotent run that stores its snapshot before drawing, failures in words and a
retry as the next version, the task's retries and the sweeper that recovers lost builds.

`build_world()` and `add_audits()` are shared with the other report tests."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from practiceweek.models import PracticeWeek, Role, Team, User
from reports import gather, rendering, services, tasks
from reports.models import Report, ReportBuild
from tests.factories import (
    AuditFactory,
    CaseFileFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SUBMITTED_AT = datetime(2026, 11, 24, 10, tzinfo=UTC)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@dataclass
class World:
    week: PracticeWeek
    team: Team
    qa: User
    report: Report


def add_audits(week: PracticeWeek, team: Team, *grades: str) -> None:
    for grade in grades:
        AuditFactory(
            week=week,
            case_file=CaseFileFactory(team=team),
            status="submitted",
            overall_grade=grade,
            submitted_at=SUBMITTED_AT,
        )


def build_world(username: str = "report.lead") -> World:
    """A closed week of Social Work, Assessment Team 1: four audits (1 Outstanding, 2 Good,
    1 Requires improvement: 75% good or outstanding), its report and a QA lead."""
    qa = UserFactory(role=Role.QA_ADMIN, username=username, first_name="Quinn", last_name="Lead")
    service = ServiceFactory(name="Social Work")
    team = TeamFactory(service=service, name="Assessment Team 1")
    week = PracticeWeekFactory(
        title="November practice week",
        slug="november-2026",
        services=[service],
        status=PracticeWeek.Status.CLOSED,
    )
    add_audits(week, team, "outstanding", "good", "good", "requires_improvement")
    report = services.report_create_week(week=week, user=qa)
    return World(week=week, team=team, qa=qa, report=report)


@pytest.fixture
def world() -> World:
    return build_world()


def _stored(build: ReportBuild) -> ReportBuild:
    return ReportBuild.objects.get(pk=build.pk)


# --- Requesting ---------------------------------------------------------------------------------


def test_a_request_queues_the_next_version_and_enqueues_after_commit(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(tasks.build_report_task, "delay", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        build = services.build_request(world.report, world.qa)
    assert (build.number, build.status, build.attempts) == (1, "queued", 0)
    assert sent == []  # nothing is published before the transaction commits
    for callback in callbacks:
        callback()
    assert sent == [(build.pk,)]


def test_a_second_request_while_one_is_active_returns_it_and_starts_nothing(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(tasks.build_report_task, "delay", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        first = services.build_request(world.report, world.qa)
        second = services.build_request(world.report, UserFactory(role=Role.QA_ADMIN))
    assert second.pk == first.pk
    assert ReportBuild.objects.count() == 1
    assert sent == [(first.pk,)]


def test_the_database_refuses_a_second_active_build(world):
    ReportBuild.objects.create(report=world.report, number=1, requested_by=world.qa)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportBuild.objects.create(
            report=world.report, number=2, requested_by=world.qa, status="building"
        )


def test_a_request_that_loses_the_race_returns_the_winner(world, monkeypatch):
    """Between the check and the insert another request created the active build."""
    winner = ReportBuild.objects.create(report=world.report, number=1, requested_by=world.qa)
    calls = iter([None, winner])
    monkeypatch.setattr(services.builds, "_active_build", lambda report: next(calls))
    assert services.build_request(world.report, world.qa, enqueue=False).pk == winner.pk


# --- Running ------------------------------------------------------------------------------------


def test_a_run_stores_snapshot_pdf_and_page_count(world):
    build = services.build_request(world.report, world.qa, enqueue=False)
    services.build_run(build.pk, now=NOW)
    stored = _stored(build)
    assert stored.status == "ready"
    assert (stored.attempts, stored.started_at, stored.error) == (1, NOW, "")
    assert stored.finished_at is not None
    assert bytes(stored.pdf).startswith(b"%PDF-")
    assert stored.page_count and stored.page_count >= 2
    assert stored.snapshot["kind"] == "week"
    assert stored.snapshot["generated_at"].startswith("2026-12-01")
    assert stored.snapshot["audit_grades"]["overall"]["total"] == 4


def test_running_a_build_twice_changes_nothing(world):
    build = services.build_request(world.report, world.qa, enqueue=False)
    services.build_run(build.pk, now=NOW)
    first = _stored(build)
    again = services.build_run(build.pk, now=NOW + timedelta(hours=1))
    second = _stored(build)
    assert again.status == "ready"
    assert (second.attempts, second.finished_at, bytes(second.pdf)) == (
        first.attempts,
        first.finished_at,
        bytes(first.pdf),
    )


def test_a_build_another_worker_is_running_is_left_alone(world):
    build = services.build_request(world.report, world.qa, enqueue=False)
    ReportBuild.objects.filter(pk=build.pk).update(
        status="building", started_at=NOW - timedelta(minutes=1), attempts=1
    )
    services.build_run(build.pk, now=NOW)
    stored = _stored(build)
    assert (stored.status, stored.attempts, stored.pdf) == ("building", 1, None)


def test_a_stale_building_build_is_taken_over_as_a_new_attempt(world):
    build = services.build_request(world.report, world.qa, enqueue=False)
    ReportBuild.objects.filter(pk=build.pk).update(
        status="building", started_at=NOW - timedelta(minutes=30), attempts=1
    )
    services.build_run(build.pk, now=NOW)
    stored = _stored(build)
    assert (stored.status, stored.attempts, stored.started_at) == ("ready", 2, NOW)


def test_the_snapshot_is_stored_before_the_pdf_is_drawn(world, monkeypatch):
    seen = {}

    def render(snapshot):
        seen["stored"] = ReportBuild.objects.get(pk=build.pk).snapshot
        return b"%PDF-1.7 fake", 1

    monkeypatch.setattr(rendering, "render_pdf", render)
    build = services.build_request(world.report, world.qa, enqueue=False)
    services.build_run(build.pk, now=NOW)
    assert seen["stored"]["audit_grades"]["overall"]["total"] == 4


def test_a_later_attempt_draws_the_snapshot_already_stored(world, monkeypatch):
    build = services.build_request(world.report, world.qa, enqueue=False)
    kept = {**gather.snapshot_for(world.report, now=NOW), "council": "Kept Council"}
    ReportBuild.objects.filter(pk=build.pk).update(snapshot=kept)
    drawn = []
    monkeypatch.setattr(rendering, "render_pdf", lambda s: (drawn.append(s), (b"%PDF-", 1))[1])
    services.build_run(build.pk, now=NOW)
    assert drawn[0]["council"] == "Kept Council"


def test_later_data_leaves_a_built_version_unchanged(world):
    build = services.build_request(world.report, world.qa, enqueue=False)
    services.build_run(build.pk, now=NOW)
    before = _stored(build)
    add_audits(world.week, world.team, "inadequate", "inadequate")
    world.report.title = "A new title"
    world.report.save(update_fields=["title"])

    second = services.build_request(world.report, world.qa, enqueue=False)
    services.build_run(second.pk, now=NOW + timedelta(days=1))
    after = _stored(build)
    assert after.snapshot == before.snapshot
    assert bytes(after.pdf) == bytes(before.pdf)
    assert after.snapshot["audit_grades"]["overall"]["total"] == 4
    newer = _stored(second)
    assert newer.number == 2
    assert newer.snapshot["audit_grades"]["overall"]["total"] == 6
    assert newer.snapshot["narrative"]["title"] == "A new title"


def test_a_week_with_no_audits_builds_a_report_that_says_so(world):
    empty = PracticeWeekFactory(title="Empty week", slug="empty-week")
    report = services.report_create_week(week=empty, user=world.qa)
    build = services.build_request(report, world.qa, enqueue=False)
    services.build_run(build.pk, now=NOW)
    stored = _stored(build)
    assert stored.status == "ready"
    assert stored.snapshot["activity"]["files_audited"] == 0
    assert bytes(stored.pdf).startswith(b"%PDF-")


# --- Failing and trying again -------------------------------------------------------------------


def test_a_drawing_error_fails_the_build_with_a_reason_in_words(world, monkeypatch, caplog):
    def broken(snapshot):
        raise ValueError("secret words the QA lead typed")

    monkeypatch.setattr(rendering, "render_pdf", broken)
    build = services.build_request(world.report, world.qa, enqueue=False)
    services.build_run(build.pk, now=NOW)
    stored = _stored(build)
    assert stored.status == "failed"
    assert stored.error.startswith("The PDF could not be drawn (ValueError). Try again")
    assert stored.snapshot is not None  # kept: what the drawing was given
    assert "secret words" not in stored.error
    assert "secret words" not in caplog.text  # the error's type and place only


def test_a_data_error_fails_the_build_with_a_reason_in_words(world, monkeypatch):
    def broken(report, *, now):
        raise KeyError("grade")

    monkeypatch.setattr(gather, "snapshot_for", broken)
    build = services.build_request(world.report, world.qa, enqueue=False)
    services.build_run(build.pk, now=NOW)
    stored = _stored(build)
    assert stored.status == "failed"
    assert "figures could not be gathered" in stored.error
    assert stored.snapshot is None


def test_trying_again_after_a_failure_builds_the_next_version(world, monkeypatch):
    monkeypatch.setattr(rendering, "render_pdf", lambda s: 1 / 0)
    failed = services.build_request(world.report, world.qa, enqueue=False)
    services.build_run(failed.pk, now=NOW)
    monkeypatch.undo()

    retry = services.build_request(world.report, world.qa, enqueue=False)
    services.build_run(retry.pk, now=NOW)
    assert (retry.number, _stored(retry).status) == (2, "ready")
    assert _stored(failed).status == "failed"  # every version is kept


def test_a_time_out_fails_the_build(world, monkeypatch):
    def slow(snapshot):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(rendering, "render_pdf", slow)
    build = services.build_request(world.report, world.qa, enqueue=False)
    services.build_run(build.pk, now=NOW)
    stored = _stored(build)
    assert (stored.status, stored.error) == ("failed", services.builds.TOO_LONG)


def test_a_transient_error_puts_the_build_back_in_the_queue_and_propagates(world, monkeypatch):
    def down(snapshot):
        raise OSError("disk full")

    monkeypatch.setattr(rendering, "render_pdf", down)
    build = services.build_request(world.report, world.qa, enqueue=False)
    with pytest.raises(OSError, match="disk full"):
        services.build_run(build.pk, now=NOW)
    stored = _stored(build)
    assert (stored.status, stored.attempts) == ("queued", 1)


def test_a_build_out_of_attempts_fails_when_delivered_again(world):
    build = services.build_request(world.report, world.qa, enqueue=False)
    ReportBuild.objects.filter(pk=build.pk).update(attempts=services.MAX_ATTEMPTS)
    services.build_run(build.pk, now=NOW)
    stored = _stored(build)
    assert (stored.status, stored.error) == ("failed", services.DID_NOT_FINISH)


# --- The task -----------------------------------------------------------------------------------


@pytest.fixture
def eager_retries():
    """Eager tasks run their retries at once, unless errors propagate (the test setting)."""
    from practiceweek.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def test_the_task_retries_transient_errors_then_succeeds(world, monkeypatch, eager_retries):
    real = rendering.render_pdf
    failures = iter([OperationalError("server closed the connection"), OSError("busy")])

    def flaky(snapshot):
        error = next(failures, None)
        if error is not None:
            raise error
        return real(snapshot)

    monkeypatch.setattr(rendering, "render_pdf", flaky)
    build = services.build_request(world.report, world.qa, enqueue=False)
    tasks.build_report_task.delay(build.pk)  # eager in tests: retries run at once
    stored = _stored(build)
    assert (stored.status, stored.attempts) == ("ready", 3)


def test_the_task_fails_the_build_when_retries_run_out(world, monkeypatch, eager_retries):
    def down(snapshot):
        raise OSError("still down")

    monkeypatch.setattr(rendering, "render_pdf", down)
    build = services.build_request(world.report, world.qa, enqueue=False)
    tasks.build_report_task.delay(build.pk)
    stored = _stored(build)
    assert stored.status == "failed"
    assert stored.error == services.builds.UNAVAILABLE
    assert stored.attempts == tasks.MAX_RETRIES + 1


def test_the_task_twice_is_one_build(world):
    build = services.build_request(world.report, world.qa, enqueue=False)
    tasks.build_report_task.delay(build.pk)
    finished = _stored(build).finished_at
    assert tasks.build_report_task.delay(build.pk).get() == "ready"
    assert (_stored(build).attempts, _stored(build).finished_at) == (1, finished)


def test_the_build_task_is_configured_for_safe_delivery():
    task = tasks.build_report_task
    assert task.acks_late is True
    assert 0 < task.soft_time_limit < task.time_limit
    assert timedelta(seconds=task.time_limit) < services.STALE_BUILDING
    assert [tasks.retry_delay(n) for n in range(3)] == [10, 20, 40]
    assert tasks.retry_delay(10) == 300


def test_the_sweeper_is_on_the_beat_schedule(settings):
    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "reports.tasks.builds_recover_stale_task" in entries


# --- Recovering lost builds -----------------------------------------------------------------------


def _build(world: World, number: int, **fields) -> ReportBuild:
    report = Report.objects.create(
        kind="annual",
        date_from=datetime(2026, 1, 1).date(),
        date_to=datetime(2026, 12, 31).date(),
        title=f"Year {number}",
        created_by=world.qa,
    )
    build = ReportBuild.objects.create(report=report, number=1, requested_by=world.qa)
    ReportBuild.objects.filter(pk=build.pk).update(**fields)
    return ReportBuild.objects.get(pk=build.pk)


def test_the_sweeper_requeues_lost_and_dead_builds_and_fails_the_hopeless(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    now = timezone.now()
    lost = _build(world, 1, queued_at=now - timedelta(minutes=5))
    fresh = _build(world, 2, queued_at=now - timedelta(seconds=30))
    dead = _build(
        world,
        3,
        status="building",
        attempts=1,
        queued_at=now - timedelta(minutes=20),
        started_at=now - timedelta(minutes=15),
    )
    running = _build(world, 4, status="building", attempts=1, started_at=now - timedelta(minutes=3))
    exhausted = _build(
        world,
        5,
        status="building",
        attempts=services.MAX_ATTEMPTS,
        started_at=now - timedelta(minutes=15),
    )
    ancient = _build(world, 6, queued_at=now - timedelta(hours=2))
    done = _build(world, 7, status="ready", started_at=now - timedelta(hours=3))
    sent = []
    monkeypatch.setattr(tasks.build_report_task, "delay", lambda *args: sent.append(args[0]))

    with django_capture_on_commit_callbacks(execute=True):
        recovery = services.builds_recover_stale(now)

    assert sorted(recovery.requeued) == sorted([lost.pk, dead.pk])
    assert sorted(recovery.failed) == sorted([exhausted.pk, ancient.pk])
    assert sorted(sent) == sorted([lost.pk, dead.pk])
    for build in (exhausted, ancient):
        stored = _stored(build)
        assert (stored.status, stored.error) == ("failed", "The build did not finish: try again.")
    assert _stored(fresh).status == "queued"
    assert _stored(running).status == "building"
    assert _stored(done).status == "ready"


def test_a_dead_build_requeued_by_the_sweeper_is_finished_by_the_worker(
    world, django_capture_on_commit_callbacks
):
    """The worker died mid-build: the sweeper's new message is claimed as attempt 2."""
    build = services.build_request(world.report, world.qa, enqueue=False)
    long_ago = timezone.now() - timedelta(minutes=20)
    ReportBuild.objects.filter(pk=build.pk).update(
        status="building", attempts=1, started_at=long_ago, queued_at=long_ago
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.builds_recover_stale_task.delay()  # eager: the requeued build runs at once
    stored = _stored(build)
    assert (stored.status, stored.attempts) == ("ready", 2)


def test_a_build_never_stays_building_forever(world, monkeypatch):
    """Each attempt's worker dies: after MAX_ATTEMPTS the sweeper fails the build."""
    build = services.build_request(world.report, world.qa, enqueue=False)
    monkeypatch.setattr(tasks.build_report_task, "delay", lambda *args: None)
    moment = timezone.now()
    for _ in range(services.MAX_ATTEMPTS):
        assert services.builds._claim(build.pk, moment) is not None  # taken, then the worker dies
        moment += timedelta(minutes=11)
        services.builds_recover_stale(moment)
    stored = _stored(build)
    assert (stored.status, stored.attempts) == ("failed", services.MAX_ATTEMPTS)
    assert stored.error == "The build did not finish: try again."


# --- Publishing -----------------------------------------------------------------------------------


def test_publishing_a_ready_version_records_who_and_when(world):
    build = services.build_request(world.report, world.qa, enqueue=False)
    build = services.build_run(build.pk, now=NOW)
    keys = [item.key for item in services.build_unfinished(_stored(build))]
    published = services.build_publish(build=build, user=world.qa, confirmed=keys, now=NOW)
    assert (published.published_at, published.published_by) == (NOW, world.qa)
    again = services.build_publish(build=build, user=UserFactory(), now=NOW + timedelta(days=1))
    assert (again.published_at, again.published_by) == (NOW, world.qa)  # idempotent


def test_a_version_that_is_not_ready_cannot_be_published(world):
    from django.core.exceptions import ValidationError

    build = services.build_request(world.report, world.qa, enqueue=False)
    with pytest.raises(ValidationError, match="Only a version that is ready"):
        services.build_publish(build=build, user=world.qa)
    assert _stored(build).published_at is None
