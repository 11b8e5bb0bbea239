"""Shared reads of audits, scoped to who may see them (the permission matrix lives here)."""

from django.db.models import Q

from practiceweek.models import User

from .models import Audit, AuditQuerySet


def audits_visible_to(user: User) -> AuditQuerySet:
    """Audits a person may read.

    - QA administrators: every audit.
    - The auditor: their own, drafts included.
    - The allocated practitioner: submitted audits of their own cases.
    - The team's Team Manager and Service Manager: submitted audits of that team.
    - A manager an escalation was sent to: that audit.
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
            )
        )
    ).distinct()
