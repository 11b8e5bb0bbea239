"""Grade arithmetic as plain functions: no Django. Grades are the strings of `Grade` in models.

The scale, best first: outstanding, good, requires_improvement, inadequate;
not_applicable sits outside it.
"""

from collections.abc import Iterable

OUTSTANDING = "outstanding"
GOOD = "good"
REQUIRES_IMPROVEMENT = "requires_improvement"
INADEQUATE = "inadequate"
NOT_APPLICABLE = "not_applicable"
SCALE = (OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE)  # best first
ALL_GRADES = (*SCALE, NOT_APPLICABLE)


def suggest_overall_grade(section_grades: Iterable[str | None]) -> str | None:
    """The overall grade the section grades point to, or None when no section is graded.

    The rule (shown to auditors beside the overall grade):
    1. Sections marked Not applicable, or left ungraded, do not count.
    2. Any Inadequate section makes the file Inadequate: a child may be at risk.
    3. Otherwise the best grade that more than half of the graded sections reach or beat.
       Four sections Good, Good, Requires improvement, Requires improvement: only half reach
       Good, so the suggestion is Requires improvement. Outstanding, Outstanding, Good,
       Requires improvement: three of four reach Good, so Good.
    """
    graded = [g for g in section_grades if g in SCALE]
    if not graded:
        return None
    if INADEQUATE in graded:
        return INADEQUATE
    for grade in SCALE:
        at_least = sum(1 for g in graded if SCALE.index(g) <= SCALE.index(grade))
        if at_least * 2 > len(graded):
            return grade
    raise AssertionError("unreachable: every graded section reaches Inadequate")
