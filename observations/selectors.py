"""Shared reads of observations, scoped to who may see them (the permission matrix lives here).

Pages add their own reads below `observations_visible_to`; every object a page shows is looked
up through a user-scoped queryset, so anyone else gets a 404, never someone else's data.
"""

from django.db.models import Q

from practiceweek.models import PracticeWeek, User

from .models import Observation, ObservationFramework, ObservationPractitioner, ObservationQuerySet


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
