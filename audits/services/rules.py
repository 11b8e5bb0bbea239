"""The rules a submitted audit meets: plain values in, messages by field out.

The forms show these messages beside their fields (audits/forms.py); the services apply the
audit's own rules again before they write, so a post that skips the form is refused in the
same words. As for observations (observations/services/rules.py).
"""

from datetime import date

from practiceweek.models import Grade

GRADE_NEEDED = "Choose the overall grade."
ACTION_NEEDS = {
    "description": "Say what needs to happen.",
    "owner": "Give this action an owner.",
    "due_on": "Give this action a due date.",
}


def departure_unexplained(suggested_grade: str) -> str:
    return (
        "Say why the overall grade differs from the suggested grade "
        f"({Grade(suggested_grade).label})."
    )


def submission_errors(
    *, is_graded: bool, overall_grade: str, suggested_grade: str | None, departure_reason: str
) -> dict[str, str]:
    """What a submission (or a change to a submitted audit) needs of the audit's own fields.

    Empty when it may be submitted. An ungraded template needs no grade; an overall grade that
    departs from the suggested one (worked out from the section grades) needs a reason.
    """
    if not is_graded:
        return {}
    if not overall_grade:
        return {"overall_grade": GRADE_NEEDED}
    if suggested_grade and overall_grade != suggested_grade and not departure_reason:
        return {"departure_reason": departure_unexplained(suggested_grade)}
    return {}


def action_errors(*, description: str, owner_id: int | None, due_on: date | None) -> dict[str, str]:
    """What a case action of a submitted audit needs: what, who and by when."""
    given = {"description": description, "owner": owner_id, "due_on": due_on}
    return {name: message for name, message in ACTION_NEEDS.items() if not given[name]}
