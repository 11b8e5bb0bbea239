"""Timetable rules as plain functions: clashes, set-up checks, copying dates between weeks.

No Django here: callers pass plain values (ids, dates, session codes).
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta

MORNING, AFTERNOON, ALL_DAY = "am", "pm", "day"
# When a visit of each session starts and ends, local time (settings.TIME_ZONE, Europe/London):
# the hours of the visitors' e-mail and calendar events. Constants, not settings: a council's
# office day rarely changes; edit them here if yours differs.
SESSION_HOURS: dict[str, tuple[time, time]] = {
    MORNING: (time(9, 0), time(12, 30)),
    AFTERNOON: (time(13, 30), time(17, 0)),
    ALL_DAY: (time(9, 0), time(17, 0)),
}
_HALVES = {MORNING: frozenset({MORNING}), AFTERNOON: frozenset({AFTERNOON})}
_HALVES[ALL_DAY] = _HALVES[MORNING] | _HALVES[AFTERNOON]


@dataclass(frozen=True)
class Slot:
    """A visitor's booking: `key` identifies it to the caller (a row number, a pk)."""

    visitor_id: int
    day: date
    session: str
    key: Hashable = None


def halves(session: str) -> frozenset[str]:
    """The half-days a session occupies: 'day' takes both."""
    try:
        return _HALVES[session]
    except KeyError as exc:
        raise ValueError(f"unknown session {session!r}") from exc


def find_clashes(slots: Iterable[Slot]) -> list[tuple[Slot, Slot]]:
    """Pairs of bookings that put one visitor in two places in the same half-day."""
    by_visitor_day: dict[tuple[int, date], list[Slot]] = defaultdict(list)
    for slot in slots:
        by_visitor_day[(slot.visitor_id, slot.day)].append(slot)
    clashes = []
    for group in by_visitor_day.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                if halves(first.session) & halves(second.session):
                    clashes.append((first, second))
    return clashes


@dataclass(frozen=True)
class SetupChecks:
    unvisited_team_ids: list[int]
    own_service_only_visitor_ids: list[int]

    @property
    def is_clear(self) -> bool:
        return not self.unvisited_team_ids and not self.own_service_only_visitor_ids


def setup_checks(
    *,
    team_ids: Iterable[int],
    visits: Iterable[tuple[int, int, int]],
    home_service_ids: Mapping[int, set[int]],
) -> SetupChecks:
    """Flag teams nobody visits and visitors who only visit their own service.

    `visits` holds (visitor_id, team_id, team's service_id); `home_service_ids` maps a visitor
    to the services they belong to (their teams' services, or those they head). A visitor with
    no home service is never flagged: they cannot be visiting "their own".
    """
    visited: set[int] = set()
    services_visited: dict[int, set[int]] = defaultdict(set)
    for visitor_id, team_id, service_id in visits:
        visited.add(team_id)
        services_visited[visitor_id].add(service_id)
    unvisited = sorted(set(team_ids) - visited)
    own_only = sorted(
        visitor_id
        for visitor_id, services in services_visited.items()
        if home_service_ids.get(visitor_id) and services <= home_service_ids[visitor_id]
    )
    return SetupChecks(unvisited_team_ids=unvisited, own_service_only_visitor_ids=own_only)


def shift_into_week(
    day: date, *, source_start: date, target_start: date, target_end: date
) -> date | None:
    """The same day of the target week (same offset from its start), or None if it falls out."""
    shifted = day + timedelta(days=(target_start - source_start).days)
    return shifted if target_start <= shifted <= target_end else None
