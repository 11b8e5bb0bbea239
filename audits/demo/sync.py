"""The demo council's audits: the past week's, the live week's so far, a year of core audits, a
few thematic ones, and drafts in progress by the people who log in for a demo.

Every planned audit has a stable key (say `demo-live-week:catherine.moss:1:day:0`) and takes its
`client_token` from it (uuid5), so a second run finds what the first made and adds nothing. Its
findings come from a `random.Random` seeded with the key: the same key always gives the same
grades and text. Dates follow the demo weeks: when the weeks move on (a later day), an audit whose
date moved is made again on its new date. Nothing happens in the future: an audit appears once
its planned time has passed. No e-mail is sent.
"""

import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from audits.followup import escalation_recipients
from audits.models import (
    Audit,
    AuditChange,
    AuditSection,
    AuditTemplate,
    AuditType,
    CaseAction,
    Escalation,
    EscalationRecipient,
    SectionAnswer,
)
from audits.selectors import current_template
from practiceweek.demo.common import SESSION_STARTS, at, insert, later
from practiceweek.demo.data import LIVE_WEEK_SLUG, PAST_WEEK_SLUG, SEED, SERVICES
from practiceweek.grades import (
    GOOD,
    INADEQUATE,
    NOT_APPLICABLE,
    OUTSTANDING,
    REQUIRES_IMPROVEMENT,
    SCALE,
    suggest_overall_grade,
)
from practiceweek.models import CaseFile, PracticeWeek, RecordSource, Team, Theme, User, Visit

from .words import (
    ACTIONS,
    DEPARTURE,
    EVIDENCE,
    GENERIC_EVIDENCE,
    NEEDS_TO_IMPROVE,
    REFLECTIONS,
    URGENT_ACTIONS,
    WORKING_WELL,
)

# Any constant: it only has to stay the same, so that keys give the same tokens every run.
DEMO_AUDIT_NAMESPACE = uuid.UUID("0b5f3c1e-6d2a-4f5e-9a41-7c2d8e1f3a60")

OUT, RI, INAD, NA = OUTSTANDING, REQUIRES_IMPROVEMENT, INADEQUATE, NOT_APPLICABLE
OVERALL_WEIGHTS = {OUT: 5, GOOD: 51, RI: 37, INAD: 7}  # roughly what councils report
# Section grades around the overall one; a file short of Inadequate has no Inadequate section.
SECTION_WEIGHTS = {
    OUT: {OUT: 55, GOOD: 45},
    GOOD: {OUT: 8, GOOD: 70, RI: 22},
    RI: {GOOD: 30, RI: 70},
    INAD: {GOOD: 10, RI: 55, INAD: 35},
}
# Sections that may not apply to a file (index in the template -> chance), e.g. no partners yet.
NOT_APPLICABLE_CHANCE = {0: 0.03, 1: 0.05, 4: 0.08, 6: 0.06}

CORE_MONTHS = 12
# Councils aim for two a team a month; the demo's teams hold few files, and every audited file
# is left out of random selection for six months, so one a month keeps the pools full.
CORE_PER_TEAM_PER_MONTH = 1
# (theme, team, auditor, weeks before the live week): a couple of thematic audits.
THEMATIC = (
    ("Neglect", "Assessment Team 1", "angela.brooks", 9),
    ("Neglect", "Child Protection and Court Team", "angela.brooks", 9),
    ("Management oversight and supervision", "Strengthening Families East", "marcus.bell", 14),
    ("Management oversight and supervision", "Care Leavers Team", "marcus.bell", 14),
)
# Drafts in progress in the live week, by people who log in for a demo: (username, how many).
DRAFTS = (("catherine.moss", 2), ("simon.carter", 1), ("sarah.pemberton", 1))
CORE_AUDITOR_WEIGHTS = {"manager": 55, "service_manager": 35, "tom.hadley": 10}
# Audits per visit, by week and (purpose, all day or not): (choices, weights). In the live week
# auditors pick files at random in the team room and get through more of them.
AUDITS_PER_VISIT: dict[str, dict[tuple[str, bool], tuple[tuple[int, ...], tuple[int, ...]]]] = {
    PAST_WEEK_SLUG: {
        (Visit.Purpose.AUDIT, True): ((1, 2, 3), (2, 5, 3)),
        (Visit.Purpose.AUDIT, False): ((1, 2), (7, 3)),
        (Visit.Purpose.BOTH, True): ((1, 2), (7, 3)),
        (Visit.Purpose.BOTH, False): ((0, 1), (7, 3)),
    },
    LIVE_WEEK_SLUG: {
        (Visit.Purpose.AUDIT, True): ((2, 3), (5, 5)),
        (Visit.Purpose.AUDIT, False): ((1, 2), (4, 6)),
        (Visit.Purpose.BOTH, True): ((1, 2), (4, 6)),
        (Visit.Purpose.BOTH, False): ((0, 1, 2), (2, 6, 2)),
    },
}


@dataclass
class Slot:
    """One planned audit: who, where and when; its file and findings are chosen later."""

    key: str
    audit_type: str
    team: Team
    auditor: User
    audited_on: date
    start: time
    week_id: int | None = None
    visit_id: int | None = None
    theme_id: int | None = None
    is_draft: bool = False
    case_file: CaseFile | None = None


@dataclass
class Council:
    """What the plan is drawn from, loaded in a handful of queries."""

    template: AuditTemplate
    sections: list[AuditSection]
    weeks: dict[str, PracticeWeek]
    visits: list[Visit]
    teams: dict[str, Team]
    files: dict[int, list[CaseFile]]  # team id -> its files, by reference
    users: dict[str, User]
    themes: dict[str, Theme]


@dataclass
class Made:
    """Rows to insert for new audits."""

    audits: list[Audit] = field(default_factory=list)
    answers: list[SectionAnswer] = field(default_factory=list)
    actions: list[CaseAction] = field(default_factory=list)
    escalations: list[tuple[Escalation, list[EscalationRecipient]]] = field(default_factory=list)
    changes: list[AuditChange] = field(default_factory=list)


def token_for(key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_AUDIT_NAMESPACE, key)


def audits_sync(*, today: date, now: datetime | None = None) -> None:
    """Add the demo audits that are due and missing; replace those whose date moved."""
    if now is None:
        now = timezone.now() if today == timezone.localdate() else at(today, time(17, 0))
    council = _council()
    if council is None:
        return  # no current template: nothing to audit with
    slots = plan_slots(council)
    assign_files(slots, council.files)
    planned = {token_for(s.key): s for s in slots if s.case_file is not None}
    existing = dict(
        Audit.objects.filter(client_token__in=planned).values_list("client_token", "audited_on")
    )
    due = {token for token, slot in planned.items() if _started(slot, now)}
    stale = [t for t, on in existing.items() if t not in due or planned[t].audited_on != on]
    Audit.objects.filter(client_token__in=stale).delete()
    made = Made()
    for token in sorted(due - (existing.keys() - set(stale)), key=lambda t: planned[t].key):
        _make(made, planned[token], token, council=council, today=today, now=now)
    _save(made)
    _last_audited_sync(made.audits)


def _council() -> Council | None:
    try:
        template = current_template(AuditType.PRACTICE_WEEK)
    except AuditTemplate.DoesNotExist:
        return None
    team_names = [team.name for spec in SERVICES for team in spec.teams]
    teams = {
        t.name: t
        for t in Team.objects.filter(name__in=team_names).select_related(
            "service__head_of_service", "service_manager", "manager"
        )
    }
    files: dict[int, list[CaseFile]] = {team.pk: [] for team in teams.values()}
    for case_file in CaseFile.objects.filter(
        team__in=teams.values(), allocated_worker__isnull=False
    ).order_by("case_reference"):
        files[case_file.team_id].append(case_file)
    weeks = {
        w.slug: w for w in PracticeWeek.objects.filter(slug__in=[PAST_WEEK_SLUG, LIVE_WEEK_SLUG])
    }
    visits = list(
        Visit.objects.filter(week__in=weeks.values(), team__in=teams.values())
        .exclude(purpose=Visit.Purpose.OBSERVE)
        .select_related("visitor")
        .order_by("date", "session", "visitor__username")
    )
    usernames = {name for name, _ in DRAFTS} | {t[2] for t in THEMATIC} | {"tom.hadley"}
    return Council(
        template=template,
        sections=list(template.sections.order_by("order")),
        weeks=weeks,
        visits=visits,
        teams=teams,
        files=files,
        users={u.username: u for u in User.objects.filter(username__in=usernames)},
        themes={t.name: t for t in Theme.objects.filter(name__in=[t[0] for t in THEMATIC])},
    )


# Planning --------------------------------------------------------------------------------------


def plan_slots(council: Council) -> list[Slot]:
    """Every audit the demo would hold by the end of the live week, oldest first. Dates count
    from the live week's Monday, so the plan is the same whichever day it runs."""
    live = council.weeks.get(LIVE_WEEK_SLUG)
    if live is None:
        return []
    teams_by_id = {t.pk: t for t in council.teams.values()}
    slots = [
        *_week_slots(council, teams_by_id),
        *_core_slots(council, live.start_date),
        *_thematic_slots(council, live.start_date),
        *_draft_slots(council, teams_by_id),
    ]
    return sorted(slots, key=lambda s: (s.audited_on, s.start, s.key))


def _week_slots(council: Council, teams_by_id: dict[int, Team]) -> Iterable[Slot]:
    weeks_by_id = {w.pk: w for w in council.weeks.values()}
    for visit in council.visits:
        week = weeks_by_id[visit.week_id]
        visit_key = (
            f"{week.slug}:{visit.visitor.username}:{(visit.date - week.start_date).days}:"
            f"{visit.session}"
        )
        rng = random.Random(f"{SEED}:{visit_key}")
        choices, weights = AUDITS_PER_VISIT[week.slug][(visit.purpose, visit.session == "day")]
        for n in range(rng.choices(choices, weights)[0]):
            minutes = 80 * n + rng.randint(0, 20)
            yield _visit_slot(visit, teams_by_id, key=f"{visit_key}:{n}", minutes=minutes)


def _visit_slot(
    visit: Visit, teams_by_id: dict[int, Team], *, key: str, minutes: int, is_draft: bool = False
) -> Slot:
    """A practice week audit on a visit, `minutes` after its session starts."""
    return Slot(
        key=key,
        audit_type=AuditType.PRACTICE_WEEK,
        team=teams_by_id[visit.team_id],
        auditor=visit.visitor,
        audited_on=visit.date,
        start=later(SESSION_STARTS[visit.session], minutes=minutes),
        week_id=visit.week_id,
        visit_id=visit.pk,
        is_draft=is_draft,
    )


def _core_slots(council: Council, monday: date) -> Iterable[Slot]:
    """A year of monthly core audits in every team, mostly by its own managers."""
    for team in council.teams.values():
        for month in range(CORE_MONTHS):
            for n in range(CORE_PER_TEAM_PER_MONTH):
                key = f"core:{team.name}:{month}:{n}"
                rng = random.Random(f"{SEED}:{key}")
                who = rng.choices(list(CORE_AUDITOR_WEIGHTS), list(CORE_AUDITOR_WEIGHTS.values()))
                auditor = {
                    "manager": team.manager,
                    "service_manager": team.service_manager,
                }.get(who[0]) or council.users.get(who[0])
                if auditor is None:
                    continue
                yield Slot(
                    key=key,
                    audit_type=AuditType.CORE,
                    team=team,
                    auditor=auditor,
                    audited_on=_weekday(monday - timedelta(days=30 * month + rng.randint(3, 28))),
                    start=time(rng.randint(9, 15), rng.choice((0, 15, 30, 45))),
                )


def _thematic_slots(council: Council, monday: date) -> Iterable[Slot]:
    for n, (theme, team_name, username, weeks_before) in enumerate(THEMATIC):
        team, auditor = council.teams.get(team_name), council.users.get(username)
        if team is None or auditor is None or theme not in council.themes:
            continue
        yield Slot(
            key=f"thematic:{theme}:{team_name}",
            audit_type=AuditType.THEMATIC,
            team=team,
            auditor=auditor,
            audited_on=monday - timedelta(weeks=weeks_before) + timedelta(days=1 + n % 2),
            start=time(10 + 3 * (n % 2), 0),
            theme_id=council.themes[theme].pk,
        )


def _draft_slots(council: Council, teams_by_id: dict[int, Team]) -> Iterable[Slot]:
    """Drafts on the first live-week visit where each demo auditor audits files."""
    live = council.weeks[LIVE_WEEK_SLUG]
    for username, count in DRAFTS:
        visit = next(
            (v for v in council.visits if v.week_id == live.pk and v.visitor.username == username),
            None,
        )
        if visit is None:
            continue
        for n in range(count):
            key, minutes = f"draft:{username}:{n}", 15 + 70 * n
            yield _visit_slot(visit, teams_by_id, key=key, minutes=minutes, is_draft=True)


def assign_files(slots: Sequence[Slot], files: dict[int, list[CaseFile]]) -> None:
    """Give each slot a file of its team that was open that day, going round each team's files
    in a shuffled order, so a file comes up again only when the team has run out of others."""
    cycles: dict[int, list[CaseFile]] = {}
    next_index: dict[int, int] = {}
    for slot in slots:
        team = slot.team
        if team.pk not in cycles:
            team_files = files.get(team.pk, [])
            rng = random.Random(f"{SEED}:files:{team.name}")
            cycles[team.pk], next_index[team.pk] = rng.sample(team_files, len(team_files)), 0
        cycle = cycles[team.pk]
        for step in range(len(cycle)):
            index = (next_index[team.pk] + step) % len(cycle)
            if _open_on(cycle[index], slot.audited_on):
                slot.case_file = cycle[index]
                next_index[team.pk] = index + 1
                break


def _open_on(case_file: CaseFile, day: date) -> bool:
    opened = case_file.opened_on is None or case_file.opened_on <= day
    return opened and (case_file.closed_on is None or case_file.closed_on >= day)


# Findings --------------------------------------------------------------------------------------


def _make(
    made: Made, slot: Slot, token: uuid.UUID, *, council: Council, today: date, now: datetime
) -> None:
    rng = random.Random(f"{SEED}:findings:{slot.key}")
    assert slot.case_file is not None  # only slots with a file are planned
    started = at(slot.audited_on, slot.start)
    audit = Audit(
        client_token=token,
        audit_type=slot.audit_type,
        template=council.template,
        case_file=slot.case_file,
        team=slot.team,
        practitioner_id=slot.case_file.allocated_worker_id,
        auditor=slot.auditor,
        week_id=slot.week_id,
        visit_id=slot.visit_id,
        theme_id=slot.theme_id,
        audited_on=slot.audited_on,
        is_collaborative=rng.random() < (0.85 if slot.audit_type == AuditType.CORE else 0.6),
        version=rng.randint(2, 9),
        created_at=started,
    )
    if slot.is_draft:
        _fill_draft(made, audit, rng, council.sections, now=now)
        return
    overall = rng.choices(list(OVERALL_WEIGHTS), list(OVERALL_WEIGHTS.values()))[0]
    grades = _section_grades(rng, overall, len(council.sections))
    suggested = suggest_overall_grade(grades) or ""
    band = _band(overall)
    audit.status = Audit.Status.SUBMITTED
    # Demo work e-mails nobody and asks nobody to acknowledge it; drafts stay "app" work, so
    # one submitted in the demo e-mails and asks like any other.
    audit.source = RecordSource.DEMO
    audit.overall_grade, audit.suggested_grade = overall, suggested
    if suggested and suggested != overall:
        better = SCALE.index(overall) < SCALE.index(suggested)
        audit.departure_reason = DEPARTURE["better" if better else "worse"]
    audit.working_well = " ".join(rng.sample(WORKING_WELL[band], 2))
    audit.needs_to_improve = " ".join(
        rng.sample(NEEDS_TO_IMPROVE[overall], min(2, len(NEEDS_TO_IMPROVE[overall])))
    )
    audit.submitted_at = audit.updated_at = started + timedelta(minutes=rng.randint(50, 75))
    # Every draw is made whatever the day, so a key's findings never depend on when it runs.
    acknowledges, after, reflects = rng.random() < 0.7, rng.randint(1, 72), rng.random() < 0.6
    reflection = rng.choice(REFLECTIONS)
    acknowledged = audit.submitted_at + timedelta(hours=after)
    if audit.practitioner_id and acknowledges and acknowledged <= now:
        audit.acknowledged_at = acknowledged
        audit.reflection = reflection if reflects else ""
    made.audits.append(audit)
    for section, grade in zip(council.sections, grades, strict=True):
        made.answers.append(
            SectionAnswer(
                audit=audit,
                section=section,
                grade=grade,
                evidence=_evidence(rng, section, council.sections, grade),
            )
        )
    _add_actions(made, audit, rng, slot, today=today, now=now)
    if overall == INAD:
        _add_escalation(made, audit, rng, slot.team, now=now)
    if slot.week_id and overall == RI and slot.audited_on < today - timedelta(weeks=8):
        _maybe_regraded(made, audit, rng)


def _fill_draft(
    made: Made, audit: Audit, rng: random.Random, sections: list[AuditSection], *, now: datetime
) -> None:
    """A draft part-way through: the first few sections answered, nothing else yet."""
    audit.status = Audit.Status.DRAFT
    audit.updated_at = min(now, audit.created_at + timedelta(minutes=rng.randint(10, 40)))
    made.audits.append(audit)
    overall = rng.choice((GOOD, GOOD, RI))
    answered = rng.randint(2, min(4, len(sections)))
    for n, section in enumerate(sections[:answered]):
        grade = _section_grades(rng, overall, 1)[0] if n < answered - 1 else ""
        made.answers.append(
            SectionAnswer(
                audit=audit,
                section=section,
                grade=grade,
                evidence=_evidence(rng, section, sections, grade or overall),
            )
        )


def _band(grade: str) -> str:
    return {OUT: "good", GOOD: "good", RI: "ri", INAD: "inadequate"}.get(grade, "na")


def _section_grades(rng: random.Random, overall: str, count: int) -> list[str]:
    weights = SECTION_WEIGHTS[overall]
    grades = [
        NA
        if rng.random() < NOT_APPLICABLE_CHANCE.get(n, 0)
        else rng.choices(list(weights), list(weights.values()))[0]
        for n in range(count)
    ]
    if overall == INAD and INAD not in grades:
        grades[rng.choice((0, 2, 6)) % count] = INAD  # assessment, the child's voice or impact
    return grades


def _evidence(
    rng: random.Random, section: AuditSection, sections: list[AuditSection], grade: str
) -> str:
    pools = EVIDENCE.get(sections.index(section), GENERIC_EVIDENCE)
    return rng.choice(pools[_band(grade)])


def _add_actions(
    made: Made, audit: Audit, rng: random.Random, slot: Slot, *, today: date, now: datetime
) -> None:
    """One or two actions, for the worker or the team manager; older ones mostly done."""
    submitted = audit.submitted_at
    assert submitted is not None
    pool = URGENT_ACTIONS if audit.overall_grade == INAD else ACTIONS
    for description, whose in rng.sample(pool, rng.randint(1, 2)):
        owner = slot.team.manager if whose == "manager" else None
        owner_id = owner.pk if owner else audit.practitioner_id
        if owner_id is None:
            continue
        days = rng.randint(2, 5) if audit.overall_grade == INAD else rng.choice((14, 21, 28))
        action = CaseAction(
            audit=audit,
            description=description,
            owner_id=owner_id,
            due_on=audit.audited_on + timedelta(days=days),
            created_at=submitted,
        )
        chance = 0.92 if action.due_on < today else 0.3
        completes = rng.random() < chance
        done = submitted + timedelta(days=rng.randint(1, days + 3), hours=rng.randint(0, 5))
        if completes and done <= now:
            action.completed_at, action.completed_by_id = done, owner_id
        made.actions.append(action)


def _add_escalation(
    made: Made, audit: Audit, rng: random.Random, team: Team, *, now: datetime
) -> None:
    """Sent at once to the Service Manager and the Head of Service; most acknowledge in a day."""
    opened = audit.submitted_at
    assert opened is not None
    escalation = Escalation(audit=audit, opened_at=opened)
    recipients = []
    for person in escalation_recipients(team):
        recipient = EscalationRecipient(
            escalation=escalation, person=person, last_sent_at=opened, times_sent=1
        )
        acknowledged = opened + timedelta(hours=rng.randint(1, 30))
        if rng.random() < (0.95 if now - opened > timedelta(weeks=1) else 0.6) and (
            acknowledged <= now
        ):
            recipient.acknowledged_at = acknowledged
        elif now - opened > timedelta(days=1):
            recipient.last_sent_at, recipient.times_sent = opened + timedelta(days=1), 2
        recipients.append(recipient)
    made.escalations.append((escalation, recipients))


def _maybe_regraded(made: Made, audit: Audit, rng: random.Random) -> None:
    """A few files re-graded after moderation: the history shows Good becoming RI."""
    if rng.random() >= 0.25:
        return
    assert audit.submitted_at is not None
    changed = audit.submitted_at + timedelta(days=rng.randint(2, 6))
    made.changes.append(
        AuditChange(
            audit=audit,
            changed_by=audit.auditor,
            changed_at=changed,
            field="Overall grade",
            before=GOOD,
            after=RI,
        )
    )
    audit.updated_at = changed


# Saving ----------------------------------------------------------------------------------------


def _save(made: Made) -> None:
    """Insert everything in a few bulk queries, oldest rows first."""
    insert(Audit, made.audits, ["created_at", "updated_at"])
    insert(SectionAnswer, made.answers)
    insert(CaseAction, made.actions, ["created_at"])
    insert(Escalation, [e for e, _ in made.escalations], ["opened_at"])
    insert(EscalationRecipient, [r for _, rs in made.escalations for r in rs])
    insert(AuditChange, made.changes, ["changed_at"])


def _last_audited_sync(audits: list[Audit]) -> None:
    """Move each newly audited file's `last_audited_on` forward, never back."""
    latest: dict[int, tuple[CaseFile, date]] = {}
    for audit in audits:
        if audit.status != Audit.Status.SUBMITTED:
            continue
        held = latest.get(audit.case_file_id)
        if held is None or audit.audited_on > held[1]:
            latest[audit.case_file_id] = (audit.case_file, audit.audited_on)
    changed = []
    for case_file, audited_on in latest.values():
        if case_file.last_audited_on is None or case_file.last_audited_on < audited_on:
            case_file.last_audited_on = audited_on
            changed.append(case_file)
    CaseFile.objects.bulk_update(changed, ["last_audited_on"], batch_size=500)


# Time ------------------------------------------------------------------------------------------


def _weekday(day: date) -> date:
    """The Friday before, for a day that falls at a weekend."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _started(slot: Slot, now: datetime) -> bool:
    """A draft exists once begun; a submitted audit once it was finished (about an hour in)."""
    started = at(slot.audited_on, slot.start)
    return started <= now if slot.is_draft else started + timedelta(minutes=75) <= now


# Counts ----------------------------------------------------------------------------------------


def audit_counts(*, today: date) -> dict[str, int]:
    """What the summary of `seed_demo` prints about audits."""
    submitted = Audit.objects.submitted()
    counts = {"audits submitted": submitted.count()}
    for week in PracticeWeek.objects.filter(slug__in=[PAST_WEEK_SLUG, LIVE_WEEK_SLUG]).order_by(
        "start_date"
    ):
        counts[f"  in {week.title}"] = submitted.filter(week=week).count()
    counts["  core and thematic, last 12 months"] = submitted.filter(
        audit_type__in=[AuditType.CORE, AuditType.THEMATIC]
    ).count()
    counts["audit drafts in progress"] = Audit.objects.drafts().count()
    counts["escalations of Inadequate files"] = Escalation.objects.count()
    counts["  not yet acknowledged by everyone"] = (
        Escalation.objects.filter(recipients__acknowledged_at__isnull=True).distinct().count()
    )
    counts["overdue case actions"] = CaseAction.objects.overdue(today).count()
    return counts
