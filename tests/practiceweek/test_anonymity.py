"""Finding identifying text (quotes, case examples, notes): pure functions, no database."""

import pytest

from practiceweek.anonymity import (
    CONFIRM_MESSAGE,
    Kind,
    anonymity_errors,
    anonymity_warnings,
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
        ("Seen 12/03/2015.", (Kind.DATE, "12/03/2015")),
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


# --- Issue 9: the stronger check for what children, parents and carers said ----------------

JAYDEN = "Jayden Smith (case NB102857, born 03/04/2015, 14 Elm Road NB1 2AB, 07700 900123) said…"


def test_the_jayden_example_is_caught_whole():
    found = find_identifying_text(JAYDEN, case_references=["NB102857"])

    assert [(f.kind, f.text, f.is_blocking) for f in found] == [
        (Kind.FULL_NAME, "Jayden Smith", False),
        (Kind.CASE_REFERENCE, "NB102857", True),
        (Kind.DATE_OF_BIRTH, "03/04/2015", True),
        (Kind.ADDRESS, "14 Elm Road", False),
        (Kind.POSTCODE, "NB1 2AB", False),
        (Kind.PHONE, "07700 900123", True),
    ]


@pytest.mark.parametrize("confirmed", [False, True])
def test_the_jayden_example_is_refused_even_with_the_tick(confirmed):
    found = anonymity_errors(
        fields={"words": JAYDEN},
        confirmed=confirmed,
        names=["Ann Lee"],
        case_references=["NB102857"],
        require_confirmation=False,
    )

    assert found["words"][0] == (
        "Take out the case reference “NB102857”, a date of birth “03/04/2015” and a phone "
        "number “07700 900123”: names of the people involved, the case reference, dates of "
        "birth, phone numbers, e-mail addresses and NHS numbers identify the family, even when "
        "the rest is anonymised."
    )
    heuristic = found["words"][1:]
    assert heuristic == (
        []
        if confirmed
        else [
            "Check what looks like a name “Jayden Smith”, an address “14 Elm Road” and a "
            "postcode “NB1 2AB”: it may identify someone. Take it out, or tick “I have checked "
            "this is anonymised” if it does not."
        ]
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("born 03/04/2015", (Kind.DATE_OF_BIRTH, "03/04/2015")),
        ("Born on 3rd March 2015.", (Kind.DATE_OF_BIRTH, "3rd March 2015")),
        ("DOB: 1 March 2014", (Kind.DATE_OF_BIRTH, "1 March 2014")),
        ("d.o.b. 2014-03-01", (Kind.DATE_OF_BIRTH, "2014-03-01")),
        ("her date of birth is 01/03/2014", (Kind.DATE_OF_BIRTH, "01/03/2014")),
        ("his birthday, 4 May 2016", (Kind.DATE_OF_BIRTH, "4 May 2016")),
        ("NHS no. 943 476 5919", (Kind.NHS_NUMBER, "943 476 5919")),
        ("NHS 9434765919 held", (Kind.NHS_NUMBER, "9434765919")),
        ("ring (0191) 496 0000", (Kind.PHONE, "(0191) 496 0000")),
        ("ring +44 (0)7700 900123", (Kind.PHONE, "+44 (0)7700 900123")),
        ("ring 0191-496-0000", (Kind.PHONE, "0191-496-0000")),
        ("mail dad@example.co.uk", (Kind.EMAIL, "dad@example.co.uk")),
        ("Jayden Smith said", (Kind.FULL_NAME, "Jayden Smith")),
        ("then Mary-Jane O'Neill came", (Kind.FULL_NAME, "Mary-Jane O'Neill")),
        ("Mrs Khan agreed", (Kind.FULL_NAME, "Mrs Khan")),
        ("Sarah Jones from school helped", (Kind.FULL_NAME, "Sarah Jones")),
        ("Told Sam Lowe what worked", (Kind.FULL_NAME, "Sam Lowe")),
        ("Yesterday Jayden Smith's mum rang", (Kind.FULL_NAME, "Jayden Smith")),
        ("Then Jayden Lee Smith Social Worker", (Kind.FULL_NAME, "Jayden Lee Smith")),
        ("we live at 14 Elm Road now", (Kind.ADDRESS, "14 Elm Road")),
        ("at 3a Church Street", (Kind.ADDRESS, "3a Church Street")),
        ("lives on Grace Road", (Kind.ADDRESS, "Grace Road")),
    ],
)
def test_stronger_shapes_are_found(text, expected):
    assert kinds_and_texts(text) == [expected]


@pytest.mark.parametrize(
    ("text", "blocking"),
    [
        ("born 03/04/2015", True),
        ("seen 03/04/2015", False),
        ("07700 900123", True),
        ("a@example.org", True),
        ("943 476 5919", True),
        ("Jayden Smith", False),
        ("14 Elm Road", False),
        ("NB1 2AB", False),
        ("EH-100234", False),
    ],
)
def test_which_findings_are_exact(text, blocking):
    (finding,) = find_identifying_text(text)

    assert finding.is_blocking is blocking
    assert finding.is_exact is blocking


def test_a_known_persons_name_is_exact_and_wins_over_the_full_name_shape():
    found = find_identifying_text("Jayden Smith said", names=["Jayden Smith"])

    assert [(f.kind, f.is_blocking) for f in found] == [(Kind.NAME, True)]


def test_ten_digits_with_a_wrong_check_digit_are_no_nhs_number():
    assert kinds_and_texts("ref 9434765918 held") == [(Kind.REFERENCE_LIKE, "9434765918")]


@pytest.mark.parametrize(
    "text",
    [
        "Young people said they felt heard.",
        "The Social Worker and the Team Manager visited.",
        "On Monday we met Children's Services.",
        "the Head of Service agreed",
        "Grace said she feels listened to.",  # a first name alone is not a full name
        "Will Social Care listen?",
        "The Independent Reviewing Officer chaired the Child Protection Conference.",
        "My Foster Carer is kind; the Leaving Care Team helped.",
        "Scored 3/4 in 2015; 12 apples; a 12 week plan",
        "Sam's visit went well",  # a first name, with a possessive
    ],
)
def test_ordinary_social_care_text_is_not_flagged(text):
    assert find_identifying_text(text) == []


def test_warnings_name_what_was_found_per_field():
    found = anonymity_warnings(
        fields={"evidence": "Sam Smith saw CR-2041 on 12/03/2026.", "comments": "All good."},
        names=["Sam Smith"],
        case_references=["CR-2041"],
    )

    assert found == {
        "evidence": [
            "This may identify someone: the name “Sam Smith”, the case reference “CR-2041” and "
            "a date “12/03/2026”. Notes never record a child's name: take out what identifies "
            "the family."
        ]
    }


def test_without_required_confirmation_clean_text_needs_no_tick():
    assert (
        anonymity_errors(
            fields={"words": "She felt listened to."},
            confirmed=False,
            names=["Sam Smith"],
            case_references=["CR-2041"],
            require_confirmation=False,
        )
        == {}
    )


def test_without_required_confirmation_the_tick_lets_heuristic_findings_through():
    fields = {"words": "Jayden Smith at 14 Elm Road was happy."}
    kwargs = {"names": [], "case_references": [], "require_confirmation": False}

    assert set(anonymity_errors(fields=fields, confirmed=False, **kwargs)) == {"words"}
    assert anonymity_errors(fields=fields, confirmed=True, **kwargs) == {}


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
