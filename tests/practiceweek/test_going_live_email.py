"""The going-live e-mail (issue 9, point 8): each visit said plainly, a calendar file with one
event per visit, no free text in the subject; and `make run` links to the port it serves on."""

import os
import shutil
import stat
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from practiceweek.models import PracticeWeek, Role, Session, Visit
from practiceweek.services import week_advance_status
from practiceweek.tasks import week_timetable_notify_task
from tests.factories import (
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 23)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def timetable(db):
    """Priya visits Brambles on Monday morning (to audit; Sam meets her) and Oaks on Tuesday
    all day (to observe; nobody named yet). Another visitor's visit must not reach her."""
    week = PracticeWeekFactory(
        status=PracticeWeek.Status.PLANNED,
        title="Spring week <Brambles & Oaks>",
        start_date=MONDAY,
    )
    social_work = ServiceFactory(name="Social Work")
    brambles = TeamFactory(
        name="Brambles",
        service=social_work,
        base="Civic Centre, floor 2",
        address="1 High Street, Northbridge NB1 1AA",
    )
    oaks = TeamFactory(name="Oaks", service=ServiceFactory(name="Early Help"))
    priya = UserFactory(
        email="priya@council.example", first_name="Priya", role=Role.HEAD_OF_SERVICE
    )
    sam = UserFactory(first_name="Sam", last_name="Okafor", job_title="Team Manager")
    morning = VisitFactory(
        week=week,
        visitor=priya,
        team=brambles,
        date=MONDAY,
        session=Session.MORNING,
        purpose=Visit.Purpose.AUDIT,
        contact=sam,
    )
    all_day = VisitFactory(
        week=week,
        visitor=priya,
        team=oaks,
        date=MONDAY + timedelta(days=1),
        session=Session.ALL_DAY,
        purpose=Visit.Purpose.OBSERVE,
    )
    VisitFactory(week=week, team=oaks, date=MONDAY, session=Session.AFTERNOON)
    return {"week": week, "priya": priya, "morning": morning, "all_day": all_day}


def priyas_email(timetable):
    return next(m for m in mail.outbox if m.to == [timetable["priya"].email])


def go_live(week, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        week_advance_status(week=week)


def test_going_live_email_lists_each_visit_with_its_fields(
    timetable, django_capture_on_commit_callbacks
):
    go_live(timetable["week"], django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2  # one per visitor
    body = priyas_email(timetable).body
    assert (
        "- Monday 23 November 2026, morning (09:00-12:30): Brambles (Social Work)\n"
        "  Address: Civic Centre, floor 2, 1 High Street, Northbridge NB1 1AA\n"
        "  Purpose: Audit case files\n"
        "  Who meets you: Sam Okafor, Team Manager\n"
    ) in body
    assert (
        "- Tuesday 24 November 2026, all day (09:00-17:00): Oaks (Early Help)\n"
        "  Address: not recorded: ask the team manager\n"
        "  Purpose: Observe practice\n"
        "  Who meets you: not arranged yet: ask the team manager\n"
    ) in body
    assert body.index("Monday 23") < body.index("Tuesday 24")
    assert body.count("Who meets you:") == 2  # the other visitor's visit is not hers
    assert "http://127.0.0.1:8000/" in body


def test_subject_carries_no_free_text(timetable, django_capture_on_commit_callbacks):
    go_live(timetable["week"], django_capture_on_commit_callbacks)

    subject = priyas_email(timetable).subject
    assert subject == "Practice week: your visits and calendar"
    assert "Spring" not in subject


def test_calendar_file_has_one_event_per_visit(timetable, django_capture_on_commit_callbacks):
    go_live(timetable["week"], django_capture_on_commit_callbacks)

    message = priyas_email(timetable)
    [(filename, content, mimetype)] = message.attachments
    assert filename == "practice-week-visits.ics"
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    events = sorted(calendar.events, key=lambda e: e.start)
    assert len(events) == 2
    morning, all_day = events
    assert (morning.start, morning.end) == (
        datetime(2026, 11, 23, 9, 0, tzinfo=LONDON),
        datetime(2026, 11, 23, 12, 30, tzinfo=LONDON),
    )
    assert str(morning["summary"]) == "Practice week: Audit case files, Brambles (Social Work)"
    assert str(morning["location"]) == "Civic Centre, floor 2, 1 High Street, Northbridge NB1 1AA"
    assert "Sam Okafor" in str(morning["description"])
    assert str(morning["uid"]) == f"visit-{timetable['morning'].pk}@127.0.0.1"
    assert (all_day.start, all_day.end) == (
        datetime(2026, 11, 24, 9, 0, tzinfo=LONDON),
        datetime(2026, 11, 24, 17, 0, tzinfo=LONDON),
    )
    assert str(all_day["summary"]) == "Practice week: Observe practice, Oaks (Early Help)"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]


def test_calendar_in_summer_is_in_british_summer_time(db):
    week = PracticeWeekFactory(start_date=date(2026, 6, 1))
    visitor = UserFactory(email="v@council.example")
    VisitFactory(week=week, visitor=visitor, date=date(2026, 6, 2), session=Session.AFTERNOON)

    week_timetable_notify_task.delay(week.pk).get()

    [event] = Calendar.from_ical(mail.outbox[0].attachments[0][1]).events
    assert event.start.astimezone(ZoneInfo("UTC")).hour == 12  # 13:30 BST is 12:30 UTC
    assert event.end == datetime(2026, 6, 2, 17, 0, tzinfo=LONDON)


def test_a_resent_email_keeps_the_same_event_uids(timetable):
    week = timetable["week"]
    week_timetable_notify_task.delay(week.pk).get()
    week_timetable_notify_task.delay(week.pk).get()

    sent = [m for m in mail.outbox if m.to == [timetable["priya"].email]]
    uids = [{str(e["uid"]) for e in Calendar.from_ical(m.attachments[0][1]).events} for m in sent]
    assert len(sent) == 2
    assert uids[0] == uids[1]


def test_inactive_visitors_and_visitors_without_email_get_nothing(timetable):
    timetable["priya"].is_active = False
    timetable["priya"].save(update_fields=["is_active"])

    assert week_timetable_notify_task.delay(timetable["week"].pk).get() == 1
    assert all(m.to != ["priya@council.example"] for m in mail.outbox)


# --- make run: links work on any port ---------------------------------------------------------


def _fake(bin_dir: Path, name: str, script: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_run_sets_site_url_from_host_and_port(tmp_path):
    """Run the real `run` recipe with stand-ins for python, celery and gunicorn that print the
    SITE_URL they were started with."""
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    (tmp_path / "requirements-dev.lock").write_text("")
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / ".installed").write_text("")
    os.utime(tmp_path / "requirements-dev.lock", (0, 0))  # older: nothing to install
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret_key").write_text("x")
    _fake(bin_dir, "python", "exit 0")
    _fake(bin_dir, "celery", "exit 0")
    _fake(bin_dir, "gunicorn", 'echo "gunicorn SITE_URL=$SITE_URL"')
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}

    result = subprocess.run(  # noqa: S603
        ["make", "-s", "run", "VENV=venv", "HOST=127.0.0.2", "PORT=8123", "PYTHON=/bin/true"],  # noqa: S607
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    # (The recipe's exit trap may fail to kill stand-ins that already ended: not checked.)
    assert "gunicorn SITE_URL=http://127.0.0.2:8123" in result.stdout, result.stderr


def test_every_demo_team_has_an_address(db, quick_pdf):
    from practiceweek.demo import demo_seed
    from practiceweek.models import Team

    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=LONDON), tick=False):
        demo_seed()

    assert Team.objects.exists()
    assert not Team.objects.filter(address="").exists()
