"""Finding identifying text in case examples: pure functions, no database."""

import pytest

from practiceweek.anonymity import (
    CONFIRM_MESSAGE,
    Kind,
    anonymity_errors,
    describe,
    find_identifying_text,
)


def kinds_and_texts(text: str, **kwargs) -> list[tuple[Kind, str]]:
    return [(f.kind, f.text) for f in find_identifying_text(text, **kwargs)]


@pytest.mark.parametrize("text", ["", "   ", "The worker used a life-story book with care."])
def test_plain_text_has_no_findings(text):
    assert find_identifying_text(text, names=["Sam Smith"], case_references=["CR-2041"]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Born 12/03/2015.", (Kind.DATE, "12/03/2015")),
        ("on 1.3.15 at home", (Kind.DATE, "1.3.15")),
        ("dated 2015-03-12", (Kind.DATE, "2015-03-12")),
        ("on 12 March 2015 we met", (Kind.DATE, "12 March 2015")),
        ("on 3rd of Sept. we met", (Kind.DATE, "3rd of Sept.")),
        ("since March 12, 2015", (Kind.DATE, "March 12, 2015")),
        ("lives at NE1 4XY now", (Kind.POSTCODE, "NE1 4XY")),
        ("lives at sw1a1aa now", (Kind.POSTCODE, "sw1a1aa")),
        ("ring 0191 496 0000 today", (Kind.PHONE, "0191 496 0000")),
        ("ring 07700900123 today", (Kind.PHONE, "07700900123")),
        ("ring +44 7700 900123 today", (Kind.PHONE, "+44 7700 900123")),
        ("mail mum.k@example.org please", (Kind.EMAIL, "mum.k@example.org")),
        ("see EH-100234 for more", (Kind.REFERENCE_LIKE, "EH-100234")),
        ("see 12345678.", (Kind.REFERENCE_LIKE, "12345678")),
    ],
)
def test_suspicious_shapes_are_found(text, expected):
    assert kinds_and_texts(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "A 12 week plan",  # a number, not a date
        "Seen 3 times in May",  # no day before the month
        "Martial arts club",  # "Mar" inside a word
        "Scored 4 of 5",
        "Call 0191 496",  # too few digits for a phone number
        "In 2018 the team grew",  # a year alone
    ],
)
def test_ordinary_text_is_not_suspicious(text):
    assert find_identifying_text(text) == []


def test_names_of_the_people_involved_are_found_whole_and_in_parts():
    text = "Sam Smith visited; later SMITH and Sam spoke. Samuel and smithy are others."

    found = kinds_and_texts(text, names=["Sam Smith"])

    assert found == [(Kind.NAME, "Sam Smith"), (Kind.NAME, "SMITH"), (Kind.NAME, "Sam")]


def test_a_name_needs_its_capital_letter():
    # "Hope" the practitioner, not "hope" the word.
    assert kinds_and_texts("There is hope. Hope said so.", names=["Hope Khan"]) == [
        (Kind.NAME, "Hope")
    ]


def test_one_letter_names_are_not_matched():
    assert find_identifying_text("Plan A worked", names=["A Li"]) == []


def test_the_case_reference_is_found_in_any_case_and_wins_over_the_shape():
    found = find_identifying_text("Case cr-2041 and CR-2041x", case_references=["CR-2041"])

    assert [(f.kind, f.text, f.is_blocking) for f in found] == [
        (Kind.CASE_REFERENCE, "cr-2041", True)
    ]


def test_findings_come_in_order_once_each():
    text = "On 12/03/2015 at NE1 4XY, then 12/03/2015 again."

    assert kinds_and_texts(text) == [(Kind.DATE, "12/03/2015"), (Kind.POSTCODE, "NE1 4XY")]


def test_describe_lists_findings_in_words():
    findings = find_identifying_text("12/03/2015, NE1 4XY, 0191 496 0000")

    assert describe(findings) == (
        "a date “12/03/2015”, a postcode “NE1 4XY” and a phone number “0191 496 0000”"
    )


# --- The rule: refused without the tick; names and the case reference refused even with it ---


def errors(write_up: str, *, confirmed: bool, title: str = "Direct work") -> dict:
    return anonymity_errors(
        fields={"title": title, "write_up": write_up},
        confirmed=confirmed,
        names=["Sam Smith"],
        case_references=["CR-2041"],
    )


def test_clean_confirmed_text_passes():
    assert errors("A creative approach to direct work.", confirmed=True) == {}


def test_unconfirmed_text_is_refused_beside_the_tick():
    assert errors("A creative approach.", confirmed=False) == {
        "anonymised_confirmed": [CONFIRM_MESSAGE]
    }


def test_unconfirmed_text_lists_what_may_identify_someone():
    found = errors("Met at NE1 4XY on 12 March 2015.", confirmed=False)

    assert found == {
        "anonymised_confirmed": [
            "Confirm that the write-up is anonymised. Check these, which may identify someone: "
            "a postcode “NE1 4XY” and a date “12 March 2015”."
        ]
    }


def test_confirmed_text_may_keep_suspicious_items():
    assert errors("Met at NE1 4XY on 12 March 2015.", confirmed=True) == {}


@pytest.mark.parametrize("confirmed", [True, False])
def test_names_and_the_case_reference_are_refused_even_when_confirmed(confirmed):
    found = errors("Sam Smith worked on CR-2041.", confirmed=confirmed, title="Sam's visit")

    assert found["write_up"] == [
        "Take out the name “Sam Smith” and the case reference “CR-2041”: the names of the "
        "people involved and the case reference identify the family, even when the rest is "
        "anonymised."
    ]
    assert found["title"][0].startswith("Take out the name “Sam”:")
    assert ("anonymised_confirmed" in found) is not confirmed
