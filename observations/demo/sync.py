"""Writing the demo's observations, theme tags and case examples, and counting them (see the
package's docstring)."""

import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from audits.models import Audit
from observations.models import (
    CaseExample,
    CategoryNote,
    NoteTag,
    Observation,
    ObservationCategory,
    ObservationFramework,
    ObservationPractitioner,
    PointKind,
    ServiceUserFeedback,
    ThemeTag,
)
from observations.selectors import framework_for_week
from practiceweek.demo.common import at, insert
from practiceweek.demo.data import LIVE_WEEK_SLUG, PAST_WEEK_SLUG, QA_STAFF_USERNAME, SEED
from practiceweek.grades import GOOD, OUTSTANDING, REQUIRES_IMPROVEMENT
from practiceweek.models import CaseFile, PracticeWeek, RecordSource, Role, User, Visit

from .featured import AUDIT_EXAMPLE, FEATURED, ExampleSpec
from .plan import DRAFTS, Council, Slot, cast, plan_slots
from .team_settings import CARER, CHILD, FAMILY, FATHER, KINSHIP, MOTHER
from .words import (
    GENERIC_POINTS,
    INNOVATION,
    POINTS,
    REFLECTIONS,
    SUMMARIES,
    WORDS,
    Point,
)

# Any constant, other than the audits' one: keys must give the same tokens every run.
DEMO_OBSERVATION_NAMESPACE = uuid.UUID("5d7e2a90-3c41-4b8e-a6f2-91e0c4d7b812")

# The past week was the last one before the council graded observations.
GRADED = {PAST_WEEK_SLUG: False, LIVE_WEEK_SLUG: True}
# Mostly Good, some Outstanding and Requires improvement: what councils report. No Inadequate:
# a practice week sees that rarely, and the audits already show an escalation.
GRADE_WEIGHTS = {OUTSTANDING: 14, GOOD: 62, REQUIRES_IMPROVEMENT: 24}
FEEDBACK_GIVEN = 0.88  # immediate feedback in person: most observers manage it
SERVICE_USER_FEEDBACK = 0.7  # of the observations with a child, parent or carer present
SECOND_VOICE = 0.2  # a second person (the child as well as a parent) gave their views
ACKNOWLEDGED = {PAST_WEEK_SLUG: 0.8, LIVE_WEEK_SLUG: 0.4}
WITH_REFLECTION = 0.65
# Whose words are which (see words.WORDS), and how they rated the worker, by how it went:
# (ratings, weights).
SPEAKS_AS: dict[str, str] = {
    CHILD: "child",
    MOTHER: "parent",
    FATHER: "father",
    FAMILY: "parent",
    CARER: "carer",
    KINSHIP: "carer",
}
RATINGS = {"good": ((5, 4, 3), (6, 4, 1)), "ri": ((5, 4, 3, 2), (2, 4, 3, 1))}
# Who gives feedback most often after an observation, against the others who could.
VOICE_WEIGHTS: dict[str, int] = {MOTHER: 6, CHILD: 5, CARER: 5, FATHER: 2, KINSHIP: 2, FAMILY: 1}
THEME_TAGS_ADDED_AFTER = timedelta(days=4)  # the QA lead tagged the past week's points then
EXAMPLE_FLAGGED_AFTER = timedelta(hours=2)  # after the observation or audit was submitted
EXAMPLE_DECIDED_AFTER = timedelta(days=6)  # the QA lead approved it then


# Writing ---------------------------------------------------------------------------------------


@dataclass
class Made:
    """Rows to insert for new observations."""

    observations: list[Observation] = field(default_factory=list)
    observed: list[ObservationPractitioner] = field(default_factory=list)
    notes: list[CategoryNote] = field(default_factory=list)
    note_tags: list[NoteTag] = field(default_factory=list)
    feedback: list[ServiceUserFeedback] = field(default_factory=list)


def token_for(key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_OBSERVATION_NAMESPACE, key)


def observations_sync(*, today: date, now: datetime | None = None) -> None:
    """Add the demo observations that are due and missing, replace those whose date moved, then
    the past week's theme tags and the case examples."""
    if now is None:
        now = timezone.now() if today == timezone.localdate() else at(today, time(17, 0))
    council = _council()
    if council is None:
        return
    slots = plan_slots(council)
    cast(slots, council)
    planned = {token_for(s.key): s for s in slots if s.practitioners}
    existing = dict(
        Observation.objects.filter(client_token__in=planned).values_list(
            "client_token", "observed_on"
        )
    )
    due = {token for token, slot in planned.items() if _happened(slot, now)}
    stale = [t for t, on in existing.items() if t not in due or planned[t].visit.date != on]
    Observation.objects.filter(client_token__in=stale).delete()
    tags = theme_tags_sync(council)
    made = Made()
    for token in sorted(due - (existing.keys() - set(stale)), key=lambda t: planned[t].key):
        _make(made, planned[token], token, council=council, tags=tags, now=now)
    _save(made)
    case_examples_sync(council, [s for s in slots if s.featured], now=now)


def _council() -> Council | None:
    weeks = {
        w.slug: w for w in PracticeWeek.objects.filter(slug__in=[PAST_WEEK_SLUG, LIVE_WEEK_SLUG])
    }
    if LIVE_WEEK_SLUG not in weeks:
        return None
    for slug, week in weeks.items():
        if week.observations_graded != GRADED[slug]:
            week.observations_graded = GRADED[slug]
            week.save(update_fields=["observations_graded"])
    frameworks, categories = {}, {}
    for week in weeks.values():
        try:
            frameworks[week.pk] = framework_for_week(week)
        except ObservationFramework.DoesNotExist:
            return None  # no framework set up: nothing to observe with
        categories[week.pk] = list(frameworks[week.pk].categories.order_by("order"))
    visits = list(
        Visit.objects.filter(
            week__in=weeks.values(), purpose__in=[Visit.Purpose.OBSERVE, Visit.Purpose.BOTH]
        )
        .select_related("visitor", "team")
        .order_by("date", "session", "visitor__username")
    )
    teams = {v.team_id: v.team for v in visits}
    practitioners: dict[int, list[User]] = defaultdict(list)
    managers: dict[int, list[User]] = defaultdict(list)
    for membership in (
        User.teams.through.objects.filter(
            team__in=teams, user__role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER]
        )
        .select_related("user")
        .order_by("user__username")
    ):
        person = membership.user
        by_role = practitioners if person.role == Role.PRACTITIONER else managers
        by_role[membership.team_id].append(person)
    files: dict[int, list[CaseFile]] = defaultdict(list)
    for case_file in CaseFile.objects.filter(
        team__in=teams, allocated_worker__isnull=False
    ).order_by("case_reference"):
        files[case_file.team_id].append(case_file)
    usernames = {*DRAFTS, QA_STAFF_USERNAME, *(u for f in FEATURED for u in f.practitioners)}
    usernames.discard("*")
    return Council(
        weeks=weeks,
        frameworks=frameworks,
        categories=categories,
        visits=visits,
        teams=teams,
        practitioners=practitioners,
        managers=managers,
        files=files,
        users={u.username: u for u in User.objects.filter(username__in=usernames)},
    )


def _happened(slot: Slot, now: datetime) -> bool:
    """A draft exists once begun; a submitted observation once its feedback e-mail would have
    gone (a minute after submit)."""
    if slot.submitted is None:
        return slot.start <= now
    return slot.submitted + timedelta(minutes=1) <= now


# Findings --------------------------------------------------------------------------------------


def _make(
    made: Made,
    slot: Slot,
    token: uuid.UUID,
    *,
    council: Council,
    tags: dict[str, ThemeTag],
    now: datetime,
) -> None:
    rng = random.Random(f"{SEED}:observation-findings:{slot.key}")
    week = slot.week
    observation = Observation(
        client_token=token,
        week=week,
        visit=slot.visit,
        framework=council.frameworks[week.pk],
        is_graded=week.observations_graded,
        observer_id=slot.visit.visitor_id,
        team_id=slot.visit.team_id,
        setting=slot.setting,
        setting_other=slot.setting_other,
        observed_on=slot.visit.date,
        case_file=slot.case_file,
        version=rng.randint(2, 8),
        created_at=slot.start,
    )
    made.observations.append(observation)
    observed = [
        ObservationPractitioner(observation=observation, practitioner=p) for p in slot.practitioners
    ]
    made.observed += observed
    categories = council.categories[week.pk]
    if slot.submitted is None:
        _fill_draft(made, observation, rng, categories, slot, now=now)
        return
    featured = slot.featured
    grade = rng.choices(list(GRADE_WEIGHTS), list(GRADE_WEIGHTS.values()))[0]
    grade = featured.grade if featured else grade
    band = "ri" if grade == REQUIRES_IMPROVEMENT else "good"
    observation.status = Observation.Status.SUBMITTED
    # Demo work e-mails nobody and asks nobody to acknowledge it; drafts stay "app" work, so
    # one submitted in the demo e-mails and asks like any other.
    observation.source = RecordSource.DEMO
    observation.overall_grade = grade if observation.is_graded else ""
    observation.submitted_at = observation.updated_at = slot.submitted
    observation.feedback_sent_at = slot.submitted + timedelta(minutes=1)
    gives_feedback, summary = rng.random() < FEEDBACK_GIVEN, _said(rng, SUMMARIES[band], slot)
    if featured:
        gives_feedback, summary = True, featured.summary
    observation.feedback_given = gives_feedback
    observation.feedback_summary = summary if gives_feedback else ""
    for category in categories:
        written = (
            featured.notes.get(category.title, ((), ()))
            if featured
            else _points(rng, category.title, grade, slot)
        )
        _add_note(made, observation, category, written, tags if week.slug == PAST_WEEK_SLUG else {})
    _add_service_user_feedback(made, observation, rng, slot, band)
    _acknowledge(observed, observation, rng, slot, now=now)


def _points(
    rng: random.Random, title: str, grade: str, slot: Slot
) -> tuple[tuple[Point, ...], tuple[Point, ...]]:
    """What an observer wrote under one category: more strengths the better the practice."""
    strengths, areas = POINTS.get(title, GENERIC_POINTS)
    strengths = tuple(p for p in strengths if _fits(p, slot))
    areas = tuple(p for p in areas if _fits(p, slot))
    if title == INNOVATION:
        chance = {OUTSTANDING: 0.95, GOOD: 0.6, REQUIRES_IMPROVEMENT: 0.3}[grade]
        many = (int(rng.random() < chance), int(rng.random() < 0.15 and grade == OUTSTANDING))
    else:
        many = {OUTSTANDING: (2, rng.randint(0, 1)), GOOD: (2, 1), REQUIRES_IMPROVEMENT: (1, 2)}[
            grade
        ]
    said = _pick(rng, strengths, many[0], weight=_weight)
    topics = {p.topic for p in said if p.topic}
    areas = tuple(p for p in areas if p.topic not in topics)  # never contradict a strength
    return tuple(said), tuple(_pick(rng, areas, many[1], weight=_weight))


def _weight(point: Point) -> int:
    return point.weight


def _said(rng: random.Random, points: Sequence[Point], slot: Slot) -> str:
    """One of the points that fit the slot (any of them, if none fits)."""
    fitting = [p for p in points if _fits(p, slot)] or list(points)
    return _pick(rng, fitting, 1, weight=_weight)[0].text


def _pick[T](
    rng: random.Random, items: Sequence[T], count: int, *, weight: Callable[[T], int]
) -> list[T]:
    """Up to `count` different items, drawn by weight."""
    left, picked = list(items), []
    for _ in range(min(count, len(left))):
        item = rng.choices(left, [weight(i) for i in left])[0]
        left.remove(item)
        picked.append(item)
    return picked


def _fits(point: Point, slot: Slot) -> bool:
    return point.fits is None or slot.context in point.fits or slot.setting in point.fits


def _add_note(
    made: Made,
    observation: Observation,
    category: ObservationCategory,
    written: tuple[tuple[Point, ...], tuple[Point, ...]],
    tags: dict[str, ThemeTag],
) -> None:
    """One note per category, a point to a line; in the past week, tagged with its themes."""
    strengths, areas = written
    note = CategoryNote(
        observation=observation,
        category=category,
        strengths="\n".join(p.text for p in strengths),
        areas_for_development="\n".join(p.text for p in areas),
    )
    made.notes.append(note)
    for kind, points in ((PointKind.STRENGTH, strengths), (PointKind.AREA, areas)):
        for name in sorted({p.tag for p in points if p.tag in tags}):
            made.note_tags.append(NoteTag(note=note, kind=kind, tag=tags[name]))


def _fill_draft(
    made: Made,
    observation: Observation,
    rng: random.Random,
    categories: list[ObservationCategory],
    slot: Slot,
    *,
    now: datetime,
) -> None:
    """A draft part-way through: a note per category, the first one or two written."""
    observation.status = Observation.Status.DRAFT
    observation.updated_at = min(now, slot.start + timedelta(minutes=rng.randint(10, 40)))
    written = rng.randint(1, 2)
    for n, category in enumerate(categories):
        strengths, areas = _points(rng, category.title, GOOD, slot)
        if n >= written:
            strengths, areas = (), ()
        elif n == written - 1:
            areas = ()  # still typing
        _add_note(made, observation, category, (strengths, areas), {})


def _add_service_user_feedback(
    made: Made, observation: Observation, rng: random.Random, slot: Slot, band: str
) -> None:
    """What a child, parent or carer said afterwards, with their consent: after most
    observations with a family present, and never after office work."""
    assert observation.submitted_at is not None
    gives, second = rng.random() < SERVICE_USER_FEEDBACK, rng.random() < SECOND_VOICE
    voices: list[tuple[str, str, int]] = []
    if slot.featured:
        voices = list(slot.featured.voices)
    elif slot.voices and gives:
        who = _pick(rng, slot.voices, 1 + second, weight=lambda r: VOICE_WEIGHTS.get(r, 1))
        for relationship in who:
            rating = rng.choices(*RATINGS[band])[0]
            pool = WORDS[SPEAKS_AS[relationship]][rating >= 4]
            if relationship == FATHER:  # a father may say what any parent says
                pool = (*pool, *WORDS["parent"][rating >= 4])
            voices.append((relationship, _said(rng, pool, slot), rating))
    for n, (relationship, words, rating) in enumerate(voices):
        made.feedback.append(
            ServiceUserFeedback(
                observation=observation,
                case_file=observation.case_file,
                relationship=relationship,
                consent_given=True,
                words=words,
                rating=rating,
                recorded_by_id=observation.observer_id,
                # Recorded on the form before it was submitted.
                recorded_at=observation.submitted_at - timedelta(minutes=10 - n),
            )
        )


def _acknowledge(
    observed: list[ObservationPractitioner],
    observation: Observation,
    rng: random.Random,
    slot: Slot,
    *,
    now: datetime,
) -> None:
    """Most practitioners acknowledged the past week's feedback, many with a reflection; some
    have done so in the live week."""
    assert observation.submitted_at is not None
    featured = slot.featured
    for n, row in enumerate(observed):
        acknowledges = rng.random() < ACKNOWLEDGED[slot.week.slug]
        after = timedelta(hours=rng.randint(2, 40), minutes=rng.randint(0, 59))
        reflects, reflection = rng.random() < WITH_REFLECTION, rng.choice(REFLECTIONS)
        if featured:
            acknowledges = featured.acknowledged
            if n == 0 and featured.reflection:
                reflects, reflection = True, featured.reflection
        acknowledged = observation.submitted_at + after
        if acknowledges and acknowledged <= now:
            row.acknowledged_at = acknowledged
            row.reflection = reflection if reflects else ""


# Saving ----------------------------------------------------------------------------------------


def _save(made: Made) -> None:
    insert(Observation, made.observations, ["created_at", "updated_at"])
    insert(ObservationPractitioner, made.observed)
    insert(CategoryNote, made.notes)
    insert(NoteTag, made.note_tags)
    insert(ServiceUserFeedback, made.feedback, ["recorded_at"])


def theme_tags_sync(council: Council) -> dict[str, ThemeTag]:
    """The past week's themes, as its QA lead tagged them after the week."""
    week = council.weeks.get(PAST_WEEK_SLUG)
    if week is None:
        return {}
    written = [*POINTS.values(), *(pools for f in FEATURED for pools in f.notes.values())]
    names = {p.tag for pools in written for pool in pools for p in pool if p.tag}
    tags = {t.name: t for t in ThemeTag.objects.filter(week=week, name__in=names)}
    tagged_at = at(week.end_date + THEME_TAGS_ADDED_AFTER, time(10, 0))
    new = [
        ThemeTag(week=week, name=name, created_at=tagged_at) for name in sorted(names - set(tags))
    ]
    insert(ThemeTag, new, ["created_at"])
    return tags | {t.name: t for t in new}


def case_examples_sync(council: Council, featured: list[Slot], *, now: datetime) -> None:
    """The featured observations' case examples and one from an audit, each made once (found by
    title): flagged by the observer or auditor, approved by the QA lead some days later."""
    specs = [s.featured.example for s in featured if s.featured and s.featured.example]
    titles = [spec.title for spec in [*specs, AUDIT_EXAMPLE]]
    made = set(CaseExample.objects.filter(title__in=titles).values_list("title", flat=True))
    sources = Observation.objects.submitted().in_bulk(
        [token_for(s.key) for s in featured], field_name="client_token"
    )
    qa_lead = council.users.get(QA_STAFF_USERNAME)
    examples = []
    for slot in featured:
        spec = slot.featured.example if slot.featured else None
        observation = sources.get(token_for(slot.key))
        if spec and spec.title not in made and observation:
            examples.append(_example(spec, observation, qa_lead, now=now))
    if AUDIT_EXAMPLE.title not in made and (audit := _best_audit(council)):
        examples.append(_example(AUDIT_EXAMPLE, audit, qa_lead, now=now))
    insert(CaseExample, [e for e in examples if e is not None], ["flagged_at"])


def _best_audit(council: Council) -> Audit | None:
    """The past week's best file: Outstanding if any, the child's voice noted if possible."""
    week = council.weeks.get(PAST_WEEK_SLUG)
    audits = Audit.objects.submitted().filter(
        week=week, overall_grade__in=[OUTSTANDING, GOOD], case_example__isnull=True
    )
    ranked = sorted(
        audits.order_by("client_token"),
        key=lambda a: (a.overall_grade != OUTSTANDING, "child's voice" not in a.working_well),
    )
    return ranked[0] if ranked else None


def _example(
    spec: ExampleSpec, source: Observation | Audit, qa_lead: User | None, *, now: datetime
) -> CaseExample | None:
    assert source.submitted_at is not None
    flagged = source.submitted_at + EXAMPLE_FLAGGED_AFTER
    if flagged > now:
        return None
    example = CaseExample(
        observation=source if isinstance(source, Observation) else None,
        audit=source if isinstance(source, Audit) else None,
        team_id=source.team_id,
        week_id=source.week_id,
        kind=spec.kind,
        title=spec.title,
        write_up=spec.write_up,
        anonymised_confirmed=True,
        flagged_by_id=source.observer_id if isinstance(source, Observation) else source.auditor_id,
        flagged_at=flagged,
    )
    decided = flagged + EXAMPLE_DECIDED_AFTER
    if spec.is_approved and qa_lead and decided <= now:
        example.status, example.decided_by, example.decided_at = (
            CaseExample.Status.APPROVED,
            qa_lead,
            decided,
        )
    return example


# Counts ----------------------------------------------------------------------------------------


def observation_counts(*, today: date) -> dict[str, int]:
    """What the summary of `seed_demo` prints about observations (the same any day)."""
    submitted = Observation.objects.submitted()
    counts = {"observations submitted": submitted.count()}
    for week in PracticeWeek.objects.filter(slug__in=[PAST_WEEK_SLUG, LIVE_WEEK_SLUG]).order_by(
        "start_date"
    ):
        graded = "graded" if week.observations_graded else "not graded"
        counts[f"  in {week.title} ({graded})"] = submitted.filter(week=week).count()
    counts["  with feedback from a child, parent or carer"] = (
        submitted.filter(service_user_feedback__isnull=False).distinct().count()
    )
    counts["observation drafts in progress"] = Observation.objects.drafts().count()
    counts["case examples"] = CaseExample.objects.count()
    counts["  waiting for approval"] = CaseExample.objects.filter(
        status=CaseExample.Status.PENDING
    ).count()
    return counts
