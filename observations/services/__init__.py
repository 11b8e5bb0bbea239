"""Writes of the observations app: starting, saving drafts, submitting and changing an
observation.

Forms validate first (observations/forms.py); these functions write what they are given and
apply the submission rules (rules.py) again. Every save names the `version` it was based on: a
stale one is refused with `practiceweek.drafts.DraftConflict`, as for audits and reports.
"""

from .rules import setting_errors, submission_errors, value_errors
from .saving import observation_save_draft, observation_submit, observation_update_submitted
from .start import observation_start
from .values import (
    FEEDBACK_NOT_ANSWERED,
    FEEDBACK_UNSAID,
    GRADE_NEEDED,
    NO_FRAMEWORK,
    NO_PRACTITIONER,
    NOT_GRADED,
    NOTHING_WRITTEN,
    SETTING_UNDESCRIBED,
    WEEK_NOT_LIVE_START,
    WEEK_NOT_LIVE_SUBMIT,
    NoteInput,
    ObservationInput,
)

__all__ = [
    "FEEDBACK_NOT_ANSWERED",
    "FEEDBACK_UNSAID",
    "GRADE_NEEDED",
    "NOTHING_WRITTEN",
    "NOT_GRADED",
    "NO_FRAMEWORK",
    "NO_PRACTITIONER",
    "SETTING_UNDESCRIBED",
    "WEEK_NOT_LIVE_START",
    "WEEK_NOT_LIVE_SUBMIT",
    "NoteInput",
    "ObservationInput",
    "observation_save_draft",
    "observation_start",
    "observation_submit",
    "observation_update_submitted",
    "setting_errors",
    "submission_errors",
    "value_errors",
]
