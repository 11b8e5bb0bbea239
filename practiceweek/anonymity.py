"""Finding text that may identify someone before it leaves the app (quotes, case examples,
report text).

Plain functions, no Django: text in, findings out. Two strengths of finding:

- **blocking**: the names of the people involved (practitioners, observer, auditor) and the
  case reference of the linked case file. A case example is refused while it holds them, even
  when its author confirms it is anonymised: they identify the family at once.
- **suspicious**: anything shaped like a UK postcode, a date (12/03/2015, 12 March 2015), a
  phone number, an e-mail address or a case reference / ID number. The author must look and
  confirm the write-up is anonymised; they may keep them (a date may be harmless).

The findings quote the text they found: show them to the author on the page, never log them.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    NAME = "name"
    CASE_REFERENCE = "case_reference"
    REFERENCE_LIKE = "reference_like"
    POSTCODE = "postcode"
    DATE = "date"
    PHONE = "phone"
    EMAIL = "email"


BLOCKING = frozenset({Kind.NAME, Kind.CASE_REFERENCE})
_LABELS = {
    Kind.NAME: "the name",
    Kind.CASE_REFERENCE: "the case reference",
    Kind.REFERENCE_LIKE: "a case reference or ID number",
    Kind.POSTCODE: "a postcode",
    Kind.DATE: "a date",
    Kind.PHONE: "a phone number",
    Kind.EMAIL: "an e-mail address",
}
# When two findings overlap, the earlier kind here wins ("CR-2041" is the case reference, not
# just something shaped like one; "0191 496 0000" is a phone number, not an ID number).
_PRIORITY = [
    Kind.NAME,
    Kind.CASE_REFERENCE,
    Kind.EMAIL,
    Kind.PHONE,
    Kind.POSTCODE,
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
        return self.kind in BLOCKING

    def describe(self) -> str:
        return f"{_LABELS[self.kind]} “{self.text}”"


_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    (Kind.EMAIL, re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")),
    (
        Kind.PHONE,
        re.compile(
            r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\w)"
        ),
    ),
    (
        Kind.POSTCODE,
        re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[A-Z]{2}\b", re.IGNORECASE),
    ),
    (Kind.DATE, re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b")),
    (Kind.DATE, re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b")),
    (
        Kind.DATE,
        re.compile(
            rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b\.?(?:,?\s+\d{{4}}\b)?",
            re.IGNORECASE,
        ),
    ),
    (
        Kind.DATE,
        re.compile(rf"\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.IGNORECASE),
    ),
    # Case management IDs: capitals then four or more digits (CR100023, EH-2041), or a long
    # number on its own.
    (Kind.REFERENCE_LIKE, re.compile(r"\b[A-Z]{1,4}[-/]?\d{4,}\b")),
    (Kind.REFERENCE_LIKE, re.compile(r"(?<![\w/.-])\d{6,}(?![\w/-])(?!\.\d)")),
]


def _phone_digits_ok(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    return 10 <= digits <= 13  # UK numbers: 10 or 11 digits, or 12 with +44


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

    `names` are the full names of the people involved ("Sam Smith"): the whole name and each
    part match at word edges, with a capital letter or in capitals. `case_references` match
    whole, in any case. Overlapping findings keep the more specific one (see _PRIORITY); a
    repeated text is reported once. Empty text gives no findings.
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
    for kind, pattern in _PATTERNS:
        found += [
            Finding(kind, m.group().strip(), m.start())
            for m in pattern.finditer(text)
            if kind != Kind.PHONE or _phone_digits_ok(m.group())
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


def anonymity_errors(
    *,
    fields: dict[str, str],
    confirmed: bool,
    names: Iterable[str],
    case_references: Iterable[str],
    confirm_field: str = "anonymised_confirmed",
) -> dict[str, list[str]]:
    """Messages per field for text that is not safe to share; no messages means it may be saved.

    - Names of the people involved, or the case reference, in a field: refused beside that
      field, whatever `confirmed` says.
    - Not `confirmed`: refused beside `confirm_field`, listing anything else suspicious found.
    Confirmed text with only suspicious findings passes: its author has looked.
    """
    names, case_references = list(names), list(case_references)
    errors: dict[str, list[str]] = {}
    suspicious: dict[tuple[Kind, str], Finding] = {}
    for field, text in fields.items():
        findings = find_identifying_text(text, names=names, case_references=case_references)
        blocking = [f for f in findings if f.is_blocking]
        for finding in findings:
            if not finding.is_blocking:
                suspicious.setdefault((finding.kind, finding.text.casefold()), finding)
        if blocking:
            errors[field] = [
                f"Take out {describe(blocking)}: the names of the people involved and the case "
                "reference identify the family, even when the rest is anonymised."
            ]
    if not confirmed:
        message = CONFIRM_MESSAGE
        if suspicious:
            found = describe(suspicious.values())
            message += f" Check these, which may identify someone: {found}."
        errors[confirm_field] = [message]
    return errors
