"""The council's accent colour must carry white text at WCAG 2.2 AA contrast."""

import pytest

from practiceweek.branding import accent_problems, contrast_ratio, parse_hex
from practiceweek.checks import check_council_accent_colour


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#777777", "#ffffff", 4.48)],
)
def test_contrast_ratio(first, second, expected):
    assert contrast_ratio(first, second) == pytest.approx(expected, abs=0.01)


def test_short_hex_is_expanded():
    assert parse_hex("#abc") == (0xAA, 0xBB, 0xCC)


@pytest.mark.parametrize("bad", ["blue", "#12345", "", "#gggggg"])
def test_bad_colour_is_a_problem(bad):
    assert "is not a hex colour" in accent_problems(bad)[0]


def test_pale_accent_is_refused_with_its_ratio():
    (problem,) = accent_problems("#7fb2e5")
    assert "needs 4.5:1" in problem


def test_default_accent_is_fine():
    assert accent_problems("#1d4f91") == []


def test_system_check_flags_a_pale_accent(settings):
    settings.COUNCIL_ACCENT_COLOUR = "#ffdd00"
    (error,) = check_council_accent_colour()
    assert error.id == "practiceweek.E001"
    assert error.is_serious()
