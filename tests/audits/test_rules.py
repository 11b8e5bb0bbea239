"""What a submitted audit must meet (audits/services/rules.py): plain values in, messages out."""

from datetime import date

import pytest

from audits.services import rules


@pytest.mark.parametrize(
    ("is_graded", "overall", "suggested", "reason", "errors"),
    [
        (False, "", None, "", {}),  # an ungraded template needs no grade
        (True, "", "good", "", {"overall_grade": rules.GRADE_NEEDED}),
        (True, "good", "good", "", {}),
        (True, "good", None, "", {}),  # nothing graded yet: nothing to depart from
        (True, "good", "inadequate", "Strong plan since.", {}),
        (
            True,
            "good",
            "inadequate",
            "",
            {"departure_reason": rules.departure_unexplained("inadequate")},
        ),
    ],
)
def test_submission_errors(is_graded, overall, suggested, reason, errors):
    assert (
        rules.submission_errors(
            is_graded=is_graded,
            overall_grade=overall,
            suggested_grade=suggested,
            departure_reason=reason,
        )
        == errors
    )


def test_a_departure_names_the_suggested_grade_in_words():
    assert rules.departure_unexplained("requires_improvement").endswith("(Requires improvement).")


def test_an_action_needs_what_who_and_when():
    assert rules.action_errors(description="", owner_id=None, due_on=None) == rules.ACTION_NEEDS
    assert rules.action_errors(description="Visit", owner_id=3, due_on=date(2026, 12, 1)) == {}
