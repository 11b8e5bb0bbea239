"""Ids and filters in a page's query string (?visit=, ?item=, ?observation=, ?audit=,
?visitor=, ?week=, ?service=, ?team=): whatever is typed there, the answer is never a 500
(issue 9, point 17's fuzzing found "?visit=²": "²" passes str.isdigit() but int() refuses it).
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from observations.models import ThemeTag
from practiceweek.models import Role, User
from tests.factories import UserFactory
from tests.observations import test_recording_services as observations
from tests.practiceweek.test_fuzz_forms import FUZZ, NASTY

pytestmark = pytest.mark.django_db


@dataclass
class Page:
    user: str  # "observer", "qa" or "manager"
    url: str
    params: tuple[str, ...]


@dataclass
class People:
    users: dict[str, User]
    pages: list[Page]


@pytest.fixture
def people() -> People:
    world = observations.build_world()
    manager = world.team.manager
    assert manager is not None
    users = {
        "observer": world.observer,
        "qa": UserFactory(role=Role.QA_ADMIN, username="query.qa"),
        "manager": manager,
    }
    return People(users, pages(world.week.slug, world.week.start_date.isoformat()))


def pages(week_slug: str, day: str) -> list[Page]:
    return [
        Page("observer", reverse("observations:start"), ("visit",)),
        Page("observer", reverse("audits:start"), ("item", "visit")),
        Page("observer", reverse("observations:case_example_new"), ("observation", "audit")),
        Page("qa", reverse("practiceweek:auditor_day", args=[week_slug, day]), ("visitor",)),
        Page("qa", reverse("observations:themes"), ("week", "service", "team")),
        Page("manager", reverse("audits:team"), ("team",)),
        Page("manager", reverse("observations:team"), ("team",)),
    ]


@pytest.mark.parametrize("value", ["²", "١٢", "\x00", "99999999999999999999999", "-1", " 1"])
def test_an_id_that_is_not_a_plain_number_finds_nothing(client: Client, people, value: str):
    statuses = {}
    for page in people.pages:
        client.force_login(people.users[page.user])
        for param in page.params:
            statuses[page.url, param] = client.get(page.url, {param: value}).status_code
    assert {key: s for key, s in statuses.items() if s >= 500} == {}
    # An id nobody has: the visit, the file, the source are not found.
    assert statuses[reverse("observations:start"), "visit"] == 404
    assert statuses[reverse("observations:case_example_new"), "observation"] == 404


def _fuzz_query(client: Client, page: Page) -> None:
    values = st.one_of(st.sampled_from(NASTY), st.text(max_size=20), st.integers().map(str))
    query = st.dictionaries(st.sampled_from(page.params), values, max_size=len(page.params))

    @settings(FUZZ)
    @given(params=query)
    def get(params: dict[str, str]) -> None:
        response = client.get(page.url, params)
        assert response.status_code < 500, params

    get()


def test_no_query_string_gives_a_500(client: Client, people):
    for page in people.pages:
        client.force_login(people.users[page.user])
        _fuzz_query(client, page)


@pytest.mark.parametrize("week", ["a\x00b", "no such week", "", "../x"])
def test_tagging_a_week_that_is_no_slug_finds_nothing(client: Client, people, week: str):
    """Before, a NUL in the posted week answered 500 on PostgreSQL (run with DATABASE_URL)."""
    client.force_login(people.users["qa"])
    response = client.post(reverse("observations:themes_tag_new"), {"week": week, "name": "x"})
    assert response.status_code == 404
    assert not ThemeTag.objects.exists()
