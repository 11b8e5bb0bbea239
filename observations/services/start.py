"""Starting an observation."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.dateformat import format as date_format

from practiceweek import drafts
from practiceweek.models import PracticeWeek, Team, User, Visit

from ..models import CategoryNote, Observation, ObservationFramework
from ..selectors import framework_for_week
from .rules import setting_errors
from .values import NO_FRAMEWORK, WEEK_NOT_LIVE_START


def observation_start(
    *,
    observer: User,
    week: PracticeWeek,
    team: Team,
    setting: str,
    observed_on: date,
    client_token: uuid.UUID,
    setting_other: str = "",
    visit: Visit | None = None,
) -> Observation:
    """Create a draft observation with one empty note per category of the week's framework.

    The framework and whether it is graded are copied from the week now: a later change of the
    week's choice does not change what was recorded. Idempotent on `client_token`: a token this
    observer already used returns the observation it made. Raises ValidationError keyed by
    field for a week that is not live, a visit of another week or team (or not for observing),
    a date outside the week, "Other" without a description, or no framework set up.
    """
    token = drafts.StartToken(Observation, client_token, "observer", observer)
    existing = token.started()
    if existing is not None:
        return existing
    _check_start(
        week=week,
        team=team,
        visit=visit,
        setting=setting,
        setting_other=setting_other,
        observed_on=observed_on,
    )
    try:
        framework = framework_for_week(week)
    except ObservationFramework.DoesNotExist as exc:
        raise ValidationError(NO_FRAMEWORK) from exc

    def create() -> Observation:
        observation = Observation.objects.create(
            week=week,
            visit=visit,
            framework=framework,
            is_graded=week.observations_graded,
            observer=observer,
            team=team,
            setting=setting,
            setting_other=setting_other.strip(),
            observed_on=observed_on,
            client_token=client_token,
        )
        CategoryNote.objects.bulk_create(
            CategoryNote(observation=observation, category=category)
            for category in framework.categories.order_by("order")
        )
        return observation

    return token.create_once(create)


def _check_start(
    *,
    week: PracticeWeek,
    team: Team,
    visit: Visit | None,
    setting: str,
    setting_other: str,
    observed_on: date,
) -> None:
    if week.status != PracticeWeek.Status.LIVE:
        raise ValidationError({"week": WEEK_NOT_LIVE_START})
    errors: dict[str, str] = {}
    if visit is not None:
        if (visit.week_id, visit.team_id) != (week.pk, team.pk):
            errors["visit"] = "This visit belongs to another week or team: start from the visit."
        elif not visit.includes_observations:
            errors["visit"] = "This visit is for auditing files, not observing practice."
    if not week.start_date <= observed_on <= week.end_date:
        first, last = date_format(week.start_date, "j F"), date_format(week.end_date, "j F Y")
        errors["observed_on"] = f"Choose a day of the practice week: {first} to {last}."
    errors |= setting_errors(setting=setting, setting_other=setting_other)
    if errors:
        raise ValidationError(errors)
