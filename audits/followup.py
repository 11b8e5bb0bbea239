"""What follows a submitted audit: feedback e-mails and the escalation of Inadequate files,
then the practitioner's acknowledgement, the managers' acknowledgements and case actions done.

`submission_followup` is called inside the transaction that submits (or re-grades) an audit;
e-mails go after commit.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from practiceweek.feedback import acknowledge_once
from practiceweek.models import Team, User
from practiceweek.queueing import enqueue_after_commit

from .access import can_acknowledge_audit, can_acknowledge_escalation, can_complete_case_action
from .models import Audit, CaseAction, Escalation, EscalationRecipient, Grade


def escalation_recipients(team: Team) -> list[User]:
    """The team's Service Manager and its service's Head of Service (Assistant Director).

    Falls back to the QA administrators when neither is set, so an Inadequate file is never
    reported to nobody.
    """
    people = [p for p in (team.service_manager, team.service.head_of_service) if p is not None]
    if not people:
        people = list(User.objects.filter(role="qa_admin", is_active=True))
    return list(dict.fromkeys(people))  # one each, in order


def escalation_open(*, audit: Audit) -> Escalation:
    """Open (or find) the escalation of an Inadequate audit and e-mail its recipients."""
    from .tasks import escalation_notify_task  # noqa: PLC0415  (tasks import followup)

    escalation, _ = Escalation.objects.get_or_create(audit=audit)
    team = Team.objects.select_related("service_manager", "service__head_of_service").get(
        pk=audit.team_id
    )
    EscalationRecipient.objects.bulk_create(
        [EscalationRecipient(escalation=escalation, person=p) for p in escalation_recipients(team)],
        ignore_conflicts=True,
    )
    enqueue_after_commit(escalation_notify_task, escalation.pk)
    return escalation


def submission_followup(*, audit: Audit) -> None:
    """Tell the practitioner and their manager; escalate an Inadequate file at once."""
    from .tasks import audit_feedback_notify_task  # noqa: PLC0415  (tasks import followup)

    enqueue_after_commit(audit_feedback_notify_task, audit.pk)
    if audit.overall_grade == Grade.INADEQUATE:
        escalation_open(audit=audit)


# --- The practitioner's and managers' side: acknowledgements and case actions. ---


def audit_acknowledge(*, audit: Audit, person: User, reflection: str) -> Audit:
    """Record that the practitioner has read the feedback, with their optional reflection.

    Idempotent: once acknowledged, a second call (double click, resent request) changes
    nothing, not even the reflection. Raises PermissionDenied for anyone but the allocated
    practitioner and ValidationError for a reflection over REFLECTION_MAX_LENGTH characters
    (practiceweek.feedback).
    """
    if not can_acknowledge_audit(person, audit):
        raise PermissionDenied("Only the allocated practitioner acknowledges this feedback.")
    return acknowledge_once(audit, reflection=reflection)


def escalation_acknowledge(*, recipient: EscalationRecipient, person: User) -> EscalationRecipient:
    """A manager confirms they have seen an escalated audit. Idempotent; only that manager."""
    if not can_acknowledge_escalation(person, recipient):
        raise PermissionDenied("Only the manager it was sent to can acknowledge this.")
    EscalationRecipient.objects.filter(pk=recipient.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now()
    )
    recipient.refresh_from_db(fields=["acknowledged_at"])
    return recipient


def case_action_complete(*, action: CaseAction, person: User) -> CaseAction:
    """Mark a case action done, recording who and when. Idempotent: the first completion stays."""
    if not can_complete_case_action(person, action):
        raise PermissionDenied("Only the action's owner or the auditor can mark it done.")
    CaseAction.objects.filter(pk=action.pk, completed_at__isnull=True).update(
        completed_at=timezone.now(), completed_by=person
    )
    action.refresh_from_db(fields=["completed_at", "completed_by"])
    return action
