"""Planning the demo's observations: which visits observe whom, where, when and about which
case. No database access: `sync` loads the council first."""

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from observations.models import ObservationCategory, ObservationFramework, Setting
from practiceweek.demo.common import SESSION_STARTS, at, later
from practiceweek.demo.data import LIVE_WEEK_SLUG, SEED
from practiceweek.models import CaseFile, PracticeWeek, Role, Team, User, Visit

from .featured import FEATURED, Featured
from .team_settings import (
    ANY_TEAM,
    CASE_TYPES,
    CONTEXT,
    LINK_CHANCE,
    SECOND_PRACTITIONER,
    TEAM_PLANS,
    VISIT,
    VOICES,
    Other,
    TeamPlan,
)

# Observations per visit, by (purpose, all day or not): (choices, weights).
PER_VISIT: dict[tuple[str, bool], tuple[tuple[int, ...], tuple[int, ...]]] = {
    (Visit.Purpose.OBSERVE, True): ((2, 3), (6, 4)),
    (Visit.Purpose.OBSERVE, False): ((1, 2), (7, 3)),
    (Visit.Purpose.BOTH, True): ((0, 1, 2), (1, 7, 2)),
    (Visit.Purpose.BOTH, False): ((0, 1), (5, 5)),
}
MINUTES_APART = 100  # between observations on one visit
# Drafts in progress in the live week, on each observer's first observing visit.
DRAFTS = ("catherine.moss", "priya.sharma")


@dataclass
class Slot:
    """One planned observation: who, where and when; its setting and people come later."""

    key: str
    week: PracticeWeek
    visit: Visit
    start: datetime  # when the observed work began
    submitted: datetime | None  # None for a draft
    featured: Featured | None = None
    setting: str = ""
    setting_other: str = ""
    context: str = ""
    voices: tuple[str, ...] = ()
    practitioners: list[User] = field(default_factory=list)
    case_file: CaseFile | None = None


@dataclass
class Council:
    """What the plan is drawn from, loaded in a handful of queries."""

    weeks: dict[str, PracticeWeek]
    frameworks: dict[int, ObservationFramework]  # week id -> its framework
    categories: dict[int, list[ObservationCategory]]  # week id -> its framework's categories
    visits: list[Visit]  # the observing ones, in order
    teams: dict[int, Team]
    practitioners: dict[int, list[User]]  # team id -> its practitioners, by username
    managers: dict[int, list[User]]  # team id -> its Team Manager(s)
    files: dict[int, list[CaseFile]]  # team id -> its allocated files, by reference
    users: dict[str, User]


def plan_slots(council: Council) -> list[Slot]:
    """Every observation the demo would hold by the end of the live week, oldest first. Times
    count from each visit's session, so the plan is the same whichever day it runs."""
    weeks_by_id = {w.pk: w for w in council.weeks.values()}
    featured = {(f.week_slug, f.team_name, f.visit_index): f for f in FEATURED}
    seen: dict[tuple[int, int], int] = defaultdict(int)  # (week, team) -> observing visits so far
    drafts_due = set(DRAFTS)
    slots = []
    for visit in council.visits:
        week = weeks_by_id[visit.week_id]
        index = seen[week.pk, visit.team_id]
        seen[week.pk, visit.team_id] += 1
        visit_key = (
            f"{week.slug}:{visit.visitor.username}:{(visit.date - week.start_date).days}:"
            f"{visit.session}"
        )
        rng = random.Random(f"{SEED}:observations:{visit_key}")
        choices, weights = PER_VISIT[visit.purpose, visit.session == "day"]
        count = rng.choices(choices, weights)[0]
        special = featured.get((week.slug, visit.team.name, index))
        for n in range(max(count, 1 if special else 0)):
            start = at(
                visit.date,
                later(
                    SESSION_STARTS[visit.session], minutes=MINUTES_APART * n + rng.randint(0, 20)
                ),
            )
            took = timedelta(minutes=rng.randint(50, 90) + rng.randint(10, 30))  # and write-up
            slots.append(
                Slot(
                    f"{visit_key}:{n}",
                    week,
                    visit,
                    start,
                    start + took,
                    special if n == 0 else None,
                )
            )
        if week.slug == LIVE_WEEK_SLUG and visit.visitor.username in drafts_due:
            drafts_due.discard(visit.visitor.username)
            start = at(
                visit.date,
                later(SESSION_STARTS[visit.session], minutes=MINUTES_APART * count + 15),
            )
            slots.append(Slot(f"draft:{visit_key}", week, visit, start, None))
    return sorted(slots, key=lambda s: (s.start, s.key))


def cast(slots: Sequence[Slot], council: Council) -> None:
    """Give each slot its setting (each team's settings dealt in turn, its main one first), the
    people observed (each team's practitioners in turn) and the case it was about."""
    rotas: dict[int, _TeamRotas] = {}
    for slot in slots:
        team = slot.visit.team
        plan = TEAM_PLANS.get(team.name, ANY_TEAM)
        if team.pk not in rotas:
            rotas[team.pk] = _TeamRotas(team.name, plan, council.practitioners.get(team.pk, []))
        rota = rotas[team.pk]
        rng = random.Random(f"{SEED}:observation-cast:{slot.key}")
        other: Other | None = None
        if slot.featured:
            slot.setting, slot.setting_other = slot.featured.setting, slot.featured.setting_other
            other = next((o for o in plan.others if o.words == slot.setting_other), None)
        else:
            slot.setting = rota.settings.take() or Setting.HOME_VISIT
            if slot.setting == Setting.OTHER:
                other = rota.others.take()
                slot.setting_other = other.words if other else ""
        slot.context = other.context if other else CONTEXT.get(slot.setting, VISIT)
        slot.voices = other.voices if other else VOICES.get(slot.setting, ())
        if slot.setting == Setting.HOME_VISIT:
            slot.voices = plan.home_voices
        slot.practitioners = _people(slot, rng, rota.people, council)
        link = 1.0 if slot.featured else LINK_CHANCE.get(slot.setting, 0.0)
        if other:
            link = 1.0 if other.has_case else 0.0
        slot.case_file = _case_file(slot, rng, council, link)


class _Rota[T]:
    """Things taken in turn, round and round: a team's practitioners, or its settings."""

    def __init__(self, items: list[T]) -> None:
        self.items, self.next = items, 0

    def take(self, *, besides: Iterable[T] = ()) -> T | None:
        """The next one in turn that is not among `besides`; None when there is none."""
        besides = list(besides)
        for step in range(len(self.items)):
            item = self.items[(self.next + step) % len(self.items)]
            if item not in besides:
                self.next = (self.next + step + 1) % len(self.items)
                return item
        return None


class _TeamRotas:
    """A team's practitioners in a shuffled order; its settings as a shuffled deck of cards,
    one per unit of weight, with its main setting on top; its "Other" settings in turn."""

    def __init__(self, team_name: str, plan: TeamPlan, people: list[User]) -> None:
        rng = random.Random(f"{SEED}:observed:{team_name}")
        self.people = _Rota(rng.sample(people, len(people)))
        main, *_ = plan.settings
        cards = [s for s, weight in plan.settings.items() for _ in range(weight)]
        cards.remove(main)
        self.settings = _Rota([main, *rng.sample(cards, len(cards))])
        self.others = _Rota(list(plan.others))


def _people(slot: Slot, rng: random.Random, turns: _Rota[User], council: Council) -> list[User]:
    """One or two people of the team; in supervision, the Team Manager and who they supervise;
    at a team meeting, its chair (the Team Manager) and perhaps who presented."""
    team_id = slot.visit.team_id
    members = {p.username: p for p in council.practitioners.get(team_id, [])}
    manager = next(iter(council.managers.get(team_id, [])), None)
    second = rng.random() < SECOND_PRACTITIONER.get(slot.setting, 0.0)
    people: list[User] = []
    if slot.featured:
        for username in slot.featured.practitioners:
            person = members.get(username) if username != "*" else None
            person = person or turns.take(besides=people)
            if person and person not in people:
                people.append(person)
        return people
    wanted = 1 + second
    if manager and slot.setting in (Setting.SUPERVISION, Setting.TEAM_MEETING):
        people.append(manager)
        # A team meeting is the manager's to chair; sometimes a practitioner presented a case.
        wanted -= slot.setting == Setting.TEAM_MEETING
    for _ in range(wanted):
        person = turns.take(besides=people)
        if person:
            people.append(person)
    return people


def _case_file(slot: Slot, rng: random.Random, council: Council, link: float) -> CaseFile | None:
    """A file allocated to the (first) practitioner observed, open that day, of a type that
    fits the setting; none for a team meeting, and sometimes none at all."""
    links, pick = rng.random() < link, rng.random()
    worker = next((p for p in slot.practitioners if p.role == Role.PRACTITIONER), None)
    if not links or worker is None:
        return None
    types = CASE_TYPES.get(slot.setting)
    day = slot.visit.date
    candidates = [
        f
        for f in council.files.get(slot.visit.team_id, [])
        if f.allocated_worker_id == worker.pk
        and (types is None or f.case_type in types)
        and (f.opened_on is None or f.opened_on <= day)
        and (f.closed_on is None or f.closed_on >= day)
    ]
    return candidates[int(pick * len(candidates))] if candidates else None
