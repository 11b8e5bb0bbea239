"""The recording form's reads, shared with the saves (as audits.selectors does for the audit
form). TODO(issue 4): move into observations/selectors.py once the parallel work there settles.
Each read is a fixed number of queries whatever the data size.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from practiceweek.models import Role, Team, User

from ..models import CategoryNote, Observation, ObservationPractitioner, ObservationQuerySet

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
