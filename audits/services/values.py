"""What the forms hand the services, and what the services answer."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from ..models import Grade

WEEK_CLOSED_START = "This practice week is closed: audits can no longer be added"
WEEK_CLOSED_SUBMIT = "This practice week is closed: the audit cannot be submitted"


# --- What the forms hand over -----------------------------------------------------------


@dataclass(frozen=True)
class AnswerInput:
    answer_id: int
    grade: str  # "" when not graded (yet)
    evidence: str


@dataclass(frozen=True)
class ActionInput:
    key: str  # the form's prefix: the page learns a new action's id by it
    action_id: int | None  # None for an action added on the page
    description: str
    owner_id: int | None
    due_on: date | None
    delete: bool = False

    @property
    def is_complete(self) -> bool:
        return bool(self.description and self.owner_id and self.due_on)


@dataclass(frozen=True)
class AuditInput:
    is_collaborative: bool
    overall_grade: str
    departure_reason: str
    working_well: str
    needs_to_improve: str
    answers: list[AnswerInput] = field(default_factory=list)
    actions: list[ActionInput] = field(default_factory=list)


@dataclass(frozen=True)
class SaveResult:
    version: int
    saved_at: datetime
    suggested_grade: str | None
    new_action_ids: dict[str, int]  # form prefix -> id of the action it created

    def as_json(self) -> dict[str, object]:
        return {
            "version": self.version,
            "saved_at": hhmm(self.saved_at),
            "suggested_grade": self.suggested_grade,
            "suggested_grade_label": Grade(self.suggested_grade).label
            if self.suggested_grade
            else None,
            "actions": self.new_action_ids,
        }


class AuditConflict(Exception):
    """The audit was saved (or submitted) by someone else since the page was loaded."""

    def __init__(self, *, saved_at: datetime | None, submitted: bool = False) -> None:
        self.saved_at = saved_at
        self.submitted = submitted
        super().__init__(self.message)

    @property
    def message(self) -> str:
        when = hhmm(self.saved_at) if self.saved_at else "a moment ago"
        if self.submitted:
            return (
                f"This audit was submitted at {when}. Your text is still here: copy anything "
                "you need, then reload to see the submitted version."
            )
        return (
            f"Someone else saved this audit at {when}. Your text is still here: copy anything "
            "you need, then reload to see their version."
        )


def hhmm(moment: datetime) -> str:
    """Local wall-clock time, e.g. "10:32"."""
    return timezone.localtime(moment).strftime("%H:%M")
