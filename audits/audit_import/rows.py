"""The file's columns, and the checks on each row's cells before anything is looked up."""

import re
from dataclasses import dataclass
from datetime import date
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from practiceweek.access import case_reference_error
from practiceweek.csv_import import LineError, iso_date, read_rows
from practiceweek.models import CaseType

from ..models import AuditType, Grade

REQUIRED_COLUMNS = (
    "audit_type",
    "service",
    "team",
    "case_reference",
    "auditor_email",
    "overall_grade",
    "audited_on",
)
OPTIONAL_COLUMNS = ("week", "practitioner_email", "theme", "case_type")
IMPORT_COLUMNS_HELP = (
    "A CSV file (UTF-8) with a header row; columns in any order. Required: audit_type "
    f"({', '.join(AuditType.values)}), service, team, case_reference, auditor_email, "
    f"overall_grade ({', '.join(Grade.values)}; may be blank for minimum_standards), "
    "audited_on (YYYY-MM-DD). Optional: week (practice week slug: required for practice_week "
    "audits, blank for others), practitioner_email, theme (a theme's name), case_type (for "
    "case files created by --create-missing; not_recorded if blank)."
)
_MAX_NAME = 120  # Service.name, Team.name, Theme.name, PracticeWeek.slug
_MAX_REFERENCE = 40  # CaseFile.case_reference
_EMPTY_OR_NOT_CSV = "The file is empty or not a CSV file: save it as 'CSV UTF-8'."
_CASE_TYPES = {
    **{label.lower(): value for value, label in CaseType.choices},
    **{value: value for value in CaseType.values},
}


@dataclass(frozen=True)
class ImportRow:
    """One line of the file, its cells checked on their own (nothing looked up yet)."""

    line: int
    audit_type: str
    week: str  # slug, "" for audits outside a practice week
    service: str
    team: str
    reference: str
    auditor: str  # e-mail as written
    practitioner: str  # e-mail as written, or ""
    grade: str  # "" only for minimum standards
    audited_on: date
    theme: str
    case_type: str  # "" when not given

    @property
    def key(self) -> tuple[str, str, date, str]:
        """What makes two rows the same audit: case file, type, day and auditor."""
        return (self.reference, self.audit_type, self.audited_on, self.auditor.lower())


def read_audit_rows(file: IO[str] | IO[bytes]) -> tuple[list[ImportRow], list[LineError]]:
    """The rows whose cells are sound, and the problems of the others (duplicates included).

    Raises CsvRefused when the file as a whole cannot be read.
    """
    _, raw_rows = read_rows(
        file,
        required=REQUIRED_COLUMNS,
        optional=OPTIONAL_COLUMNS,
        rows_are="audits",
        personal_data_rule="Audits are imported by case reference only",
        empty=_EMPTY_OR_NOT_CSV,
        not_csv=_EMPTY_OR_NOT_CSV,
    )
    return _parse_rows(raw_rows)


def _parse_rows(
    raw_rows: list[tuple[int, dict[str, str]]],
) -> tuple[list[ImportRow], list[LineError]]:
    rows: list[ImportRow] = []
    errors: list[LineError] = []
    first_line: dict[tuple[str, str, date, str], int] = {}
    for line, raw in raw_rows:
        problems: list[str] = []
        row = _parse(line, raw, problems)
        if row is not None and row.key in first_line:
            problems.append(f"the same audit as line {first_line[row.key]} (duplicate row)")
        if problems or row is None:
            errors.extend(LineError(line, problem) for problem in problems)
            continue
        first_line[row.key] = line
        rows.append(row)
    return rows, errors


def _parse(line: int, raw: dict[str, str], problems: list[str]) -> ImportRow | None:
    for column in ("service", "team", "case_reference", "auditor_email"):
        if not raw[column]:
            problems.append(f"{column} is blank")
    audit_type = _audit_type(raw["audit_type"], problems)
    grade = _grade(raw["overall_grade"], audit_type, problems)
    audited_on = iso_date("audited_on", raw["audited_on"], problems, required=True)
    week = _week(raw["week"], audit_type, problems)
    for column, limit in [("service", _MAX_NAME), ("team", _MAX_NAME), ("theme", _MAX_NAME)]:
        if len(raw[column]) > limit:
            problems.append(f"{column} is longer than {limit} characters")
    if len(raw["case_reference"]) > _MAX_REFERENCE:
        problems.append(f"case_reference is longer than {_MAX_REFERENCE} characters")
    elif raw["case_reference"] and (reference_error := case_reference_error(raw["case_reference"])):
        problems.append(f"case_reference: {reference_error}")
    for column in ("auditor_email", "practitioner_email"):
        _check_email(column, raw[column], problems)
    case_type = _CASE_TYPES.get(raw["case_type"].lower(), "") if raw["case_type"] else ""
    if raw["case_type"] and not case_type:
        problems.append(f"unknown case_type {raw['case_type']!r}")
    if problems or audited_on is None:
        return None
    return ImportRow(
        line=line,
        audit_type=audit_type,
        week=week,
        service=raw["service"],
        team=raw["team"],
        reference=raw["case_reference"],
        auditor=raw["auditor_email"],
        practitioner=raw["practitioner_email"],
        grade=grade,
        audited_on=audited_on,
        theme=raw["theme"],
        case_type=case_type,
    )


def _audit_type(value: str, problems: list[str]) -> str:
    if not value:
        problems.append("audit_type is blank")
    elif value.lower() not in AuditType.values:
        problems.append(f"unknown audit type {value!r}: use one of {', '.join(AuditType.values)}")
    return value.lower()


def _grade(value: str, audit_type: str, problems: list[str]) -> str:
    if not value:
        if audit_type != AuditType.MINIMUM_STANDARDS:
            problems.append("overall_grade is blank")
        return ""
    grade = value.lower().replace(" ", "_")  # "Requires improvement" as well as the code
    if grade not in Grade.values:
        problems.append(f"unknown grade {value!r}: use one of {', '.join(Grade.values)}")
        return ""
    return grade


def _week(slug: str, audit_type: str, problems: list[str]) -> str:
    if audit_type == AuditType.PRACTICE_WEEK and not slug:
        problems.append("week is blank: a practice_week audit belongs to a practice week")
    elif slug and audit_type in AuditType.values and audit_type != AuditType.PRACTICE_WEEK:
        problems.append(
            f"week {slug!r} is given for a {audit_type} audit: only practice_week audits "
            "belong to a week (leave it blank)"
        )
    elif slug and (len(slug) > _MAX_NAME or not re.fullmatch(r"[-a-zA-Z0-9_]+", slug)):
        problems.append(f"week {slug!r} is not a practice week slug")
    return slug


def _check_email(column: str, value: str, problems: list[str]) -> None:
    if not value:
        return  # a blank auditor is reported as blank; the practitioner is optional
    try:
        validate_email(value)
    except ValidationError:
        problems.append(f"{column} {value!r} is not an e-mail address")
