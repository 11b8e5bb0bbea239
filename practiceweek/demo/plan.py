"""Planning the demo council: plain values in, plain values out, no database access.

Each planner seeds its own `random.Random` from `SEED`, so every run plans the same people,
case files and timetable.
"""

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from ..models import Role, Visit
from .data import (
    CASE_REFERENCE_PREFIX,
    DAY_PATTERN_WEIGHTS,
    DAY_PATTERNS,
    DIRECTOR,
    EMAIL_DOMAIN,
    FIRST_NAMES,
    LAST_NAMES,
    MODERATORS,
    QA_ADMINS,
    QA_STAFF_USERNAME,
    SCRUTINY_MEMBERS,
    SEED,
    SERVICE_MANAGERS,
    SERVICES,
    VISIT_NOTES,
    VISITING_DAYS,
    ServiceSpec,
    TeamSpec,
)


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
