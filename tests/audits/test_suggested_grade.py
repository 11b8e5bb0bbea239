"""The suggested overall grade: the rule documented in practiceweek/grades.py and on the form."""

import pytest

from practiceweek.grades import suggest_overall_grade

OUT, G, RI, INAD, NA = "outstanding", "good", "requires_improvement", "inadequate", "not_applicable"


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        ([], None),  # nothing graded yet
        ([NA, NA], None),  # all not applicable
        ([None, ""], None),  # ungraded sections
        ([OUT], OUT),
        ([OUT, OUT, G, RI], G),  # three of four reach Good
        ([G, G, RI, RI], RI),  # only half reach Good: not more than half
        ([OUT, OUT, OUT, RI], OUT),
        ([OUT, G, RI], G),  # two of three reach Good
        ([G, G, G, G, G, G, INAD], INAD),  # one Inadequate area makes the file Inadequate
        ([OUT, NA, NA, NA], OUT),  # not applicable does not count
        ([RI, RI, RI], RI),
    ],
)
def test_suggested_grade(sections, expected):
    assert suggest_overall_grade(sections) == expected


def test_order_of_sections_does_not_matter():
    assert suggest_overall_grade([RI, OUT, G, OUT]) == suggest_overall_grade([OUT, OUT, G, RI])


def test_unknown_values_are_ignored():
    assert suggest_overall_grade(["excellent", G]) == G
