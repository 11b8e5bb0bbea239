"""`manage.py build_report --week SLUG --output FILE.pdf`, or
`manage.py build_report --from DATE --to DATE --kind annual --output FILE.pdf`.

Builds a report's PDF now, through the same code as the background build (a new version of the
report, created if missing, with its snapshot), and writes it to FILE. Exits non-zero with the
reason on any failure.
"""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from practiceweek.models import PracticeWeek, Role, User
from reports.models import Report, ReportBuild
from reports.services import (
    TRANSIENT_ERRORS,
    build_fail,
    build_request,
    build_run,
    report_get_or_create_annual,
    report_get_or_create_week,
)
from reports.services.builds import UNAVAILABLE

USAGE = "Give either --week SLUG, or --from DATE --to DATE --kind annual."


class Command(BaseCommand):
    help = "Build a report's PDF now (as the background build does) and write it to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--week", metavar="SLUG", help="The practice week's slug.")
        parser.add_argument("--from", dest="date_from", metavar="DATE", help="e.g. 2025-04-01")
        parser.add_argument("--to", dest="date_to", metavar="DATE", help="e.g. 2026-03-31")
        parser.add_argument("--kind", choices=[k.value for k in Report.Kind])
        parser.add_argument("--output", required=True, metavar="FILE.pdf")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Recorded as the person who asked for the build (default: a QA administrator).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"Cannot write {output}: the folder {output.parent} does not exist.")
        user = _user(options["user"])
        report = _report(options, user)
        build = build_request(report, user, enqueue=False)
        try:
            build = build_run(build.pk)
        except TRANSIENT_ERRORS as exc:
            build_fail(build.pk, UNAVAILABLE)
            raise CommandError(f"Version {build.number} failed: {UNAVAILABLE}") from exc
        if build.is_active:
            raise CommandError(
                f"Version {build.number} of this report is being built by a worker right now: "
                "try again when it has finished."
            )
        if build.status != ReportBuild.Status.READY or not build.pdf:
            raise CommandError(f"Version {build.number} failed: {build.error}")
        try:
            output.write_bytes(bytes(build.pdf))
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}.") from exc
        pages = build.page_count or 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Version {build.number} ({pages} page{'' if pages == 1 else 's'}) written to "
                f"{output}."
            )
        )


def _user(username: str | None) -> User:
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user has the username {username!r}.")
        return user
    active = User.objects.filter(is_active=True).order_by("pk")
    user = active.filter(role=Role.QA_ADMIN).first() or active.filter(is_superuser=True).first()
    if user is None:
        raise CommandError("No QA administrator to record as the requester: pass --user USERNAME.")
    return user


def _date(raw: str | None, option: str) -> date:
    if not raw:
        raise CommandError(f"{option} is missing. {USAGE}")
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"{option}: expected a date like 2026-04-01, got {raw!r}.") from exc


def _report(options: dict[str, Any], user: User) -> Report:
    slug, kind = options["week"], options["kind"]
    has_dates = bool(options["date_from"] or options["date_to"])
    if slug and (has_dates or kind == Report.Kind.ANNUAL):
        raise CommandError(USAGE)
    if slug:
        week = PracticeWeek.objects.filter(slug=slug).first()
        if week is None:
            raise CommandError(f"No practice week has the slug {slug!r}.")
        return report_get_or_create_week(week=week, user=user)
    if kind == Report.Kind.WEEK or not has_dates:
        raise CommandError(USAGE)
    date_from, date_to = _date(options["date_from"], "--from"), _date(options["date_to"], "--to")
    if date_to < date_from:
        raise CommandError("--to must be on or after --from.")
    return report_get_or_create_annual(date_from=date_from, date_to=date_to, user=user)
