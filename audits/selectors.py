"""Shared reads of audits, scoped to who may see them (the permission matrix lives here)."""

from django.db.models import Q

from practiceweek.models import User

from .models import Audit, AuditQuerySet, AuditTemplate, AuditType


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
