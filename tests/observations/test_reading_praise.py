"""Praise said plainly (observations.feedback): pure rules, no database."""

import pytest

from observations.feedback import CASE_EXAMPLE_SENTENCE, is_praised_case_example, praise


@pytest.mark.parametrize(
    ("grade", "expected"),
    [
        ("outstanding", "This observation found your practice Outstanding."),
        ("good", "This observation found your practice Good."),
    ],
)
def test_good_or_outstanding_is_said_plainly(grade, expected):
    assert praise(grade=grade, is_case_example=False) == expected


@pytest.mark.parametrize("grade", ["requires_improvement", "inadequate", "not_applicable", ""])
def test_nothing_to_praise_without_a_good_grade_or_case_example(grade):
    assert praise(grade=grade, is_case_example=False) is None


def test_a_case_example_is_praise_even_when_ungraded():
    assert praise(grade="", is_case_example=True) == (
        "Your practice has been put forward as a case example of good practice to share "
        "across the service."
    )


def test_a_case_example_is_praise_whatever_the_grade():
    assert praise(grade="requires_improvement", is_case_example=True) == CASE_EXAMPLE_SENTENCE


def test_outstanding_case_example_says_both():
    assert praise(grade="outstanding", is_case_example=True) == (
        f"This observation found your practice Outstanding. {CASE_EXAMPLE_SENTENCE}"
    )


def test_audits_speak_of_the_work():
    assert praise(grade="good", is_case_example=False, source="audit") == (
        "This audit found your work Good."
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [("pending", True), ("approved", True), ("declined", False), (None, False)],
)
def test_which_case_examples_count_as_praise(status, expected):
    assert is_praised_case_example(status) is expected
