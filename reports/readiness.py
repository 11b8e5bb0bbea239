"""Is a report finished, and is a build of it a draft? Plain values in, plain values out (no
Django): `reports.gather` fills `ReportState` from the database when it builds, keeps the
answer in the snapshot, and the publish page reads it back.

- `unfinished(state)`: what the QA lead must confirm by name before publishing: narrative
  sections not written, no action plan rows, quotes not reviewed, the week not closed.
- `is_draft(state)`: built while the week was live (or not yet begun), or with a narrative
  section unwritten: every page of the PDF then says DRAFT.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from reports.snapshot import Readiness, Snapshot

# Week states in which the practice week is not over (PracticeWeek.Status values).
WEEK_NOT_OVER = frozenset({"planned", "live"})


@dataclass(frozen=True)
class Section:
    key: str  # the Report field, e.g. "purpose"
    heading: str  # as the document names it
    is_written: bool


@dataclass(frozen=True)
class ReportState:
    sections: Sequence[Section]
    action_rows: int
    quotes_unreviewed: int
    week_status: str | None  # None for a yearly report (no week to close)


@dataclass(frozen=True)
class Unfinished:
    key: str  # stable, for the confirmation checkboxes: "section:purpose", "actions", ...
    words: str  # what the QA lead confirms: "“What next” is not written"


def unfinished(state: ReportState) -> list[Unfinished]:
    """Everything not finished, in the order the page lists it; [] when all is done."""
    found = [
        Unfinished(f"section:{s.key}", f"The section “{s.heading}” is not written")
        for s in state.sections
        if not s.is_written
    ]
    if state.action_rows <= 0:
        found.append(Unfinished("actions", "The action plan has no rows"))
    if state.quotes_unreviewed > 0:
        n = state.quotes_unreviewed
        words = "1 family's quote is" if n == 1 else f"{n} families' quotes are"
        found.append(Unfinished("quotes", f"{words} not reviewed"))
    if state.week_status in WEEK_NOT_OVER:
        found.append(Unfinished("week", "The practice week is not closed"))
    return found


def is_draft(state: ReportState) -> bool:
    """True when the week was not over or any narrative section is unwritten."""
    return state.week_status in WEEK_NOT_OVER or any(not s.is_written for s in state.sections)


def as_json(state: ReportState) -> Readiness:
    """What a build keeps in its snapshot: {"is_draft", "unfinished": [{"key", "words"}]}."""
    return {
        "is_draft": is_draft(state),
        "unfinished": [{"key": u.key, "words": u.words} for u in unfinished(state)],
    }


def from_json(found: Readiness | None) -> list[Unfinished]:
    """The unfinished items a snapshot kept; [] for a snapshot made before they were kept."""
    rows = (found.get("unfinished") or []) if found else []
    return [Unfinished(str(row["key"]), str(row["words"])) for row in rows]


def snapshot_is_draft(snapshot: Snapshot) -> bool:
    """Whether the build of `snapshot` is a draft; False for one made before it was kept."""
    found = snapshot.get("readiness")
    return bool(found and found.get("is_draft"))


def missing_confirmations(items: Sequence[Unfinished], confirmed: Sequence[str]) -> list[str]:
    """The words of each unfinished item not confirmed by its key, in order."""
    ticked = set(confirmed)
    return [item.words for item in items if item.key not in ticked]
