"""Themes across a week's observations: every strength and area for development of its submitted
observations, per category, with the tags a QA lead attaches to group similar points, counted
in SQL.

The report reads `week_themes(week)`: per kind ("what we do well" = strengths, "where we need
to improve" = areas for development) the tags ordered by how many observations raised them,
overall and per category. The themes page adds the points themselves (`themes_page`).

A point counts when its text holds more than white space; a tag counts once per observation
whatever the number of its notes it is on (one note per observation and category).
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, QuerySet

from practiceweek.models import PracticeWeek, User

from .access import can_tag_themes
from .models import (
    CategoryNote,
    NoteTag,
    Observation,
    ObservationCategory,
    PointKind,
    ThemeTag,
)

KIND_HEADINGS = {
    PointKind.STRENGTH: "What we do well",
    PointKind.AREA: "Where we need to improve",
}
_TEXT_FIELD = {PointKind.STRENGTH: "strengths", PointKind.AREA: "areas_for_development"}
TAG_NAME_MAX_LENGTH = ThemeTag._meta.get_field("name").max_length or 80


def _written(kind: PointKind, prefix: str = "") -> Q:
    """The note's text of this kind holds more than white space (SQL; any database)."""
    return Q(**{f"{prefix}{_TEXT_FIELD[kind]}__regex": r"\S"})


def _tag_on_written_point(prefix: str = "") -> Q:
    # A tag left on a point whose text was emptied later does not count.
    return Q(
        Q(**{f"{prefix}kind": PointKind.STRENGTH}) & _written(PointKind.STRENGTH, f"{prefix}note__")
    ) | Q(Q(**{f"{prefix}kind": PointKind.AREA}) & _written(PointKind.AREA, f"{prefix}note__"))


def week_observations(
    week: PracticeWeek, *, service_id: int | None = None, team_id: int | None = None
) -> QuerySet[Observation]:
    """The week's submitted observations, of one service or team when given."""
    observations = Observation.objects.submitted().filter(week=week)
    if service_id is not None:
        observations = observations.filter(team__service_id=service_id)
    if team_id is not None:
        observations = observations.filter(team_id=team_id)
    return observations


# --- What the report reads --------------------------------------------------------------------


@dataclass(frozen=True)
class TagCount:
    tag_id: int
    name: str
    observations: int  # distinct observations that raised it


@dataclass(frozen=True)
class KindThemes:
    kind: PointKind
    heading: str  # "What we do well" or "Where we need to improve"
    observations: int  # distinct observations with a point of this kind
    tags: list[TagCount]  # most observations first, then by name


@dataclass(frozen=True)
class CategoryThemes:
    category: ObservationCategory
    strengths: KindThemes
    areas: KindThemes


@dataclass(frozen=True)
class WeekThemes:
    week: PracticeWeek
    observation_count: int  # submitted observations counted (after the filters)
    do_well: KindThemes  # strengths, across categories
    improve: KindThemes  # areas for development, across categories
    categories: list[CategoryThemes]  # the week's framework first, in its order


def tag_counts_by_name(observations: QuerySet[Observation]) -> dict[str, dict[str, int]]:
    """Per kind ("strength", "area"), how many of `observations` (any number of weeks) raised
    each tag, by tag name: one query. Tags of different weeks with one name add up."""
    counted = (
        NoteTag.objects.filter(note__observation__in=observations)
        .filter(_tag_on_written_point())
        .values("kind", "tag__name")
        .annotate(n=Count("note__observation_id", distinct=True))
        .order_by()
    )
    found: dict[str, dict[str, int]] = {PointKind.STRENGTH: {}, PointKind.AREA: {}}
    for row in counted:
        names = found[row["kind"]]
        names[row["tag__name"]] = names.get(row["tag__name"], 0) + row["n"]
    return found


def week_themes(
    week: PracticeWeek, *, service_id: int | None = None, team_id: int | None = None
) -> WeekThemes:
    """The tagged themes of a week's submitted observations, overall and per category, in
    five aggregate queries whatever the number of observations, notes or tags.

    Categories: those of the week's framework (or the default one) and any other framework its
    observations used. No observations gives zero counts and empty tag lists.
    """
    observations = week_observations(week, service_id=service_id, team_id=team_id)
    totals = observations.aggregate(
        count=Count("pk", distinct=True),
        strengths=Count("pk", distinct=True, filter=_written(PointKind.STRENGTH, "notes__")),
        areas=Count("pk", distinct=True, filter=_written(PointKind.AREA, "notes__")),
    )
    notes = CategoryNote.objects.filter(observation__in=observations)
    per_category: dict[int, tuple[int, int]] = {
        row["category_id"]: (row["strengths"], row["areas"])
        for row in notes.values("category_id")
        .annotate(
            strengths=Count("observation_id", distinct=True, filter=_written(PointKind.STRENGTH)),
            areas=Count("observation_id", distinct=True, filter=_written(PointKind.AREA)),
        )
        .order_by()
    }
    tags = NoteTag.objects.filter(note__observation__in=observations).filter(
        _tag_on_written_point()
    )
    overall_tags = _tag_counts(tags, ("kind",))
    category_tags = _tag_counts(tags, ("note__category_id", "kind"))
    categories = []
    for category in _categories(week):
        strengths, areas = per_category.get(category.pk, (0, 0))
        categories.append(
            CategoryThemes(
                category=category,
                strengths=_kind_themes(
                    PointKind.STRENGTH,
                    strengths,
                    category_tags.get((category.pk, PointKind.STRENGTH), []),
                ),
                areas=_kind_themes(
                    PointKind.AREA,
                    areas,
                    category_tags.get((category.pk, PointKind.AREA), []),
                ),
            )
        )
    return WeekThemes(
        week=week,
        observation_count=totals["count"],
        do_well=_kind_themes(
            PointKind.STRENGTH, totals["strengths"], overall_tags.get((PointKind.STRENGTH,), [])
        ),
        improve=_kind_themes(
            PointKind.AREA, totals["areas"], overall_tags.get((PointKind.AREA,), [])
        ),
        categories=categories,
    )


def _tag_counts(tags: QuerySet[NoteTag], keys: tuple[str, ...]) -> dict[tuple, list[TagCount]]:
    """Distinct observations per tag within each group of `keys` (kind, category): one query."""
    counted = (
        tags.values(*keys, "tag_id", "tag__name")
        .annotate(observations=Count("note__observation_id", distinct=True))
        .order_by()
    )
    grouped: dict[tuple, list[TagCount]] = {}
    for row in counted:
        found: dict[str, Any] = dict(row)
        count = TagCount(found["tag_id"], found["tag__name"], found["observations"])
        grouped.setdefault(tuple(found[k] for k in keys), []).append(count)
    return grouped


def _kind_themes(kind: PointKind, observations: int, tags: list[TagCount]) -> KindThemes:
    ordered = sorted(tags, key=lambda t: (-t.observations, t.name.casefold(), t.tag_id))
    return KindThemes(
        kind=kind, heading=KIND_HEADINGS[kind], observations=observations, tags=ordered
    )


def _categories(week: PracticeWeek) -> list[ObservationCategory]:
    """The week's framework's categories in order, then those of any other framework its
    submitted observations used: one query."""
    chosen_id = week.observation_framework_id
    chosen = Q(framework_id=chosen_id) if chosen_id else Q(framework__is_default=True)
    used = CategoryNote.objects.filter(observation__in=week_observations(week))
    categories = ObservationCategory.objects.filter(
        chosen | Q(pk__in=used.values("category_id"))
    ).select_related("framework")

    def is_chosen(category: ObservationCategory) -> bool:
        if chosen_id:
            return category.framework_id == chosen_id
        return category.framework.is_default

    return sorted(categories, key=lambda c: (not is_chosen(c), c.framework.name, c.order))


# --- The themes page --------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One strength or area for development of one observation, with its tags."""

    note: CategoryNote  # with its observation's team and service
    kind: PointKind
    text: str
    tags: list[NoteTag]  # with their tag, by name

    @property
    def anchor(self) -> str:
        return f"point-{self.note.pk}-{self.kind}"


@dataclass(frozen=True)
class CategorySection:
    themes: CategoryThemes
    strengths: list[Point]
    areas: list[Point]


@dataclass(frozen=True)
class ThemesPage:
    themes: WeekThemes
    sections: list[CategorySection]
    tags: list[ThemeTag]  # the week's tags, by name


def themes_page(
    week: PracticeWeek, *, service_id: int | None = None, team_id: int | None = None
) -> ThemesPage:
    """Everything the themes page shows: eight queries whatever the data size."""
    themes = week_themes(week, service_id=service_id, team_id=team_id)
    notes = (
        CategoryNote.objects.filter(
            observation__in=week_observations(week, service_id=service_id, team_id=team_id)
        )
        .filter(_written(PointKind.STRENGTH) | _written(PointKind.AREA))
        .select_related("observation__team__service")
        .prefetch_related(Prefetch("tags", queryset=NoteTag.objects.select_related("tag")))
        .order_by(
            "observation__team__service__name",
            "observation__team__name",
            "observation__observed_on",
            "observation_id",
        )
    )
    points: dict[tuple[int, PointKind], list[Point]] = {}
    for note in notes:
        for kind, field in _TEXT_FIELD.items():
            text = getattr(note, field).strip()
            if text:
                on_point = sorted(
                    (nt for nt in note.tags.all() if nt.kind == kind),
                    key=lambda nt: nt.tag.name.casefold(),
                )
                points.setdefault((note.category_id, kind), []).append(
                    Point(note=note, kind=kind, text=text, tags=on_point)
                )
    sections = [
        CategorySection(
            themes=c,
            strengths=points.get((c.category.pk, PointKind.STRENGTH), []),
            areas=points.get((c.category.pk, PointKind.AREA), []),
        )
        for c in themes.categories
    ]
    tags = sorted(week.theme_tags.all(), key=lambda t: t.name.casefold())
    return ThemesPage(themes=themes, sections=sections, tags=tags)


# --- Tagging (QA administrators) --------------------------------------------------------------


def _qa_only(user: User) -> None:
    if not can_tag_themes(user):
        raise PermissionDenied("Only a QA lead tags themes.")


def theme_tag_create(*, week: PracticeWeek, name: str, user: User) -> ThemeTag:
    """A new tag of the week. Raises ValidationError (on "name") for a blank or over-long name,
    or one the week has already (in any case), and PermissionDenied for anyone but a QA lead."""
    _qa_only(user)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Name the tag."})
    if len(name) > TAG_NAME_MAX_LENGTH:
        raise ValidationError({"name": f"Keep the tag to {TAG_NAME_MAX_LENGTH} characters."})
    if ThemeTag.objects.filter(week=week, name__iexact=name).exists():
        raise ValidationError({"name": f"This week already has the tag “{name}”."})
    try:
        with transaction.atomic():
            return ThemeTag.objects.create(week=week, name=name)
    except IntegrityError as exc:  # made by someone else a moment ago
        raise ValidationError({"name": f"This week already has the tag “{name}”."}) from exc


def note_tag_attach(*, note: CategoryNote, kind: str, tag_id: int, user: User) -> NoteTag:
    """Tag the strengths or the areas for development of a note of a submitted observation with
    a tag of the observation's week.

    Idempotent: tagging twice with one tag keeps one. Raises PermissionDenied for anyone but a
    QA lead; ValidationError when the kind is unknown, the point empty, the observation a
    draft, or the tag does not exist or belongs to another week (on "tag").
    """
    _qa_only(user)
    if kind not in PointKind.values:
        raise ValidationError("Tag a strength or an area for development.")
    observation = note.observation
    if not observation.is_submitted:
        raise ValidationError("Only submitted observations are tagged.")
    if not getattr(note, _TEXT_FIELD[PointKind(kind)]).strip():
        raise ValidationError("There is nothing written here to tag.")
    tag = ThemeTag.objects.filter(pk=tag_id).first()
    if tag is None:
        raise ValidationError({"tag": "This tag no longer exists: reload the page."})
    if tag.week_id != observation.week_id:
        raise ValidationError(
            {"tag": "This tag belongs to another practice week: use one of this week's."}
        )
    note_tag, _ = NoteTag.objects.get_or_create(note=note, kind=kind, tag=tag)
    return note_tag


def note_tag_detach(*, note_tag: NoteTag, user: User) -> None:
    """Take a tag off a point (the tag itself stays). PermissionDenied for anyone but a QA lead."""
    _qa_only(user)
    NoteTag.objects.filter(pk=note_tag.pk).delete()
