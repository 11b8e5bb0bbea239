"""Who may do what with audits, escalations and case actions, in the core's vocabulary
(practiceweek.access). Who may read an audit is its user-scoped queryset
(audits.selectors.audits_visible_to): anyone else gets a 404 before any rule here is asked,
and a rule here that says no answers 403. Who starts an audit is the core's: may(user,
Action.RECORD_WORK), and from a visit, may_use_visit."""

from practiceweek.access import may_change_record
from practiceweek.models import User

from .models import Audit, CaseAction, EscalationRecipient


def can_edit_audit(user: User, audit: Audit) -> bool:
    """Its auditor or a QA lead changes an audit, draft or submitted."""
    return may_change_record(user, audit.auditor_id)


def can_see_audit_history(user: User, audit: Audit) -> bool:
    """Whoever may change an audit reads the history of changes to it."""
    return can_edit_audit(user, audit)


def can_acknowledge_audit(user: User, audit: Audit) -> bool:
    """Only the allocated practitioner acknowledges the feedback on their case, and only for
    an audit done in the app: imported history and demo audits ask nobody to acknowledge."""
    return (
        audit.is_submitted
        and audit.is_from_app
        and audit.practitioner_id == user.pk  # None matches nobody
    )


def can_acknowledge_escalation(user: User, recipient: EscalationRecipient) -> bool:
    """Only the manager an escalation was sent to acknowledges it (not a QA lead for them)."""
    return recipient.person_id == user.pk


def can_complete_case_action(user: User, action: CaseAction) -> bool:
    """The owner, the audit's auditor or a QA lead may mark an action done."""
    return may_change_record(user, action.audit.auditor_id) or action.owner_id == user.pk
