"""Background work of the audits app: e-mails after submit, escalations, and beat jobs."""

from celery import shared_task
from django.utils import timezone

from practiceweek.queueing import RETRY, requeue

from .notifications import (
    audit_feedback_notify,
    audit_feedback_pending,
    case_actions_flag_overdue,
    escalation_notify,
    escalations_resend_due,
)


@shared_task(**RETRY)
def audit_feedback_notify_task(audit_id: int) -> int:
    return audit_feedback_notify(audit_id=audit_id)


@shared_task(**RETRY)
def escalation_notify_task(escalation_id: int) -> int:
    return escalation_notify(escalation_id=escalation_id)


# Beat jobs (settings.CELERY_BEAT_SCHEDULE). Each is idempotent: a duplicate run finds nothing due.


@shared_task(**RETRY)
def escalations_resend_task() -> int:
    return escalations_resend_due(now=timezone.now())


@shared_task(**RETRY)
def case_actions_overdue_task() -> int:
    return case_actions_flag_overdue(today=timezone.localdate())


@shared_task
def audit_feedback_sweep_task() -> int:
    """Queue again every feedback e-mail still unsent some minutes after its submit."""
    return requeue(audit_feedback_notify_task, audit_feedback_pending(now=timezone.now()))
