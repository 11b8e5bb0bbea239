"""The timetable rules as pure functions: no database."""

from datetime import date

import pytest

from practiceweek.scheduling import Slot, find_clashes, halves, setup_checks, shift_into_week

MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("session", "expected"),
    [("am", {"am"}), ("pm", {"pm"}), ("day", {"am", "pm"})],
)
def test_halves_of_each_session(session: str, expected: set[str]) -> None:
    assert halves(session) == expected


@pytest.mark.parametrize("session", ["", "evening", "AM"])
def test_halves_raises_on_unknown_session(session: str) -> None:
    with pytest.raises(ValueError, match="unknown session"):
        halves(session)


def test_find_clashes_of_nothing_is_empty() -> None:
    assert find_clashes([]) == []


def test_morning_and_afternoon_do_not_clash() -> None:
    assert find_clashes([Slot(1, MONDAY, "am", key=0), Slot(1, MONDAY, "pm", key=1)]) == []


@pytest.mark.parametrize(
    ("first", "second"), [("am", "day"), ("day", "pm"), ("day", "day"), ("am", "am")]
)
def test_overlapping_sessions_clash(first: str, second: str) -> None:
    a, b = Slot(1, MONDAY, first, key="a"), Slot(1, MONDAY, second, key="b")

    assert find_clashes([a, b]) == [(a, b)]


def test_different_days_do_not_clash() -> None:
    assert find_clashes([Slot(1, MONDAY, "day"), Slot(1, TUESDAY, "day")]) == []


def test_different_visitors_do_not_clash() -> None:
    assert find_clashes([Slot(1, MONDAY, "day"), Slot(2, MONDAY, "day")]) == []


def test_three_bookings_in_one_day_give_every_pair() -> None:
    am, pm, day = Slot(1, MONDAY, "am"), Slot(1, MONDAY, "pm"), Slot(1, MONDAY, "day")

    assert find_clashes([am, pm, day]) == [(am, day), (pm, day)]


def test_setup_checks_flag_unvisited_teams_and_own_service_only_visitors() -> None:
    checks = setup_checks(
        team_ids=[10, 11, 12],
        # visitor 1 (home service 100) visits team 10 of service 100 only;
        # visitor 2 (home service 100) visits team 11 of service 200.
        visits=[(1, 10, 100), (2, 11, 200)],
        home_service_ids={1: {100}, 2: {100}},
    )

    assert checks.unvisited_team_ids == [12]
    assert checks.own_service_only_visitor_ids == [1]
    assert not checks.is_clear


def test_setup_checks_clear_when_every_team_visited_from_outside() -> None:
    checks = setup_checks(
        team_ids=[10, 11],
        visits=[(1, 10, 100), (1, 11, 200)],
        home_service_ids={1: {100}},
    )

    assert checks.unvisited_team_ids == []
    assert checks.own_service_only_visitor_ids == []
    assert checks.is_clear


def test_setup_checks_never_flag_a_visitor_without_a_home_service() -> None:
    checks = setup_checks(team_ids=[10], visits=[(1, 10, 100)], home_service_ids={})

    assert checks.own_service_only_visitor_ids == []


def test_setup_checks_with_no_teams_and_no_visits_is_clear() -> None:
    assert setup_checks(team_ids=[], visits=[], home_service_ids={}).is_clear


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 23), date(2027, 5, 17)),  # Monday to Monday
        (date(2026, 11, 26), date(2027, 5, 20)),  # Thursday to Thursday, the last day
        (date(2026, 11, 27), None),  # Friday falls after the shorter target week
    ],
)
def test_shift_into_week(day: date, expected: date | None) -> None:
    shifted = shift_into_week(
        day,
        source_start=date(2026, 11, 23),
        target_start=date(2027, 5, 17),
        target_end=date(2027, 5, 20),
    )

    assert shifted == expected


def test_shift_into_week_refuses_a_day_before_the_target_start() -> None:
    # A day before the source week's start lands before the target's start.
    shifted = shift_into_week(
        date(2026, 11, 22),
        source_start=date(2026, 11, 23),
        target_start=date(2027, 5, 17),
        target_end=date(2027, 5, 21),
    )

    assert shifted is None
