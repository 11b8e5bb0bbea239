"""The history of a submitted audit: every change to a grade or text, for the auditor and the
QA lead (practiceweek.history)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from practiceweek.history import history_page
from practiceweek.views import AuthedRequest

from ..models import Audit


def audit_history(request: AuthedRequest, pk: int) -> HttpResponse:
    audit = get_object_or_404(Audit.objects.select_related("case_file", "team", "auditor"), pk=pk)
    return history_page(
        request, record=audit, author_id=audit.auditor_id, changes=audit.changes.all()
    )
