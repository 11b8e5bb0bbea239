"""Who may read an observation: observations_visible_to, the permission matrix."""

import pytest

from observations.selectors import framework_for_week, observations_visible_to
from practiceweek.models import Role
from tests.factories import (
    ObservationFactory,
    ObservationFrameworkFactory,
    PracticeWeekFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_practitioner_sees_only_submitted_observations_of_themselves() -> None:
    me, colleague = UserFactory(), UserFactory()
    shared = ObservationFactory(submitted=True, practitioners=[me, colleague])
    colleague_only = ObservationFactory(submitted=True, practitioners=[colleague])
    draft_of_me = ObservationFactory(practitioners=[me])

    visible = set(observations_visible_to(me))

    assert visible == {shared}
    assert colleague_only not in visible and draft_of_me not in visible
    assert set(observations_visible_to(colleague)) == {shared, colleague_only}


def test_observer_sees_own_drafts_and_managers_see_their_teams_submitted() -> None:
    manager = UserFactory(role=Role.TEAM_MANAGER)
    team = TeamFactory(manager=manager)
    draft = ObservationFactory(team=team)
    submitted = ObservationFactory(team=team, submitted=True)
    ObservationFactory(submitted=True)  # another team

    assert set(observations_visible_to(draft.observer)) == {draft}
    assert set(observations_visible_to(manager)) == {submitted}
    assert observations_visible_to(UserFactory(role=Role.QA_ADMIN)).count() == 3


def test_week_uses_its_framework_or_the_default() -> None:
    chosen = ObservationFrameworkFactory(categories=2)
    week = PracticeWeekFactory()
    assert framework_for_week(week).name == "Practice observation"
    assert [c.title for c in framework_for_week(week).categories.all()] == [
        "Leadership",
        "The voice of the child",
        "The parent/carer experience",
        "Good or innovative practice",
    ]
    week.observation_framework = chosen
    assert framework_for_week(week) == chosen
