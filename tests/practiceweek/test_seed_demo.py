"""`manage.py seed_demo`: a believable council, built the same way however often it runs."""

import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from audits.models import Audit, CaseAction, Escalation, SectionAnswer
from practiceweek import selectors
from practiceweek.demo import (
    CASE_REFERENCE_PATTERN,
    DEMO_PASSWORD,
    LIVE_WEEK_SLUG,
    PAST_WEEK_SLUG,
    QA_GROUP_NAME,
    QA_STAFF_USERNAME,
    STAYS_IN_OWN_SERVICE,
)
from practiceweek.models import CaseFile, PracticeWeek, Role, Service, Team, User, Visit
from practiceweek.scheduling import Slot, find_clashes

# The demo builds a report: its PDF is drawn for real in tests/reports only.
pytestmark = pytest.mark.usefixtures("quick_pdf")

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    with time_machine.travel(WEDNESDAY, tick=False):
        yield seed_demo()


def row_counts() -> dict[str, int]:
    counted = [*apps.get_app_config("practiceweek").get_models(), Group]
    counts = {model._meta.label: model.objects.count() for model in counted}
    counts["team memberships"] = User.teams.through.objects.count()
    counts["week services"] = PracticeWeek.services.through.objects.count()
    counts["week themes"] = PracticeWeek.themes.through.objects.count()
    return counts


def test_seed_demo_builds_a_council_with_every_role(seeded):
    assert Service.objects.count() >= 5
    assert Team.objects.count() >= 12
    assert User.objects.count() >= 55
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert CaseFile.objects.count() >= 400


def test_seed_demo_gives_every_service_and_team_its_managers(seeded):
    assert not Service.objects.filter(head_of_service__isnull=True).exists()
    for team in Team.objects.select_related("manager", "service_manager"):
        assert team.manager.role == Role.TEAM_MANAGER
        assert team.manager.teams.filter(pk=team.pk).exists()
        assert team.service_manager.role == Role.SERVICE_MANAGER
    for manager in User.objects.filter(role=Role.SERVICE_MANAGER):
        assert 2 <= manager.service_managed_teams.count() <= 3
        assert manager.teams.filter(service_manager=manager).exists()


def test_seed_demo_line_management_runs_up_to_the_director(seeded):
    practitioner = User.objects.filter(role=Role.PRACTITIONER).first()
    chain = [practitioner]
    while chain[-1].line_manager is not None:
        chain.append(chain[-1].line_manager)
    assert [person.role for person in chain] == [
        Role.PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.SERVICE_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.DIRECTOR,
    ]


def test_seed_demo_makes_one_past_and_one_live_week(seeded):
    past = PracticeWeek.objects.get(slug=PAST_WEEK_SLUG)
    live = PracticeWeek.objects.get(slug=LIVE_WEEK_SLUG)
    assert live.status == PracticeWeek.Status.LIVE
    assert (live.start_date, live.end_date) == (date(2026, 11, 23), date(2026, 11, 27))
    assert past.status == PracticeWeek.Status.REPORTED  # its report is published
    assert past.end_date < live.start_date
    assert past.services.count() == live.services.count() == 5
    assert live.themes.exists()


def test_seed_demo_visits_every_team_of_both_weeks(seeded):
    for week in PracticeWeek.objects.filter(slug__in=[PAST_WEEK_SLUG, LIVE_WEEK_SLUG]):
        visited = set(week.visits.values_list("team_id", flat=True))
        taking_part = set(
            Team.objects.filter(service__in=week.services.all()).values_list("pk", flat=True)
        )
        assert visited == taking_part
        assert not week.visits.exclude(date__range=(week.start_date, week.end_date)).exists()


def test_seed_demo_live_week_flags_only_the_manager_who_stays_home(seeded):
    setup = selectors.week_setup(PracticeWeek.objects.get(slug=LIVE_WEEK_SLUG))

    assert setup.unvisited_teams == []
    assert [u.username for u in setup.own_service_only_visitors] == [STAYS_IN_OWN_SERVICE]


def test_seed_demo_never_double_books_a_visitor(seeded):
    slots = [
        Slot(visitor_id, day, session, key=pk)
        for pk, visitor_id, day, session in Visit.objects.values_list(
            "pk", "visitor_id", "date", "session"
        )
    ]
    assert slots
    assert find_clashes(slots) == []


def test_seed_demo_visit_contacts_belong_to_the_team(seeded):
    for visit in Visit.objects.select_related("contact", "team"):
        assert visit.contact.teams.filter(pk=visit.team_id).exists()


def test_seed_demo_allocates_every_case_file_to_a_member_of_its_team(seeded):
    members = set(User.teams.through.objects.values_list("user_id", "team_id"))
    allocations = set(CaseFile.objects.values_list("allocated_worker_id", "team_id"))
    assert allocations <= members


def test_seed_demo_case_references_are_council_ids_never_names(seeded):
    references = CaseFile.objects.values_list("case_reference", flat=True)
    assert all(CASE_REFERENCE_PATTERN.fullmatch(reference) for reference in references)


def test_seed_demo_closes_some_files_and_marks_some_recently_audited(seeded):
    closed = CaseFile.objects.filter(is_open=False)
    assert 20 <= closed.count() <= 80
    assert all(f.closed_on > f.opened_on for f in closed)
    assert CaseFile.objects.filter(is_open=True, last_audited_on__gte=date(2026, 6, 1)).exists()


def test_seed_demo_gives_the_qa_admin_the_admin_site_without_superuser(seeded):
    qa_admin = User.objects.get(username=QA_STAFF_USERNAME)

    assert qa_admin.is_staff and not qa_admin.is_superuser
    assert qa_admin.groups.filter(name=QA_GROUP_NAME).exists()
    assert qa_admin.has_perm("practiceweek.change_visit")
    assert (
        User.objects.filter(is_superuser=True).values_list("username", flat=True).get() == "admin"
    )


def test_seed_demo_sets_the_demo_password(seeded):
    assert User.objects.get(username="admin").check_password(DEMO_PASSWORD)
    assert User.objects.get(username=QA_STAFF_USERNAME).check_password(DEMO_PASSWORD)


def test_seed_demo_prints_the_password_and_logins(seeded):
    assert DEMO_PASSWORD in seeded
    assert QA_STAFF_USERNAME in seeded
    assert "admin" in seeded


def test_seed_demo_twice_changes_no_counts_and_no_passwords(seeded):
    counts = row_counts()
    passwords = dict(User.objects.values_list("username", "password"))
    weeks = dict(PracticeWeek.objects.values_list("slug", "start_date"))

    with time_machine.travel(WEDNESDAY, tick=False):
        seed_demo()

    assert row_counts() == counts
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert dict(PracticeWeek.objects.values_list("slug", "start_date")) == weeks


def test_seed_demo_keeps_a_password_someone_changed(seeded):
    admin = User.objects.get(username="admin")
    admin.set_password("a-better-one-entirely")
    admin.save()

    with time_machine.travel(WEDNESDAY, tick=False):
        seed_demo()

    assert User.objects.get(username="admin").check_password("a-better-one-entirely")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "monday"),
    [
        (datetime(2026, 11, 23, 9, 0, tzinfo=LONDON), date(2026, 11, 23)),  # Monday
        (datetime(2026, 11, 27, 17, 0, tzinfo=LONDON), date(2026, 11, 23)),  # Friday
        (datetime(2026, 11, 28, 12, 0, tzinfo=LONDON), date(2026, 11, 30)),  # Saturday
        (datetime(2026, 11, 29, 23, 30, tzinfo=LONDON), date(2026, 11, 30)),  # Sunday
    ],
)
def test_seed_demo_live_week_is_this_or_the_coming_week(today, monday):
    with time_machine.travel(today, tick=False):
        seed_demo()

    live = PracticeWeek.objects.get(slug=LIVE_WEEK_SLUG)
    assert (live.start_date, live.end_date) == (monday, date.fromordinal(monday.toordinal() + 4))


def test_seed_demo_a_week_later_moves_the_weeks_and_their_visits(seeded):
    counts = row_counts()

    with time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=LONDON), tick=False):
        seed_demo()

    live = PracticeWeek.objects.get(slug=LIVE_WEEK_SLUG)
    assert live.start_date == date(2026, 11, 30)
    assert row_counts() == counts
    assert not live.visits.exclude(date__range=(live.start_date, live.end_date)).exists()
    assert selectors.week_setup(live).unvisited_teams == []


def test_seed_demo_prints_audit_counts(seeded):
    for label in (
        "audits submitted",
        "in Practice Week, May 2026",
        "in Practice Week, November 2026",
        "audit drafts in progress",
        "escalations of Inadequate files",
        "overdue case actions",
    ):
        assert re.search(rf"^\s+{re.escape(label)}: [1-9]\d*$", seeded, re.MULTILINE), label


def test_seed_demo_twice_adds_no_audits(seeded):
    audit_models = (Audit, SectionAnswer, CaseAction, Escalation)
    counts = {model: model.objects.count() for model in audit_models}

    with time_machine.travel(WEDNESDAY, tick=False):
        seed_demo()

    assert counts[Audit] > 100
    assert {model: model.objects.count() for model in audit_models} == counts


@pytest.mark.parametrize("value", [None, "", "false", "1"])
def test_seed_demo_refuses_without_demo_true(db, monkeypatch, value):
    if value is None:
        monkeypatch.delenv("DEMO", raising=False)
    else:
        monkeypatch.setenv("DEMO", value)
    with pytest.raises(CommandError, match="DEMO=true"):
        call_command("seed_demo", stdout=StringIO())
    assert User.objects.count() == 0
    assert Service.objects.count() == 0
    assert CaseFile.objects.count() == 0


def test_seed_demo_exits_non_zero_without_demo_true(tmp_path):
    # A process of its own, as an operator would run it: the command's error path closes every
    # database connection, which must not be the test's own.
    database = tmp_path / "production.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in ("DEMO", "CI")}
    env |= {"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "test-only"}
    done = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "it runs only when the environment sets DEMO=true" in done.stderr
    with closing(sqlite3.connect(database)) as written:  # not a table, let alone a row
        assert written.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
