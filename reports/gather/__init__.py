"""The data snapshot of a report (`reports.snapshot`) from the database: the week report's
and the yearly report's numbers, each in a fixed number of queries whatever the number of rows.

`snapshot_for(report, now=...)` is what the build task and the command call.
"""

from datetime import datetime

from reports.models import Report
from reports.snapshot import AnnualSnapshot, WeekSnapshot

from . import common
from .annual import annual_snapshot
from .week import week_snapshot

__all__ = ["annual_snapshot", "common", "snapshot_for", "week_snapshot"]


def snapshot_for(report: Report, *, now: datetime) -> WeekSnapshot | AnnualSnapshot:
    """The snapshot of a week report or a yearly report, by `report.kind`.

    Raises ValueError when the report lacks its week or its dates.
    """
    if report.kind == Report.Kind.ANNUAL:
        return annual_snapshot(report, now=now)
    return week_snapshot(report, now=now)
