"""What follows a submitted audit: feedback e-mails and the escalation of Inadequate files.

Called inside the transaction that submits (or re-grades) an audit; e-mails go after commit.
"""

from django.db import transaction

from practiceweek.models import Team, User

from .models import Audit, Escalation, EscalationRecipient, Grade


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
    from .tasks import escalation_notify_task

    escalation, _ = Escalation.objects.get_or_create(audit=audit)
    team = Team.objects.select_related("service_manager", "service__head_of_service").get(
        pk=audit.team_id
    )
    EscalationRecipient.objects.bulk_create(
        [EscalationRecipient(escalation=escalation, person=p) for p in escalation_recipients(team)],
        ignore_conflicts=True,
    )
    transaction.on_commit(lambda: escalation_notify_task.delay(escalation.pk))
    return escalation


def submission_followup(*, audit: Audit) -> None:
    """Tell the practitioner and their manager; escalate an Inadequate file at once."""
    from .tasks import audit_feedback_notify_task

    transaction.on_commit(lambda: audit_feedback_notify_task.delay(audit.pk))
    if audit.overall_grade == Grade.INADEQUATE:
        escalation_open(audit=audit)
