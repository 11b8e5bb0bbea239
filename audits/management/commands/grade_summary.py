"""Print the grade table of submitted audits per service, team or audit type."""

import json
from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audits.models import AuditType
from audits.summary import GROUPINGS, grade_summary, grade_summary_csv
from practiceweek.models import PracticeWeek


class Command(BaseCommand):
    help = (
        "Print the grade table of submitted audits (counts, percentages adding up to 100, "
        "adjusted percentages leaving out Not applicable, and the two headline figures)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--by",
            required=True,
            choices=list(GROUPINGS),
            help="Group the rows by service, team or audit type.",
        )
        parser.add_argument("--week", metavar="SLUG", help="Only this practice week's audits.")
        parser.add_argument(
            "--from", dest="date_from", metavar="DATE", help="Audited on or after (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--to", dest="date_to", metavar="DATE", help="Audited on or before (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--audit-type", metavar="TYPE", help=f"One of {', '.join(AuditType.values)}."
        )
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        date_from = _parse_date("--from", options["date_from"])
        date_to = _parse_date("--to", options["date_to"])
        if date_from and date_to and date_from > date_to:
            raise CommandError(f"--from {date_from} is after --to {date_to}.")
        audit_type = options["audit_type"]
        if audit_type is not None and audit_type not in AuditType.values:
            raise CommandError(
                f"unknown audit type {audit_type!r}: use one of {', '.join(AuditType.values)}."
            )
        summary = grade_summary(
            by=options["by"],
            week=_find_week(options["week"]),
            date_from=date_from,
            date_to=date_to,
            audit_type=audit_type,
        )
        if options["format"] == "csv":
            self.stdout.write(grade_summary_csv(summary), ending="")
        else:
            self.stdout.write(json.dumps(summary.as_dict(), indent=2))


def _parse_date(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise CommandError(f"{option} {value!r} is not a date in the form YYYY-MM-DD.") from exc


def _find_week(slug: str | None) -> PracticeWeek | None:
    if slug is None:
        return None
    try:
        return PracticeWeek.objects.get(slug=slug)
    except PracticeWeek.DoesNotExist as exc:
        raise CommandError(f"unknown practice week {slug!r}.") from exc
