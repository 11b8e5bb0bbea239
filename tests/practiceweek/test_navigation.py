"""Each role is offered the pages meant for it, and a councillor none."""

import pytest
from django.contrib.auth.models import AnonymousUser

from practiceweek.models import Role, User
from practiceweek.navigation import nav_links


def labels(user) -> list[str]:
    return [link.label for link in nav_links(user)]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.PRACTITIONER, ["Practice weeks", "My feedback", "Actions"]),
        (Role.TEAM_MANAGER, ["Practice weeks", "My feedback", "Actions", "Team audits"]),
        (
            Role.SERVICE_MANAGER,
            ["Practice weeks", "My audits", "Actions", "Team audits", "Escalations"],
        ),
        (Role.DIRECTOR, ["Practice weeks", "My audits", "Actions"]),
        (Role.HEAD_OF_SERVICE, ["Practice weeks", "My audits", "Actions", "Escalations"]),
        (Role.MODERATOR, ["Practice weeks", "My audits", "Actions"]),
        (Role.SCRUTINY_MEMBER, []),
    ],
)
def test_links_follow_the_role(role, expected):
    assert labels(User(role=role)) == expected


def test_anonymous_gets_no_links():
    assert nav_links(AnonymousUser()) == []


@pytest.mark.django_db
def test_top_bar_marks_the_current_page(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.PRACTITIONER))
    html = client.get("/weeks/").content.decode()
    assert 'href="/weeks/" aria-current="page">Practice weeks' in html
    assert ">My feedback</a>" in html
