"""The suggested overall grade: the rule documented in audits/grading.py and on the form."""

import pytest

from audits.grading import suggest_overall_grade

O, G, RI, I, NA = "outstanding", "good", "requires_improvement", "inadequate", "not_applicable"


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        ([], None),  # nothing graded yet
        ([NA, NA], None),  # all not applicable
        ([None, ""], None),  # ungraded sections
        ([O], O),
        ([O, O, G, RI], G),  # three of four reach Good
        ([G, G, RI, RI], RI),  # only half reach Good: not more than half
        ([O, O, O, RI], O),
        ([O, G, RI], G),  # two of three reach Good
        ([G, G, G, G, G, G, I], I),  # one Inadequate area makes the file Inadequate
        ([O, NA, NA, NA], O),  # not applicable does not count
        ([RI, RI, RI], RI),
    ],
)
def test_suggested_grade(sections, expected):
    assert suggest_overall_grade(sections) == expected


def test_order_of_sections_does_not_matter():
    assert suggest_overall_grade([RI, O, G, O]) == suggest_overall_grade([O, O, G, RI])


def test_unknown_values_are_ignored():
    assert suggest_overall_grade(["excellent", G]) == G
