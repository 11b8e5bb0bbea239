"""No e-mail storms (issue 9, point 6): only work submitted in the app e-mails anyone or asks
anyone to acknowledge it, once; every beat job looks back NOTIFY_SWEEP_DAYS only.

Every test runs the Celery beat schedule itself (settings.CELERY_BEAT_SCHEDULE), so a job
added later is covered without touching this file.
"""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from audits import services
from audits.access import can_acknowledge_audit
from audits.models import Audit, CaseAction, Escalation, EscalationRecipient
from audits.selectors import feedback_waiting_count, home_audits
from audits.services import AuditInput
from observations.access import can_acknowledge_observation
from observations.models import Observation
from observations.selectors import observation_feedback_waiting_count
from practiceweek.celery import app
from practiceweek.demo import demo_seed
from practiceweek.drafts import Edit
from practiceweek.models import RecordSource, Role
from tests.factories import (
    AuditFactory,
    AuditTemplateFactory,
    CaseActionFactory,
    CaseFileFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)


def run_every_beat_job() -> int:
    """Run each job of the beat schedule once, as the worker would (tasks run inline in tests,
    so what a job queues runs too); the number of e-mails they sent."""
    app.loader.import_default_modules()
    before = len(mail.outbox)
    assert settings.CELERY_BEAT_SCHEDULE
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        app.tasks[entry["task"]].apply().get()
    return len(mail.outbox) - before


def run_beat_jobs_over(days: int, start: datetime) -> int:
    """Every beat job at `start`, 10 minutes later and then once a day for `days` days."""
    sent = 0
    for moment in [start, start + timedelta(minutes=10)] + [
        start + timedelta(days=n) for n in range(1, days + 1)
    ]:
        with time_machine.travel(moment, tick=False):
            sent += run_every_beat_job()
    return sent


# --- Demo data --------------------------------------------------------------------------------


@pytest.fixture
def seeded(db, quick_pdf):
    with time_machine.travel(WEDNESDAY, tick=False):
        demo_seed()
    mail.outbox.clear()


def test_demo_data_sends_no_email_from_any_beat_job(seeded):
    # Today (before the fix): 554 feedback e-mails, 13 overdue digests, 3 escalation reminders.
    assert Audit.objects.submitted().filter(feedback_sent_at__isnull=True).count() > 100

    assert run_beat_jobs_over(3, WEDNESDAY) == 0
    assert mail.outbox == []


def test_demo_work_asks_nobody_to_acknowledge(seeded, client):
    submitted = Audit.objects.submitted()
    assert not submitted.exclude(source=RecordSource.DEMO).exists()
    waiting = submitted.filter(acknowledged_at__isnull=True, practitioner__isnull=False).first()
    practitioner = waiting.practitioner

    assert not can_acknowledge_audit(practitioner, waiting)
    assert feedback_waiting_count(practitioner) == 0
    observation = Observation.objects.submitted().filter(observed__acknowledged_at=None).first()
    observed = observation.practitioners.first()
    assert observation.source == RecordSource.DEMO
    assert not can_acknowledge_observation(observed, observation)
    assert observation_feedback_waiting_count(observed) == 0
    manager = EscalationRecipient.objects.filter(acknowledged_at=None).first().person
    assert home_audits(manager, today=WEDNESDAY.date()).escalations_waiting == 0
    client.force_login(manager)
    with time_machine.travel(WEDNESDAY, tick=False):
        page = client.get(reverse("audits:escalations")).content.decode()
    assert "not asked to acknowledge" in page
    assert ">Acknowledge</button>" not in page


def test_demo_drafts_stay_app_work_so_submitting_one_in_the_demo_emails(seeded):
    assert Audit.objects.drafts().exists()
    assert not Audit.objects.drafts().exclude(source=RecordSource.APP).exists()
    assert not Observation.objects.drafts().exclude(source=RecordSource.APP).exists()


# --- A year of imported history ---------------------------------------------------------------


IMPORT_HEADER = (
    "week,audit_type,service,team,case_reference,auditor_email,practitioner_email,"
    "overall_grade,audited_on"
)
GRADES = ("good", "requires_improvement", "inadequate", "outstanding")


@pytest.fixture
def history(db, tmp_path):
    """118 core audits over the year before WEDNESDAY, a third of them graded Inadequate, half
    naming a practitioner, imported with `import_audits`; the last ones a day old."""
    service = ServiceFactory(name="Social Work", slug="social-work")
    team = TeamFactory(
        name="Brambles",
        service=service,
        manager=UserFactory(role=Role.TEAM_MANAGER),
        service_manager=UserFactory(role=Role.SERVICE_MANAGER),
    )
    auditor = UserFactory(email="amy.boss@council.example", role=Role.HEAD_OF_SERVICE)
    workers = [UserFactory(email=f"worker{n}@council.example", teams=[team]) for n in range(4)]
    lines = [IMPORT_HEADER]
    for n in range(118):
        case_file = CaseFileFactory(team=team, allocated_worker=workers[n % 4])
        named = workers[n % 4].email if n % 2 else ""
        day = WEDNESDAY.date() - timedelta(days=1 + n * 3)
        lines.append(
            f",core,Social Work,Brambles,{case_file.case_reference},{auditor.email},{named},"
            f"{GRADES[n % 4]},{day:%Y-%m-%d}"
        )
    path = tmp_path / "history.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with time_machine.travel(WEDNESDAY, tick=False):
        out = io.StringIO()
        call_command("import_audits", str(path), stdout=out)
    assert out.getvalue().startswith("Imported 118 audits")
    return {"team": team, "workers": workers}


def test_importing_a_year_of_history_then_every_beat_job_sends_no_email(history):
    assert Audit.objects.filter(source=RecordSource.IMPORT).count() == 118

    assert mail.outbox == []  # the import itself
    assert run_beat_jobs_over(3, WEDNESDAY) == 0
    assert mail.outbox == []


def test_imported_audits_ask_nobody_to_acknowledge(history, client):
    worker = history["workers"][1]  # named on the rows it is on
    imported = Audit.objects.filter(practitioner=worker).first()
    assert imported.source == RecordSource.IMPORT

    assert feedback_waiting_count(worker) == 0
    assert not can_acknowledge_audit(worker, imported)
    client.force_login(worker)
    page = client.get(reverse("audits:my_feedback")).content.decode()
    assert "Not asked" in page
    assert ">New<" not in page
    home = client.get(reverse("home")).content.decode()
    assert "to acknowledge" not in home
    response = client.post(reverse("audits:acknowledge", args=[imported.pk]), {"reflection": ""})
    assert response.status_code == 403
    imported.refresh_from_db()
    assert imported.acknowledged_at is None


# --- Work submitted in the app ----------------------------------------------------------------


@pytest.fixture
def in_app(db):
    """A draft audit in a live week, its practitioner and team manager with e-mail addresses."""
    team = TeamFactory(manager=UserFactory(role=Role.TEAM_MANAGER))
    worker = UserFactory()
    return AuditFactory(
        template=AuditTemplateFactory(),
        case_file=CaseFileFactory(team=team, allocated_worker=worker),
        week=PracticeWeekFactory(start_date=WEDNESDAY.date() - timedelta(days=2)),
    )


def submit(audit: Audit) -> Audit:
    return services.audit_submit(
        audit=audit,
        data=AuditInput(
            is_collaborative=True,
            overall_grade="good",
            departure_reason="",
            working_well="",
            needs_to_improve="",
        ),
        edit=Edit(editor=audit.auditor, expected_version=audit.version),
    )


def test_a_fresh_in_app_submit_emails_once_and_the_sweepers_add_nothing(
    in_app, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(WEDNESDAY, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submit(in_app)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [in_app.practitioner.email, in_app.team.manager.email]
    )

    assert run_beat_jobs_over(2, WEDNESDAY) == 0
    assert len(mail.outbox) == 2
    in_app.refresh_from_db()
    assert in_app.source == RecordSource.APP
    assert feedback_waiting_count(in_app.practitioner) == 1


def test_an_in_app_submit_whose_email_was_lost_is_swept_once(in_app, monkeypatch):
    from audits.tasks import audit_feedback_notify_task

    with time_machine.travel(WEDNESDAY, tick=False):
        monkeypatch.setattr(audit_feedback_notify_task, "delay", lambda *a: None)  # broker down
        submit(in_app)
        monkeypatch.undo()
    assert mail.outbox == []

    assert run_beat_jobs_over(2, WEDNESDAY) == 2  # swept ten minutes later, then never again
    assert {m.to[0] for m in mail.outbox} == {
        in_app.practitioner.email,
        in_app.team.manager.email,
    }


def test_an_in_app_submit_older_than_the_window_is_not_swept(in_app, monkeypatch, settings):
    settings.NOTIFY_SWEEP_DAYS = 7
    submitted = WEDNESDAY - timedelta(days=8)
    with time_machine.travel(submitted, tick=False):
        monkeypatch.setattr(
            "audits.tasks.audit_feedback_notify_task.delay", lambda *a: None
        )  # broker down at submit: the e-mail stays pending
        submit(in_app)
        monkeypatch.undo()

    assert run_every_beat_job_at(WEDNESDAY) == 0
    settings.NOTIFY_SWEEP_DAYS = 9
    assert run_every_beat_job_at(WEDNESDAY) == 2  # the setting decides


def run_every_beat_job_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return run_every_beat_job()


def test_escalation_reminders_go_on_until_acknowledged_for_app_work_only(db, settings):
    with time_machine.travel(WEDNESDAY - timedelta(days=30), tick=False):
        old = Escalation.objects.create(audit=AuditFactory(submitted=True))
        demo = Escalation.objects.create(
            audit=AuditFactory(submitted=True, source=RecordSource.DEMO)
        )
    for escalation in (old, demo):
        EscalationRecipient.objects.create(escalation=escalation, person=UserFactory())

    # An Inadequate file a month old is still reminded about; demo work never is.
    assert run_every_beat_job_at(WEDNESDAY) == 1
    assert mail.outbox[0].to == [old.recipients.get().person.email]


def test_overdue_case_actions_are_flagged_for_in_app_work_only(db):
    team = TeamFactory(manager=UserFactory(role=Role.TEAM_MANAGER))
    told = {"submitted": True, "feedback_sent_at": WEDNESDAY - timedelta(days=20)}
    audit = AuditFactory(**told, case_file=CaseFileFactory(team=team))
    today = WEDNESDAY.date()
    CaseActionFactory(audit=audit, due_on=today - timedelta(days=2))
    CaseActionFactory(audit=audit, due_on=date(2025, 11, 1))  # a year late: still owed
    demo = AuditFactory(**told, case_file=CaseFileFactory(team=team), source=RecordSource.DEMO)
    CaseActionFactory(audit=demo, due_on=today - timedelta(days=1))

    assert run_every_beat_job_at(WEDNESDAY) == 1
    assert "2 case actions in your team are past the due date" in mail.outbox[0].body
    assert CaseAction.objects.filter(overdue_flagged_on=today).count() == 2
    assert run_every_beat_job_at(WEDNESDAY + timedelta(hours=1)) == 0  # once a day


# --- Databases made before audits recorded their source -----------------------------------------


def test_migration_marks_imported_and_demo_audits_already_stored(db):
    import importlib
    import uuid

    from django.apps import apps

    migration = importlib.import_module("audits.migrations.0004_audit_source_imported_demo_or_app")
    imported = AuditFactory(submitted=True, template=AuditTemplateFactory(name="Historical import"))
    demo = AuditFactory(submitted=True, client_token=uuid.uuid5(uuid.NAMESPACE_URL, "demo"))
    in_app = AuditFactory(submitted=True)
    draft = AuditFactory(client_token=uuid.uuid5(uuid.NAMESPACE_URL, "draft"))

    migration.mark_imported_and_demo(apps, None)

    sources = dict(Audit.objects.values_list("pk", "source"))
    assert sources == {
        imported.pk: RecordSource.IMPORT,
        demo.pk: RecordSource.DEMO,
        in_app.pk: RecordSource.APP,
        draft.pk: RecordSource.APP,  # a demo draft submitted in the app is app work
    }
