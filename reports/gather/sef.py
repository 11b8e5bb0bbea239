"""Drafts of the Ofsted self-evaluation's three questions from a year's evidence, in plain
sentences with the numbers; the QA lead edits them (`Report.sef_*`). No database."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from practiceweek.grades import GradeTableRow
from reports.snapshot import ActionGroup, SefDrafts, ThemeRow

VOICES = "children, parents and carers"
TOP_THEMES = 3  # the themes a paragraph can name before it stops being read


@dataclass(frozen=True)
class Evidence:
    """What the yearly report found: the period, the audits' grade tables (overall and by
    audit type, labelled), the practice weeks' titles, what else happened, the themes (most
    frequent first) and the action plan."""

    start: date
    end: date
    overall: GradeTableRow
    by_audit_type: Sequence[GradeTableRow]
    weeks: Sequence[str]
    teams: int
    observations: int
    practitioners_seen: int
    service_user_voices: int
    strengths: Sequence[ThemeRow]
    areas: Sequence[ThemeRow]
    action_plan: Sequence[ActionGroup]


def sef_drafts(evidence: Evidence) -> SefDrafts:
    """{"quality", "evidence", "plans"}: what we know about the quality of practice, how we
    know it, and what our plans are. An empty year says so rather than quoting zeros."""
    return {
        "quality": _quality(evidence),
        "evidence": _how_we_know(evidence),
        "plans": _plans(evidence),
    }


def _quality(e: Evidence) -> str:
    period = f"between {_day(e.start)} and {_day(e.end)}"
    total = int(e.overall["total"])
    if not total:
        return (
            f"No case files were audited {period}, so the audits give no measure of the "
            "quality of practice for this period."
        )
    good = e.overall["good_or_outstanding"]
    weak = e.overall["requires_improvement_or_inadequate"]
    not_graded = int(e.overall["counts"]["not_applicable"])
    sentences = [
        f"{period[0].upper()}{period[1:]} we audited {_many(total, 'case file')}: "
        f"{good['percent']}% ({good['adjusted_percent']}% adjusted) were good or outstanding "
        f"and {weak['percent']}% ({weak['adjusted_percent']}% adjusted) required improvement "
        "or were inadequate."
    ]
    if not_graded:
        sentences.append(
            f"{_many(not_graded, 'file')} {'was' if not_graded == 1 else 'were'} not graded "
            "(minimum standards checks, or files a grade does not fit); the adjusted figures "
            "leave them out."
        )
    by_type = [
        f"{t['group']} {t['good_or_outstanding']['percent']}% of {_many(int(t['total']), 'file')}"
        for t in e.by_audit_type
        if t["total"]
    ]
    if len(by_type) > 1:
        sentences.append(f"Good or outstanding by type of audit: {'; '.join(by_type)}.")
    if e.strengths:
        sentences.append(f"Practice is strongest in {_themes(e.strengths)}.")
    if e.areas:
        sentences.append(f"It most often needs to improve in {_themes(e.areas)}.")
    return " ".join(sentences)


def _how_we_know(e: Evidence) -> str:
    total = int(e.overall["total"])
    sentences = [
        f"We know this from {_many(total, 'audit')} of children's case files "
        f"between {_day(e.start)} and {_day(e.end)}, graded on Ofsted's four-point scale"
        + (f" ({_type_counts(e.by_audit_type)})." if total else ".")
    ]
    if e.weeks:
        sentences.append(
            f"In {_many(len(e.weeks), 'practice week')} ({'; '.join(e.weeks)}) senior managers "
            f"sat in {_many(e.teams, 'team')}, observed practice "
            f"{_times(e.observations)}, saw the work of "
            f"{_many(e.practitioners_seen, 'practitioner')} and heard from "
            f"{_many(e.service_user_voices, 'child, parent or carer', VOICES)}."
        )
    else:
        sentences.append("There was no practice week in this period.")
    sentences.append(
        "The themes are counted from the audits and the observations that raised them."
    )
    return " ".join(sentences)


def _plans(e: Evidence) -> str:
    actions = sum(len(group["rows"]) for group in e.action_plan)
    if actions:
        headings = ", ".join(f"{g['category']} ({len(g['rows'])})" for g in e.action_plan)
        high = sum(1 for g in e.action_plan for row in g["rows"] if row["priority"] == "High")
        urgent = {0: "none is", 1: "1 is"}.get(high, f"{high} are")
        sentences = [
            f"Our action plan sets out {_many(actions, 'action')} under "
            f"{_many(len(e.action_plan), 'heading')}: {headings}; {urgent} high priority."
        ]
    else:
        sentences = ["The action plan for this period is still to be written."]
    if e.areas:
        sentences.append(
            f"It {'addresses' if actions else 'will address'} the areas for improvement that "
            f"recur most often: {_themes(e.areas)}."
        )
    else:
        sentences.append("No area for improvement recurred across the audits and observations.")
    sentences.append(
        "We will measure progress in the monthly audits and at the next practice week."
    )
    return " ".join(sentences)


def _themes(rows: Sequence[ThemeRow]) -> str:
    named = [f"{row['theme']} (raised {_times(row['total'])})" for row in rows[:TOP_THEMES]]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


def _type_counts(by_type: Sequence[GradeTableRow]) -> str:
    named = [f"{int(t['total']):,} {t['group'].lower()}" for t in by_type if t["total"]]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


def _times(count: int) -> str:
    return {0: "no times", 1: "once", 2: "twice"}.get(count, f"{count:,} times")


def _many(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
