"""What is unfinished in a report, and whether a build is a draft (reports.readiness): pure
functions, no database; and the quote checks of reports.quoting."""

import pytest

from practiceweek.anonymity import find_identifying_text
from reports.quoting import NOTHING_FOUND, added_word, check_result, quote_errors, text_errors
from reports.readiness import (
    ReportState,
    Section,
    Unfinished,
    as_json,
    from_json,
    is_draft,
    missing_confirmations,
    unfinished,
)

WRITTEN = [
    Section("purpose", "Purpose and background", True),
    Section("what_next", "What next", True),
]


def state(**changes) -> ReportState:
    values = {
        "sections": WRITTEN,
        "action_rows": 3,
        "quotes_unreviewed": 0,
        "week_status": "closed",
    }
    return ReportState(**(values | changes))


def test_a_finished_report_has_nothing_unfinished_and_is_not_a_draft():
    assert unfinished(state()) == []
    assert is_draft(state()) is False


def test_everything_unfinished_is_named_in_order():
    found = unfinished(
        state(
            sections=[Section("purpose", "Purpose and background", False), WRITTEN[1]],
            action_rows=0,
            quotes_unreviewed=3,
            week_status="live",
        )
    )
    assert found == [
        Unfinished("section:purpose", "The section “Purpose and background” is not written"),
        Unfinished("actions", "The action plan has no rows"),
        Unfinished("quotes", "3 families' quotes are not reviewed"),
        Unfinished("week", "The practice week is not closed"),
    ]


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "1 family's quote is not reviewed"), (2, "2 families' quotes are not reviewed")],
)
def test_unreviewed_quotes_are_counted_in_words(n, words):
    assert unfinished(state(quotes_unreviewed=n)) == [Unfinished("quotes", words)]


@pytest.mark.parametrize(
    ("changes", "draft"),
    [
        ({"week_status": "live"}, True),
        ({"week_status": "planned"}, True),
        ({"week_status": "closed"}, False),
        ({"week_status": "reported"}, False),
        ({"week_status": None}, False),  # a yearly report has no week
        ({"sections": [Section("what_next", "What next", False)]}, True),
        ({"action_rows": 0}, False),  # unfinished, but nothing in the PDF is a placeholder
        ({"quotes_unreviewed": 4}, False),
    ],
)
def test_a_build_is_a_draft_while_the_week_is_live_or_a_section_is_unwritten(changes, draft):
    assert is_draft(state(**changes)) is draft


def test_the_snapshot_keeps_the_answer_and_gives_it_back():
    kept = as_json(state(action_rows=0, week_status="live"))
    assert kept["is_draft"] is True
    assert from_json(kept) == unfinished(state(action_rows=0, week_status="live"))
    assert from_json(None) == [] and from_json({}) == []


def test_missing_confirmations_names_each_item_not_ticked():
    items = unfinished(state(action_rows=0, week_status="live"))
    assert missing_confirmations(items, ["actions"]) == ["The practice week is not closed"]
    assert missing_confirmations(items, ["actions", "week"]) == []
    assert missing_confirmations([], []) == []


# --- Quotes and report text ---------------------------------------------------------------------

SAID = "She listened to us, and she came back when she said she would."


@pytest.mark.parametrize(
    ("shortened", "added"),
    [
        ("She listened to us.", None),
        ("she came back when she said", None),
        ("She listened to us … she came back", None),
        ("She always listened to us.", "always"),
        ("She came back and listened", "and"),  # moved: not in that order
        ("He listened to us.", "He"),
    ],
)
def test_a_shortened_quote_may_only_leave_words_out(shortened, added):
    assert added_word(SAID, shortened) == added


def test_an_included_quote_shortened_with_an_added_word_is_refused():
    found = quote_errors(
        original=SAID,
        shortened="She never listened to us.",
        confirmed=True,
        names=[],
        case_references=[],
    )
    assert found == {
        "text_shortened": [
            "A shortened quote may only leave words out: “never” is not what they said, in "
            "that order."
        ]
    }


def test_a_quote_naming_a_person_involved_is_refused_whatever_the_tick():
    found = quote_errors(
        original="Sam Patel listened to us.",
        shortened="",
        confirmed=True,
        names=["Sam Patel"],
        case_references=[],
    )
    assert list(found) == ["text_shortened"]
    assert "the name “Sam Patel”" in found["text_shortened"][0]


def test_shortening_it_out_lets_the_quote_in():
    assert (
        quote_errors(
            original="Sam Patel listened to us.",
            shortened="listened to us.",
            confirmed=False,
            names=["Sam Patel"],
            case_references=[],
        )
        == {}
    )


def test_a_heuristic_finding_needs_the_tick():
    args = {
        "original": "We met on 03/04/2026.",
        "shortened": "",
        "names": [],
        "case_references": [],
    }
    refused = quote_errors(confirmed=False, **args)
    assert list(refused) == ["anonymised_confirmed"]
    assert "a date “03/04/2026”" in refused["anonymised_confirmed"][0]
    assert quote_errors(confirmed=True, **args) == {}


def test_the_check_result_in_words():
    assert check_result([]) == NOTHING_FOUND
    found = find_identifying_text(
        "Sam said CR-1234 on 03/04/2026", names=["Sam Patel"], case_references=["CR-1234"]
    )
    assert check_result(found) == (
        "Identifies the family: the name “Sam” and the case reference “CR-1234”. "
        "May identify someone: a date “03/04/2026”."
    )


def test_report_text_is_refused_beside_its_field_and_heuristics_need_the_tick():
    found = text_errors(
        {"purpose": "Sam Patel's team.", "what_next": "Meet on 03/04/2026."},
        confirmed=False,
        names=["Sam Patel"],
        case_references=[],
    )
    assert list(found) == ["purpose", "anonymised_confirmed"]
    assert "the name “Sam Patel”" in found["purpose"][0]
    assert (
        text_errors(
            {"what_next": "Meet on 03/04/2026."}, confirmed=True, names=[], case_references=[]
        )
        == {}
    )
