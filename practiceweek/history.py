"""The change history of a submitted record (audit, observation): its "what changed" label,
who may read it, and its page. Both apps' history tables (practiceweek.models.RecordedChange)
hold the label in a column of LABEL_MAX_LENGTH characters."""

from typing import TYPE_CHECKING

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .grades import GRADE_LABELS

if TYPE_CHECKING:  # models.py imports this module for LABEL_MAX_LENGTH
    from .models import RecordedChange

LABEL_MAX_LENGTH = 120  # RecordedChange.field
ELLIPSIS = "…"


def label(text: str, max_length: int = LABEL_MAX_LENGTH) -> str:
    """What changed, in words, cut to fit its column with an ellipsis (a long section title
    would otherwise break the save on PostgreSQL, which enforces the length)."""
    if len(text) <= max_length:
        return text
    return text[: max_length - len(ELLIPSIS)].rstrip() + ELLIPSIS


def grade_words(code: str) -> str:
    """A grade as the history shows it: its label, or "Not graded"."""
    return GRADE_LABELS.get(code, code) if code else "Not graded"


def readable(value: str) -> str:
    """Grades kept as their codes ("requires_improvement", older rows) are shown as words."""
    return GRADE_LABELS.get(value, value)


def may_see_history(user: object, *, author_id: int | None) -> bool:
    """The history of a record is for its author (auditor, observer) and the QA lead."""
    return bool(getattr(user, "is_qa_admin", False)) or (
        author_id is not None and getattr(user, "pk", None) == author_id
    )


def history_page[C: "RecordedChange"](
    request: HttpRequest,
    *,
    record: models.Model,
    author_id: int | None,
    changes: models.QuerySet[C],
) -> HttpResponse:
    """Every change to a record, newest first, for its author and the QA lead; anyone else
    gets the same 404 as for a record that does not exist.

    Renders "<app>/<model>_history.html" (audits/audit_history.html), which extends
    practiceweek/record_history.html. The context holds the record under its own name
    ("audit", "observation") and as `record`, with `noun` and `changes` (grade codes shown as
    words). One query for the changes.
    """
    meta = record._meta
    noun = str(meta.verbose_name)
    if not may_see_history(request.user, author_id=author_id):
        raise Http404(f"No such {noun}.")
    rows = list(changes.select_related("changed_by"))
    for change in rows:
        change.before, change.after = readable(change.before), readable(change.after)
    context = {noun: record, "record": record, "noun": noun, "changes": rows}
    return render(request, f"{meta.app_label}/{meta.model_name}_history.html", context)
