"""The history of a submitted audit: every change to a grade or text, for the QA lead."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from practiceweek.access import forbid_unless
from practiceweek.grades import GRADE_LABELS
from practiceweek.views import AuthedRequest

from ..access import can_see_audit_history
from ..models import AuditChange
from ..selectors import audits_visible_to


def _readable(value: str) -> str:
    """Grades are stored as their codes ("requires_improvement"): show them as words."""
    return GRADE_LABELS.get(value, value)


def audit_history(request: AuthedRequest, pk: int) -> HttpResponse:
    audit = get_object_or_404(
        audits_visible_to(request.user).select_related("case_file", "team", "auditor"), pk=pk
    )
    forbid_unless(
        can_see_audit_history(request.user, audit),
        "Only the auditor or a QA lead reads the history.",
    )
    changes = list(AuditChange.objects.filter(audit=audit).select_related("changed_by"))
    for change in changes:
        change.before, change.after = _readable(change.before), _readable(change.after)
    return render(request, "audits/audit_history.html", {"audit": audit, "changes": changes})
