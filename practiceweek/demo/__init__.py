"""The demo council, Northbridge: its services, teams, people, case files and two practice weeks.

`demo_seed()` builds it and can run again and again: everything is found by a natural key
(service name, team name, username, case reference, week slug) and updated in place: a second
run the same day changes nothing, and on a later day only dates move (the live week stays the
current one, case files keep their ages). Every random choice comes from
`random.Random` seeded with a constant, so each run plans the same council. No case file holds a
child's name: only a reference in the council's own style (NB + six digits).

This package builds the core's records; each app's own (`audits/demo/`, `observations/demo/`,
`reports/demo.py`) comes through `registry`, filled in the apps' `AppConfig.ready()`.
"""

from .build import demo_seed
from .data import (
    CASE_REFERENCE_PATTERN,
    DEMO_PASSWORD,
    LIVE_WEEK_SLUG,
    PAST_WEEK_SLUG,
    QA_GROUP_NAME,
    QA_STAFF_USERNAME,
    STAYS_IN_OWN_SERVICE,
)

__all__ = [
    "CASE_REFERENCE_PATTERN",
    "DEMO_PASSWORD",
    "LIVE_WEEK_SLUG",
    "PAST_WEEK_SLUG",
    "QA_GROUP_NAME",
    "QA_STAFF_USERNAME",
    "STAYS_IN_OWN_SERVICE",
    "demo_seed",
]
