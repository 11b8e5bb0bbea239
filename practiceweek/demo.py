"""The demo council, Northbridge: its services, teams, people, case files and two practice weeks.

`demo_seed()` builds it and can run again and again: everything is found by a natural key
(service name, team name, username, case reference, week slug) and updated in place: a second
run the same day changes nothing, and on a later day only dates move (the live week stays the
current one, case files keep their ages). Every random choice comes from
`random.Random` seeded with a constant, so each run plans the same council. No case file holds a
child's name: only a reference in the council's own style (NB + six digits).
"""

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import (
    CaseFile,
    CaseType,
    PracticeWeek,
    Role,
    Service,
    Session,
    Team,
    Theme,
    User,
    Visit,
)
from .scheduling import halves
from .services import months_before

# One password for every demo account, documented in README and printed by `seed_demo`.
DEMO_PASSWORD = "practiceweek-demo"  # noqa: S105
EMAIL_DOMAIN = "northbridge.gov.uk"
SEED = 20181119  # any constant: it only has to stay the same between runs
CASE_REFERENCE_PREFIX = "NB"
CASE_REFERENCE_PATTERN = re.compile(r"^NB\d{6}$")
PAST_WEEK_SLUG = "demo-previous-week"
LIVE_WEEK_SLUG = "demo-live-week"
WEEKS_BETWEEN_PRACTICE_WEEKS = 26  # councils run one every six months
QA_GROUP_NAME = "QA administrators"
# The apps whose models QA administrators may manage in the admin.
QA_ADMIN_APPS = ("practiceweek", "audits", "observations", "reports")


@dataclass(frozen=True)
class TeamSpec:
    name: str
    base: str
    case_files: int
    case_mix: dict[str, int]  # case type -> weight
    practitioner_titles: tuple[str, ...]  # the first is the team's senior practitioner


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    head: tuple[str, str]  # Head of Service: first and last name
    teams: tuple[TeamSpec, ...]


# Practitioners' job titles, the team's senior practitioner first.
SW_3 = ("Senior Practitioner", "Social Worker", "Social Worker")
SW_4 = (*SW_3, "ASYE Social Worker")
FS_2 = ("Senior Family Support Worker", "Family Support Worker")
FS_3 = (*FS_2, "Early Help Practitioner")
YJ_3 = ("Senior Practitioner", "Youth Justice Officer", "Youth Justice Officer")
IFS_3 = ("Senior Practitioner", "Intensive Family Support Worker", "Family Support Worker")
SSW_3 = ("Senior Practitioner", "Supervising Social Worker", "Supervising Social Worker")
# Case mixes: case type -> weight.
FRONT_DOOR = {CaseType.CIN: 55, CaseType.CP: 25, CaseType.EARLY_HELP: 20}
CIN_CP = {CaseType.CIN: 65, CaseType.CP: 35}
CP_COURT = {CaseType.CP: 70, CaseType.CIN: 15, CaseType.CLA: 15}
EDGE_OF_CARE = {CaseType.CIN: 50, CaseType.CP: 20, CaseType.EARLY_HELP: 30}
EARLY_HELP = {CaseType.EARLY_HELP: 1}

# TeamSpec: name, base, number of case files, case mix, practitioners' job titles.
SERVICES = (
    ServiceSpec("Social Work", ("Catherine", "Moss"), (
        TeamSpec("Multi-Agency Safeguarding Hub", "Civic Centre, 1st floor", 24, FRONT_DOOR, SW_3),
        TeamSpec("Assessment Team 1", "Eastgate House", 36, CIN_CP, SW_4),
        TeamSpec("Assessment Team 2", "Westfield House", 34, CIN_CP, SW_4),
        TeamSpec("Child Protection and Court Team", "Civic Centre, 3rd floor", 38, CP_COURT, SW_4),
        TeamSpec("Children and Young People in Care Team", "Riverside House", 40,
                 {CaseType.CLA: 1}, SW_4),
        TeamSpec("Care Leavers Team", "The Hub, Market Street", 32, {CaseType.CARE_LEAVER: 1},
                 ("Senior Practitioner", "Social Worker", "Personal Adviser")),
    )),
    ServiceSpec("Early Intervention", ("Mark", "Ellison"), (
        TeamSpec("Strengthening Families East", "Eastgate Family Hub", 30, EARLY_HELP, FS_3),
        TeamSpec("Strengthening Families West", "Westfield Family Hub", 30, EARLY_HELP, FS_3),
        TeamSpec("Family Support Hub", "Central Library, 1st floor", 26, EARLY_HELP, FS_2),
    )),
    ServiceSpec("Specialist Support", ("Yvonne", "Adebayo"), (
        TeamSpec("Children with Disabilities Team", "The Beacon Centre", 30,
                 {CaseType.DISABILITY: 1}, SW_3),
        TeamSpec("Intensive Family Support Team", "Riverside House", 22, EDGE_OF_CARE, IFS_3),
    )),
    ServiceSpec("Youth Offending", ("Andrew", "Fairbairn"), (
        TeamSpec("Youth Offending Team", "Castle Street Youth Justice Centre", 28,
                 {CaseType.YOT: 1}, YJ_3),
        TeamSpec("Prevention and Diversion Team", "Castle Street Youth Justice Centre", 20,
                 {CaseType.YOT: 1}, YJ_3[:2]),
    )),
    ServiceSpec("Fostering and Adoption", ("Lorraine", "Hartley"), (
        TeamSpec("Fostering Team", "Meadow Court", 26, {CaseType.FOSTERING: 1}, SSW_3),
        TeamSpec("Adoption and Permanence Team", "Meadow Court", 18, {CaseType.ADOPTION: 1},
                 SW_3[:2]),
    )),
)  # fmt: skip

# Each Service Manager covers two or three teams of one service and is a member of the first.
SERVICE_MANAGERS = (
    ("Daniel", "Okafor",
     ("Multi-Agency Safeguarding Hub", "Assessment Team 1", "Assessment Team 2")),
    ("Rachel", "Whitfield",
     ("Child Protection and Court Team", "Children and Young People in Care Team",
      "Care Leavers Team")),
    ("Priya", "Sharma",
     ("Strengthening Families East", "Strengthening Families West", "Family Support Hub")),
    ("Gareth", "Lloyd", ("Children with Disabilities Team", "Intensive Family Support Team")),
    ("Simon", "Carter", ("Youth Offending Team", "Prevention and Diversion Team")),
    ("Joanne", "Reid", ("Fostering Team", "Adoption and Permanence Team")),
)  # fmt: skip
# This Service Manager visits only their own service in the live week, so the set-up checks
# have one flag to show.
STAYS_IN_OWN_SERVICE = "simon.carter"

DIRECTOR = ("Helen", "Ashworth", "Director of Children's Services")
# (first, last, job title, line manager's username or None for the Director)
QA_ADMINS = (
    ("Sarah", "Pemberton", "Quality Assurance Lead", None),
    ("Tom", "Hadley", "Quality Assurance Officer", "sarah.pemberton"),
)
QA_STAFF_USERNAME = "sarah.pemberton"  # the one who may use the admin site
MODERATORS = (
    ("Angela", "Brooks", "Principal Social Worker", None),
    ("Marcus", "Bell", "Practice Standards Manager", "angela.brooks"),
)
SCRUTINY_MEMBERS = (
    ("Margaret", "Hughes", "Cllr, Chair of the Children, Young People and Families Scrutiny Panel"),
    ("Imran", "Patel", "Cllr, Children, Young People and Families Scrutiny Panel"),
    ("Lesley", "Dawson", "Cllr, Children, Young People and Families Scrutiny Panel"),
)

# Team Managers and practitioners get names drawn from these.
FIRST_NAMES = (
    "Adam", "Aisha", "Amelia", "Ben", "Bethany", "Chloe", "Chris", "Claire", "Connor", "David",
    "Deborah", "Ellie", "Emma", "Fatima", "Gemma", "Grace", "Hannah", "Harpreet", "Jack", "Jamal",
    "James", "Jasmine", "Jenny", "Karen", "Kate", "Kieran", "Laura", "Liam", "Louise", "Lucy",
    "Megan", "Michelle", "Mohammed", "Naomi", "Nathan", "Nicola", "Olivia", "Owen", "Paul",
    "Rebecca", "Ruth", "Ryan", "Samina", "Sophie", "Stephen", "Tariq", "Victoria", "Zara",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Ahmed", "Bailey", "Barker", "Begum", "Bennett", "Campbell", "Chapman", "Clarke",
    "Collins", "Cooper", "Davies", "Edwards", "Evans", "Fletcher", "Foster", "Green", "Hall",
    "Harris", "Hussain", "Jackson", "Johnson", "Kaur", "Kelly", "Khan", "Lewis", "Marshall",
    "Mason", "Mensah", "Mitchell", "Morgan", "Murphy", "Nolan", "Nowak", "O'Brien", "Parker",
    "Phillips", "Price", "Richards", "Roberts", "Robinson", "Shaw", "Singh", "Stewart", "Taylor",
    "Thompson", "Turner", "Walker", "Ward", "Watson", "Webb", "Wilson", "Wright", "Young",
)  # fmt: skip

THEMES = {
    "Neglect": "Recognising neglect early, including its cumulative impact on the child.",
    "Management oversight and supervision": (
        "Regular, reflective supervision recorded on the child's file; managers' decisions "
        "visible and explained."
    ),
    "Voice of the child": "Children seen alone, their wishes and feelings shaping the plan.",
    "Assessment quality": "Assessments that analyse, not describe: history, risk and strengths.",
    "Planning": "SMART plans the family understands, reviewed on time, including permanence.",
    "Multi-agency working": "Schools, health and police contributing to plans and meetings.",
}

WEEKS = {
    PAST_WEEK_SLUG: {
        "status": PracticeWeek.Status.CLOSED,
        "themes": ("Voice of the child", "Assessment quality"),
        "purpose": (
            "Senior managers audit case files collaboratively with the allocated worker and "
            "observe practice in all five services, looking above all at the voice of the child "
            "and the quality of assessments."
        ),
    },
    LIVE_WEEK_SLUG: {
        "status": PracticeWeek.Status.LIVE,
        "themes": ("Neglect", "Management oversight and supervision", "Planning"),
        "purpose": (
            "Auditors pick files at random while sitting in the teams and spend days outside "
            "their own service. We want to know whether management oversight and planning have "
            "improved since the last practice week, and how well we respond to neglect."
        ),
    },
}

# Timetable: days each visitor spends in teams, and how a day is split.
VISITING_DAYS = {
    Role.DIRECTOR: 3,
    Role.HEAD_OF_SERVICE: 4,
    Role.SERVICE_MANAGER: 4,
    Role.QA_ADMIN: 1,
    Role.MODERATOR: 1,
}
DAY_PATTERNS = ((Session.ALL_DAY,), (Session.MORNING, Session.AFTERNOON), (Session.MORNING,))
DAY_PATTERN_WEIGHTS = (5, 3, 1)
VISIT_NOTES = (
    "",
    "",
    "Meet at reception",
    "Hot desk beside the team manager",
    "Parking at the rear of the building",
    "Join the 10:00 team meeting",
)


# --- Planning: plain values, no database ------------------------------------------------------


def _name_part(name: str) -> str:
    return re.sub(r"[^a-z-]", "", name.lower())


def username_for(first_name: str, last_name: str) -> str:
    return f"{_name_part(first_name)}.{_name_part(last_name)}"


@dataclass
class Person:
    first_name: str
    last_name: str
    role: str
    job_title: str
    team_names: tuple[str, ...] = ()
    line_manager: str | None = None  # username
    is_staff: bool = False
    is_superuser: bool = False
    username: str = ""  # firstname.lastname unless given

    def __post_init__(self) -> None:
        self.username = self.username or username_for(self.first_name, self.last_name)

    @property
    def email(self) -> str:
        return f"{self.username}@{EMAIL_DOMAIN}"


def all_team_specs() -> Iterator[tuple[ServiceSpec, TeamSpec]]:
    for service in SERVICES:
        for team in service.teams:
            yield service, team


def service_manager_of(team_name: str) -> str:
    for first, last, team_names in SERVICE_MANAGERS:
        if team_name in team_names:
            return username_for(first, last)
    raise ValueError(f"no Service Manager covers {team_name!r}")


def plan_people() -> list[Person]:
    """Everyone in the demo council, line managers before the people they manage."""
    first, last, title = DIRECTOR
    director = Person(first, last, Role.DIRECTOR, title)
    people = [director]
    head_of = {}
    for spec in SERVICES:
        head = Person(*spec.head, Role.HEAD_OF_SERVICE, f"Head of Service, {spec.name}")
        head.line_manager, head_of[spec.name] = director.username, head.username
        people.append(head)
    service_of = {team.name: service.name for service, team in all_team_specs()}
    for first, last, team_names in SERVICE_MANAGERS:
        head_username = head_of[service_of[team_names[0]]]
        people.append(
            Person(
                first, last, Role.SERVICE_MANAGER, "Service Manager", team_names[:1], head_username
            )
        )
    people += _plan_teams(taken={p.username for p in people})
    for role, table in ((Role.QA_ADMIN, QA_ADMINS), (Role.MODERATOR, MODERATORS)):
        for first, last, title, manager in table:
            person = Person(first, last, role, title, line_manager=manager or director.username)
            person.is_staff = person.username == QA_STAFF_USERNAME
            people.append(person)
    for first, last, title in SCRUTINY_MEMBERS:
        people.append(Person(first, last, Role.SCRUTINY_MEMBER, title))
    admin = Person("", "", Role.QA_ADMIN, "System administrator", username="admin")
    admin.is_staff = admin.is_superuser = True
    return [*people, admin]


def _plan_teams(*, taken: set[str]) -> list[Person]:
    """A Team Manager and two to four practitioners for every team, with generated names."""
    rng = random.Random(SEED)
    named = (*QA_ADMINS, *MODERATORS, *SCRUTINY_MEMBERS)
    taken = taken | {username_for(first, last) for first, last, *_ in named}
    people = []
    for _service, team in all_team_specs():
        roles = [(Role.TEAM_MANAGER, "Team Manager")]
        roles += [(Role.PRACTITIONER, title) for title in team.practitioner_titles]
        manager = service_manager_of(team.name)
        for role, title in roles:
            person = Person(rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), role, title)
            while person.username in taken:
                person = Person(rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), role, title)
            taken.add(person.username)
            person.team_names, person.line_manager = (team.name,), manager
            people.append(person)
            if role == Role.TEAM_MANAGER:
                manager = person.username  # the practitioners that follow report to them
    return people


@dataclass(frozen=True)
class CasePlan:
    case_reference: str
    case_type: str
    team_name: str
    worker: str  # username
    opened_on: date
    closed_on: date | None
    last_audited_on: date | None


def plan_case_files(*, people: list[Person], today: date, past_week_start: date) -> list[CasePlan]:
    """Every team's case files, shared out evenly among its practitioners; one in ten closed."""
    rng = random.Random(SEED + 1)
    specs = [team for _service, team in all_team_specs()]
    numbers = rng.sample(range(100_000, 1_000_000), sum(t.case_files for t in specs))
    workers: dict[str, list[str]] = defaultdict(list)
    for person in people:
        if person.role == Role.PRACTITIONER:
            workers[person.team_names[0]].append(person.username)
    plans = []
    for team in specs:
        for n in range(team.case_files):
            age = rng.randint(14, 1100)  # days since the file opened
            opened_on = today - timedelta(days=age)
            closed_on = None
            if rng.random() < 0.1:
                closed_on = opened_on + timedelta(days=rng.randint(7, age - 1))
            plans.append(
                CasePlan(
                    case_reference=f"{CASE_REFERENCE_PREFIX}{numbers.pop()}",
                    case_type=rng.choices(list(team.case_mix), list(team.case_mix.values()))[0],
                    team_name=team.name,
                    worker=workers[team.name][n % len(workers[team.name])],
                    opened_on=opened_on,
                    closed_on=closed_on,
                    last_audited_on=_last_audit(rng, today, past_week_start, opened_on, closed_on),
                )
            )
    return plans


def _last_audit(
    rng: random.Random, today: date, past_week_start: date, opened_on: date, closed_on: date | None
) -> date | None:
    """Some files had a monthly core audit lately (random selection leaves them out); some
    were audited in the last practice week."""
    roll = rng.random()
    if roll < 0.12:
        audited = today - timedelta(days=rng.randint(10, 150))
    elif roll < 0.22:
        audited = past_week_start + timedelta(days=rng.randint(0, 4))
    else:
        return None
    if audited < opened_on or (closed_on and audited > closed_on):
        return None
    return audited


@dataclass(frozen=True)
class Visitor:
    id: int
    role: str
    home_service_ids: frozenset[int]  # their teams' services and the services they head


@dataclass(frozen=True)
class TeamSlot:
    id: int
    service_id: int
    contact_ids: tuple[int, int]  # the Team Manager, then the senior practitioner


@dataclass(frozen=True)
class Booking:
    visitor_id: int
    day: int  # 0 is the week's Monday
    session: str
    team_id: int = 0
    purpose: str = Visit.Purpose.BOTH
    contact_id: int | None = None
    notes: str = ""


def plan_timetable(
    *, seed: int, visitors: list[Visitor], teams: list[TeamSlot], stays_home: int | None = None
) -> list[Booking]:
    """A Monday-to-Friday timetable that visits every team and never double-books anyone.

    Every team first gets a visitor from outside its service; the other slots go half to the
    visitor's own service, half elsewhere, each to the least visited team. Every visitor leaves
    their own service at least once, except `stays_home` (to show the set-up checks' flag).
    """
    rng = random.Random(seed)
    timetable = _Timetable(rng, list(_free_slots(rng, visitors)), visitors, teams)
    timetable.cover_every_team(stays_home)
    timetable.fill_the_rest(stays_home)
    timetable.send_everyone_out(stays_home)
    return [
        _fill_booking(rng, slot, timetable.team_of[i], timetable.visitors[slot.visitor_id])
        for i, slot in enumerate(timetable.slots)
    ]


def _free_slots(rng: random.Random, visitors: list[Visitor]) -> Iterator[Booking]:
    """Each visitor's days and sessions, one visitor at a time: nobody twice in a half-day."""
    for visitor in visitors:
        for day in sorted(rng.sample(range(5), VISITING_DAYS[Role(visitor.role)])):
            for session in rng.choices(DAY_PATTERNS, DAY_PATTERN_WEIGHTS)[0]:
                yield Booking(visitor.id, day, session)


class _Timetable:
    """Which team each free slot goes to, while plan_timetable works it out."""

    def __init__(
        self,
        rng: random.Random,
        slots: list[Booking],
        visitors: list[Visitor],
        teams: list[TeamSlot],
    ) -> None:
        self.rng, self.slots, self.teams = rng, slots, teams
        self.visitors = {v.id: v for v in visitors}
        self.team_of: dict[int, TeamSlot] = {}  # slot index -> team
        self.load: Counter[int] = Counter()  # team id -> visits so far

    def home(self, index: int) -> frozenset[int]:
        return self.visitors[self.slots[index].visitor_id].home_service_ids

    def book(self, index: int, candidates: list[TeamSlot]) -> None:
        """Send the slot to the least visited candidate, not one the visitor sees that day."""
        slot = self.slots[index]
        seen_today = {
            team.id
            for i, team in self.team_of.items()
            if (self.slots[i].visitor_id, self.slots[i].day) == (slot.visitor_id, slot.day)
        }
        candidates = [t for t in candidates if t.id not in seen_today] or candidates
        least = min(self.load[t.id] for t in candidates)
        team = self.rng.choice([t for t in candidates if self.load[t.id] == least])
        self.team_of[index] = team
        self.load[team.id] += 1

    def cover_every_team(self, stays_home: int | None) -> None:
        for team in self.teams:
            booked = Counter(self.slots[i].visitor_id for i in self.team_of)
            free = [
                i
                for i, slot in enumerate(self.slots)
                if i not in self.team_of
                and slot.visitor_id != stays_home
                and team.service_id not in self.home(i)
            ]
            fewest = min(booked[self.slots[i].visitor_id] for i in free)
            chosen = self.rng.choice(
                [i for i in free if booked[self.slots[i].visitor_id] == fewest]
            )
            self.book(chosen, [team])

    def fill_the_rest(self, stays_home: int | None) -> None:
        for index, slot in enumerate(self.slots):
            if index in self.team_of:
                continue
            home = self.home(index)
            at_home = bool(home) and (slot.visitor_id == stays_home or self.rng.random() < 0.5)
            self.book(
                index, [t for t in self.teams if not home or (t.service_id in home) == at_home]
            )

    def send_everyone_out(self, stays_home: int | None) -> None:
        """Move one slot of anyone who never left their own service to another service."""
        for visitor in self.visitors.values():
            home = visitor.home_service_ids
            if visitor.id == stays_home or not home:
                continue
            mine = [i for i, slot in enumerate(self.slots) if slot.visitor_id == visitor.id]
            if all(self.team_of[i].service_id in home for i in mine):
                self.load[self.team_of.pop(mine[-1]).id] -= 1
                self.book(mine[-1], [t for t in self.teams if t.service_id not in home])


def _fill_booking(rng: random.Random, slot: Booking, team: TeamSlot, visitor: Visitor) -> Booking:
    if visitor.role in (Role.QA_ADMIN, Role.MODERATOR):
        purpose = Visit.Purpose.AUDIT
    else:
        purpose = rng.choices(
            (Visit.Purpose.BOTH, Visit.Purpose.AUDIT, Visit.Purpose.OBSERVE), (5, 3, 2)
        )[0]
    contact_id = rng.choices(team.contact_ids, (2, 1))[0]
    notes = rng.choice(VISIT_NOTES)
    return Booking(slot.visitor_id, slot.day, slot.session, team.id, purpose, contact_id, notes)


def live_week_start(today: date) -> date:
    """This week's Monday; at a weekend, the coming Monday, so the demo always has a live week."""
    if today.weekday() >= 5:
        return today + timedelta(days=7 - today.weekday())
    return today - timedelta(days=today.weekday())


# --- Writing: each function upserts one kind of record ----------------------------------------


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
    return demo_summary(people=people, cases=cases, today=today)


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
                defaults={"base": team.base, "is_active": True},
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


CASE_FILE_FIELDS = (
    "case_type",
    "team",
    "allocated_worker",
    "is_open",
    "opened_on",
    "closed_on",
    "last_audited_on",
)


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
            "status": spec["status"],
            "purpose": spec["purpose"],
        },
    )
    week.services.set(services.values())
    week.themes.set([themes[name] for name in spec["themes"]])
    if previous_start and previous_start != start:
        # Both weeks start on a Monday, so the shift is whole weeks: no visit lands on
        # another visit of the same person while the rows are rewritten.
        visits = list(week.visits.all())
        for visit in visits:
            visit.date += start - previous_start
        Visit.objects.bulk_update(visits, ["date"])
    return week


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
        values = {
            "team_id": booking.team_id,
            "purpose": booking.purpose,
            "contact_id": booking.contact_id,
            "notes": booking.notes,
        }
        if any(getattr(visit, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(visit, name, value)
            changed.append(visit)
    Visit.objects.bulk_update(changed, ["team", "purpose", "contact", "notes"])
    Visit.objects.bulk_create(
        Visit(
            week=week,
            visitor_id=visitor_id,
            date=day,
            session=session,
            team_id=booking.team_id,
            purpose=booking.purpose,
            contact_id=booking.contact_id,
            notes=booking.notes,
        )
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
