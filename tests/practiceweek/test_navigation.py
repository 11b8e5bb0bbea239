"""Each role is offered the pages meant for it, and a councillor none."""

import pytest
from django.contrib.auth.models import AnonymousUser

from practiceweek import navigation
from practiceweek.models import Role, User
from practiceweek.navigation import NavLink, nav_links


def labels(user) -> list[str]:
    return [link.label for link in nav_links(user)]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.PRACTITIONER, ["Practice weeks", "My feedback", "Actions", "Case examples"]),
        (
            # Team Managers audit and observe too (practiceweek.access.may_record_work), so they
            # are offered My audits and My observations as well as their team's feedback.
            Role.TEAM_MANAGER,
            [
                "Practice weeks",
                "My audits",
                "My observations",
                "My feedback",
                "Actions",
                "Team",
                "Case examples",
            ],
        ),
        (
            Role.SERVICE_MANAGER,
            [
                "Practice weeks",
                "My audits",
                "My observations",
                "Actions",
                "Team",
                "Escalations",
                "Case examples",
            ],
        ),
        (
            Role.DIRECTOR,
            ["Practice weeks", "My audits", "My observations", "Actions", "Case examples"],
        ),
        (
            Role.HEAD_OF_SERVICE,
            [
                "Practice weeks",
                "My audits",
                "My observations",
                "Actions",
                "Escalations",
                "Case examples",
            ],
        ),
        (
            Role.MODERATOR,
            ["Practice weeks", "My audits", "My observations", "Actions", "Case examples"],
        ),
        (
            Role.QA_ADMIN,
            [
                "Practice weeks",
                "My audits",
                "My observations",
                "Actions",
                "Team",
                "Escalations",
                "Case examples",
                "Themes",
                "Reports",
            ],
        ),
        (Role.SCRUTINY_MEMBER, ["Reports"]),
    ],
)
def test_links_follow_the_role(role, expected):
    assert labels(User(role=role)) == expected


def test_team_link_leads_to_the_team_observations_page():
    team = next(link for link in nav_links(User(role=Role.TEAM_MANAGER)) if link.label == "Team")
    assert team.url_name == "observations:team"


def test_anonymous_gets_no_links():
    assert nav_links(AnonymousUser()) == []


@pytest.mark.django_db
def test_top_bar_marks_the_current_page(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.PRACTITIONER))
    html = client.get("/weeks/").content.decode()
    assert 'href="/weeks/" aria-current="page">Practice weeks' in html
    assert ">My feedback</a>" in html


def test_the_apps_offer_their_links_through_the_registry_in_order():
    # The core names no app's pages: audits, observations and reports register them.
    superuser = User(role=Role.QA_ADMIN, is_superuser=True)
    assert [link.url_name for link in nav_links(superuser)] == [
        "practiceweek:week_list",
        "audits:mine",
        "observations:mine",
        "audits:actions",
        "observations:team",
        "audits:escalations",
        "observations:case_examples",
        "observations:themes",
        "reports:list",
    ]


def test_registering_a_link_again_replaces_it_and_the_panel_sees_only_its_own(monkeypatch):
    monkeypatch.setattr(navigation, "_entries", {})
    navigation.register(NavLink("Old", "a:b", "a"), order=2, audience=navigation.everyone)
    navigation.register(NavLink("First", "c:d", "c"), order=1, audience=navigation.everyone)
    navigation.register(NavLink("New", "a:b", "a"), order=3, audience=navigation.everyone)
    navigation.register_for_scrutiny_panel(NavLink("Panel", "e:f", "e"), order=0)

    assert labels(User(role=Role.PRACTITIONER)) == ["Practice weeks", "First", "New"]
    assert labels(User(role=Role.SCRUTINY_MEMBER)) == ["Panel"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in Role if role != Role.SCRUTINY_MEMBER])
def test_every_link_offered_opens_for_that_role(client, role):
    """A link follows its page's own rule (practiceweek.access): nobody is offered a page that
    refuses them."""
    from django.urls import reverse

    user = User.objects.create_user(username=f"nav-{role}", password="pw-long-enough-1", role=role)
    client.force_login(user)
    for link in nav_links(user):
        response = client.get(reverse(link.url_name))
        assert response.status_code == 200, (role, link.url_name, response.status_code)
