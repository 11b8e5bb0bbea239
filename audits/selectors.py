"""Shared reads of audits, scoped to who may see them (the permission matrix lives here)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet

from practiceweek.access import Action, may
from practiceweek.models import PracticeWeek, RecordSource, SelectedFile, Team, User

from .access import (
    can_acknowledge_audit,
    can_complete_case_action,
    can_edit_audit,
    can_see_audit_history,
)
from .extras import audit_page_extras, audit_page_related
from .models import (
    Audit,
    AuditQuerySet,
    AuditTemplate,
    AuditType,
    CaseAction,
    Escalation,
    EscalationRecipient,
    Grade,
    SectionAnswer,
)


def audits_visible_to(user: User) -> AuditQuerySet:
    """Audits a person may read.

    - QA administrators: every audit.
    - The auditor: their own, drafts included.
    - The allocated practitioner: submitted audits of their own cases.
    - The team's Team Manager and Service Manager: submitted audits of that team.
    - A manager an escalation was sent to: that audit.
    - The owner of one of its case actions: that submitted audit (they must see what to do).
    Everybody else: nothing (a 404, never someone else's data).
    """
    audits = Audit.objects.all()
    if user.is_qa_admin:
        return audits
    submitted = Q(status=Audit.Status.SUBMITTED)
    return audits.filter(
        Q(auditor=user)
        | (
            submitted
            & (
                Q(practitioner=user)
                | Q(team__manager=user)
                | Q(team__service_manager=user)
                | Q(escalation__recipients__person=user)
                | Q(actions__owner=user)
            )
        )
    ).distinct()


def current_template(audit_type: str) -> AuditTemplate:
    """The template new audits of this type use: the current graded one, or for minimum
    standards the current ungraded one. Raises AuditTemplate.DoesNotExist when none is set up."""
    graded = audit_type != AuditType.MINIMUM_STANDARDS
    template = (
        AuditTemplate.objects.filter(is_current=True, is_graded=graded).order_by("name").first()
    )
    if template is None:
        raise AuditTemplate.DoesNotExist(
            f"No current {'graded' if graded else 'ungraded'} template."
        )
    return template


# --- Reading feedback: the audit page, my feedback, team audits, escalations, case actions. ---
# Each list loads a fixed number of queries whatever the number of rows (pinned in tests).


@dataclass(frozen=True)
class ActionRow:
    action: CaseAction
    status: str  # "open", "overdue" or "done" on the day shown
    may_complete: bool


@dataclass(frozen=True)
class AuditPage:
    """What the audit page shows, and what the person reading it may do."""

    audit: Audit
    answers: list[SectionAnswer]
    actions: list[ActionRow]
    escalation_recipients: list[EscalationRecipient]  # empty unless escalated
    is_practitioner: bool
    may_acknowledge: bool  # the practitioner, not acknowledged yet
    may_edit: bool
    may_see_history: bool
    departs_from_suggestion: bool
    is_good_or_better: bool
    extras: Mapping[str, object]  # what the apps above add (audits.extras), by name


def audit_reading_queryset(user: User) -> AuditQuerySet:
    """Audits the person may read, with all the audit page shows: 4 queries for one audit."""
    return (
        audits_visible_to(user)
        .select_related(
            "case_file",
            "team__service",
            "auditor",
            "practitioner",
            "week",
            "theme",
            "escalation",
            *audit_page_related(),
        )
        .prefetch_related(
            Prefetch("answers", queryset=SectionAnswer.objects.select_related("section")),
            Prefetch("actions", queryset=CaseAction.objects.select_related("owner")),
            Prefetch(
                "escalation__recipients",
                queryset=EscalationRecipient.objects.select_related("person"),
            ),
        )
    )


def audit_page(*, audit: Audit, user: User, today: date) -> AuditPage:
    """The audit page of an audit loaded by `audit_reading_queryset`: no further queries."""
    escalation = getattr(audit, "escalation", None)  # reverse one-to-one: absent unless escalated
    actions = list(audit.actions.all())
    is_practitioner = audit.practitioner_id is not None and audit.practitioner_id == user.pk
    return AuditPage(
        audit=audit,
        answers=list(audit.answers.all()),
        actions=[
            ActionRow(
                action=a,
                status=a.status_on(today),
                may_complete=can_complete_case_action(user, a),
            )
            for a in actions
        ],
        escalation_recipients=list(escalation.recipients.all()) if escalation else [],
        is_practitioner=is_practitioner,
        may_acknowledge=can_acknowledge_audit(user, audit) and audit.acknowledged_at is None,
        may_edit=can_edit_audit(user, audit),
        may_see_history=can_see_audit_history(user, audit),
        departs_from_suggestion=bool(
            audit.suggested_grade and audit.overall_grade != audit.suggested_grade
        ),
        is_good_or_better=audit.overall_grade in (Grade.GOOD, Grade.OUTSTANDING),
        extras=audit_page_extras(audit, user),
    )


def feedback_for_practitioner(user: User) -> AuditQuerySet:
    """Submitted audits of the person's own cases, newest first: one query."""
    return (
        Audit.objects.submitted()
        .filter(practitioner=user)
        .select_related("team")
        .order_by("-audited_on", "-submitted_at", "-pk")
    )


def feedback_waiting_count(user: User) -> int:
    """How many submitted audits of the person's cases, done in the app, they have not
    acknowledged yet (imported and demo audits wait for nobody)."""
    return feedback_for_practitioner(user).from_app().filter(acknowledged_at__isnull=True).count()


def teams_managed_by(user: User) -> list[Team]:
    """Teams whose audits the person follows up: as Team Manager or Service Manager; every
    team for a QA administrator. One query."""
    teams = Team.objects.select_related("service").order_by("service__name", "name")
    if not may(user, Action.SEE_EVERY_TEAM):
        teams = teams.filter(Q(manager=user) | Q(service_manager=user))
    return list(teams)


@dataclass(frozen=True)
class TeamAudits:
    audits: list[Audit]  # annotated with open_action_count and overdue_action_count
    overdue_actions: list[CaseAction]


def team_audit_list(
    user: User, *, teams: list[Team], team_id: int | None, today: date
) -> TeamAudits:
    """Submitted audits of the teams a person manages (`teams_managed_by`), grouped by team,
    newest first, and their overdue case actions. Two queries; none if they manage no team."""
    team_ids = [t.pk for t in teams if team_id is None or t.pk == team_id]
    if not team_ids:
        return TeamAudits(audits=[], overdue_actions=[])
    every_team = may(user, Action.SEE_EVERY_TEAM) and team_id is None  # not every team's id
    audits = (
        Audit.objects.submitted()
        .filter(Q() if every_team else Q(team_id__in=team_ids))
        .select_related("team__service", "case_file", "practitioner")
        .annotate(
            open_action_count=Count("actions", filter=Q(actions__completed_at__isnull=True)),
            overdue_action_count=Count(
                "actions",
                filter=Q(actions__completed_at__isnull=True, actions__due_on__lt=today),
            ),
        )
        .order_by("team__service__name", "team__name", "-audited_on", "-pk")
    )
    overdue = (
        CaseAction.objects.overdue(today)
        .filter(audit__status=Audit.Status.SUBMITTED)
        .filter(Q() if every_team else Q(audit__team_id__in=team_ids))
        .select_related("owner", "audit__team", "audit__case_file")
        .order_by("due_on", "pk")
    )
    return TeamAudits(audits=list(audits), overdue_actions=list(overdue))


@dataclass(frozen=True)
class RecipientRow:
    recipient: EscalationRecipient
    is_me: bool
    is_overdue: bool


@dataclass(frozen=True)
class EscalationRow:
    escalation: Escalation
    mine: RecipientRow | None  # None for a QA administrator who is not a recipient
    others: list[RecipientRow]
    is_waiting: bool  # not acknowledged by me (or, for a QA administrator, by someone)
    is_overdue: bool


def escalation_rows(user: User, *, now: datetime) -> list[EscalationRow]:
    """The person's escalations (every one for a QA administrator), waiting ones first, newest
    first. A recipient is overdue after ESCALATION_RESEND_HOURS without acknowledging. Two
    queries."""
    escalations = Escalation.objects.select_related(
        "audit__team__service", "audit__case_file"
    ).prefetch_related(
        Prefetch("recipients", queryset=EscalationRecipient.objects.select_related("person"))
    )
    if not user.is_qa_admin:
        escalations = escalations.filter(recipients__person=user)
    cutoff = now - timedelta(hours=settings.ESCALATION_RESEND_HOURS)
    rows = []
    for escalation in escalations.order_by("-opened_at", "-pk"):
        people = [
            RecipientRow(
                recipient=r,
                is_me=r.person_id == user.pk,
                is_overdue=r.acknowledged_at is None
                and escalation.opened_at < cutoff
                and escalation.audit.is_from_app,
            )
            for r in escalation.recipients.all()
        ]
        mine = next((p for p in people if p.is_me), None)
        relevant = [mine] if mine else people
        rows.append(
            EscalationRow(
                escalation=escalation,
                mine=mine,
                others=[p for p in people if not p.is_me],
                is_waiting=escalation.audit.is_from_app
                and any(p.recipient.acknowledged_at is None for p in relevant),
                is_overdue=any(p.is_overdue for p in relevant),
            )
        )
    return sorted(rows, key=lambda row: not row.is_waiting)  # stable: newest first within


def escalation_recipients_visible_to(user: User) -> QuerySet[EscalationRecipient]:
    """Recipient rows of the escalations a person was sent (theirs and the other managers'),
    every one for a QA administrator. Acknowledging stays with the recipient alone."""
    recipients = EscalationRecipient.objects.select_related("person")
    if user.is_qa_admin:
        return recipients
    return recipients.filter(escalation__recipients__person=user)


def actions_for_owner(user: User, *, today: date) -> list[ActionRow]:
    """The person's case actions on submitted audits: open ones first by due date, then done
    ones, most recently done first. One query."""
    actions = (
        CaseAction.objects.filter(owner=user, audit__status=Audit.Status.SUBMITTED)
        .select_related("audit__team", "audit__case_file")
        .order_by(F("completed_at").desc(nulls_first=True), "due_on", "pk")
    )
    return [ActionRow(action=a, status=a.status_on(today), may_complete=True) for a in actions]


def case_actions_visible_to(user: User) -> QuerySet[CaseAction]:
    """Case actions of the submitted audits a person may read (see `audits_visible_to`)."""
    return CaseAction.objects.filter(
        audit__in=audits_visible_to(user).filter(status=Audit.Status.SUBMITTED)
    ).select_related("audit")


@dataclass(frozen=True)
class HomeAudits:
    """What the audits side of the home page tells a person: four queries whatever the data."""

    drafts: list[Audit]
    feedback_waiting: int
    escalations_waiting: int
    actions_open: int
    actions_overdue: int


HOME_DRAFTS_SHOWN = 5


def home_audits(user: User, *, today: date) -> HomeAudits:
    drafts = list(
        Audit.objects.drafts()
        .filter(auditor=user)
        .select_related("case_file", "team")
        .order_by("-updated_at")[:HOME_DRAFTS_SHOWN]
    )
    actions = (
        CaseAction.objects.open()
        .filter(owner=user)
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    escalations = EscalationRecipient.objects.filter(
        person=user, acknowledged_at__isnull=True, escalation__audit__source=RecordSource.APP
    )
    return HomeAudits(
        drafts=drafts,
        feedback_waiting=feedback_waiting_count(user),
        escalations_waiting=escalations.count(),
        actions_open=actions["open"],
        actions_overdue=actions["overdue"],
    )


def home_panel(user: User, today: date, earlier: Mapping[str, object]) -> HomeAudits:
    """The audits panel of the home page (registered with practiceweek.home_panels in
    AuditsConfig.ready)."""
    return home_audits(user, today=today)


# The audit form's reads, shared with the saves in audits/services.
@dataclass(frozen=True)
class EditingState:
    answers: list[SectionAnswer]
    actions: list[CaseAction]
    owners: list[User]


def audit_answers(*, audit: Audit) -> list[SectionAnswer]:
    """The audit's answers in section order, each with its section: one query."""
    return list(audit.answers.select_related("section").order_by("section__order", "pk"))


def audit_actions(*, audit: Audit) -> list[CaseAction]:
    """The audit's case actions in the order they were added: one query."""
    return list(audit.actions.select_related("owner").order_by("pk"))


def action_owner_choices(*, audit: Audit, actions: list[CaseAction]) -> list[User]:
    """Who may own a case action: the team's members, its Team Manager and Service Manager,
    the allocated worker, and anyone already owning one of the audit's actions. One query."""
    team = audit.team
    ids = {team.manager_id, team.service_manager_id, audit.practitioner_id}
    ids |= {a.owner_id for a in actions}
    people = User.objects.filter(
        Q(teams=team, is_active=True) | Q(pk__in=[i for i in ids if i is not None])
    )
    return list(people.distinct().order_by("last_name", "first_name", "pk"))


def audit_editing_state(*, audit: Audit) -> EditingState:
    """Everything the audit form shows besides the audit itself, in three queries."""
    actions = audit_actions(audit=audit)
    return EditingState(
        answers=audit_answers(audit=audit),
        actions=actions,
        owners=action_owner_choices(audit=audit, actions=actions),
    )


def audits_by_auditor(user: User) -> tuple[AuditQuerySet, AuditQuerySet]:
    """The person's own drafts (last touched first) and submitted audits (newest first)."""
    audits = Audit.objects.filter(auditor=user).select_related("case_file", "team", "week", "theme")
    return (
        audits.drafts().order_by("-updated_at", "-pk"),
        audits.submitted().order_by("-submitted_at", "-pk"),
    )


def files_audited_in_week(week: PracticeWeek) -> QuerySet[Audit, int]:
    """Case file ids audited or started (a draft) by anyone in the week: random picks leave
    them out (registered with practiceweek.worked_files in AuditsConfig.ready)."""
    return Audit.objects.filter(week=week).values_list("case_file_id", flat=True)


def next_picked_file(*, audit: Audit) -> SelectedFile | None:
    """The next file picked for the audit's visit by its auditor that has no submitted audit
    that week (the first in the order they were picked), or None."""
    if audit.visit_id is None:
        return None
    submitted = Audit.objects.submitted().filter(week_id=audit.week_id).values("case_file_id")
    return (
        SelectedFile.objects.filter(
            selection__visit_id=audit.visit_id, selection__auditor_id=audit.auditor_id
        )
        .exclude(case_file_id=audit.case_file_id)
        .exclude(case_file_id__in=submitted)
        .select_related("case_file")
        .order_by("selection__created_at", "selection_id", "position")
        .first()
    )
