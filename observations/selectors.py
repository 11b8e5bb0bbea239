"""Shared reads of observations, scoped to who may see them (the permission matrix lives here).

Pages add their own reads below `observations_visible_to`; every object a page shows is looked
up through a user-scoped queryset, so anyone else gets a 404, never someone else's data.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from audits.extras import FeedbackRow
from audits.models import Audit
from audits.selectors import HomeAudits, feedback_for_practitioner
from practiceweek.access import Action, may
from practiceweek.models import PracticeWeek, RecordSource, Role, Team, User

from .access import (
    can_acknowledge_observation,
    can_add_service_user_feedback,
    can_edit_observation,
    can_see_case_example,
    can_see_observation_history,
)
from .feedback import is_praised_case_example, praise
from .followup import observed_row
from .models import (
    CaseExample,
    CategoryNote,
    Observation,
    ObservationFramework,
    ObservationPractitioner,
    ObservationQuerySet,
    ServiceUserFeedback,
)


def observations_visible_to(user: User) -> ObservationQuerySet:
    """Observations a person may read.

    - QA administrators: every observation.
    - The observer: their own, drafts included.
    - A practitioner observed: submitted observations of them (one observed together with a
      colleague sees that shared observation, and nothing else of the colleague's).
    - The observed team's Team Manager and Service Manager: submitted observations of the team.
    Everybody else: nothing.
    """
    observations = Observation.objects.all()
    if user.is_qa_admin:
        return observations
    observed = ObservationPractitioner.objects.filter(practitioner=user).values("observation_id")
    return observations.filter(
        Q(observer=user)
        | (
            Q(status=Observation.Status.SUBMITTED)
            & (Q(pk__in=observed) | Q(team__manager=user) | Q(team__service_manager=user))
        )
    )


def framework_for_week(week: PracticeWeek) -> ObservationFramework:
    """The week's chosen framework, or the default one. Raises ObservationFramework.DoesNotExist
    when the week chose none and no framework is the default."""
    if week.observation_framework_id is not None:
        return ObservationFramework.objects.get(pk=week.observation_framework_id)
    return ObservationFramework.objects.get(is_default=True)


# --- Reading observations: the observation page, team observations, my feedback, home. ---
# Each loads a fixed number of queries whatever the number of rows (pinned in tests).


def observation_reading_queryset(user: User) -> ObservationQuerySet:
    """Observations the person may read, with all the observation page shows: 4 queries for
    one observation (it, its practitioners, its notes, its service-user feedback)."""
    return (
        observations_visible_to(user)
        .select_related("team__service", "observer", "case_file", "week", "case_example")
        .prefetch_related(
            Prefetch(
                "observed",
                queryset=ObservationPractitioner.objects.select_related("practitioner").order_by(
                    "practitioner__last_name", "practitioner__first_name", "pk"
                ),
            ),
            Prefetch(
                "notes",
                queryset=CategoryNote.objects.select_related("category").order_by(
                    "category__order", "pk"
                ),
            ),
            Prefetch(
                "service_user_feedback",
                queryset=ServiceUserFeedback.objects.order_by("recorded_at", "pk"),
            ),
        )
    )


def follows_up(*, observation: Observation, user: User) -> bool:
    """Whether the person reads every practitioner's acknowledgement and reflection: the
    observer, the team's Team Manager and Service Manager, and QA administrators. A
    practitioner observed reads only their own."""
    team = observation.team
    return user.is_qa_admin or user.pk in (
        observation.observer_id,
        team.manager_id,
        team.service_manager_id,
    )


@dataclass(frozen=True)
class ObservationPage:
    """What the observation page shows, and what the person reading it may do."""

    observation: Observation
    practitioners: list[User]  # everyone observed (names only)
    notes: list[CategoryNote]
    service_user_feedback: list[ServiceUserFeedback]
    case_example: CaseExample | None  # also None when a declined one is not for this reader
    mine: ObservationPractitioner | None  # the reader's own part, when they were observed
    acknowledgements: list[ObservationPractitioner]  # everyone's, for those who follow up
    praise: str | None  # for a practitioner observed; None for everybody else
    may_acknowledge: bool
    may_edit: bool
    may_see_history: bool
    may_flag_case_example: bool
    may_add_feedback: bool


def observation_page(*, observation: Observation, user: User) -> ObservationPage:
    """The page of an observation loaded by `observation_reading_queryset`: no further queries."""
    rows = list(observation.observed.all())
    mine = observed_row(observation=observation, person=user)
    sees_all = follows_up(observation=observation, user=user)
    example: CaseExample | None = getattr(observation, "case_example", None)  # reverse 1:1
    example_status = example.status if example else None
    practitioner_ids = {r.practitioner_id for r in rows}
    if example and not can_see_case_example(
        user,
        example,
        author_id=observation.observer_id,
        practitioner_ids=practitioner_ids,
        team=observation.team,
    ):
        example = None
    is_author = can_edit_observation(user, observation)
    return ObservationPage(
        observation=observation,
        practitioners=[r.practitioner for r in rows],
        notes=list(observation.notes.all()),
        service_user_feedback=list(observation.service_user_feedback.all()),
        case_example=example,
        mine=mine,
        acknowledgements=rows if sees_all else [],
        praise=praise(
            grade=observation.overall_grade if observation.is_graded else "",
            is_case_example=is_praised_case_example(example_status),
        )
        if mine
        else None,
        may_acknowledge=mine is not None
        and mine.acknowledged_at is None
        and can_acknowledge_observation(user, observation),
        may_edit=is_author,
        may_see_history=can_see_observation_history(user, observation),
        may_flag_case_example=is_author and example_status is None,
        may_add_feedback=can_add_service_user_feedback(user, observation),
    )


def team_observation_list(
    user: User, *, teams: list[Team], team_id: int | None
) -> list[Observation]:
    """Submitted observations of the teams a person manages (audits.selectors.teams_managed_by),
    grouped by team, newest first, each with its practitioners' acknowledgements and its count
    of service-user feedback (`feedback_count`). Two queries; none if they manage no team."""
    team_ids = [t.pk for t in teams if team_id is None or t.pk == team_id]
    if not team_ids:
        return []
    every_team = may(user, Action.SEE_EVERY_TEAM) and team_id is None  # not every team's id
    observations = (
        observations_visible_to(user)
        .submitted()
        .filter(Q() if every_team else Q(team_id__in=team_ids))
        .select_related("team__service", "observer", "case_example")
        .prefetch_related(
            Prefetch(
                "observed",
                queryset=ObservationPractitioner.objects.select_related("practitioner").order_by(
                    "practitioner__last_name", "practitioner__first_name", "pk"
                ),
            )
        )
        .annotate(feedback_count=Count("service_user_feedback"))
        .order_by("team__service__name", "team__name", "-observed_on", "-pk")
    )
    return list(observations)


def feedback_rows_for_practitioner(user: User) -> list[FeedbackRow]:
    """My feedback's rows (`audits.extras`): submitted audits of the person's cases and
    submitted observations of them, each with its acknowledgement state and praise said plainly
    (an audit's praise counts a case example flagged from it). Two queries."""
    audits = feedback_for_practitioner(user).select_related("case_example")
    observed = (
        ObservationPractitioner.objects.filter(
            practitioner=user, observation__status=Observation.Status.SUBMITTED
        )
        .select_related("observation__team", "observation__case_example")
        .order_by("-observation__observed_on", "-observation__pk")
    )
    return [_audit_row(a) for a in audits] + [_observation_row(r) for r in observed]


def _case_example_status(item: object) -> str | None:
    example = getattr(item, "case_example", None)  # reverse one-to-one: absent unless flagged
    return example.status if example else None


def _audit_row(audit: Audit) -> FeedbackRow:
    return FeedbackRow(
        kind="audit",
        pk=audit.pk,
        on=audit.audited_on,
        submitted_at=audit.submitted_at,
        what=audit.get_audit_type_display(),
        team=audit.team,
        grade=audit.overall_grade,
        grade_label=audit.get_overall_grade_display(),
        is_ungraded=False,
        acknowledged_at=audit.acknowledged_at,
        is_acknowledgement_asked=audit.is_from_app,
        praise=praise(
            grade=audit.overall_grade,
            is_case_example=is_praised_case_example(_case_example_status(audit)),
            source="audit",
        ),
    )


def _observation_row(row: ObservationPractitioner) -> FeedbackRow:
    observation = row.observation
    return FeedbackRow(
        kind="observation",
        pk=observation.pk,
        on=observation.observed_on,
        submitted_at=observation.submitted_at,
        what=observation.setting_words,
        team=observation.team,
        grade=observation.overall_grade,
        grade_label=observation.get_overall_grade_display(),
        is_ungraded=not observation.is_graded,
        acknowledged_at=row.acknowledged_at,
        is_acknowledgement_asked=observation.is_from_app,
        praise=praise(
            grade=observation.overall_grade if observation.is_graded else "",
            is_case_example=is_praised_case_example(_case_example_status(observation)),
        ),
    )


def observation_feedback_waiting_count(user: User) -> int:
    """How many submitted observations of the person they have not acknowledged yet."""
    return ObservationPractitioner.objects.filter(
        practitioner=user,
        acknowledged_at__isnull=True,
        observation__status=Observation.Status.SUBMITTED,
        observation__source=RecordSource.APP,
    ).count()


@dataclass(frozen=True)
class HomeObservations:
    """What the observations side of the home page tells a person: two queries."""

    drafts: list[Observation]
    feedback_waiting: int  # audits and observations together, for one line on the page


HOME_DRAFTS_SHOWN = 5


def home_observations(user: User, *, audit_feedback_waiting: int) -> HomeObservations:
    """The person's draft observations (last saved first) and how much feedback waits for them,
    adding `audit_feedback_waiting` (audits.selectors.home_audits) to the observations'."""
    drafts = list(
        Observation.objects.drafts()
        .filter(observer=user)
        .select_related("team")
        .order_by("-updated_at", "-pk")[:HOME_DRAFTS_SHOWN]
    )
    waiting = observation_feedback_waiting_count(user)
    return HomeObservations(drafts=drafts, feedback_waiting=audit_feedback_waiting + waiting)


def home_panel(user: User, today: date, earlier: Mapping[str, object]) -> HomeObservations:
    """The observations panel of the home page (registered with practiceweek.home_panels in
    ObservationsConfig.ready), counting with the feedback the audits panel found waiting."""
    audits = earlier.get("audits")
    waiting = audits.feedback_waiting if isinstance(audits, HomeAudits) else 0
    return home_observations(user, audit_feedback_waiting=waiting)


# --- The recording form's reads (shared with the saves in observations.services) ---------


# Who may be added from another team: the people whose practice is observed.
OBSERVABLE_ROLES = (Role.PRACTITIONER, Role.TEAM_MANAGER)


@dataclass(frozen=True)
class EditingState:
    notes: list[CategoryNote]  # one per category, in category order
    chosen: list[User]  # practitioners observed so far, in the order they were added
    team_members: list[User]  # active members of the observed team
    others: list[User]  # others who may be added, each with their teams prefetched


def observation_notes(*, observation: Observation) -> list[CategoryNote]:
    """The observation's notes in category order, each with its category: one query."""
    return list(observation.notes.select_related("category").order_by("category__order", "pk"))


def observation_practitioners(*, observation: Observation) -> list[User]:
    """The practitioners observed, in the order they were added: one query."""
    rows = ObservationPractitioner.objects.filter(observation=observation).select_related(
        "practitioner"
    )
    return [row.practitioner for row in rows.order_by("pk")]


def practitioner_queryset(*, team: Team, chosen_ids: list[int]) -> QuerySet[User]:
    """Everyone the form accepts as observed: the team's active members, active practitioners
    and team managers of any team, and whoever is already chosen (even if they left since)."""
    return User.objects.filter(
        Q(is_active=True, teams=team)
        | Q(is_active=True, role__in=OBSERVABLE_ROLES)
        | Q(pk__in=chosen_ids)
    ).distinct()


def observation_editing_state(*, observation: Observation) -> EditingState:
    """Everything the form shows besides the observation itself: five queries."""
    chosen = observation_practitioners(observation=observation)
    members = list(
        observation.team.members.filter(is_active=True).order_by("last_name", "first_name", "pk")
    )
    listed = {m.pk for m in members} | {c.pk for c in chosen}
    others = (
        User.objects.filter(is_active=True, role__in=OBSERVABLE_ROLES)
        .exclude(pk__in=listed)
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("last_name", "first_name", "pk")
    )
    return EditingState(
        notes=observation_notes(observation=observation),
        chosen=chosen,
        team_members=members,
        others=list(others),
    )


def observations_by_observer(user: User) -> tuple[ObservationQuerySet, ObservationQuerySet]:
    """The person's own drafts (last touched first) and submitted observations (newest first),
    each with its week, team and practitioners: two queries per list."""
    observations = (
        Observation.objects.filter(observer=user)
        .select_related("week", "team__service", "case_file")
        .prefetch_related(
            Prefetch("practitioners", queryset=User.objects.order_by("last_name", "first_name"))
        )
    )
    return (
        observations.drafts().order_by("-updated_at", "-pk"),
        observations.submitted().order_by("-submitted_at", "-pk"),
    )
