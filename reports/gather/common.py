"""Database reads the week report and the yearly report share: each one aggregate query (or
one plain query), whatever the number of rows."""

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import Any

from django.conf import settings
from django.db.models import Count, FilteredRelation, Q, QuerySet

from audits.models import Audit, SectionAnswer
from audits.summary import AUDITS, grade_counts
from observations.models import (
    CaseExample,
    Observation,
    ObservationPractitioner,
    PointKind,
    Rating,
    Relationship,
    ServiceUserFeedback,
)
from observations.themes import tag_counts_by_name
from practiceweek.grades import (
    ALL_GRADES,
    GOOD_OR_OUTSTANDING,
    REQUIRES_IMPROVEMENT_OR_INADEQUATE,
    GradeTable,
    grade_table,
)
from practiceweek.models import CaseFile, Team, User, Visit
from reports import readiness
from reports.models import Report, ThemeWording
from reports.snapshot import (
    ActionGroup,
    Activity,
    CaseExampleRow,
    Narrative,
    Quote,
    RatingCount,
    Readiness,
    RelationshipCount,
    SefDrafts,
    Voices,
)

from .rules import Feedback, pick_quotes, place_names, theme_key

_WRITTEN = r"\S"  # a text counts when it holds more than white space


# --- Grade tables of audits grouped in any way ------------------------------------------------


def grouped_grade_tables(grouped: QuerySet[Any]) -> list[tuple[dict[str, Any], GradeTable]]:
    """The grade table of each group of `grouped` (submitted audits after `.values(...)`) with
    the group's values: one aggregate query."""
    counted = grouped.order_by().annotate(**grade_counts(AUDITS, prefix="n_"))
    return [
        (dict(row), grade_table({grade: row[f"n_{grade}"] for grade in ALL_GRADES}))
        for row in counted
    ]


# --- What happened ----------------------------------------------------------------------------


def visited_places(visits: QuerySet[Visit]) -> tuple[set[tuple[str, str]], int]:
    """The (team, service) names `visits` went to, and the number of visits: one query."""
    counted = list(
        visits.values("team__name", "team__service__name").annotate(n=Count("pk")).order_by()
    )
    places = {(r["team__name"], r["team__service__name"]) for r in counted}
    return places, sum(r["n"] for r in counted)


def activity(
    *,
    start: date,
    end: date,
    places: set[tuple[str, str]],
    visits: int,
    files_audited: int,
    audits: QuerySet[Audit],
    observations: QuerySet[Observation],
) -> Activity:
    """What happened in the period: two queries (observations and voices, practitioners)."""
    services, teams = place_names(places)
    observation_count, voices_heard = observation_totals(observations)
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "services": services,
        "teams": teams,
        "visits": visits,
        "files_audited": files_audited,
        "observations": observation_count,
        "practitioners_seen": practitioners_seen(audits, observations),
        "service_user_voices": voices_heard,
    }


def team_places(teams: QuerySet[Team]) -> set[tuple[str, str]]:
    """(team, service) names of `teams`: one query."""
    return set(teams.values_list("name", "service__name"))


def observation_totals(observations: QuerySet[Observation]) -> tuple[int, int]:
    """How many observations, and how many service-user feedback records they hold: one query."""
    found = observations.aggregate(
        count=Count("pk", distinct=True),
        voices=Count("service_user_feedback", distinct=True),
    )
    return found["count"], found["voices"]


def practitioners_seen(audits: QuerySet[Audit], observations: QuerySet[Observation]) -> int:
    """Distinct practitioners whose cases were audited or who were observed: one query."""
    audited = audits.filter(practitioner__isnull=False).values("practitioner_id").order_by()
    observed = (
        ObservationPractitioner.objects.filter(observation__in=observations)
        .values("practitioner_id")
        .order_by()
    )
    return audited.union(observed).count()


def reflections(audits: QuerySet[Audit], observations: QuerySet[Observation]) -> int:
    """Distinct practitioners who acknowledged their feedback with a written reflection (on an
    audit of their case or an observation of their work): one query."""
    on_audits = (
        audits.filter(
            practitioner__isnull=False,
            acknowledged_at__isnull=False,
            reflection__regex=_WRITTEN,
        )
        .values("practitioner_id")
        .order_by()
    )
    on_observations = (
        ObservationPractitioner.objects.filter(
            observation__in=observations,
            acknowledged_at__isnull=False,
            reflection__regex=_WRITTEN,
        )
        .values("practitioner_id")
        .order_by()
    )
    return on_audits.union(on_observations).count()


# --- Themes -----------------------------------------------------------------------------------


def audit_section_themes(audits: QuerySet[Audit]) -> tuple[dict[str, int], dict[str, int]]:
    """Strengths and areas raised by audits: each graded section title is a theme; a section
    graded Outstanding or Good is a strength of that audit, Requires improvement or Inadequate
    an area. Distinct audits per title, one query."""
    counted = (
        SectionAnswer.objects.filter(audit__in=audits, section__is_graded=True)
        .values("section__title")
        .annotate(
            strengths=Count("audit_id", distinct=True, filter=Q(grade__in=GOOD_OR_OUTSTANDING)),
            areas=Count(
                "audit_id", distinct=True, filter=Q(grade__in=REQUIRES_IMPROVEMENT_OR_INADEQUATE)
            ),
        )
        .order_by()
    )
    strengths: dict[str, int] = {}
    areas: dict[str, int] = {}
    for row in counted:
        _add(strengths, row["section__title"], row["strengths"])
        _add(areas, row["section__title"], row["areas"])
    return strengths, areas


def observation_tag_themes(
    observations: QuerySet[Observation],
) -> tuple[dict[str, int], dict[str, int]]:
    """Strengths and areas tagged on `observations` (of any number of weeks): distinct
    observations per tag name, in one query, by the rule of the themes page."""
    found = tag_counts_by_name(observations)
    return found[PointKind.STRENGTH], found[PointKind.AREA]


def _add(counts: dict[str, int], name: str, count: int) -> None:
    if count:
        counts[name] = counts.get(name, 0) + count


def theme_wordings(report: Report) -> dict[str, dict[str, str]]:
    """The QA lead's wording per kind ("strength", "area") and theme key: one query (none
    for a report not yet saved)."""
    wordings: dict[str, dict[str, str]] = {kind: {} for kind in ThemeWording.Kind.values}
    if report.pk is None:  # a report not yet saved (a preview): nothing written yet
        return wordings
    for kind, name, wording in report.theme_wordings.values_list("kind", "tag_name", "wording"):
        if wording.strip():
            wordings[kind][theme_key(name)] = wording.strip()
    return wordings


# --- The period's people and words --------------------------------------------------------------


def period_observations(report: Report) -> QuerySet[Observation]:
    """The submitted observations of the report's week, or of its dates (yearly report)."""
    if report.kind == Report.Kind.WEEK:
        return Observation.objects.submitted().filter(week_id=report.week_id)
    return Observation.objects.submitted().filter(
        observed_on__range=(report.date_from, report.date_to)
    )


def period_audits(report: Report) -> QuerySet[Audit]:
    if report.kind == Report.Kind.WEEK:
        return Audit.objects.filter(week_id=report.week_id)
    return Audit.objects.filter(audited_on__range=(report.date_from, report.date_to))


def period_people(report: Report) -> tuple[list[str], list[str]]:
    """The full names of the period's people (visitors, observers, practitioners observed or
    whose cases were audited, auditors) and the case references of its audits, observations
    and feedback: two queries, for the anonymity check of what the report says."""
    observations = period_observations(report)
    audits = period_audits(report)
    if report.kind == Report.Kind.WEEK:
        visits = Visit.objects.filter(week_id=report.week_id)
    else:
        visits = Visit.objects.filter(date__range=(report.date_from, report.date_to))
    practitioners = ObservationPractitioner.objects.filter(observation__in=observations)
    feedback = ServiceUserFeedback.objects.filter(observation__in=observations)
    people = User.objects.filter(
        _pk_in_any(
            visits.values("visitor_id"),
            observations.values("observer_id"),
            practitioners.values("practitioner_id"),
            audits.values("practitioner_id"),
            audits.values("auditor_id"),
        )
    ).values_list("first_name", "last_name")
    names = sorted({f"{first} {last}".strip() for first, last in people} - {""})
    references = CaseFile.objects.filter(
        _pk_in_any(
            audits.values("case_file_id"),
            observations.values("case_file_id"),
            feedback.values("case_file_id"),
        )
    ).values_list("case_reference", flat=True)
    return names, sorted(set(references))


def _pk_in_any(*ids: QuerySet[Any]) -> Q:
    """Rows whose primary key is in any of `ids` (one-column querysets): one subquery each."""
    return reduce(operator.or_, (Q(pk__in=column) for column in ids))


# --- Case examples, voices, the action plan, the narrative -------------------------------------


def case_example_rows(examples: Sequence[CaseExample]) -> list[CaseExampleRow]:
    """`examples` (approved ones, with their team and service: as
    `observations.case_examples.approved_case_examples` gives them) as the report shows them."""
    return [
        {
            "title": example.title,
            "kind": example.get_kind_display(),
            "service": example.team.service.name,
            "team": example.team.name,
            "source": "observation" if example.observation_id else "audit",
            "write_up": example.write_up,
        }
        for example in examples
    ]


@dataclass(frozen=True)
class Quotes:
    """The quotes the QA lead included (as shown: shortened when shortened) and how many
    consented quotes of the period are still to be reviewed."""

    included: list[Quote]
    unreviewed: int


def chosen_quotes(feedback: QuerySet[ServiceUserFeedback], report: Report) -> Quotes:
    """Of the consented `feedback`, those the QA lead included in `report`, best rating first:
    one query. Nothing is quoted that the QA lead has not included."""
    if report.pk is None:  # a report not yet saved: nothing reviewed
        return Quotes([], feedback.filter(consent_given=True).count())
    rows = list(
        feedback.filter(consent_given=True)
        .annotate(
            choice=FilteredRelation("report_quotes", condition=Q(report_quotes__report=report))
        )
        .order_by("recorded_at", "pk")
        .values(
            "rating",
            "relationship",
            "words",
            "choice__is_included",
            "choice__text_shortened",
            "choice__reviewed_at",
        )
    )
    included: list[Feedback] = [
        {
            "rating": row["rating"],
            "rating_label": Rating(row["rating"]).label,
            "relationship": Relationship(row["relationship"]).label,
            "words": (row["choice__text_shortened"] or "").strip() or row["words"],
        }
        for row in rows
        if row["choice__is_included"]
    ]
    unreviewed = sum(1 for row in rows if row["choice__reviewed_at"] is None)
    return Quotes(pick_quotes(included, limit=len(included)), unreviewed)


def voices(
    feedback: QuerySet[ServiceUserFeedback],
    audits: QuerySet[Audit],
    observations: QuerySet[Observation],
    *,
    quotes: Quotes,
) -> Voices:
    """Ratings best first (every rating), who spoke (in Relationship order, those heard), the
    quotes the QA lead included, and the practitioners' reflections: two queries."""
    counted = list(feedback.values("rating", "relationship").annotate(n=Count("pk")).order_by())
    ratings: list[RatingCount] = [
        {"rating": rating.label, "count": sum(r["n"] for r in counted if r["rating"] == rating)}
        for rating in sorted(Rating, reverse=True)
    ]
    by_relationship: list[RelationshipCount] = [
        {"relationship": rel.label, "count": count}
        for rel in Relationship
        if (count := sum(r["n"] for r in counted if r["relationship"] == rel))
    ]
    return {
        "ratings": ratings,
        "by_relationship": by_relationship,
        "quotes": quotes.included,
        "reflections": reflections(audits, observations),
    }


# The narrative sections each kind of report has, as Report fields.
NARRATIVE_SECTIONS = {
    Report.Kind.WEEK: ["asked_to_consider", "purpose", "voices_summary", "what_next"],
    Report.Kind.ANNUAL: [
        "asked_to_consider",
        "purpose",
        "sef_quality",
        "sef_evidence",
        "sef_plans",
    ],
}


def report_readiness(
    report: Report, *, action_plan: list[ActionGroup], quotes: Quotes, week_status: str | None
) -> Readiness:
    """What is unfinished and whether the build is a draft (reports.readiness): no query."""
    sections = [
        readiness.Section(
            name,
            str(getattr(Report._meta.get_field(name), "verbose_name", name)),
            bool(str(getattr(report, name)).strip()),
        )
        for name in NARRATIVE_SECTIONS[Report.Kind(report.kind)]
    ]
    state = readiness.ReportState(
        sections=sections,
        action_rows=sum(len(group["rows"]) for group in action_plan),
        quotes_unreviewed=quotes.unreviewed,
        week_status=week_status,
    )
    return readiness.as_json(state)


def action_plan(report: Report) -> list[ActionGroup]:
    """The action plan's rows grouped by category, in the plan's order: one query (none for a
    report not yet saved)."""
    groups: dict[str, ActionGroup] = {}
    if report.pk is None:  # a report not yet saved (a preview): no plan yet
        return []
    for item in report.action_items.all():
        group = groups.setdefault(item.category, {"category": item.category, "rows": []})
        group["rows"].append(
            {
                "issue": item.issue,
                "action": item.action,
                "risk": item.risk,
                "priority": item.get_priority_display(),
                "due_on": item.due_on.isoformat(),
                "responsible": item.responsible,
            }
        )
    return list(groups.values())


def narrative(report: Report, *, sef_drafts: SefDrafts | None = None) -> Narrative:
    """What the QA lead wrote; the panel defaults to the council's scrutiny panel, and each
    self-evaluation answer left empty takes its draft (yearly report)."""
    drafts: SefDrafts = sef_drafts or {"quality": "", "evidence": "", "plans": ""}
    return {
        "title": report.title,
        "panel_name": report.panel_name.strip() or settings.SCRUTINY_PANEL_NAME,
        "meeting_date": report.meeting_date.isoformat() if report.meeting_date else None,
        "asked_to_consider": report.asked_to_consider,
        "purpose": report.purpose,
        "voices_summary": report.voices_summary,
        "what_next": report.what_next,
        "sef_quality": report.sef_quality.strip() or drafts["quality"],
        "sef_evidence": report.sef_evidence.strip() or drafts["evidence"],
        "sef_plans": report.sef_plans.strip() or drafts["plans"],
    }
