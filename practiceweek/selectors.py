"""Shared reads of the core app. Each states what it loads; none grows with the data size."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from . import worked_files
from .models import CaseFile, FileSelection, PracticeWeek, Session, Team, User, Visit
from .scheduling import SetupChecks, setup_checks


def week_list() -> QuerySet[PracticeWeek]:
    return PracticeWeek.objects.annotate(
        visit_count=Count("visits", distinct=True),
        service_count=Count("services", distinct=True),
    ).order_by("-start_date")


def week_get(*, slug: str) -> PracticeWeek:
    """A week with its themes and services loaded; 404 handled by the caller."""
    return PracticeWeek.objects.prefetch_related("themes", "services").get(slug=slug)


def week_visits(week: PracticeWeek) -> QuerySet[Visit]:
    return week.visits.select_related("visitor", "team__service", "contact").order_by(
        "date", "team__service__name", "team__name", "session"
    )


@dataclass
class TeamRow:
    team: Team
    morning: list[Visit] = field(default_factory=list)
    afternoon: list[Visit] = field(default_factory=list)
    all_day: list[Visit] = field(default_factory=list)


@dataclass
class TimetableDay:
    day: date
    rows: list[TeamRow]


def week_days(week: PracticeWeek) -> list[date]:
    """Working days (Monday to Friday) of the week, which may span two calendar weeks."""
    span = (week.end_date - week.start_date).days
    days = (week.start_date + timedelta(days=n) for n in range(span + 1))
    return [d for d in days if d.weekday() < 5]


def week_timetable(week: PracticeWeek) -> list[TimetableDay]:
    """The timetable by day, then team: one query whatever the number of visits."""
    rows_by_day: dict[date, dict[int, TeamRow]] = defaultdict(dict)
    for visit in week_visits(week):
        row = rows_by_day[visit.date].setdefault(visit.team_id, TeamRow(team=visit.team))
        {
            Session.MORNING: row.morning,
            Session.AFTERNOON: row.afternoon,
            Session.ALL_DAY: row.all_day,
        }[Session(visit.session)].append(visit)
    days = sorted(set(week_days(week)) | set(rows_by_day))
    return [TimetableDay(day=d, rows=list(rows_by_day.get(d, {}).values())) for d in days]


@dataclass
class WeekSetup:
    checks: SetupChecks
    unvisited_teams: list[Team]
    own_service_only_visitors: list[User]
    visit_count: int
    team_count: int


def week_setup(week: PracticeWeek) -> WeekSetup:
    """The set-up checks of a week, in four queries whatever its size."""
    teams = list(
        Team.objects.filter(service__in=week.services.all(), is_active=True).select_related(
            "service"
        )
    )
    visits = list(week.visits.values_list("visitor_id", "team_id", "team__service_id"))
    visitor_ids = {v[0] for v in visits}
    home: dict[int, set[int]] = defaultdict(set)
    memberships = User.teams.through.objects.filter(user_id__in=visitor_ids).values_list(
        "user_id", "team__service_id"
    )
    headed = User.objects.filter(pk__in=visitor_ids, headed_services__isnull=False).values_list(
        "pk", "headed_services"
    )
    for user_id, service_id in [*memberships, *headed]:
        home[user_id].add(service_id)
    checks = setup_checks(team_ids=[t.pk for t in teams], visits=visits, home_service_ids=home)
    flagged = set(checks.own_service_only_visitor_ids)
    return WeekSetup(
        checks=checks,
        unvisited_teams=[t for t in teams if t.pk in set(checks.unvisited_team_ids)],
        own_service_only_visitors=list(User.objects.filter(pk__in=flagged)) if flagged else [],
        visit_count=len(visits),
        team_count=len(teams),
    )


def visits_for_visitor(user: User, *, start: date, end: date) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(visitor=user, date__range=(start, end))
        .select_related("week", "team__service", "contact")
        .order_by("date", "session")
    )


def visits_to_teams_of(user: User, *, start: date, end: date) -> QuerySet[Visit]:
    """Who is visiting the person's own teams: what a practitioner wants to know."""
    return (
        Visit.objects.filter(team__members=user, date__range=(start, end))
        .select_related("week", "team", "visitor", "contact")
        .order_by("date", "session")
    )


def selection_candidates(
    *, team: Team, audited_since: date, week: PracticeWeek | None
) -> list[str]:
    """Open case references of the team, not audited since the date nor picked this week."""
    files = CaseFile.objects.open().filter(team=team).exclude(last_audited_on__gte=audited_since)
    if week is not None:
        files = files.exclude(selections__selection__week=week)
    return list(files.values_list("case_reference", flat=True))


def files_worked_on(*, team: Team, week: PracticeWeek | None) -> list[str]:
    """References of the team's files audited or started by anyone in the week, as the apps
    registered in practiceweek.worked_files say (audits: drafts and submitted audits)."""
    if week is None:
        return []
    references: set[str] = set()
    for file_ids in worked_files.worked_file_queries(week):
        references.update(
            CaseFile.objects.filter(team=team, pk__in=file_ids).values_list(
                "case_reference", flat=True
            )
        )
    return sorted(references)


def selections_visible_to(user: User) -> QuerySet[FileSelection]:
    """Selections a person may open: their own, or any for a QA administrator."""
    selections = FileSelection.objects.select_related("team__service", "auditor", "week", "visit")
    return selections if user.is_qa_admin else selections.filter(auditor=user)


HOME_WEEKS_SHOWN = 3


def home_weeks() -> list[PracticeWeek]:
    """Weeks that matter now: live and planned, soonest first (a few, so the page stays fast)."""
    return list(
        PracticeWeek.objects.filter(
            Q(status=PracticeWeek.Status.LIVE) | Q(status=PracticeWeek.Status.PLANNED)
        )
        .prefetch_related("services")
        .order_by("start_date")[:HOME_WEEKS_SHOWN]
    )
