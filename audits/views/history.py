"""The history of a submitted audit: every change to a grade or text, for the auditor and the
QA lead (audits.access.can_see_audit_history; the page is practiceweek.history's)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from practiceweek.history import history_page
from practiceweek.views import AuthedRequest

from ..access import can_see_audit_history
from ..selectors import audits_visible_to


def audit_history(request: AuthedRequest, pk: int) -> HttpResponse:
    """404 unless the audit is readable, 403 unless its auditor or a QA lead."""
    audit = get_object_or_404(
        audits_visible_to(request.user).select_related("case_file", "team", "auditor"), pk=pk
    )
    allowed = can_see_audit_history(request.user, audit)
    return history_page(request, record=audit, allowed=allowed, changes=audit.changes.all())
