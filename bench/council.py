"""A year of a large council's data for the report benchmark, written with bulk_create.

`council_seed(scale=1.0)` fills an empty, migrated database: 10 services of 4 teams, about 400
people, 1,600 case files, 4 practice weeks (one a quarter) with their timetables, audits and
observations, and 12 months of core, thematic and minimum standards audits: over 2,000
submitted audits and 300 observations, with section grades, case actions, escalations, notes,
theme tags, service-user feedback, reflections and case examples. `scale` shrinks the council
(0.25: 3 services, 10 teams, about a quarter of everything). Every choice comes from a seeded
`random.Random`: the same scale always gives the same data.

Only for the benchmark: it creates rows directly, not through the services, and sends nothing.
"""

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from audits.models import (
    Audit,
    AuditSection,
    AuditTemplate,
    AuditType,
    CaseAction,
    Escalation,
    EscalationRecipient,
    SectionAnswer,
)
from observations.models import (
    CaseExample,
    CategoryNote,
    NoteTag,
    Observation,
    ObservationCategory,
    ObservationFramework,
    ObservationPractitioner,
    PointKind,
    Relationship,
    ServiceUserFeedback,
    Setting,
    ThemeTag,
)
from practiceweek.grades import GOOD, INADEQUATE, NOT_APPLICABLE, OUTSTANDING, REQUIRES_IMPROVEMENT
from practiceweek.models import (
    CaseFile,
    CaseType,
    PracticeWeek,
    Role,
    Service,
    Team,
    Theme,
    User,
    Visit,
)
from reports.models import ActionPlanItem, Report

SEED = 20260401
LONDON = ZoneInfo("Europe/London")
YEAR_START, YEAR_END = date(2025, 11, 1), date(2026, 10, 31)
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=LONDON)  # "now" for the reports: after the year
WEEK_STARTS = (date(2026, 1, 12), date(2026, 4, 13), date(2026, 7, 13), date(2026, 10, 12))
SERVICES = (
    "Front Door and Assessment",
    "Child Protection",
    "Children in Care",
    "Care Leavers",
    "Early Help",
    "Disabled Children",
    "Youth Justice",
    "Fostering",
    "Adoption and Permanence",
    "Edge of Care",
)
TEAMS_PER_SERVICE = 4
PRACTITIONERS_PER_TEAM = 8
CASE_FILES_PER_TEAM = 40
CORE_PER_TEAM_PER_MONTH = 3
THEMATIC_AND_MINIMUM_PER_TEAM = 2  # of each, in the year
YEARLY_PER_TEAM = 12 * CORE_PER_TEAM_PER_MONTH + 2 * THEMATIC_AND_MINIMUM_PER_TEAM
VISIT_DAYS = 4  # each visitor spends four days of each practice week in teams
# Grades improve from week to week, so the trajectory has something to show.
WEEK_GRADE_WEIGHTS = (
    {OUTSTANDING: 4, GOOD: 44, REQUIRES_IMPROVEMENT: 42, INADEQUATE: 10},
    {OUTSTANDING: 5, GOOD: 48, REQUIRES_IMPROVEMENT: 39, INADEQUATE: 8},
    {OUTSTANDING: 6, GOOD: 52, REQUIRES_IMPROVEMENT: 35, INADEQUATE: 7},
    {OUTSTANDING: 8, GOOD: 55, REQUIRES_IMPROVEMENT: 31, INADEQUATE: 6},
)
CORE_GRADE_WEIGHTS = {OUTSTANDING: 5, GOOD: 50, REQUIRES_IMPROVEMENT: 37, INADEQUATE: 8}
SECTION_GRADES = {
    OUTSTANDING: {OUTSTANDING: 55, GOOD: 45},
    GOOD: {OUTSTANDING: 8, GOOD: 70, REQUIRES_IMPROVEMENT: 22},
    REQUIRES_IMPROVEMENT: {GOOD: 30, REQUIRES_IMPROVEMENT: 70},
    INADEQUATE: {GOOD: 10, REQUIRES_IMPROVEMENT: 55, INADEQUATE: 35},
}
TAGS = {
    PointKind.STRENGTH: ("Voice of the child", "Direct work tools", "Multi-agency working"),
    PointKind.AREA: ("Caseloads", "Supervision quality", "Chronologies", "Use of interpreters"),
}
VOICES = (Relationship.MOTHER, Relationship.CHILD, Relationship.CARER, Relationship.FATHER)
WORDS = (
    ("I felt listened to, and I know what happens next.", 5),
    ("They came when they said they would and explained everything.", 4),
    ("It was alright, but I've had a lot of different workers.", 3),
    ("Nobody told me about the meeting until the day before.", 2),
)


@dataclass
class Council:
    """What the seed made, for the later steps and the summary."""

    rng: random.Random
    services: list[Service] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    people: dict[int, list[User]] = field(default_factory=lambda: defaultdict(list))  # team id
    visitors: list[User] = field(default_factory=list)
    files: dict[int, list[CaseFile]] = field(default_factory=lambda: defaultdict(list))
    weeks: list[PracticeWeek] = field(default_factory=list)
    qa_lead: User | None = None
    counts: dict[str, int] = field(default_factory=dict)


def council_seed(*, scale: float = 1.0) -> Council:
    """Write the council into an empty, migrated database; returns what it holds."""
    council = Council(rng=random.Random(f"{SEED}:{scale}"))
    _organisation(council, scale)
    _case_files(council)
    _weeks(council)
    audits = _audits(council)
    observations = _observations(council)
    _case_examples(council, audits, observations)
    _reports(council)
    council.counts.update(
        {
            "services": len(council.services),
            "teams": len(council.teams),
            "people": User.objects.count(),
            "case files": CaseFile.objects.count(),
            "practice weeks": len(council.weeks),
            "visits": Visit.objects.count(),
            "submitted audits": Audit.objects.submitted().count(),
            "section grades": SectionAnswer.objects.count(),
            "observations": Observation.objects.submitted().count(),
            "observation notes": CategoryNote.objects.count(),
            "theme tags on notes": NoteTag.objects.count(),
            "service-user voices": ServiceUserFeedback.objects.count(),
            "case examples": CaseExample.objects.count(),
        }
    )
    return council


# People and places ---------------------------------------------------------------------------


def _organisation(council: Council, scale: float) -> None:
    """Services, their teams, the people in them and the senior managers who visit."""
    names = SERVICES[: max(1, math.ceil(len(SERVICES) * scale))]
    team_count = max(len(names), round(len(SERVICES) * TEAMS_PER_SERVICE * scale))
    council.services = Service.objects.bulk_create(
        Service(name=name, slug=f"service-{n}") for n, name in enumerate(names)
    )
    users: list[User] = []

    def person(username: str, role: str, title: str) -> User:
        first, last = username.split(".", 1)
        user = User(username=username, first_name=first.title(), last_name=last.title())
        user.role, user.job_title, user.password = role, title, "!"  # no log-ins
        users.append(user)
        return user

    heads = [
        person(f"head.s{n}", Role.HEAD_OF_SERVICE, "Head of Service") for n in range(len(names))
    ]
    managers = [
        person(f"sm.s{n}x{k}", Role.SERVICE_MANAGER, "Service Manager")
        for n in range(len(names))
        for k in range(2)
    ]
    others = [
        person("director.one", Role.DIRECTOR, "Director of Children's Services"),
        person("qa.lead", Role.QA_ADMIN, "Quality Assurance Lead"),
        person("qa.officer", Role.QA_ADMIN, "Quality Assurance Officer"),
        *(
            person(f"moderator.m{n}", Role.MODERATOR, "Moderator")
            for n in range(max(1, round(4 * scale)))
        ),
        *(person(f"cllr.c{n}", Role.SCRUTINY_MEMBER, "Councillor") for n in range(3)),
    ]
    in_teams = [
        [
            person(f"tm.t{t}", Role.TEAM_MANAGER, "Team Manager"),
            *(
                person(f"sw.t{t}x{k}", Role.PRACTITIONER, "Social Worker")
                for k in range(PRACTITIONERS_PER_TEAM)
            ),
        ]
        for t in range(team_count)
    ]
    User.objects.bulk_create(users, batch_size=500)
    for service, head in zip(council.services, heads, strict=True):
        service.head_of_service = head
    Service.objects.bulk_update(council.services, ["head_of_service"])
    council.teams = Team.objects.bulk_create(
        Team(
            service=council.services[t % len(names)],
            name=f"Team {t + 1}",
            manager=members[0],
            service_manager=managers[2 * (t % len(names)) + t // len(names) % 2],
        )
        for t, members in enumerate(in_teams)
    )
    User.teams.through.objects.bulk_create(
        User.teams.through(user_id=user.pk, team_id=team.pk)
        for team, members in zip(council.teams, in_teams, strict=True)
        for user in members
    )
    for team, members in zip(council.teams, in_teams, strict=True):
        council.people[team.pk] = members
    council.visitors = [*heads, *managers, *[u for u in others if u.role != Role.SCRUTINY_MEMBER]]
    council.qa_lead = others[1]


def _case_files(council: Council) -> None:
    files = []
    for team in council.teams:
        practitioners = council.people[team.pk][1:]
        for n in range(CASE_FILES_PER_TEAM):
            files.append(
                CaseFile(
                    case_reference=f"BX{team.pk:03d}{n:04d}",
                    case_type=council.rng.choice((CaseType.CIN, CaseType.CP, CaseType.CLA)),
                    team=team,
                    allocated_worker=practitioners[n % len(practitioners)],
                    opened_on=YEAR_START - timedelta(days=council.rng.randint(30, 900)),
                )
            )
    for case_file in CaseFile.objects.bulk_create(files, batch_size=500):
        council.files[case_file.team_id].append(case_file)


def _weeks(council: Council) -> None:
    """Four practice weeks, each with every visitor in a different team on each of four days."""
    themes = Theme.objects.bulk_create(
        Theme(name=name) for name in ("Neglect", "Supervision", "Planning")
    )
    council.weeks = PracticeWeek.objects.bulk_create(
        PracticeWeek(
            title=f"Practice Week, {start:%B %Y}",
            slug=f"practice-week-{start:%Y-%m}",
            start_date=start,
            end_date=start + timedelta(days=4),
            status=PracticeWeek.Status.REPORTED,
            observations_graded=n >= 2,  # the council began grading observations this year
        )
        for n, start in enumerate(WEEK_STARTS)
    )
    for week in council.weeks:
        week.services.set(council.services)
        week.themes.set(themes[:2])
    rng, visits = council.rng, []
    purposes = (Visit.Purpose.BOTH, Visit.Purpose.AUDIT, Visit.Purpose.OBSERVE)
    for week in council.weeks:
        for visitor in council.visitors:
            for day, team in enumerate(rng.sample(council.teams, VISIT_DAYS)):
                visits.append(
                    Visit(
                        week=week,
                        visitor=visitor,
                        team=team,
                        date=week.start_date + timedelta(days=day),
                        purpose=rng.choices(purposes, (6, 3, 2))[0],
                        contact=team.manager,
                    )
                )
    Visit.objects.bulk_create(visits, batch_size=500)


# Audits --------------------------------------------------------------------------------------


@dataclass
class _Audits:
    audits: list[Audit] = field(default_factory=list)
    answers: list[SectionAnswer] = field(default_factory=list)
    actions: list[CaseAction] = field(default_factory=list)


def _audits(council: Council) -> list[Audit]:
    """Practice week audits on the visits, and a year of core, thematic and minimum standards
    audits in every team; each with its section grades and a case action."""
    graded = AuditTemplate.objects.get(is_current=True, is_graded=True)
    checklist = AuditTemplate.objects.get(is_current=True, is_graded=False)
    sections = {t.pk: list(t.sections.order_by("order")) for t in (graded, checklist)}
    made, rng = _Audits(), council.rng
    for n, week in enumerate(council.weeks):
        visits = Visit.objects.filter(week=week).exclude(purpose=Visit.Purpose.OBSERVE)
        for visit in visits.select_related("visitor", "team").order_by("pk"):
            for _ in range(rng.choice((1, 1, 2))):
                grade = _draw(rng, WEEK_GRADE_WEIGHTS[n])
                _audit(
                    council,
                    made,
                    sections[graded.pk],
                    visit.team,
                    visit.date,
                    grade,
                    template=graded,
                    audit_type=AuditType.PRACTICE_WEEK,
                    auditor=visit.visitor,
                    week=week,
                    visit=visit,
                )
    theme = Theme.objects.order_by("pk").first()
    kinds = (AuditType.THEMATIC, AuditType.MINIMUM_STANDARDS)
    for team in council.teams:
        days = sorted(
            YEAR_START + timedelta(days=rng.randrange(365)) for _ in range(YEARLY_PER_TEAM)
        )
        for k, day in enumerate(days):
            kind = kinds[k % 2] if k < 2 * THEMATIC_AND_MINIMUM_PER_TEAM else AuditType.CORE
            template = checklist if kind == AuditType.MINIMUM_STANDARDS else graded
            grade = "" if template == checklist else _draw(rng, CORE_GRADE_WEIGHTS)
            _audit(
                council,
                made,
                sections[template.pk],
                team,
                _weekday(day),
                grade,
                template=template,
                audit_type=kind,
                auditor=team.service_manager,
                theme=theme if kind == AuditType.THEMATIC else None,
            )
    Audit.objects.bulk_create(made.audits, batch_size=500)
    SectionAnswer.objects.bulk_create(made.answers, batch_size=1000)
    CaseAction.objects.bulk_create(made.actions, batch_size=500)
    _escalations(council, [a for a in made.audits if a.overall_grade == INADEQUATE])
    return made.audits


def _audit(
    council: Council,
    made: _Audits,
    sections: list[AuditSection],
    team: Team,
    day: date,
    grade: str,
    **fields: Any,
) -> None:
    rng = council.rng
    case_file = rng.choice(council.files[team.pk])
    submitted = datetime.combine(day, time(rng.randint(10, 16), 0), tzinfo=LONDON)
    audit = Audit(
        team=team,
        case_file=case_file,
        practitioner_id=case_file.allocated_worker_id,
        audited_on=day,
        status=Audit.Status.SUBMITTED,
        overall_grade=grade,
        suggested_grade=grade,
        working_well="The child's voice is clear and the plan is reviewed on time.",
        needs_to_improve="Record supervision decisions and the reasons for them.",
        is_collaborative=rng.random() < 0.7,
        submitted_at=submitted,
        feedback_sent_at=submitted,
        **fields,
    )
    if rng.random() < 0.6:
        audit.acknowledged_at = submitted + timedelta(days=2)
        if rng.random() < 0.6:
            audit.reflection = "I will ask to see the child alone at every visit."
    made.audits.append(audit)
    for section in sections:
        if not section.is_graded:
            answer = ""
        elif rng.random() < 0.04:
            answer = NOT_APPLICABLE
        else:
            answer = _draw(rng, SECTION_GRADES[grade])
        made.answers.append(
            SectionAnswer(audit=audit, section=section, grade=answer, evidence="Seen on file.")
        )
    made.actions.append(
        CaseAction(
            audit=audit,
            description="Update the chronology and share it with the Team Manager.",
            owner_id=case_file.allocated_worker_id,
            due_on=day + timedelta(days=21),
            completed_at=submitted + timedelta(days=14) if rng.random() < 0.8 else None,
        )
    )


def _escalations(council: Council, inadequate: list[Audit]) -> None:
    """Each Inadequate audit sent to its team's Service Manager and Head of Service."""
    recipients = {
        team.pk: (team.service_manager_id, team.service.head_of_service_id)
        for team in council.teams
    }
    escalations = Escalation.objects.bulk_create(Escalation(audit=a) for a in inadequate)
    EscalationRecipient.objects.bulk_create(
        EscalationRecipient(escalation=escalation, person_id=person_id, times_sent=1)
        for escalation, audit in zip(escalations, inadequate, strict=True)
        for person_id in recipients[audit.team_id]
        if person_id
    )


# Observations --------------------------------------------------------------------------------


@dataclass
class _Observations:
    observations: list[Observation] = field(default_factory=list)
    observed: list[ObservationPractitioner] = field(default_factory=list)
    notes: list[CategoryNote] = field(default_factory=list)
    tags: list[NoteTag] = field(default_factory=list)
    feedback: list[ServiceUserFeedback] = field(default_factory=list)


def _observations(council: Council) -> list[Observation]:
    """One observation on most observing visits, with a note per category, tagged themes,
    what a child, parent or carer said, and practitioners' acknowledgements."""
    framework = ObservationFramework.objects.get(is_default=True)
    categories = list(framework.categories.order_by("order"))
    made, rng = _Observations(), council.rng
    for week in council.weeks:
        tags = {
            kind: ThemeTag.objects.bulk_create(ThemeTag(week=week, name=name) for name in names)
            for kind, names in TAGS.items()
        }
        visits = Visit.objects.filter(week=week).exclude(purpose=Visit.Purpose.AUDIT)
        for visit in visits.select_related("visitor").order_by("pk"):
            if rng.random() < 0.85:
                _observation(council, made, week, visit, framework, categories, tags)
    Observation.objects.bulk_create(made.observations, batch_size=500)
    ObservationPractitioner.objects.bulk_create(made.observed, batch_size=500)
    CategoryNote.objects.bulk_create(made.notes, batch_size=500)
    NoteTag.objects.bulk_create(made.tags, batch_size=500)
    ServiceUserFeedback.objects.bulk_create(made.feedback, batch_size=500)
    return made.observations


def _observation(
    council: Council,
    made: _Observations,
    week: PracticeWeek,
    visit: Visit,
    framework: ObservationFramework,
    categories: list[ObservationCategory],
    tags: dict[str, list[ThemeTag]],
) -> None:
    rng = council.rng
    submitted = datetime.combine(visit.date, time(15, 0), tzinfo=LONDON)
    observation = Observation(
        week=week,
        visit=visit,
        framework=framework,
        is_graded=week.observations_graded,
        observer=visit.visitor,
        team_id=visit.team_id,
        setting=rng.choice(Setting.values[:-1]),
        observed_on=visit.date,
        overall_grade=_draw(rng, CORE_GRADE_WEIGHTS) if week.observations_graded else "",
        feedback_given=True,
        feedback_summary="Warm, purposeful practice; the child's voice came through.",
        status=Observation.Status.SUBMITTED,
        submitted_at=submitted,
        feedback_sent_at=submitted,
    )
    made.observations.append(observation)
    for practitioner in rng.sample(council.people[visit.team_id][1:], rng.choice((1, 1, 2))):
        acknowledged = rng.random() < 0.7
        made.observed.append(
            ObservationPractitioner(
                observation=observation,
                practitioner=practitioner,
                acknowledged_at=submitted + timedelta(days=1) if acknowledged else None,
                reflection="Useful feedback about planning." if acknowledged else "",
            )
        )
    for category in categories:
        note = CategoryNote(
            observation=observation,
            category=category,
            strengths="Clear purpose, and the child was seen alone.",
            areas_for_development="Chronology out of date." if rng.random() < 0.6 else "",
        )
        made.notes.append(note)
        written = {PointKind.STRENGTH: note.strengths, PointKind.AREA: note.areas_for_development}
        for kind, text in written.items():
            if text and rng.random() < 0.35:
                made.tags.append(NoteTag(note=note, kind=kind, tag=rng.choice(tags[kind])))
    for words, rating in rng.sample(WORDS, rng.choice((0, 1, 1, 2))):
        made.feedback.append(
            ServiceUserFeedback(
                observation=observation,
                relationship=rng.choice(VOICES),
                consent_given=True,
                words=words,
                rating=rating,
                recorded_by=visit.visitor,
            )
        )


# Case examples and the reports ---------------------------------------------------------------


def _case_examples(council: Council, audits: list[Audit], observations: list[Observation]) -> None:
    """A few from each week, two in three approved by the QA lead."""
    rng, examples = council.rng, []
    outstanding = [a for a in audits if a.week_id and a.overall_grade == OUTSTANDING]
    sources = [*rng.sample(observations, 16), *rng.sample(outstanding, min(8, len(outstanding)))]
    for n, source in enumerate(sources):
        approved = rng.random() < 0.67
        examples.append(
            CaseExample(
                observation=source if isinstance(source, Observation) else None,
                audit=source if isinstance(source, Audit) else None,
                team_id=source.team_id,
                week_id=source.week_id,
                title=f"Good practice example {n + 1}",
                write_up="A young person chaired their own review; the plan is in their words.",
                anonymised_confirmed=True,
                status=CaseExample.Status.APPROVED if approved else CaseExample.Status.PENDING,
                flagged_by=council.qa_lead,
                decided_by=council.qa_lead if approved else None,
                decided_at=NOW - timedelta(days=30) if approved else None,
            )
        )
    CaseExample.objects.bulk_create(examples)


def _reports(council: Council) -> None:
    """The last week's scrutiny report, with its narrative and action plan, and the year's."""
    assert council.qa_lead is not None
    narrative = "The panel is asked to note the findings and agree the action plan. " * 4
    week = Report.objects.create(
        kind=Report.Kind.WEEK,
        week=council.weeks[-1],
        title=f"Practice week report: {council.weeks[-1].title}",
        asked_to_consider=narrative,
        purpose=narrative,
        voices_summary=narrative,
        what_next=narrative,
        created_by=council.qa_lead,
    )
    ActionPlanItem.objects.bulk_create(
        ActionPlanItem(
            report=week,
            category=("Supervision", "Planning")[n % 2],
            issue="Supervision decisions are not recorded on the child's file.",
            action="Team Managers record each decision and its reasons within five days.",
            risk="Drift and delay go unnoticed.",
            due_on=YEAR_END + timedelta(weeks=8 + n),
            responsible="Head of Service, Front Door and Assessment",
            order=n,
        )
        for n in range(5)
    )
    Report.objects.create(
        kind=Report.Kind.ANNUAL,
        date_from=YEAR_START,
        date_to=YEAR_END,
        title="Quality assurance report: the year",
        created_by=council.qa_lead,
    )


# Small helpers -------------------------------------------------------------------------------


def _draw(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _weekday(day: date) -> date:
    return day - timedelta(days=max(0, day.weekday() - 4))
