"""What the forms hand the services, what the services answer, and the words of refusals."""

from dataclasses import dataclass, field

WEEK_NOT_LIVE_START = (
    "This practice week is not live: observations can be recorded only while it runs"
)
WEEK_NOT_LIVE_SUBMIT = "This practice week is no longer live: the observation cannot be submitted"
NOT_GRADED = "Observations are not graded in this practice week."
NO_PRACTITIONER = "Choose at least one practitioner you observed."
NOTHING_WRITTEN = "Write a strength or an area for development under at least one category."
FEEDBACK_NOT_ANSWERED = "Say whether you gave feedback in person straight after."
FEEDBACK_UNSAID = "Say what was said when you gave feedback."
GRADE_NEEDED = "Choose the overall grade."
SETTING_UNDESCRIBED = "Describe the setting."
NO_FRAMEWORK = "No observation framework is set up yet: ask the QA team."


@dataclass(frozen=True)
class NoteInput:
    note_id: int
    strengths: str
    areas_for_development: str


@dataclass(frozen=True)
class ObservationInput:
    setting: str
    setting_other: str
    practitioner_ids: tuple[int, ...]  # in the order the page lists them
    case_file_id: int | None
    overall_grade: str  # "" when not graded (yet), always "" for an ungraded observation
    feedback_given: bool | None  # None: not answered yet
    feedback_summary: str
    notes: list[NoteInput] = field(default_factory=list)
