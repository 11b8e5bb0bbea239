"""Issue 9, point 16 on the observation form: a refused submit's title starts "Error:" and its
error summary links each message to its input."""

import re

import pytest

from tests.observations.test_recording_pages import complete, edit_url
from tests.observations.test_recording_services import World, build_world, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def test_refused_submit_links_each_problem_and_says_error_in_the_title(client, world):
    draft = start(world)
    client.force_login(world.observer)
    data = complete(world, draft, submit="1", overall_grade="", feedback_summary="")
    response = client.post(edit_url(draft), data)
    assert response.status_code == 400
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None and title.group(1).strip().startswith("Error: Observation in ")
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    links = dict(re.findall(r'<a href="#([^"]+)" class="alert-link">([^<]+)</a>', summary))
    assert links["id_overall_grade_0"].endswith("Choose the overall grade.")
    assert links["id_feedback_summary"].endswith("Say what was said when you gave feedback.")
    for field_id in links:
        assert f'id="{field_id}"' in html


def test_the_form_without_errors_has_no_error_prefix(client, world):
    draft = start(world)
    client.force_login(world.observer)
    html = client.get(edit_url(draft)).content.decode()
    assert "<title>Error:" not in html
    assert 'id="error-summary"' not in html
