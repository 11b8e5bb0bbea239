"""What the forms hand the services, and what the services answer."""

from dataclasses import dataclass, field
from datetime import date

from practiceweek.drafts import SaveResult

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
class AuditSaveResult(SaveResult):
    """A draft save of an audit: the kernel's answer, plus the suggested grade and the ids of
    the actions the save created (so the page's next save changes them, never duplicates)."""

    suggested_grade: str | None
    new_action_ids: dict[str, int]  # form prefix -> id of the action it created

    def as_json(self) -> dict[str, object]:
        label = Grade(self.suggested_grade).label if self.suggested_grade else None
        return {
            **super().as_json(),
            "suggested_grade": self.suggested_grade,
            "suggested_grade_label": label,
            "actions": self.new_action_ids,
        }
