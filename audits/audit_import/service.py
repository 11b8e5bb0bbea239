"""The import itself: read and check every row, look up what they name, then save."""

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import IO

from django.db import IntegrityError
from django.utils import timezone

from practiceweek.csv_import import CsvRefused, LineError
from practiceweek.models import RecordSource

from ..models import Audit
from .catalogue import Catalogue, load_catalogue
from .rows import ImportRow, read_audit_rows
from .writing import save_audits

SUBMITTED_AT = time(9)  # imported audits count as submitted at 09:00 local time on the day
_CONCURRENT = "Someone else saved some of the same records while this file was imported: try again."


@dataclass(frozen=True)
class AuditImportResult:
    created: int = 0  # audits
    already_there: int = 0  # rows matching a submitted audit already stored: skipped
    new_records: dict[str, int] = field(default_factory=dict)  # by kind, with create_missing
    errors: tuple[LineError, ...] = ()
    dry_run: bool = False

    def summary(self) -> str:
        audits = f"{self.created} audit{'s' if self.created != 1 else ''}"
        made = ", ".join(f"{kind} {count}" for kind, count in self.new_records.items() if count)
        if self.dry_run:
            text = (
                f"Check passed, nothing was saved: {audits} would be imported, "
                f"{self.already_there} already there."
            )
            return f"{text} Would create: {made}." if made else text
        text = f"Imported {audits}; {self.already_there} already there, skipped."
        return f"{text} Created: {made}." if made else text


def audits_import(
    *, file: IO[str] | IO[bytes], create_missing: bool = False, dry_run: bool = False
) -> AuditImportResult:
    """Check every row of a historical-audit CSV, then save the audits in one transaction.

    A fixed number of reads whatever the file's size, then one insert per kind of record
    (per 500 audits) and one update of the case files' last_audited_on.
    """
    try:
        rows, errors = read_audit_rows(file)
    except CsvRefused as exc:
        return AuditImportResult(errors=(exc.error,))
    catalogue = load_catalogue(rows, create_missing=create_missing)
    audits: list[Audit] = []
    already_there = 0
    for row in rows:
        problems: list[str] = []
        audit = _resolve(row, catalogue, problems)
        if problems:
            errors.extend(LineError(row.line, problem) for problem in problems)
        elif audit is None:
            already_there += 1
        else:
            audits.append(audit)
    if errors:
        return AuditImportResult(errors=tuple(sorted(errors, key=lambda e: e.line or 0)))
    result = AuditImportResult(
        created=len(audits),
        already_there=already_there,
        new_records=catalogue.new.counts() if create_missing else {},
        dry_run=dry_run,
    )
    if dry_run:
        return result
    try:
        save_audits(audits, catalogue)
    except IntegrityError:
        # Someone created one of these people, files or weeks after we read them.
        return AuditImportResult(errors=(LineError(None, _CONCURRENT),))
    return result


def _resolve(row: ImportRow, catalogue: Catalogue, problems: list[str]) -> Audit | None:
    """The audit this row would create; None when it is already stored (problems say why not)."""
    service = catalogue.service(row.service, problems)
    team = catalogue.team(service, row.team, problems) if service else None
    auditor = catalogue.person(row.auditor, "auditor_email", problems)
    practitioner = None
    if row.practitioner:
        practitioner = catalogue.person(row.practitioner, "practitioner_email", problems)
        if practitioner is not None and team is not None:
            catalogue.join_team(practitioner, team)
    case_file = catalogue.case_file(row, team, practitioner, problems)
    week = catalogue.week(row, service, problems) if row.week else None
    theme = catalogue.theme(row.theme, problems) if row.theme else None
    if problems or team is None or auditor is None or case_file is None:
        return None  # each None above came with a problem
    if catalogue.is_stored(case_file, row.audit_type, row.audited_on, auditor):
        return None
    return Audit(
        audit_type=row.audit_type,
        status=Audit.Status.SUBMITTED,
        source=RecordSource.IMPORT,  # history: e-mails nobody, asks nobody to acknowledge
        case_file=case_file,
        team=team,
        # Only the worker the file names: today's allocated worker may not have held the case
        # then, and must not be shown someone else's feedback.
        practitioner=practitioner,
        auditor=auditor,
        week=week,
        theme=theme,
        audited_on=row.audited_on,
        overall_grade=row.grade,
        submitted_at=timezone.make_aware(
            datetime.combine(row.audited_on, SUBMITTED_AT), timezone.get_default_timezone()
        ),
    )
