"""Each app's part of the demo council, as the app writes it.

The core imports no app, so each app with demo records (audits, observations, reports)
registers its part here in its `AppConfig.ready()`; `demo_seed` builds the core's records
(services, teams, people, case files, weeks, visits), then runs the parts in registration
order, which is `INSTALLED_APPS` order, lower layer first: observations draw a case example
from an audit, and the reports from everything below them.
"""

from dataclasses import dataclass
from datetime import date
from typing import Protocol


class DemoSync(Protocol):
    def __call__(self, *, today: date) -> None: ...


class DemoCounts(Protocol):
    def __call__(self, *, today: date) -> dict[str, int]: ...


@dataclass(frozen=True)
class DemoPart:
    sync: DemoSync  # add what is due and missing; safe to run again
    counts: DemoCounts  # what `seed_demo` prints about the part, by label


_parts: dict[str, DemoPart] = {}


def register(name: str, *, sync: DemoSync, counts: DemoCounts) -> None:
    """Add an app's part under `name`; registering it again (tests reload apps) replaces it
    and keeps its place."""
    _parts[name] = DemoPart(sync=sync, counts=counts)


def demo_parts() -> list[DemoPart]:
    """The registered parts, in the order they run."""
    return list(_parts.values())
