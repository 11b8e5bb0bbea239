"""What every app's demo shares: times of day, and bulk inserts that keep the past's times."""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Model
from django.utils import timezone

# When a visit's session begins (the visit timetable's `am`, `pm` and all-`day` sessions).
SESSION_STARTS = {"am": time(9, 30), "pm": time(13, 30), "day": time(9, 30)}


def at(day: date, clock: time) -> datetime:
    """`day` at `clock`, in the council's time zone."""
    return datetime.combine(day, clock, tzinfo=timezone.get_current_timezone())


def later(clock: time, *, minutes: int) -> time:
    """`clock` plus `minutes` (the demo's sessions never run past midnight)."""
    return (datetime.combine(date.min, clock) + timedelta(minutes=minutes)).time()


def insert(model: type[Model], rows: list[Any], times: Sequence[str] = ()) -> None:
    """bulk_create, then put back the times that `auto_now`/`auto_now_add` overwrote: the
    demo's past happened in the past."""
    kept = [[getattr(row, name) for name in times] for row in rows]
    model._default_manager.bulk_create(rows, batch_size=500)
    if not times:
        return
    for row, values in zip(rows, kept, strict=True):
        for name, value in zip(times, values, strict=True):
            setattr(row, name, value)
    model._default_manager.bulk_update(rows, list(times), batch_size=500)
