"""What the apps above audits add to audits' pages, as they say.

Audits import nothing from observations, yet two audits pages show observations' work: the
audit page shows the case example flagged from the audit, and My feedback (`audits:my_feedback`)
lists a practitioner's observations beside their audits. Observations register both here in
`ObservationsConfig.ready()`.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from practiceweek.models import Team, User

from .models import Audit

# --- The audit page ---------------------------------------------------------------------------

# A loader answers, for an audit loaded by `audit_reading_queryset` and the person reading it,
# what its part of the page shows, by name (the template reads `page.extras.<name>`).
AuditPageLoader = Callable[[Audit, User], Mapping[str, object]]


@dataclass(frozen=True)
class _AuditPagePart:
    loader: AuditPageLoader
    select_related: tuple[str, ...]  # what the loader reads, loaded with the audit


_audit_page_parts: dict[str, _AuditPagePart] = {}


def register_audit_page_part(
    name: str, loader: AuditPageLoader, *, select_related: tuple[str, ...] = ()
) -> None:
    """Add a part of the audit page under `name`; registering it again replaces it."""
    _audit_page_parts[name] = _AuditPagePart(loader=loader, select_related=select_related)


def audit_page_related() -> list[str]:
    """The relations the parts read, for `select_related`: no query of their own."""
    return [name for part in _audit_page_parts.values() for name in part.select_related]


def audit_page_extras(audit: Audit, user: User) -> dict[str, object]:
    """Every part's answers, merged by name, in registration order."""
    extras: dict[str, object] = {}
    for part in _audit_page_parts.values():
        extras.update(part.loader(audit, user))
    return extras


# --- My feedback ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackRow:
    """One line of My feedback: an audit of the person's case or an observation of them."""

    kind: Literal["audit", "observation"]
    pk: int
    on: date
    submitted_at: datetime | None
    what: str  # the type of audit, or the setting observed
    team: Team
    grade: str  # a Grade value; "" when not graded
    grade_label: str
    is_ungraded: bool  # an observation in an ungraded week: no grade was ever due
    acknowledged_at: datetime | None
    praise: str | None
    is_acknowledgement_asked: bool  # False for imported and demo records


# A source gives the person's rows. Observations give the audits' rows too: an audit's praise
# depends on a case example flagged from it, which observations own.
FeedbackSource = Callable[[User], list[FeedbackRow]]

_feedback_sources: dict[str, FeedbackSource] = {}


def register_feedback_source(name: str, source: FeedbackSource) -> None:
    """Add a source of My feedback rows under `name`; registering it again replaces it."""
    _feedback_sources[name] = source


def my_feedback_rows(user: User) -> list[FeedbackRow]:
    """Every source's rows for the person, newest first."""
    rows = [row for source in _feedback_sources.values() for row in source(user)]
    rows.sort(key=_newest_first)
    return rows


def _newest_first(row: FeedbackRow) -> tuple[int, float, int]:
    submitted = row.submitted_at.timestamp() if row.submitted_at else 0.0
    return (-row.on.toordinal(), -submitted, -row.pk)
