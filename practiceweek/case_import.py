"""Import case files from a CSV export of the council's case management system.

Case references only: a file whose header carries a child's name, date of birth or address is
refused whole. Every row is checked before anything is written: one bad row writes nothing.
Columns left out of the file leave the stored values alone; a blank cell clears an optional value.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import IO

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from .access import case_reference_error
from .csv_import import CsvRefused, LineError, iso_date, read_rows
from .models import CaseFile, CaseType, Team, User

REQUIRED_COLUMNS = ("case_reference", "case_type", "team")
DATE_COLUMNS = ("opened_on", "closed_on", "last_audited_on")
OPTIONAL_COLUMNS = ("service", "allocated_worker", "status", *DATE_COLUMNS)
IMPORT_COLUMNS_HELP = (
    "A CSV file (UTF-8) with a header row; columns in any order. Required: case_reference, "
    "case_type (a code such as cin, cp, cla, care_leaver, early_help, yot, or its name such as "
    "'Child protection'), team (the team's name). Optional: service (when two services have "
    "a team of that name), allocated_worker (e-mail or username), status (open or closed; "
    "open if blank), opened_on, closed_on, last_audited_on (dates as YYYY-MM-DD). "
    "Case references only: never a child's name, date of birth or address."
)
_MAX_REFERENCE = 40  # CaseFile.case_reference max_length
_STORED = ("case_type", "team_id", "allocated_worker_id", "is_open", *DATE_COLUMNS)
_CONCURRENT = "Another import saved some of these case files at the same time: try again."
_CASE_TYPES = {
    **{label.lower(): value for value, label in CaseType.choices},
    **{value: value for value in CaseType.values},
}


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: tuple[LineError, ...] = ()
    dry_run: bool = False

    def summary(self) -> str:
        counts = f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged"
        if self.dry_run:
            return f"Check passed, nothing was saved: {counts} case files if imported."
        return f"Imported case files: {counts}."


@dataclass
class _Lookups:
    teams: dict[str, list[Team]]  # by lower-case name
    users: dict[str, list[User]]  # by lower-case username and by lower-case e-mail
    files: dict[str, CaseFile]  # existing files by reference


def case_files_import(*, file: IO[str] | IO[bytes], dry_run: bool = False) -> ImportResult:
    """Check every row of a case-file CSV, then create or update the files in one transaction.

    Three reads, then one insert and one update per 500 rows, whatever the file's size.
    """
    try:
        columns, rows = read_rows(
            file,
            required=REQUIRED_COLUMNS,
            optional=OPTIONAL_COLUMNS,
            rows_are="case files",
            personal_data_rule="Upload case references only",
        )
    except CsvRefused as exc:
        return ImportResult(errors=(exc.error,))
    lookups = _load_lookups(rows)
    changes: list[tuple[CaseFile, bool]] = []
    errors: list[LineError] = []
    first_line: dict[str, int] = {}
    for line, raw in rows:
        reference = raw["case_reference"]
        if reference in first_line:
            also = first_line[reference]
            errors.append(LineError(line, f"case reference {reference!r} is also on line {also}"))
            continue
        if reference:
            first_line[reference] = line
        change_or_problems = _build_file(raw, columns, lookups)
        if isinstance(change_or_problems, list):
            errors.extend(LineError(line, problem) for problem in change_or_problems)
        else:
            changes.append(change_or_problems)
    if errors:
        return ImportResult(errors=tuple(errors))
    return _save(changes, dry_run=dry_run)


def _load_lookups(rows: list[tuple[int, dict[str, str]]]) -> _Lookups:
    teams: dict[str, list[Team]] = defaultdict(list)
    for team in Team.objects.select_related("service"):
        teams[team.name.strip().lower()].append(team)
    keys = {raw["allocated_worker"].lower() for _, raw in rows if raw.get("allocated_worker")}
    users: dict[str, list[User]] = defaultdict(list)
    if keys:
        found = User.objects.annotate(username_l=Lower("username"), email_l=Lower("email"))
        for user in found.filter(Q(username_l__in=keys) | Q(email_l__in=keys)):
            for key in {user.username.lower(), user.email.lower()} & keys:
                users[key].append(user)
    references = [raw["case_reference"] for _, raw in rows if raw["case_reference"]]
    files = CaseFile.objects.in_bulk(references, field_name="case_reference")
    return _Lookups(teams=teams, users=users, files=files)


def _build_file(
    raw: dict[str, str], columns: frozenset[str], lookups: _Lookups
) -> tuple[CaseFile, bool] | list[str]:
    """The row's case file with its new values set and whether they differ, or the problems."""
    problems = [f"{name} is blank" for name in REQUIRED_COLUMNS if not raw[name]]
    reference = raw["case_reference"]
    if len(reference) > _MAX_REFERENCE:
        problems.append(f"case reference is longer than {_MAX_REFERENCE} characters")
    elif reference and (reference_error := case_reference_error(reference)):
        problems.append(f"case reference: {reference_error}")
    values: dict[str, object] = {}
    if (case_type := _CASE_TYPES.get(raw["case_type"].lower())) is None and raw["case_type"]:
        problems.append(f"unknown case type {raw['case_type']!r}")
    values["case_type"] = case_type
    values["team"] = _find_team(raw["team"], raw.get("service", ""), lookups, problems)
    if "allocated_worker" in columns:
        values["allocated_worker"] = _find_worker(raw["allocated_worker"], lookups, problems)
    if "status" in columns:
        status = raw["status"].lower() or "open"
        if status not in ("open", "closed"):
            problems.append(f"status must be open or closed, not {raw['status']!r}")
        values["is_open"] = status == "open"
    for column in DATE_COLUMNS:
        if column in columns:
            values[column] = iso_date(column, raw[column], problems)
    if problems:
        return problems
    case_file = lookups.files.get(reference) or CaseFile(case_reference=reference)
    before = _stored_values(case_file)
    for name, value in values.items():
        setattr(case_file, name, value)
    if case_file.is_open and "closed_on" not in columns:
        case_file.closed_on = None  # a file reopened by this import has no closed date
    return _check_dates(case_file) or (case_file, _stored_values(case_file) != before)


def _stored_values(case_file: CaseFile) -> list[object]:
    return [getattr(case_file, field) for field in _STORED]


def _find_team(name: str, service: str, lookups: _Lookups, problems: list[str]) -> Team | None:
    if not name:
        return None  # reported as blank
    teams = lookups.teams.get(name.lower(), [])
    if service:
        teams = [t for t in teams if service.lower() in (t.service.name.lower(), t.service.slug)]
    if len(teams) == 1:
        return teams[0]
    if not teams:
        where = f" in service {service!r}" if service else ""
        problems.append(f"unknown team {name!r}{where}")
    else:
        services = ", ".join(sorted(t.service.name for t in teams))
        problems.append(
            f"team {name!r} is in more than one service ({services}): "
            "add a service column to say which"
        )
    return None


def _find_worker(key: str, lookups: _Lookups, problems: list[str]) -> User | None:
    if not key:
        return None
    users = lookups.users.get(key.lower(), [])
    if len(users) == 1:
        return users[0]
    problems.append(
        f"unknown worker {key!r}"
        if not users
        else f"worker {key!r} matches more than one person: give their username"
    )
    return None


def _check_dates(case_file: CaseFile) -> list[str]:
    opened, closed = case_file.opened_on, case_file.closed_on
    if closed and case_file.is_open:
        return [f"closed_on {closed} is given but the file is open: set its status to closed"]
    if closed and opened and closed < opened:
        return [f"closed_on {closed} is before opened_on {opened}"]
    return []


def _save(changes: list[tuple[CaseFile, bool]], *, dry_run: bool) -> ImportResult:
    new = [f for f, _ in changes if f.pk is None]
    changed = [f for f, differs in changes if f.pk is not None and differs]
    result = ImportResult(
        created=len(new),
        updated=len(changed),
        unchanged=len(changes) - len(new) - len(changed),
        dry_run=dry_run,
    )
    if dry_run:
        return result
    now = timezone.now()
    for case_file in changed:
        case_file.updated_at = now  # bulk_update skips auto_now
    fields = [name.removesuffix("_id") for name in _STORED] + ["updated_at"]
    try:
        with transaction.atomic():
            CaseFile.objects.bulk_create(new, batch_size=500)
            CaseFile.objects.bulk_update(changed, fields, batch_size=500)
    except IntegrityError:
        # Another import created one of these references after we read them.
        return ImportResult(errors=(LineError(None, _CONCURRENT),))
    return result
