"""Praise said plainly: the sentence a practitioner reads when their practice was found good.

Northumberland found practitioners "not always able to recognise the high quality of their own
work", so the feedback says so in words rather than leaving a grade badge to speak for itself.
Pure functions: plain values in, plain values out (no Django).
"""

from typing import Literal

from practiceweek.grades import GOOD, GRADE_LABELS, OUTSTANDING

# Grades (audits.models.Grade values) worth saying out loud, in the words the page uses.
PRAISED_GRADES = {grade: GRADE_LABELS[grade] for grade in (OUTSTANDING, GOOD)}
# A case example waiting for approval is already praise; one a QA lead declined is not.
PRAISED_CASE_EXAMPLE_STATUSES = frozenset({"pending", "approved"})

CASE_EXAMPLE_SENTENCE = (
    "Your practice has been put forward as a case example of good practice to share across "
    "the service."
)


def is_praised_case_example(status: str | None) -> bool:
    """Whether a case example in this status (None: there is none) counts as praise."""
    return status in PRAISED_CASE_EXAMPLE_STATUSES


def praise(
    *,
    grade: str,
    is_case_example: bool,
    source: Literal["observation", "audit"] = "observation",
) -> str | None:
    """One or two plain sentences for a Good or Outstanding grade and/or a case example.

    `grade` is a Grade value ("" when ungraded or not graded). None when there is nothing
    to praise: Requires improvement, Inadequate, ungraded, and no case example.
    """
    sentences = []
    words = PRAISED_GRADES.get(grade)
    if words:
        if source == "audit":
            sentences.append(f"This audit found your work {words}.")
        else:
            sentences.append(f"This observation found your practice {words}.")
    if is_case_example:
        sentences.append(CASE_EXAMPLE_SENTENCE)
    return " ".join(sentences) or None
