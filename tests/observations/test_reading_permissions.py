"""The permission matrix of the observation reading pages, over HTTP: every role against every
page and action.

One submitted observation of two practitioners together in a team ("shared"), another of the
colleague alone, and a draft of the practitioner. Each role gets what it is entitled to or a
403/404 (anonymous: the log-in page), never the data.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from observations.models import Observation, ObservationPractitioner, ServiceUserFeedback
from practiceweek.models import Role, User
from tests.factories import (
    ObservationFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = [
    "qa_admin",
    "observer",
    "practitioner",
    "colleague",
    "team_member",
    "team_manager",
    "service_manager",
    "other_manager",
    "head_of_service",
    "scrutiny",
    "anonymous",
]


@dataclass
class World:
    people: dict[str, User]
    shared: Observation
    colleague_only: Observation
    draft: Observation
    elsewhere: Observation


@pytest.fixture
def world() -> World:
    hos = UserFactory(role=Role.HEAD_OF_SERVICE)
    tm = UserFactory(role=Role.TEAM_MANAGER)
    sm = UserFactory(role=Role.SERVICE_MANAGER)
    team = TeamFactory(service=ServiceFactory(head_of_service=hos), manager=tm, service_manager=sm)
    other_tm = UserFactory(role=Role.TEAM_MANAGER)
    other_team = TeamFactory(manager=other_tm)
    practitioner, colleague = UserFactory(teams=[team]), UserFactory(teams=[team])
    observer = UserFactory(role=Role.DIRECTOR)
    people = {
        "qa_admin": UserFactory(role=Role.QA_ADMIN),
        "observer": observer,
        "practitioner": practitioner,
        "colleague": colleague,
        "team_member": UserFactory(teams=[team]),
        "team_manager": tm,
        "service_manager": sm,
        "other_manager": other_tm,
        "head_of_service": hos,
        "scrutiny": UserFactory(role=Role.SCRUTINY_MEMBER),
    }
    return World(
        people=people,
        shared=ObservationFactory(
            submitted=True,
            team=team,
            observer=observer,
            practitioners=[practitioner, colleague],
            feedback_summary="SHARED-OBSERVATION-TEXT",
        ),
        colleague_only=ObservationFactory(
            submitted=True,
            team=team,
            practitioners=[colleague],
            feedback_summary="COLLEAGUE-ONLY-TEXT",
        ),
        draft=ObservationFactory(team=team, observer=observer, practitioners=[practitioner]),
        elsewhere=ObservationFactory(
            submitted=True,
            team=other_team,
            practitioners=[UserFactory(teams=[other_team])],
            feedback_summary="ELSEWHERE-TEXT",
        ),
    )


def _as(client, world: World, role: str):
    if role != "anonymous":
        client.force_login(world.people[role])
    return client


def _assert_outcome(response, expected) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")
    else:
        assert response.status_code == expected


SHARED_DETAIL = {
    "qa_admin": 200,
    "observer": 200,
    "practitioner": 200,
    "colleague": 200,  # observed together: the shared observation is theirs too
    "team_member": 404,
    "team_manager": 200,
    "service_manager": 200,
    "other_manager": 404,
    "head_of_service": 404,
    "scrutiny": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize("role", ROLES)
def test_shared_observation_detail(client, world, role):
    url = reverse("observations:detail", args=[world.shared.pk])
    response = _as(client, world, role).get(url)
    _assert_outcome(response, SHARED_DETAIL[role])
    assert ("SHARED-OBSERVATION-TEXT" in response.content.decode()) == (SHARED_DETAIL[role] == 200)


COLLEAGUE_ONLY_DETAIL = {
    **SHARED_DETAIL,
    "observer": 404,  # someone else observed it
    "practitioner": 404,  # observed together once: nothing else of the colleague's
}


@pytest.mark.parametrize("role", ROLES)
def test_colleagues_other_observation_detail(client, world, role):
    url = reverse("observations:detail", args=[world.colleague_only.pk])
    response = _as(client, world, role).get(url)
    _assert_outcome(response, COLLEAGUE_ONLY_DETAIL[role])
    assert ("COLLEAGUE-ONLY-TEXT" in response.content.decode()) == (
        COLLEAGUE_ONLY_DETAIL[role] == 200
    )


DRAFT_DETAIL = {
    "qa_admin": 302,
    "observer": 302,  # to the form
    **dict.fromkeys(["practitioner", "colleague", "team_member", "team_manager"], 404),
    **dict.fromkeys(["service_manager", "other_manager", "head_of_service"], 404),
    "scrutiny": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize("role", ROLES)
def test_draft_detail(client, world, role):
    response = _as(client, world, role).get(reverse("observations:detail", args=[world.draft.pk]))
    _assert_outcome(response, DRAFT_DETAIL[role])
    if DRAFT_DETAIL[role] == 302:
        assert response.url == reverse("observations:edit", args=[world.draft.pk])


ACKNOWLEDGE = {
    "qa_admin": 403,
    "observer": 403,
    "practitioner": 302,
    "colleague": 302,
    "team_member": 404,
    "team_manager": 403,
    "service_manager": 403,
    "other_manager": 404,
    "head_of_service": 404,
    "scrutiny": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize("role", ROLES)
def test_acknowledge_post(client, world, role):
    url = reverse("observations:acknowledge", args=[world.shared.pk])
    response = _as(client, world, role).post(url, {"reflection": "Noted."})
    _assert_outcome(response, ACKNOWLEDGE[role])
    acknowledged = set(
        ObservationPractitioner.objects.filter(acknowledged_at__isnull=False).values_list(
            "practitioner_id", flat=True
        )
    )
    assert acknowledged == ({world.people[role].pk} if ACKNOWLEDGE[role] == 302 else set())


def test_acknowledging_a_draft_is_404(client, world):
    client.force_login(world.people["practitioner"])
    response = client.post(reverse("observations:acknowledge", args=[world.draft.pk]))
    assert response.status_code == 404


FEEDBACK_ADD = {
    "qa_admin": 302,
    "observer": 302,
    "practitioner": 403,
    "colleague": 403,
    "team_member": 404,
    "team_manager": 403,
    "service_manager": 403,
    "other_manager": 404,
    "head_of_service": 404,
    "scrutiny": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize("role", ROLES)
def test_service_user_feedback_post(client, world, role):
    url = reverse("observations:feedback_add", args=[world.shared.pk])
    data = {"relationship": "child", "consent_given": "on", "words": "Kind.", "rating": "5"}
    response = _as(client, world, role).post(url, data)
    _assert_outcome(response, FEEDBACK_ADD[role])
    assert ServiceUserFeedback.objects.count() == (1 if FEEDBACK_ADD[role] == 302 else 0)


@pytest.mark.parametrize(
    "name", ["observations:detail", "observations:acknowledge", "observations:feedback_add"]
)
def test_another_teams_observation_is_404_for_a_manager(client, world, name):
    client.force_login(world.people["team_manager"])
    url = reverse(name, args=[world.elsewhere.pk])
    assert client.get(url).status_code == (405 if name == "observations:acknowledge" else 404)
    assert client.post(url).status_code == 404
    assert "ELSEWHERE-TEXT" not in client.post(url).content.decode()


def test_acknowledge_refuses_get(client, world):
    client.force_login(world.people["practitioner"])
    response = client.get(reverse("observations:acknowledge", args=[world.shared.pk]))
    assert response.status_code == 405


# Which roles see each observation listed on the list pages (others see the page without it).
LISTED = {
    "audits:my_feedback": {
        "shared": {"practitioner", "colleague"},
        "colleague_only": {"colleague"},
        "elsewhere": set(),
    },
    "observations:team": {
        "shared": {"qa_admin", "team_manager", "service_manager"},
        "colleague_only": {"qa_admin", "team_manager", "service_manager"},
        "elsewhere": {"qa_admin", "other_manager"},
    },
}


@pytest.mark.parametrize("page", sorted(LISTED))
@pytest.mark.parametrize("role", ROLES)
def test_list_pages_show_only_what_the_role_may_see(client, world, role, page):
    response = _as(client, world, role).get(reverse(page))
    _assert_outcome(response, {"scrutiny": 403, "anonymous": LOGIN}.get(role, 200))
    html = response.content.decode()
    for name, roles in LISTED[page].items():
        link = reverse("observations:detail", args=[getattr(world, name).pk])
        assert (f'href="{link}"' in html) == (role in roles), name
    assert reverse("observations:detail", args=[world.draft.pk]) + '"' not in html


def test_a_practitioner_does_not_read_the_colleagues_reflection(client, world):
    from observations.followup import observation_acknowledge

    observation_acknowledge(
        observation=world.shared,
        person=world.people["colleague"],
        reflection="COLLEAGUE-REFLECTION",
    )
    client.force_login(world.people["practitioner"])
    html = client.get(reverse("observations:detail", args=[world.shared.pk])).content.decode()
    assert "SHARED-OBSERVATION-TEXT" in html
    assert "COLLEAGUE-REFLECTION" not in html
    client.force_login(world.people["team_manager"])
    html = client.get(reverse("observations:detail", args=[world.shared.pk])).content.decode()
    assert "COLLEAGUE-REFLECTION" in html


@pytest.mark.parametrize("role", ["practitioner", "observer", "qa_admin"])
def test_every_post_form_carries_a_csrf_token(client, world, role):
    client.force_login(world.people[role])
    name = "observations:detail" if role == "practitioner" else "observations:feedback_add"
    html = client.get(reverse(name, args=[world.shared.pk])).content.decode()
    forms = html.count('method="post"')
    assert forms >= 1
    assert html.count('name="csrfmiddlewaretoken"') == forms
