"""Import historical audits from a council's spreadsheet (a CSV file in UTF-8 with a header row).

Every row is checked before anything is written: one bad row writes nothing, and every bad row
is reported as "line N: reason" (the header is line 1). A row matching a submitted audit already
stored (same case file, audit type, day and auditor) is skipped, so importing a file twice adds
nothing. With create_missing, unknown services, teams, people, case files, practice weeks and
themes are created; without it they are errors. Imported audits notify nobody: they are history.
"""

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest, Lower
from django.utils import timezone
from django.utils.text import slugify

# The case-file import's header rules: one test of what looks like a child's personal data.
from practiceweek.case_import import LineError, _is_personal, _normalise
from practiceweek.models import (
    CaseFile,
    CaseType,
    PracticeWeek,
    Role,
    Service,
    Team,
    Theme,
    User,
)

from .models import Audit, AuditTemplate, AuditType, Grade

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
_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
IMPORT_COLUMNS_HELP = (
    "A CSV file (UTF-8) with a header row; columns in any order. Required: audit_type "
    f"({', '.join(AuditType.values)}), service, team, case_reference, auditor_email, "
    f"overall_grade ({', '.join(Grade.values)}; may be blank for minimum_standards), "
    "audited_on (YYYY-MM-DD). Optional: week (practice week slug: required for practice_week "
    "audits, blank for others), practitioner_email, theme (a theme's name), case_type (for "
    "case files created by --create-missing; not_recorded if blank)."
)
HISTORICAL_TEMPLATE = "Historical import"
SUBMITTED_AT = time(9)  # imported audits count as submitted at 09:00 local time on the day
_MAX_NAME = 120  # Service.name, Team.name, Theme.name, PracticeWeek.slug
_MAX_REFERENCE = 40  # CaseFile.case_reference
_CONCURRENT = "Someone else saved some of the same records while this file was imported: try again."
_CASE_TYPES = {
    **{label.lower(): value for value, label in CaseType.choices},
    **{value: value for value in CaseType.values},
}


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


class _Refused(Exception):
    """The file as a whole cannot be read: nothing row by row is worth reporting."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.error = LineError(line, message)


def audits_import(
    *, file: IO[str] | IO[bytes], create_missing: bool = False, dry_run: bool = False
) -> AuditImportResult:
    """Check every row of a historical-audit CSV, then save the audits in one transaction.

    A fixed number of reads whatever the file's size, then one insert per kind of record
    (per 500 audits) and one update of the case files' last_audited_on.
    """
    try:
        raw_rows = _read_rows(file)
    except _Refused as exc:
        return AuditImportResult(errors=(exc.error,))
    rows, errors = _parse_rows(raw_rows)
    catalogue = _load_catalogue(rows, create_missing=create_missing)
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
        _save(audits, catalogue)
    except IntegrityError:
        # Someone created one of these people, files or weeks after we read them.
        return AuditImportResult(errors=(LineError(None, _CONCURRENT),))
    return result


# --- Reading the file ------------------------------------------------------------------------


def _read_rows(file: IO[str] | IO[bytes]) -> list[tuple[int, dict[str, str]]]:
    """The non-blank rows with their line numbers, keyed by normalised column name."""
    content = file.read()
    try:
        # utf-8-sig drops the byte-order mark that Excel puts at the start of "CSV UTF-8".
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    except UnicodeDecodeError as exc:
        raise _Refused(
            "The file is not a CSV file in UTF-8. In Excel, save it as "
            "'CSV UTF-8 (Comma delimited)'."
        ) from exc
    text = text.removeprefix("\ufeff")
    if not text.strip() or "\x00" in text:
        raise _Refused("The file is empty or not a CSV file: save it as 'CSV UTF-8'.")
    records = list(_records(text))
    header = [_normalise(name) for name in records[0][1]]
    _check_header(header)
    blank = dict.fromkeys(_COLUMNS, "")  # optional columns left out read as blank
    rows = [
        (line, blank | {name: cell.strip() for name, cell in zip(header, cells, strict=False)})
        for line, cells in records[1:]
        if any(cell.strip() for cell in cells)  # Excel leaves rows of empty cells at the end
    ]
    if not rows:
        raise _Refused("the file has a header row but no audits below it", line=1)
    return rows


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _Refused(f"not readable as CSV ({exc})", line=reader.line_num) from exc


def _check_header(header: list[str]) -> None:
    personal = [name for name in header if _is_personal(name)]
    if personal:
        raise _Refused(
            f"column {personal[0]!r} looks like personal data about a child. Audits are "
            "imported by case reference only, never names, dates of birth or addresses: "
            "remove the column.",
            line=1,
        )
    problems = [
        f"missing required column {name!r}" for name in REQUIRED_COLUMNS if name not in header
    ]
    problems += [f"unknown column {name!r}" for name in header if name not in (*_COLUMNS, "")]
    problems += [
        f"column {name!r} appears twice"
        for name in sorted(set(header))
        if name and header.count(name) > 1
    ]
    if problems:
        raise _Refused("; ".join(problems), line=1)


# --- Checking each row on its own --------------------------------------------------------------


def _parse_rows(
    raw_rows: list[tuple[int, dict[str, str]]],
) -> tuple[list[ImportRow], list[LineError]]:
    """The rows whose cells are sound, and the problems of the others (duplicates included)."""
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
    audited_on = _date(raw["audited_on"], problems)
    week = _week(raw["week"], audit_type, problems)
    for column, limit in [("service", _MAX_NAME), ("team", _MAX_NAME), ("theme", _MAX_NAME)]:
        if len(raw[column]) > limit:
            problems.append(f"{column} is longer than {limit} characters")
    if len(raw["case_reference"]) > _MAX_REFERENCE:
        problems.append(f"case_reference is longer than {_MAX_REFERENCE} characters")
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


def _date(value: str, problems: list[str]) -> date | None:
    if not value:
        problems.append("audited_on is blank")
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        problems.append(f"audited_on {value!r} is not a date in the form YYYY-MM-DD")
        return None


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


# --- What the rows refer to ---------------------------------------------------------------------


@dataclass
class _New:
    """What create_missing adds: unsaved until every row has been checked. Keyed by id(),
    since unsaved objects have no primary key to hash."""

    services: list[Service] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    people: list[User] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    weeks: list[PracticeWeek] = field(default_factory=list)
    case_files: list[CaseFile] = field(default_factory=list)
    memberships: dict[tuple[int, int], tuple[User, Team]] = field(default_factory=dict)
    week_services: dict[tuple[int, int], tuple[PracticeWeek, Service]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "services": len(self.services),
            "teams": len(self.teams),
            "people": len(self.people),
            "case files": len(self.case_files),
            "practice weeks": len(self.weeks),
            "themes": len(self.themes),
        }

    def save(self) -> None:
        """Insert everything, parents first: bulk_create fills in the keys children point to."""
        Service.objects.bulk_create(self.services)
        Team.objects.bulk_create(self.teams)
        User.objects.bulk_create(self.people)
        Theme.objects.bulk_create(self.themes)
        PracticeWeek.objects.bulk_create(self.weeks)
        CaseFile.objects.bulk_create(self.case_files)
        User.teams.through.objects.bulk_create(
            User.teams.through(user=user, team=team) for user, team in self.memberships.values()
        )
        PracticeWeek.services.through.objects.bulk_create(
            PracticeWeek.services.through(practiceweek=week, service=service)
            for week, service in self.week_services.values()
        )


@dataclass
class _Catalogue:
    """The services, teams, people, files, weeks and themes the rows name, read in a fixed
    number of queries; with create_missing, what is unknown is made (unsaved) on first use."""

    create_missing: bool
    services: dict[str, Service]  # by lower-case name and by slug
    teams: dict[str, list[Team]]  # by lower-case name, in any service
    people: dict[str, list[User]]  # by lower-case e-mail
    files: dict[str, CaseFile]  # by case reference
    weeks: dict[str, PracticeWeek]  # by slug
    themes: dict[str, Theme]  # by lower-case name
    stored: set[tuple[int, str, date, int]]  # submitted audits: file, type, day, auditor
    usernames: set[str]  # lower-case, taken
    new: _New = field(default_factory=_New)

    def service(self, name: str, problems: list[str]) -> Service | None:
        found = self.services.get(name.lower())
        if found is None and self.create_missing:
            taken = {service.slug for service in self.services.values()}
            found = Service(name=name, slug=_unique(slugify(name)[:100] or "service", taken))
            self.services[name.lower()] = self.services[found.slug] = found
            self.new.services.append(found)
        elif found is None:
            problems.append(f"unknown service {name!r}")
        return found

    def team(self, service: Service, name: str, problems: list[str]) -> Team | None:
        same_name = self.teams[name.lower()]
        found = next((team for team in same_name if team.service is service), None)
        if found is None and self.create_missing:
            found = Team(service=service, name=name)
            same_name.append(found)
            self.new.teams.append(found)
        elif found is None and same_name:
            where = ", ".join(sorted(team.service.name for team in same_name))
            problems.append(f"team {name!r} is not in service {service.name!r} (it is in {where})")
        elif found is None:
            problems.append(f"unknown team {name!r} in service {service.name!r}")
        return found

    def person(self, email: str, column: str, problems: list[str]) -> User | None:
        found = self.people[email.lower()]
        if len(found) > 1:
            problems.append(f"{column} {email!r} belongs to more than one person")
            return None
        if found:
            person = found[0]
        elif self.create_missing:
            local = re.sub(r"[^\w.@+-]", "", email.rsplit("@", 1)[0].lower())[:140]
            person = User(username=_unique(local or "person", self.usernames), email=email)
            person.set_unusable_password()
            found.append(person)
            self.new.people.append(person)
        else:
            problems.append(f"unknown {column} {email!r}: nobody has this e-mail address")
            return None
        if person.pk is None:
            # A new person who audits anywhere in the file is an auditor, else a practitioner.
            auditor = column == "auditor_email" or person.role == Role.SERVICE_MANAGER
            person.role = Role.SERVICE_MANAGER if auditor else Role.PRACTITIONER
        return person

    def join_team(self, person: User, team: Team) -> None:
        if person.pk is None:  # only people this import creates: existing teams are left alone
            self.new.memberships[id(person), id(team)] = (person, team)

    def case_file(
        self, row: ImportRow, team: Team | None, worker: User | None, problems: list[str]
    ) -> CaseFile | None:
        found = self.files.get(row.reference)
        if found is None and self.create_missing and team is not None:
            found = CaseFile(
                case_reference=row.reference,
                case_type=row.case_type or CaseType.NOT_RECORDED,
                team=team,
                allocated_worker=worker,
                is_open=True,
            )
            self.files[row.reference] = found
            self.new.case_files.append(found)
        elif found is None and not self.create_missing:
            problems.append(f"unknown case file {row.reference!r}")
        elif found is not None and team is not None and found.team is not team:
            problems.append(
                f"case file {row.reference!r} belongs to team {found.team.name!r} in "
                f"{found.team.service.name!r}, not to {team.name!r} in {team.service.name!r}"
            )
        return found

    def week(
        self, row: ImportRow, service: Service | None, problems: list[str]
    ) -> PracticeWeek | None:
        found = self.weeks.get(row.week)
        if found is None and self.create_missing:
            found = PracticeWeek(
                title=row.week,
                slug=row.week,
                start_date=row.audited_on,
                end_date=row.audited_on,
                status=PracticeWeek.Status.CLOSED,
            )
            self.weeks[row.week] = found
            self.new.weeks.append(found)
        elif found is None:
            problems.append(f"unknown practice week {row.week!r}")
        if found is not None and found.pk is None:  # a new week spans the days of its audits
            found.start_date = min(found.start_date, row.audited_on)
            found.end_date = max(found.end_date, row.audited_on)
            if service is not None:
                self.new.week_services[id(found), id(service)] = (found, service)
        return found

    def theme(self, name: str, problems: list[str]) -> Theme | None:
        found = self.themes.get(name.lower())
        if found is None and self.create_missing:
            found = self.themes[name.lower()] = Theme(name=name)
            self.new.themes.append(found)
        elif found is None:
            problems.append(f"unknown theme {name!r}")
        return found

    def is_stored(self, case_file: CaseFile, audit_type: str, day: date, auditor: User) -> bool:
        key = (case_file.pk, audit_type, day, auditor.pk)
        return case_file.pk is not None and auditor.pk is not None and key in self.stored


def _unique(base: str, taken: set[str]) -> str:
    """base, or base-2, base-3, ... : the first not in `taken` (compared in lower case), which
    it joins."""
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate.lower())
    return candidate


def _load_catalogue(rows: list[ImportRow], *, create_missing: bool) -> _Catalogue:
    """Everything the rows name, in at most eight queries whatever the number of rows."""
    services = {service.pk: service for service in Service.objects.all()}
    teams: dict[str, list[Team]] = defaultdict(list)
    teams_by_pk: dict[int, Team] = {}
    for team in Team.objects.all():
        team.service = services[team.service_id]  # one object per service: compared with `is`
        teams[team.name.lower()].append(team)
        teams_by_pk[team.pk] = team
    emails = {row.auditor.lower() for row in rows} | {row.practitioner.lower() for row in rows}
    people: dict[str, list[User]] = defaultdict(list)
    for user in User.objects.annotate(email_l=Lower("email")).filter(email_l__in=emails - {""}):
        people[user.email.lower()].append(user)
    references = {row.reference for row in rows}
    files = {}
    for case_file in CaseFile.objects.filter(case_reference__in=references).select_related(
        "allocated_worker"
    ):
        case_file.team = teams_by_pk[case_file.team_id]
        files[case_file.case_reference] = case_file
    themes = Theme.objects.annotate(name_l=Lower("name"))
    stored = Audit.objects.submitted().filter(case_file__case_reference__in=references)
    return _Catalogue(
        create_missing=create_missing,
        services={service.slug: service for service in services.values()}
        | {service.name.lower(): service for service in services.values()},
        teams=teams,
        people=people,
        files=files,
        weeks=PracticeWeek.objects.in_bulk({row.week for row in rows} - {""}, field_name="slug"),
        themes={
            theme.name.lower(): theme
            for theme in themes.filter(name_l__in={row.theme.lower() for row in rows} - {""})
        },
        stored=set(stored.values_list("case_file_id", "audit_type", "audited_on", "auditor_id")),
        usernames=(
            {name.lower() for name in User.objects.values_list("username", flat=True)}
            if create_missing
            else set()
        ),
    )


# --- Matching rows to what is stored ----------------------------------------------------------


def _resolve(row: ImportRow, catalogue: _Catalogue, problems: list[str]) -> Audit | None:
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
        case_file=case_file,
        team=team,
        practitioner=practitioner or case_file.allocated_worker,
        auditor=auditor,
        week=week,
        theme=theme,
        audited_on=row.audited_on,
        overall_grade=row.grade,
        submitted_at=timezone.make_aware(
            datetime.combine(row.audited_on, SUBMITTED_AT), timezone.get_default_timezone()
        ),
    )


# --- Writing ----------------------------------------------------------------------------------


def _save(audits: list[Audit], catalogue: _Catalogue) -> None:
    # Worked out before the new case files get their primary keys.
    newest = _newest_days(audits)
    for case_file, day in newest:
        if case_file.pk is None:
            case_file.last_audited_on = day
    stale = [
        (case_file, day)
        for case_file, day in newest
        if case_file.pk is not None
        and (case_file.last_audited_on is None or case_file.last_audited_on < day)
    ]
    with transaction.atomic():
        template = _historical_template()
        catalogue.new.save()
        for audit in audits:
            audit.template = template
        Audit.objects.bulk_create(audits, batch_size=500)
        _raise_last_audited_on(stale)


def _newest_days(audits: list[Audit]) -> list[tuple[CaseFile, date]]:
    """Each case file with the newest day it is audited on in this import."""
    newest: dict[int, tuple[CaseFile, date]] = {}
    for audit in audits:
        # Keyed by id(): new case files have no primary key to hash yet.
        _, day = newest.get(id(audit.case_file), (audit.case_file, audit.audited_on))
        newest[id(audit.case_file)] = (audit.case_file, max(day, audit.audited_on))
    return list(newest.values())


def _raise_last_audited_on(stale: list[tuple[CaseFile, date]]) -> None:
    now = timezone.now()
    for case_file, day in stale:
        # Greatest in SQL: an audit submitted on site meanwhile keeps its newer date.
        case_file.last_audited_on = Greatest(Coalesce(F("last_audited_on"), Value(day)), Value(day))
        case_file.updated_at = now  # bulk_update skips auto_now
    CaseFile.objects.bulk_update(
        [case_file for case_file, _ in stale], ["last_audited_on", "updated_at"], batch_size=500
    )


def _historical_template() -> AuditTemplate:
    """The template imported audits hang on: never current, so never offered for new audits."""
    template, _ = AuditTemplate.objects.get_or_create(
        name=HISTORICAL_TEMPLATE,
        version=1,
        defaults={
            "is_current": False,
            "description": "Audits imported from spreadsheets: overall grade only, no sections.",
        },
    )
    return template
