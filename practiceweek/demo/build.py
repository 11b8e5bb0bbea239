"""Writing the demo council: `demo_seed` and the functions that each upsert one kind of record."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ..models import CaseFile, PracticeWeek, Role, Service, Team, Theme, User, Visit
from ..scheduling import halves
from ..services import months_before
from .data import (
    BUILDING_ADDRESSES,
    DEMO_PASSWORD,
    LIVE_WEEK_SLUG,
    PAST_WEEK_SLUG,
    QA_ADMIN_APPS,
    QA_GROUP_NAME,
    QA_STAFF_USERNAME,
    SEED,
    SERVICES,
    STAYS_IN_OWN_SERVICE,
    THEMES,
    VISITING_DAYS,
    WEEKS,
    WEEKS_BETWEEN_PRACTICE_WEEKS,
)
from .plan import (
    Booking,
    CasePlan,
    Person,
    TeamSlot,
    Visitor,
    live_week_start,
    plan_case_files,
    plan_people,
    plan_timetable,
    service_manager_of,
    username_for,
)
from .registry import demo_parts


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, who they are)
    password: str = DEMO_PASSWORD


def demo_seed(*, today: date | None = None) -> DemoSummary:
    """Build or refresh the demo council in one transaction; safe to run any number of times.

    The two demo weeks keep their slugs and move with `today`: the live one is this week
    (the coming one at a weekend), the previous one six months earlier.
    """
    today = today or timezone.localdate()
    live_start = live_week_start(today)
    past_start = live_start - timedelta(weeks=WEEKS_BETWEEN_PRACTICE_WEEKS)
    people = plan_people()
    cases = plan_case_files(people=people, today=today, past_week_start=past_start)
    with transaction.atomic():
        themes = themes_sync()
        services, teams = services_and_teams_sync()
        users = people_sync(people=people, teams=teams)
        managers_sync(people=people, services=services, teams=teams, users=users)
        qa_group_sync(users=users)
        case_files_sync(cases, teams=teams, users=users)
        visitors = timetable_visitors(people=people, services=services, teams=teams, users=users)
        team_slots = timetable_teams(people=people, teams=teams, users=users)
        for n, (slug, start) in enumerate(
            ((PAST_WEEK_SLUG, past_start), (LIVE_WEEK_SLUG, live_start))
        ):
            week = week_sync(slug, start=start, services=services, themes=themes)
            stays_home = users[STAYS_IN_OWN_SERVICE].pk if slug == LIVE_WEEK_SLUG else None
            plan = plan_timetable(
                seed=SEED + 2 + n, visitors=visitors, teams=team_slots, stays_home=stays_home
            )
            visits_sync(week, plan)
        for part in demo_parts():  # the apps' records, lower layer first
            part.sync(today=today)
    summary = demo_summary(people=people, cases=cases, today=today)
    for part in demo_parts():
        summary.counts.update(part.counts(today=today))
    return summary


def themes_sync() -> dict[str, Theme]:
    themes = {}
    for name, description in THEMES.items():
        themes[name], _ = Theme.objects.update_or_create(
            name=name, defaults={"description": description}
        )
    return themes


def services_and_teams_sync() -> tuple[dict[str, Service], dict[str, Team]]:
    services, teams = {}, {}
    for spec in SERVICES:
        services[spec.name], _ = Service.objects.update_or_create(
            name=spec.name, defaults={"slug": slugify(spec.name), "is_active": True}
        )
        for team in spec.teams:
            teams[team.name], _ = Team.objects.update_or_create(
                service=services[spec.name],
                name=team.name,
                defaults={
                    "base": team.base,
                    "address": BUILDING_ADDRESSES.get(team.base.split(",")[0], ""),
                    "is_active": True,
                },
            )
    return services, teams


def people_sync(*, people: list[Person], teams: dict[str, Team]) -> dict[str, User]:
    """Create or update everyone and their teams; a password is set only when creating."""
    usernames = [p.username for p in people]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    # New accounts share one hash of the demo password: hashing it for each (~0.3 s a time)
    # would be most of the run. Existing accounts keep whatever password they have now.
    password = make_password(DEMO_PASSWORD if set(usernames) - existing else None)
    users: dict[str, User] = {}
    for person in people:  # line managers come first, so users[...] already holds them
        fields = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "role": person.role,
            "job_title": person.job_title,
            "is_staff": person.is_staff,
            "is_superuser": person.is_superuser,
            "is_active": True,
            "line_manager": users[person.line_manager] if person.line_manager else None,
        }
        users[person.username], _ = User.objects.update_or_create(
            username=person.username,
            defaults=fields,
            create_defaults={**fields, "password": password},
        )
    memberships_sync(people=people, teams=teams, users=users)
    return users


def memberships_sync(
    *, people: list[Person], teams: dict[str, Team], users: dict[str, User]
) -> None:
    """Each demo person belongs to exactly the teams the plan gives them."""
    membership = User.teams.through
    wanted = {(users[p.username].pk, teams[name].pk) for p in people for name in p.team_names}
    current = set(
        membership.objects.filter(user__in=users.values()).values_list("user_id", "team_id")
    )
    for user_id, team_id in current - wanted:
        membership.objects.filter(user_id=user_id, team_id=team_id).delete()
    membership.objects.bulk_create(
        [membership(user_id=user_id, team_id=team_id) for user_id, team_id in wanted - current]
    )


def managers_sync(
    *,
    people: list[Person],
    services: dict[str, Service],
    teams: dict[str, Team],
    users: dict[str, User],
) -> None:
    for spec in SERVICES:
        service = services[spec.name]
        service.head_of_service = users[username_for(*spec.head)]
        service.save(update_fields=["head_of_service"])
    team_managers = {p.team_names[0]: p.username for p in people if p.role == Role.TEAM_MANAGER}
    for name, team in teams.items():
        team.manager = users[team_managers[name]]
        team.service_manager = users[service_manager_of(name)]
        team.save(update_fields=["manager", "service_manager"])


def qa_group_sync(*, users: dict[str, User]) -> None:
    """The staff QA administrator manages the product's records in the admin, as a group
    member: never a superuser."""
    group, _ = Group.objects.get_or_create(name=QA_GROUP_NAME)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=QA_ADMIN_APPS))
    users[QA_STAFF_USERNAME].groups.add(group)


# What a second run may change on a case file it made before (its reference stays); on a later
# day the dates move, so that case files keep their ages.
CASE_FILE_DATES = ("opened_on", "closed_on", "last_audited_on")
CASE_FILE_FIELDS = ("case_type", "team", "allocated_worker", "is_open", *CASE_FILE_DATES)


def case_files_sync(
    plans: list[CasePlan], *, teams: dict[str, Team], users: dict[str, User]
) -> None:
    """Create the missing files and update changed ones, in a handful of queries."""
    existing = CaseFile.objects.in_bulk(
        [p.case_reference for p in plans], field_name="case_reference"
    )
    new, changed = [], []
    for plan in plans:
        values = {
            "case_type": plan.case_type,
            "team_id": teams[plan.team_name].pk,
            "allocated_worker_id": users[plan.worker].pk,
            "is_open": plan.closed_on is None,
            "opened_on": plan.opened_on,
            "closed_on": plan.closed_on,
            "last_audited_on": plan.last_audited_on,
        }
        case_file = existing.get(plan.case_reference)
        if case_file is None:
            new.append(CaseFile(case_reference=plan.case_reference, **values))
            continue
        # An audit done in the demo since the last run stands: never move the date back.
        audited = case_file.last_audited_on
        if audited and (plan.last_audited_on is None or audited > plan.last_audited_on):
            values["last_audited_on"] = audited
        if any(getattr(case_file, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(case_file, name, value)
            changed.append(case_file)
    CaseFile.objects.bulk_create(new, batch_size=500)
    CaseFile.objects.bulk_update(changed, CASE_FILE_FIELDS, batch_size=200)


def timetable_visitors(
    *,
    people: list[Person],
    services: dict[str, Service],
    teams: dict[str, Team],
    users: dict[str, User],
) -> list[Visitor]:
    """The people who visit teams, with the services the set-up checks count as their own."""
    headed = {username_for(*spec.head): services[spec.name].pk for spec in SERVICES}
    visitors = []
    for person in people:
        if person.role not in VISITING_DAYS or person.is_superuser:
            continue
        home = {teams[name].service_id for name in person.team_names}
        if person.username in headed:
            home.add(headed[person.username])
        visitors.append(Visitor(users[person.username].pk, person.role, frozenset(home)))
    return visitors


def timetable_teams(
    *, people: list[Person], teams: dict[str, Team], users: dict[str, User]
) -> list[TeamSlot]:
    """Every team, with who meets visitors: the Team Manager or the senior practitioner."""
    hosts: dict[str, list[int]] = defaultdict(list)  # Team Manager first: plan_people's order
    for person in people:
        if person.role in (Role.TEAM_MANAGER, Role.PRACTITIONER):
            hosts[person.team_names[0]].append(users[person.username].pk)
    return [
        TeamSlot(team.pk, team.service_id, (hosts[name][0], hosts[name][1]))
        for name, team in teams.items()
    ]


def week_sync(
    slug: str, *, start: date, services: dict[str, Service], themes: dict[str, Theme]
) -> PracticeWeek:
    """Create or update a demo week; when its dates move, its timetable moves with it."""
    spec = WEEKS[slug]
    previous_start = (
        PracticeWeek.objects.filter(slug=slug).values_list("start_date", flat=True).first()
    )
    week, _ = PracticeWeek.objects.update_or_create(
        slug=slug,
        defaults={
            "title": f"Practice Week, {start:%B %Y}",
            "start_date": start,
            "end_date": start + timedelta(days=4),
            "status": spec.status,
            "purpose": spec.purpose,
        },
    )
    week.services.set(services.values())
    week.themes.set([themes[name] for name in spec.themes])
    if previous_start and previous_start != start:
        # Both weeks start on a Monday, so the shift is whole weeks: no visit lands on
        # another visit of the same person while the rows are rewritten.
        visits = list(week.visits.all())
        for visit in visits:
            visit.date += start - previous_start
        Visit.objects.bulk_update(visits, ["date"])
    return week


def _booked(booking: Booking) -> dict[str, object]:
    """What a planned booking says of its visit, by field: kept in step on every run."""
    return {
        "team_id": booking.team_id,
        "purpose": booking.purpose,
        "contact_id": booking.contact_id,
        "notes": booking.notes,
    }


def visits_sync(week: PracticeWeek, plan: list[Booking]) -> None:
    """Upsert the week's visits by (visitor, date, session).

    Visits added by hand stay; a planned visit that would double-book their visitor is left
    out. Nothing is deleted, so no file selection or audit ever loses its visit.
    """
    wanted = {(b.visitor_id, week.start_date + timedelta(days=b.day), b.session): b for b in plan}
    taken: set[tuple[int, date, str]] = set()  # (visitor, date, half) of visits kept as they are
    changed = []
    for visit in week.visits.all():
        booking = wanted.pop((visit.visitor_id, visit.date, visit.session), None)
        if booking is None:
            taken |= {(visit.visitor_id, visit.date, half) for half in halves(visit.session)}
            continue
        values = _booked(booking)
        if any(getattr(visit, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(visit, name, value)
            changed.append(visit)
    Visit.objects.bulk_update(changed, ["team", "purpose", "contact", "notes"])
    Visit.objects.bulk_create(
        Visit(week=week, visitor_id=visitor_id, date=day, session=session, **_booked(booking))
        for (visitor_id, day, session), booking in wanted.items()
        if not any((visitor_id, day, half) in taken for half in halves(session))
    )


def demo_summary(*, people: list[Person], cases: list[CasePlan], today: date) -> DemoSummary:
    """What the demo holds, and who to log in as."""
    case_files = CaseFile.objects.filter(case_reference__in=[c.case_reference for c in cases])
    since = months_before(today, settings.SELECTION_EXCLUDE_AUDITED_MONTHS)
    staff = [p for p in people if not p.is_superuser]
    roles = Counter(Role(p.role).label for p in staff)
    counts = {
        "services": len(SERVICES),
        "teams": sum(len(s.teams) for s in SERVICES),
        "people (besides admin)": len(staff),
        **{f"  {label}": n for label, n in sorted(roles.items())},
        "case files": case_files.count(),
        "  closed": case_files.filter(is_open=False).count(),
        "  audited in the last six months": case_files.filter(last_audited_on__gte=since).count(),
        "themes": len(THEMES),
    }
    for week in PracticeWeek.objects.filter(slug__in=WEEKS).order_by("start_date"):
        label = (
            f"visits: {week.title} ({week.get_status_display().lower()}, {week.start_date:%d %b})"
        )
        counts[label] = week.visits.count()
    practitioner = next(p for p in people if p.role == Role.PRACTITIONER)
    head = next(p for p in people if p.role == Role.HEAD_OF_SERVICE)
    member = next(p for p in people if p.role == Role.SCRUTINY_MEMBER)
    logins = [
        ("admin", "superuser"),
        (QA_STAFF_USERNAME, "QA administrator: sets up weeks; may use the admin site"),
        (head.username, head.job_title),
        (STAYS_IN_OWN_SERVICE, "Service Manager who only visits their own service this week"),
        (practitioner.username, f"{practitioner.job_title}, {practitioner.team_names[0]}"),
        (member.username, "scrutiny panel member: published reports only"),
    ]
    return DemoSummary(counts=counts, logins=logins)
