"""The report's pure rules: merging themes, picking quotes, the months of a period, the names
of places, and the drafts of the self-evaluation. No database."""

from datetime import date

import pytest

from practiceweek.grades import grade_table
from reports.gather.rules import merge_themes, months_between, pick_quotes, place_names
from reports.gather.sef import Evidence, sef_drafts


def test_themes_merge_by_name_whatever_the_case_and_spacing():
    rows = merge_themes(
        {"Voice of the child": 2, "Caseloads": 1},
        {"voice of  the child": 3, "Planning": 1},
        {"voice of the child": "Children are heard."},
    )
    assert rows == [
        {
            "theme": "Voice of the child",
            "wording": "Children are heard.",
            "observations": 2,
            "audits": 3,
            "total": 5,
        },
        {"theme": "Caseloads", "wording": "", "observations": 1, "audits": 0, "total": 1},
        {"theme": "Planning", "wording": "", "observations": 0, "audits": 1, "total": 1},
    ]


def test_themes_tie_by_name_and_leave_out_zeros():
    rows = merge_themes({"b": 1, "A": 1, "zero": 0}, {"  ": 4}, {})
    assert [r["theme"] for r in rows] == ["A", "b"]


def test_no_themes():
    assert merge_themes({}, {}, {}) == []


def quote(rating: int, words: str) -> dict:
    return {
        "rating": rating,
        "rating_label": f"R{rating}",
        "relationship": "Mother",
        "words": words,
    }


def test_quotes_vary_the_ratings_best_first():
    rows = [quote(5, f"five {n}") for n in range(5)] + [quote(2, "two"), quote(4, "four")]
    picked = pick_quotes(rows, limit=4)
    assert [q["words"] for q in picked] == ["five 0", "five 1", "four", "two"]
    assert picked[0] == {"relationship": "Mother", "rating": "R5", "words": "five 0"}


@pytest.mark.parametrize("limit", [0, 1, 12])
def test_quotes_never_exceed_the_limit(limit):
    assert len(pick_quotes([quote(5, str(n)) for n in range(20)], limit=limit)) == limit


def test_blank_quotes_are_skipped():
    assert pick_quotes([quote(3, "  "), quote(3, " Fine. ")]) == [
        {"relationship": "Mother", "rating": "R3", "words": "Fine."}
    ]


def test_the_same_words_are_quoted_once():
    rows = [quote(5, "She listened to me."), quote(4, "she  listened to me."), quote(4, "Kind.")]
    assert [q["words"] for q in pick_quotes(rows)] == ["She listened to me.", "Kind."]


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 3, 31), date(2026, 3, 1), None),
        (date(2026, 3, 1), date(2026, 3, 31), ["2026-03"]),
        (date(2025, 11, 30), date(2026, 2, 1), ["2025-11", "2025-12", "2026-01", "2026-02"]),
    ],
)
def test_months_between(start, end, months):
    if months is None:
        with pytest.raises(ValueError, match="ends"):
            months_between(start, end)
    else:
        assert months_between(start, end) == months


def test_a_whole_year_has_twelve_months():
    months = months_between(date(2026, 4, 1), date(2027, 3, 31))
    assert (len(months), months[0], months[-1]) == (12, "2026-04", "2027-03")


def test_place_names_tell_shared_team_names_apart():
    services, teams = place_names(
        [("Assessment", "Social Work"), ("Assessment", "Early Help"), ("Hub", "Early Help")]
    )
    assert services == ["Early Help", "Social Work"]
    assert teams == ["Assessment (Early Help)", "Assessment (Social Work)", "Hub"]


def evidence(**changes) -> Evidence:
    overall = grade_table(
        {"good": 3, "requires_improvement": 1, "inadequate": 1, "not_applicable": 2}
    ).as_dict("All")
    fields = {
        "start": date(2026, 4, 1),
        "end": date(2027, 3, 31),
        "overall": overall,
        "by_audit_type": [
            grade_table({"good": 1, "inadequate": 1, "not_applicable": 1}).as_dict("Practice week"),
            grade_table({"good": 2, "requires_improvement": 1}).as_dict("Core (monthly)"),
            grade_table({}).as_dict("Thematic"),
            grade_table({"not_applicable": 1}).as_dict("Minimum standards"),
        ],
        "weeks": ["Spring 2026", "Autumn 2026"],
        "teams": 9,
        "observations": 40,
        "practitioners_seen": 61,
        "service_user_voices": 1,
        "strengths": [
            {
                "theme": "Voice of the child",
                "wording": "",
                "observations": 5,
                "audits": 7,
                "total": 12,
            },
            {"theme": "Relationships", "wording": "", "observations": 4, "audits": 0, "total": 4},
        ],
        "areas": [
            {"theme": "Assessment", "wording": "", "observations": 1, "audits": 9, "total": 10},
            {"theme": "Supervision", "wording": "", "observations": 3, "audits": 3, "total": 6},
            {"theme": "Planning", "wording": "", "observations": 0, "audits": 2, "total": 2},
            {"theme": "Recording", "wording": "", "observations": 0, "audits": 1, "total": 1},
        ],
        "action_plan": [
            {"category": "Assessment", "rows": [{"priority": "High"}, {"priority": "Low"}]},
            {"category": "Supervision", "rows": [{"priority": "Medium"}]},
        ],
    }
    return Evidence(**(fields | changes))


def test_quality_draft_quotes_both_headlines():
    quality = sef_drafts(evidence())["quality"]
    # 3 of 7 = 42.9%, 3 of 5 graded = 60%; 2 of 7 = 28.6%, 2 of 5 = 40%.
    assert quality.startswith(
        "Between 1 April 2026 and 31 March 2027 we audited 7 case files: 43% (60% adjusted) "
        "were good or outstanding and 29% (40% adjusted) required improvement or were "
        "inadequate. 2 files were not graded"
    )
    assert (
        "Good or outstanding by type of audit: Practice week 33% of 3 files; "
        "Core (monthly) 67% of 3 files; Minimum standards 0% of 1 file." in quality
    )
    assert (
        "strongest in Voice of the child (raised 12 times) and Relationships (raised 4 times)"
        in quality
    )
    # The three most frequent areas only.
    assert (
        "needs to improve in Assessment (raised 10 times), Supervision (raised 6 times) and "
        "Planning (raised twice)." in quality
    )


def test_evidence_draft_says_how_we_know():
    text = sef_drafts(evidence())["evidence"]
    assert text.startswith(
        "We know this from 7 audits of children's case files between 1 April 2026 and "
        "31 March 2027, graded on Ofsted's four-point scale (3 practice week, 3 core (monthly) "
        "and 1 minimum standards)."
    )
    assert (
        "In 2 practice weeks (Spring 2026; Autumn 2026) senior managers sat in 9 teams, observed "
        "practice 40 times, saw the work of 61 practitioners and heard from 1 child, parent or "
        "carer." in text
    )


def test_plans_draft_counts_the_action_plan():
    plans = sef_drafts(evidence())["plans"]
    assert plans.startswith(
        "Our action plan sets out 3 actions under 2 headings: Assessment (2), Supervision (1); "
        "1 is high priority."
    )


def test_an_empty_year_is_said_in_words():
    drafts = sef_drafts(
        evidence(
            overall=grade_table({}).as_dict("All"),
            by_audit_type=[],
            weeks=[],
            strengths=[],
            areas=[],
            action_plan=[],
        )
    )
    assert drafts["quality"] == (
        "No case files were audited between 1 April 2026 and 31 March 2027, so the audits give "
        "no measure of the quality of practice for this period."
    )
    assert "There was no practice week in this period." in drafts["evidence"]
    assert drafts["plans"].startswith(
        "The action plan for this period is still to be written. No area for improvement recurred"
    )


def test_plans_without_actions_say_what_they_will_address():
    plans = sef_drafts(evidence(action_plan=[]))["plans"]
    assert plans.startswith(
        "The action plan for this period is still to be written. It will address the areas for "
        "improvement that recur most often: Assessment (raised 10 times)"
    )


def test_plans_without_high_priority_say_none():
    plans = sef_drafts(evidence(action_plan=[{"category": "A", "rows": [{"priority": "Low"}]}]))
    assert "1 action under 1 heading: A (1); none is high priority." in plans["plans"]
