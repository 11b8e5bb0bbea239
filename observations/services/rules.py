"""The rules a submitted observation meets: plain values in, messages by field out.

The forms show these messages beside their fields; the services apply the same rules again
before they write, so a post that skips the form is refused in the same words.
"""

from ..models import Setting
from .values import (
    FEEDBACK_NOT_ANSWERED,
    FEEDBACK_UNSAID,
    GRADE_NEEDED,
    NO_PRACTITIONER,
    NOT_GRADED,
    NOTHING_WRITTEN,
    SETTING_UNDESCRIBED,
)


def value_errors(*, is_graded: bool, overall_grade: str) -> dict[str, str]:
    """What even a draft may not hold: a grade for an observation that is not graded."""
    if overall_grade and not is_graded:
        return {"overall_grade": NOT_GRADED}
    return {}


def setting_errors(*, setting: str, setting_other: str) -> dict[str, str]:
    """ "Other" says what the setting was."""
    if setting == Setting.OTHER and not setting_other.strip():
        return {"setting_other": SETTING_UNDESCRIBED}
    return {}


def submission_errors(
    *,
    is_graded: bool,
    overall_grade: str,
    setting: str,
    setting_other: str,
    practitioner_count: int,
    has_written: bool,
    feedback_given: bool | None,
    feedback_summary: str,
) -> dict[str, str]:
    """Everything a submission needs, by field ("notes" for the categories as a whole).

    Empty when the observation may be submitted. `has_written`: some category holds a strength
    or an area for development (blank space does not count).
    """
    errors = value_errors(is_graded=is_graded, overall_grade=overall_grade)
    errors |= setting_errors(setting=setting, setting_other=setting_other)
    if practitioner_count < 1:
        errors["practitioners"] = NO_PRACTITIONER
    if not has_written:
        errors["notes"] = NOTHING_WRITTEN
    if feedback_given is None:
        errors["feedback_given"] = FEEDBACK_NOT_ANSWERED
    elif feedback_given and not feedback_summary.strip():
        errors["feedback_summary"] = FEEDBACK_UNSAID
    if is_graded and not overall_grade:
        errors["overall_grade"] = GRADE_NEEDED
    return errors
