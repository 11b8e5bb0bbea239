"""The QA lead's checks of a family's quote before it goes into a report, and of the report's
own text: plain functions over the core anonymity check (`practiceweek.anonymity`).

- `added_word(original, shortened)`: a shortened quote may only leave words out, in order.
- `quote_errors(...)`: what stops an included quote going into the report, per form field.
- `text_errors(...)`: the same check for the narrative's fields.
Findings quote the text they found: show them on the page, never log them.
"""

import re
from collections.abc import Iterable, Mapping

from practiceweek.anonymity import CONFIRM_LABEL, Finding, describe, find_identifying_text

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
NOTHING_FOUND = "Nothing found that may identify someone."


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def added_word(original: str, shortened: str) -> str | None:
    """The first word of `shortened` that is not the next of `original`'s words in order (a
    word added, changed or moved); None when `shortened` only leaves words out."""
    source = iter(words(original))
    for word in _WORD.findall(shortened):
        if not any(word.casefold() == candidate for candidate in source):
            return word
    return None


def check_result(findings: list[Finding]) -> str:
    """The check's result in words, for the list of quotes."""
    if not findings:
        return NOTHING_FOUND
    blocking = [f for f in findings if f.is_blocking]
    others = [f for f in findings if not f.is_blocking]
    parts = []
    if blocking:
        parts.append(f"Identifies the family: {describe(blocking)}.")
    if others:
        parts.append(f"May identify someone: {describe(others)}.")
    return " ".join(parts)


def quote_errors(
    *,
    original: str,
    shortened: str,
    confirmed: bool,
    names: Iterable[str],
    case_references: Iterable[str],
) -> dict[str, list[str]]:
    """Messages per field ("text_shortened", "anonymised_confirmed") stopping an included quote;
    {} when it may go in. The text checked is the shortened one when given, else the original."""
    shortened = shortened.strip()
    if shortened:
        if len(shortened) > len(original.strip()):
            return {"text_shortened": ["A shortened quote cannot be longer than what was said."]}
        extra = added_word(original, shortened)
        if extra is not None:
            return {
                "text_shortened": [
                    f"A shortened quote may only leave words out: “{extra}” is not what they "
                    "said, in that order."
                ]
            }
    findings = find_identifying_text(
        shortened or original, names=names, case_references=case_references
    )
    return _findings_errors(
        findings,
        confirmed=confirmed,
        field="text_shortened",
        fix="Shorten the quote to leave it out, or do not include it.",
    )


def text_errors(
    fields: Mapping[str, str],
    *,
    confirmed: bool,
    names: Iterable[str],
    case_references: Iterable[str],
) -> dict[str, list[str]]:
    """Messages per field for report text that reaches councillors (the narrative, the wording
    of themes); "anonymised_confirmed" for findings that need the QA lead's look."""
    names, case_references = list(names), list(case_references)
    errors: dict[str, list[str]] = {}
    suspicious: list[Finding] = []
    for field, text in fields.items():
        findings = find_identifying_text(text, names=names, case_references=case_references)
        blocking = [f for f in findings if f.is_blocking]
        suspicious += [f for f in findings if not f.is_blocking]
        if blocking:
            errors[field] = [
                f"Take out {describe(blocking)}: it identifies a family or a person involved."
            ]
    if suspicious and not confirmed:
        errors["anonymised_confirmed"] = [
            f"Check {describe(_unique(suspicious))}, which may identify someone, then tick "
            f"“{CONFIRM_LABEL}”."
        ]
    return errors


def _findings_errors(
    findings: list[Finding], *, confirmed: bool, field: str, fix: str
) -> dict[str, list[str]]:
    blocking = [f for f in findings if f.is_blocking]
    if blocking:
        return {field: [f"It holds {describe(blocking)}, which identifies the family. {fix}"]}
    if findings and not confirmed:
        return {
            "anonymised_confirmed": [
                f"Check {describe(findings)}, which may identify someone, then tick "
                f"“{CONFIRM_LABEL}”."
            ]
        }
    return {}


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: dict[tuple[str, str], Finding] = {}
    for finding in findings:
        seen.setdefault((str(finding.kind), finding.text.casefold()), finding)
    return list(seen.values())
