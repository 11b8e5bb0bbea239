"""What the rows name: read in a fixed number of queries and, with create_missing, made
(unsaved) where it is missing."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models.functions import Lower
from django.utils.text import slugify

from practiceweek.models import CaseFile, CaseType, PracticeWeek, Role, Service, Team, Theme, User

from ..models import Audit
from .rows import ImportRow


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
class Catalogue:
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


def load_catalogue(rows: list[ImportRow], *, create_missing: bool) -> Catalogue:
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
    return Catalogue(
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
