"""The change history of a submitted record (audit, observation): its "what changed" label and
its page. Both apps' history tables (practiceweek.models.RecordedChange) hold the label in a
column of RecordedChange.LABEL_MAX_LENGTH characters. Who reads a history is each app's
access rule (can_see_audit_history, can_see_observation_history: whoever may change the
record, practiceweek.access.may_change_record), which the page is given."""

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .access import forbid_unless
from .grades import GRADE_LABELS
from .models import RecordedChange

ELLIPSIS = "…"


def label(text: str, max_length: int = RecordedChange.LABEL_MAX_LENGTH) -> str:
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


def history_page[C: RecordedChange](
    request: HttpRequest,
    *,
    record: models.Model,
    allowed: bool,
    changes: models.QuerySet[C],
) -> HttpResponse:
    """Every change to a record, newest first, for whoever the app's access rule `allowed`
    (its author and the QA lead). The caller found `record` through the user's scoped
    queryset (404 for anyone who may not read it); a reader the rule refuses gets 403.

    Renders "<app>/<model>_history.html" (audits/audit_history.html), which extends
    practiceweek/record_history.html. The context holds the record under its own name
    ("audit", "observation") and as `record`, with `noun` and `changes` (grade codes shown as
    words). One query for the changes.
    """
    meta = record._meta
    noun = str(meta.verbose_name)
    forbid_unless(allowed, f"Only its author or a QA lead reads the history of this {noun}.")
    rows = list(changes.select_related("changed_by"))
    for change in rows:
        change.before, change.after = readable(change.before), readable(change.after)
    context = {noun: record, "record": record, "noun": noun, "changes": rows}
    return render(request, f"{meta.app_label}/{meta.model_name}_history.html", context)
