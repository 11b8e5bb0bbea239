"""Seeding each council, timing the report builds and printing the table (see report_bench.py).

Imported after django.setup(): the database to use is switched here, council by council.
"""

import logging
import os
import platform
import statistics
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import Any

from council import NOW, council_seed
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import gather, rendering
from reports.models import Report, ReportBuild
from reports.services import build_request, build_run

TARGET = 3.0  # seconds: the whole week report, gathering and rendering
logging.getLogger("reports").setLevel(logging.WARNING)  # one line a build: noise here


@dataclass
class Timings:
    """Seconds of each run of one report, and what the runs counted."""

    gather: list[float] = field(default_factory=list)
    render: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)
    queries: set[int] = field(default_factory=set)
    pages: set[int] = field(default_factory=set)


@dataclass
class Council:
    label: str
    database: str
    seed_seconds: float
    migrate_seconds: float
    counts: dict[str, int]
    reports: dict[str, Timings]
    whole_build: list[float] = field(default_factory=list)
    cold: float = 0.0  # the first week build in this process: imports, fonts


def bench(*, runs: int, databases: list[tuple[str, float, str]]) -> None:
    """Seed each council in its own database and time its reports; print the table."""
    councils = []
    for label, scale, name in databases:
        _use(name)
        full = label == databases[0][0]
        councils.append(_council(label, name, scale, runs=runs, render=full))
    _print(councils, runs=runs)


def _use(name: str) -> None:
    connection.close()
    connection.settings_dict["NAME"] = name


def _council(label: str, name: str, scale: float, *, runs: int, render: bool) -> Council:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    seeded = council_seed(scale=scale)
    council = Council(
        label=label,
        database=name,
        migrate_seconds=migrated - started,
        seed_seconds=time.perf_counter() - migrated,
        counts=seeded.counts,
        reports={},
    )
    week = Report.objects.get(kind=Report.Kind.WEEK)
    annual = Report.objects.get(kind=Report.Kind.ANNUAL)
    if render:
        council.cold = _timed(lambda: rendering.render_pdf(_gather(week.pk)))
    council.reports["week"] = _measure(week.pk, runs=runs, render=render)
    council.reports["annual"] = _measure(annual.pk, runs=runs, render=render)
    if render:
        council.whole_build = [_whole_build(week) for _ in range(runs)]
    return council


def _gather(report_id: int) -> dict[str, Any]:
    report = Report.objects.select_related("week").get(pk=report_id)
    return dict(gather.snapshot_for(report, now=NOW))


def _measure(report_id: int, *, runs: int, render: bool) -> Timings:
    timings = Timings()
    for _ in range(runs):
        report = Report.objects.select_related("week").get(pk=report_id)  # as the task has it
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            snapshot = gather.snapshot_for(report, now=NOW)
            gathered = time.perf_counter()
        timings.gather.append(gathered - started)
        timings.queries.add(len(queries))
        if render:
            _, pages = rendering.render_pdf(snapshot)
            timings.render.append(time.perf_counter() - gathered)
            timings.total.append(timings.gather[-1] + timings.render[-1])
            timings.pages.add(pages)
    return timings


def _whole_build(report: Report) -> float:
    """One version built as the task builds it: claim, gather, store, render, store."""
    assert report.created_by is not None
    started = time.perf_counter()
    build = build_request(report, report.created_by, enqueue=False)
    build = build_run(build.pk, now=NOW)
    took = time.perf_counter() - started
    assert build.status == ReportBuild.Status.READY, build.error
    return took


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


# Printing ------------------------------------------------------------------------------------


def _print(councils: list[Council], *, runs: int) -> None:
    full, *others = councils
    print(f"Report benchmark on {connection.vendor}: {runs} build(s) of each report")
    print(
        f"Python {platform.python_version()}, Django {version('django')}, "
        f"WeasyPrint {version('weasyprint')}; {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f}; DEBUG {'on' if _debug() else 'off'}"
    )
    for council in councils:
        counted = ", ".join(f"{n:,} {what}" for what, n in council.counts.items())
        seeded = (
            f"{council.label} council ({council.database}), seeded in "
            f"{council.seed_seconds:.1f} s (+ {council.migrate_seconds:.1f} s migrating): {counted}"
        )
        print("\n" + textwrap.fill(seeded, width=100, subsequent_indent="  "))
    print("\nSeconds per build: median (min to max)")
    header = f"{'report':<8} {'part':<11} {'median':>7} {'min':>7} {'max':>7} {'queries':>8}"
    print(f"{header} {'pages':>6}")
    for name, timings in full.reports.items():
        for part, seconds in (
            ("gathering", timings.gather),
            ("rendering", timings.render),
            ("total", timings.total),
        ):
            queries = _one(timings.queries) if part == "gathering" else ""
            pages = _one(timings.pages) if part == "total" else ""
            print(
                f"{name if part == 'gathering' else '':<8} {part:<11} "
                f"{statistics.median(seconds):>7.3f} {min(seconds):>7.3f} {max(seconds):>7.3f} "
                f"{queries:>8} {pages:>6}"
            )
    whole = full.whole_build
    print(
        "\nWeek report, whole build as the task runs it (build_request + build_run: gathering,\n"
        f"  rendering, storing the snapshot and the PDF): median {statistics.median(whole):.3f} s"
        f" ({min(whole):.3f} to {max(whole):.3f})."
    )
    print(
        f"First week build in a fresh process (imports WeasyPrint, loads fonts): {full.cold:.3f} s."
    )
    week_total = statistics.median(full.reports["week"].total)
    verdict = "within" if week_total < TARGET else "OVER"
    print(f"Target: the week report under {TARGET:.0f} s: {week_total:.2f} s, {verdict} target.")
    for other in others:
        _print_queries(full, other)


def _print_queries(full: Council, other: Council) -> None:
    print(f"\nGathering at {other.label} size against full size: queries, median seconds")
    for name in full.reports:
        big, small = full.reports[name], other.reports[name]
        same = "the same" if big.queries == small.queries else "DIFFERENT"
        print(
            f"  {name:<7} {other.label}: {_one(small.queries)} queries, "
            f"{statistics.median(small.gather):.3f} s; full: {_one(big.queries)} queries, "
            f"{statistics.median(big.gather):.3f} s; queries {same}"
        )
    audits = (other.counts["submitted audits"], full.counts["submitted audits"])
    print(f"  (submitted audits: {audits[0]:,} against {audits[1]:,}.)")


def _one(values: set[int]) -> str:
    """The value every run gave, or the range when they differ."""
    return str(min(values)) if len(values) == 1 else f"{min(values)}-{max(values)}"


def _debug() -> bool:
    from django.conf import settings

    return bool(settings.DEBUG)
