"""Which audit, if any, a picked file already has: for its button on Your day and the
selection page ("Audit this file", or "View audit" once submitted)."""

from collections.abc import Iterable

from django import template

from practiceweek.models import SelectedFile

from ..models import Audit

register = template.Library()


@register.simple_tag
def picked_file_audit(item: SelectedFile, audits: Iterable[Audit], auditor_id: int) -> Audit | None:
    """The auditor's latest audit of the picked file among the visit's audits (loaded once
    per page), or None."""
    found = [
        a for a in audits if a.case_file_id == item.case_file_id and a.auditor_id == auditor_id
    ]
    return max(found, key=lambda a: a.pk) if found else None
