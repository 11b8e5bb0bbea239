"""Finding text that may identify someone before it leaves the app (what a child, parent or
carer said, case examples, report text) or sits in a record (audit and observation notes).

Plain functions, no Django: text in, findings out. Two strengths of finding:

- **exact** (`Finding.is_blocking`): the case reference, the name of a known person (anyone on
  the case or in the team, passed in as `names`), a date of birth (a date near "born", "DOB",
  "date of birth"), a phone number, an e-mail address, an NHS number (ten digits whose check
  digit is right). Refused even when the author ticks that the text is anonymised: each
  identifies a family on its own.
- **heuristic**: something that looks like a person's full name ("Jayden Smith", "Mrs Khan"),
  an address ("14 Elm Road") or a postcode, any other date, a reference-like ID. The author
  must look; they may keep it with an "I have checked this is anonymised" tick (a date may be
  harmless, "Grace Road" may be a family centre).

Well-kept libraries do the parts where hand-written rules do worse:
- phone numbers: `phonenumbers` (Google's libphonenumber): finds UK numbers however they are
  written ("(0191) 496 0000", "+44 (0)7700 900123", "0191-496-0000") and checks their length
  against the numbering plan;
- NHS numbers: `python-stdnum` (`stdnum.gb.nhs`): the modulus 11 check digit, so an ordinary
  ten-digit number is not taken for one;
- first names: `gender-guesser`'s list of first names from many countries (about 33,000 in
  plain letters; the list is the only part used), for the full-name heuristic.

The findings quote the text they found: show them to the author on the page, never log them.
"""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import phonenumbers
from stdnum.gb import nhs


class Kind(StrEnum):
    # exact: refused even with the tick
    NAME = "name"  # a known person's name (passed in)
    CASE_REFERENCE = "case_reference"
    DATE_OF_BIRTH = "date_of_birth"
    PHONE = "phone"
    EMAIL = "email"
    NHS_NUMBER = "nhs_number"
    # heuristic: may be kept once the author ticks that they checked
    FULL_NAME = "full_name"  # looks like a person's full name
    ADDRESS = "address"
    POSTCODE = "postcode"
    DATE = "date"
    REFERENCE_LIKE = "reference_like"


BLOCKING = frozenset(
    {
        Kind.NAME,
        Kind.CASE_REFERENCE,
        Kind.DATE_OF_BIRTH,
        Kind.PHONE,
        Kind.EMAIL,
        Kind.NHS_NUMBER,
    }
)
EXACT = BLOCKING  # the word for them
_LABELS = {
    Kind.NAME: "the name",
    Kind.CASE_REFERENCE: "the case reference",
    Kind.DATE_OF_BIRTH: "a date of birth",
    Kind.PHONE: "a phone number",
    Kind.EMAIL: "an e-mail address",
    Kind.NHS_NUMBER: "an NHS number",
    Kind.FULL_NAME: "what looks like a name",
    Kind.ADDRESS: "an address",
    Kind.POSTCODE: "a postcode",
    Kind.DATE: "a date",
    Kind.REFERENCE_LIKE: "a case reference or ID number",
}
# When two findings overlap, the earlier kind here wins ("CR-2041" is the case reference, not
# just something shaped like one; "0191 496 0000" is a phone number, not an ID number).
_PRIORITY = [
    Kind.NAME,
    Kind.CASE_REFERENCE,
    Kind.EMAIL,
    Kind.DATE_OF_BIRTH,
    Kind.NHS_NUMBER,
    Kind.PHONE,
    Kind.ADDRESS,
    Kind.POSTCODE,
    Kind.FULL_NAME,
    Kind.DATE,
    Kind.REFERENCE_LIKE,
]


@dataclass(frozen=True)
class Finding:
    kind: Kind
    text: str  # as written: show it to the author, never log it
    start: int  # position in the text checked

    @property
    def is_blocking(self) -> bool:
        """Exact: refused even when the author ticks that the text is anonymised."""
        return self.kind in BLOCKING

    is_exact = is_blocking

    def describe(self) -> str:
        return f"{_LABELS[self.kind]} “{self.text}”"


_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_DATES = [
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"),
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),
    re.compile(
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b\.?(?:,?\s+\d{{4}}\b)?",
        re.IGNORECASE,
    ),
    re.compile(rf"\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.IGNORECASE),
]
# "born", "DOB", "d.o.b.", "date of birth", "birthday" shortly before the date, same clause.
_BIRTH_CUE = re.compile(
    r"(?:\bborn|\bd\.?o\.?b\b\.?|\bdate\s+of\s+birth|\bbirth\s*date|\bbirthday)[^.;!?\n]{0,20}$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[A-Z]{2}\b", re.IGNORECASE)
# Ten digits, alone or as 3-3-4: checked with stdnum.gb.nhs before it counts.
_TEN_DIGITS = re.compile(r"(?<![\w/.+-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w/-])")
_STREET = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Place|Gardens|"
    r"Terrace|Grove|Walk|Square|Hill|Row|Mews|Park|Rise|Vale|View|Parade|Croft|Chase|Green)"
)
_CAP = r"[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?"
_ADDRESSES = [
    # "14 Elm Road", "3a St John's Close", "Flat 2, 14 Elm Road"
    re.compile(rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:{_CAP}\s+){{1,3}}{_STREET}\b"),
    # "on Elm Road" without a number: fewer suffixes, which are rarely anything else
    re.compile(
        rf"\b(?:{_CAP}\s+){{1,2}}(?:Road|Street|Avenue|Lane|Crescent|Terrace|Gardens|Mews)\b"
    ),
]
_REFERENCE_LIKE = [
    # Case management IDs: capitals then four or more digits (CR100023, EH-2041), or a long
    # number on its own.
    re.compile(r"\b[A-Z]{1,4}[-/]?\d{4,}\b"),
    re.compile(r"(?<![\w/.-])\d{6,}(?![\w/-])(?!\.\d)"),
]
# Two or three capitalised words in a row ("Jayden Smith", "Mary-Jane O'Neill", "McDonald").
_CAPITALISED_WORD = r"[A-Z](?:['’][A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?(?:['’]s)?"
_CAPITALISED_RUN = re.compile(
    rf"(?<![\w'’-]){_CAPITALISED_WORD}(?:[ \t]+{_CAPITALISED_WORD})+(?![\w'’-])"
)
_TITLED = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+[A-Z](?:['’][A-Z])?[a-z]+(?:-[A-Z][a-z]+)?"
    r"(?:[ \t]+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)?\b"
)
# Capitalised words in social-care writing that are not people's names, though some are in the
# first-names list ("Will", "May", "Young", "Grace"): never the first word of a full name, and
# a run stops before them ("Sarah Social Worker" is not a name).
_NOT_NAME_WORDS_TEXT = """
    a about after all also an and any april are as at august be before but by can child children
    children's council county court dad day dear did do does each early family for from further
    good grace had has have he head help her here him his hope how i if in is it its joy june just
    march may me mine mum my nan no not of oh ok on or our she so some team than thank thanks that
    the their them then there these they this those to us was we were what when where which who
    why will with would yes you young your
    assurance care carer carers centre conference director duty families foster friday group
    health home hospital independent kinship lead leaving manager meeting monday night officer
    panel people person plan police practice practitioner protection quality review reviewing
    saturday school senior service services social staff strategy sunday supervision supervisor
    thursday tuesday unit virtual wednesday week worker workers
    january february september october november december christmas easter god english british
"""
_NOT_NAME_WORDS = frozenset(_NOT_NAME_WORDS_TEXT.split())


@functools.cache
def _first_names() -> frozenset[str]:
    """gender-guesser's first names, lower case (its data file; the guessing is not used)."""
    import gender_guesser  # noqa: PLC0415  (4 MB of names: loaded on first use only)

    data = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    names = set()
    with data.open(encoding="iso-8859-1") as lines:
        for line in lines:
            if line.startswith("#") or len(line) < 30:
                continue
            name = line[3:29].strip()
            if name.isalpha() and name.isascii() and len(name) > 1:
                names.add(name.lower())
    return frozenset(names - _NOT_NAME_WORDS)


def _full_names(text: str) -> list[Finding]:
    found = [Finding(Kind.FULL_NAME, m.group(), m.start()) for m in _TITLED.finditer(text)]
    first_names = _first_names()
    for run in _CAPITALISED_RUN.finditer(text):
        # Each word of a run ("Told Sam Worker's Mum") with where it starts in the text.
        words = [(run.start() + m.start(), m.group()) for m in re.finditer(r"\S+", run.group())]
        bare = [re.sub(r"['’]s$", "", word).lower() for _, word in words]
        i = 0
        while i < len(words) - 1:
            # A known first name ("Mary-Jane": "mary"), then one or two words that are not
            # everyday capitalised words; a possessive ends the name.
            if bare[i].split("-")[0] not in first_names or words[i][1].lower() != bare[i]:
                i += 1
                continue
            end = i
            while (
                end + 1 < len(words)
                and end - i < 2
                and bare[end + 1] not in _NOT_NAME_WORDS
                and words[end][1].lower() == bare[end]  # no possessive before it
            ):
                end += 1
            if end > i:
                start, last = words[i][0], words[end]
                name = text[start : last[0] + len(last[1])]
                found.append(Finding(Kind.FULL_NAME, re.sub(r"['’]s$", "", name), start))
            i = end + 1
    return found


def _dates(text: str) -> list[Finding]:
    found = []
    for pattern in _DATES:
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 40) : m.start()]
            kind = Kind.DATE_OF_BIRTH if _BIRTH_CUE.search(before) else Kind.DATE
            found.append(Finding(kind, m.group().strip(), m.start()))
    return found


def _phones(text: str) -> list[Finding]:
    """UK numbers written nationally ("0191 496 0000") or internationally ("+44 7700 900123")
    that libphonenumber finds possible. POSSIBLE, not VALID: Ofcom's numbers set aside for
    fiction (07700 900xxx), which examples use, must count too."""
    found = []
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        raw = match.raw_string.strip()
        digits = sum(ch.isdigit() for ch in raw)
        # A national number starts with 0 ("(0191)" too); anything else needs its "+" or "00".
        if not re.match(r"^(?:\+|00|\(?0)", raw) or digits < 10:
            continue
        found.append(Finding(Kind.PHONE, raw, match.start))
    return found


def _nhs_numbers(text: str) -> list[Finding]:
    return [
        Finding(Kind.NHS_NUMBER, m.group(), m.start())
        for m in _TEN_DIGITS.finditer(text)
        if nhs.is_valid(m.group())
    ]


def _exact(term: str, *, ignore_case: bool) -> re.Pattern[str]:
    # Word edges by hand: \b fails beside the hyphen or apostrophe a reference or name holds.
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])", flags)


def _name_variants(name: str) -> set[str]:
    """A name part as written, with a capital and in capitals: "Hope" the name, not "hope"
    the word. One letter is too little to go on."""
    name = name.strip()
    if len(name) < 2:
        return set()
    return {name, name[0].upper() + name[1:], name.upper()}


def _name_terms(names: Iterable[str]) -> set[str]:
    terms: set[str] = set()
    for full in names:
        full = " ".join(full.split())
        terms |= _name_variants(full)
        for part in full.split(" "):
            terms |= _name_variants(part)
    return terms


def find_identifying_text(
    text: str, *, names: Iterable[str] = (), case_references: Iterable[str] = ()
) -> list[Finding]:
    """Everything in `text` that may identify someone, in the order it appears.

    `names` are the full names of the people known to be involved ("Sam Smith"): the whole
    name and each part match at word edges, with a capital letter or in capitals.
    `case_references` match whole, in any case. Overlapping findings keep the more specific one
    (see _PRIORITY); a repeated text is reported once. Empty text gives no findings.
    """
    found: list[Finding] = []
    for term in sorted(_name_terms(names), key=len, reverse=True):
        found += [
            Finding(Kind.NAME, m.group(), m.start())
            for m in _exact(term, ignore_case=False).finditer(text)
        ]
    for reference in {r.strip() for r in case_references if r.strip()}:
        found += [
            Finding(Kind.CASE_REFERENCE, m.group(), m.start())
            for m in _exact(reference, ignore_case=True).finditer(text)
        ]
    found += [Finding(Kind.EMAIL, m.group(), m.start()) for m in _EMAIL.finditer(text)]
    found += _dates(text) + _nhs_numbers(text) + _phones(text)
    for pattern in _ADDRESSES:
        found += [Finding(Kind.ADDRESS, m.group(), m.start()) for m in pattern.finditer(text)]
    found += [Finding(Kind.POSTCODE, m.group(), m.start()) for m in _POSTCODE.finditer(text)]
    found += _full_names(text)
    for pattern in _REFERENCE_LIKE:
        found += [
            Finding(Kind.REFERENCE_LIKE, m.group(), m.start()) for m in pattern.finditer(text)
        ]
    return _without_overlaps(found)


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    taken: list[tuple[int, int]] = []
    # Most specific first, then the longest: "Sam Smith" rather than "Sam" and "Smith".
    for finding in sorted(found, key=lambda f: (_PRIORITY.index(f.kind), -len(f.text), f.start)):
        span = (finding.start, finding.start + len(finding.text))
        if any(span[0] < end and start < span[1] for start, end in taken):
            continue
        taken.append(span)
        kept.append(finding)
    seen: set[tuple[Kind, str]] = set()
    unique = []
    for finding in sorted(kept, key=lambda f: f.start):
        key = (finding.kind, finding.text.casefold())
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def describe(findings: Iterable[Finding]) -> str:
    """The findings in words, for a message beside the field:
    'a date “12/03/2015”, a postcode “NE1 4XY” and a phone number “0191 496 0000”'."""
    words = [f.describe() for f in findings]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


CONFIRM_MESSAGE = "Confirm that the write-up is anonymised."
CONFIRM_LABEL = "I have checked this is anonymised"


def blocking_message(findings: Iterable[Finding]) -> str:
    """Why exact findings are refused, naming them."""
    findings = list(findings)
    if all(f.kind in (Kind.NAME, Kind.CASE_REFERENCE) for f in findings):
        why = "the names of the people involved and the case reference identify the family"
    else:
        why = (
            "names of the people involved, the case reference, dates of birth, phone numbers, "
            "e-mail addresses and NHS numbers identify the family"
        )
    return f"Take out {describe(findings)}: {why}, even when the rest is anonymised."


def heuristic_message(findings: Iterable[Finding]) -> str:
    """What may identify someone, for its author to check."""
    return (
        f"Check {describe(findings)}: it may identify someone. Take it out, or tick "
        f"“{CONFIRM_LABEL}” if it does not."
    )


def anonymity_errors(
    *,
    fields: dict[str, str],
    confirmed: bool,
    names: Iterable[str],
    case_references: Iterable[str],
    confirm_field: str = "anonymised_confirmed",
    require_confirmation: bool = True,
) -> dict[str, list[str]]:
    """Messages per field for text that is not safe to share; no messages means it may be saved.

    - Exact findings (see `Finding.is_blocking`) in a field: refused beside that field, whatever
      `confirmed` says.
    - `require_confirmation` (case examples): unless `confirmed`, refused beside
      `confirm_field`, listing any heuristic findings.
    - Otherwise (service-user feedback): heuristic findings in a field, unless `confirmed`,
      refused beside that field; text with none needs no tick.
    Confirmed text with only heuristic findings passes: its author has looked.
    """
    names, case_references = list(names), list(case_references)
    errors: dict[str, list[str]] = {}
    suspicious: dict[tuple[Kind, str], Finding] = {}
    for field, text in fields.items():
        findings = find_identifying_text(text, names=names, case_references=case_references)
        blocking = [f for f in findings if f.is_blocking]
        heuristic = [f for f in findings if not f.is_blocking]
        for finding in heuristic:
            suspicious.setdefault((finding.kind, finding.text.casefold()), finding)
        if blocking:
            errors[field] = [blocking_message(blocking)]
        if heuristic and not confirmed and not require_confirmation:
            errors.setdefault(field, []).append(heuristic_message(heuristic))
    if require_confirmation and not confirmed:
        message = CONFIRM_MESSAGE
        if suspicious:
            found = describe(suspicious.values())
            message += f" Check these, which may identify someone: {found}."
        errors[confirm_field] = [message]
    return errors


def anonymity_warnings(
    *, fields: dict[str, str], names: Iterable[str], case_references: Iterable[str]
) -> dict[str, list[str]]:
    """Warnings per field for internal text (audit and observation notes): anything that may
    identify someone, exact or heuristic. They never stop a save."""
    names, case_references = list(names), list(case_references)
    warnings: dict[str, list[str]] = {}
    for field, text in fields.items():
        findings = find_identifying_text(text, names=names, case_references=case_references)
        if findings:
            warnings[field] = [
                f"This may identify someone: {describe(findings)}. Notes never record a "
                "child's name: take out what identifies the family."
            ]
    return warnings
