"""Print the grade table of submitted audits or graded observations, or the count of an
ungraded week's observations per setting. Here, not in audits: it counts both kinds."""

import json
from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audits.models import AuditType
from audits.summary import AUDITS, grade_summary, grade_summary_csv, groupings, kinds
from observations.summary import OBSERVATIONS, observation_counts, observation_counts_csv
from practiceweek.models import PracticeWeek


class Command(BaseCommand):
    help = (
        "Print the grade table of submitted audits (--kind audits, the default) or of "
        "submitted observations recorded as graded (--kind observations): per group the "
        "counts, percentages adding up to 100, adjusted percentages leaving out Not applicable "
        "(for observations: no overall grade given), and the two headline figures. "
        'JSON: {"by", "rows": [{"group", "counts", "total", "percent", "adjusted_percent", '
        '"good_or_outstanding", "requires_improvement_or_inadequate"}], "overall": {...}}. '
        "CSV: group, total, then per grade its count, percent and adjusted percent, then the "
        "headlines; the last row is All. "
        "For a week whose observations are ungraded (--kind observations --week SLUG), it "
        "counts the observations per group and setting instead. "
        'JSON: {"kind": "observations", "graded": false, "week", "by", "settings": [...], '
        '"rows": [{"group", "counts": {setting: n}, "total"}], "overall": {...}}. '
        "CSV: group, total, then one column per setting; the last row is All."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind",
            choices=kinds(),
            default=AUDITS,
            help="Audits (the default) or observations.",
        )
        parser.add_argument(
            "--by",
            required=True,
            choices=list(dict.fromkeys(g for kind in kinds() for g in groupings(kind))),
            help="Group the rows by service or team; audits also by audit type, observations "
            "also by setting.",
        )
        parser.add_argument("--week", metavar="SLUG", help="Only this practice week's.")
        parser.add_argument(
            "--from",
            dest="date_from",
            metavar="DATE",
            help="Audited or observed on or after (YYYY-MM-DD).",
        )
        parser.add_argument(
            "--to",
            dest="date_to",
            metavar="DATE",
            help="Audited or observed on or before (YYYY-MM-DD).",
        )
        parser.add_argument(
            "--audit-type",
            metavar="TYPE",
            help=f"Audits only: one of {', '.join(AuditType.values)}.",
        )
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        kind, by = options["kind"], options["by"]
        _check_grouping(kind, by)
        date_from = _parse_date("--from", options["date_from"])
        date_to = _parse_date("--to", options["date_to"])
        if date_from and date_to and date_from > date_to:
            raise CommandError(f"--from {date_from} is after --to {date_to}.")
        audit_type = _audit_type(kind, options["audit_type"])
        week = _find_week(options["week"])
        if kind == OBSERVATIONS and week is not None and not week.observations_graded:
            counts = observation_counts(week=week, by=by, date_from=date_from, date_to=date_to)
            self._print(options["format"], counts.as_dict(), observation_counts_csv(counts))
            return
        summary = grade_summary(
            kind=kind,
            by=by,
            week=week,
            date_from=date_from,
            date_to=date_to,
            audit_type=audit_type,
        )
        self._print(options["format"], summary.as_dict(), grade_summary_csv(summary))

    def _print(self, format_: str, data: dict[str, object], text: str) -> None:
        if format_ == "csv":
            self.stdout.write(text, ending="")
        else:
            self.stdout.write(json.dumps(data, indent=2))


def _check_grouping(kind: str, by: str) -> None:
    allowed = groupings(kind)
    if by not in allowed:
        raise CommandError(f"--by {by} is not for {kind}: use one of {', '.join(allowed)}.")


def _audit_type(kind: str, audit_type: str | None) -> str | None:
    if audit_type is None:
        return None
    if kind != AUDITS:
        raise CommandError("--audit-type is for audits only: observations have no audit type.")
    if audit_type not in AuditType.values:
        raise CommandError(
            f"unknown audit type {audit_type!r}: use one of {', '.join(AuditType.values)}."
        )
    return audit_type


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
