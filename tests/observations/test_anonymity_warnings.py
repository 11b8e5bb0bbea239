"""Issue 9: observation free text (what was said in feedback, the strengths and areas for
development) is checked like the words that leave the app, as a warning only: shown beside
the field and in the autosave's answer, never stopping a save or a submission."""

import pytest
from django.test import Client
from django.urls import reverse

from observations.models import Observation
from tests.factories import UserFactory
from tests.observations.test_recording_pages import autosave_url, complete, edit_url, form_data
from tests.observations.test_recording_services import (
    CATEGORIES,
    World,
    build_world,
    notes_of,
    start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def draft(world) -> Observation:
    return start(world)


@pytest.fixture
def observer_client(client, world) -> Client:
    client.force_login(world.observer)
    return client


def _warning_beside(html: str, field_id: str) -> str:
    start = html.index(f'id="{field_id}_helptext"')
    return html[start : html.index("</div>", start)]


def test_clean_text_autosaves_with_no_warnings(observer_client, draft):
    response = observer_client.post(autosave_url(draft), form_data(draft, strengths=("Warm",)))
    assert response.status_code == 200
    assert response.json()["warnings"] == []


def test_autosave_saves_identifying_notes_and_names_what_it_found(observer_client, draft):
    text = "Sam Worker asked Jayden Smith (born 03/04/2015) about school."

    response = observer_client.post(autosave_url(draft), form_data(draft, strengths=(text,)))

    assert response.status_code == 200  # saved: a warning, never a refusal
    assert notes_of(draft)[0].strengths == text
    assert response.json()["warnings"] == [
        f"{CATEGORIES[0]}: strengths: This may identify someone: the name “Sam Worker”, what "
        "looks like a name “Jayden Smith” and a date of birth “03/04/2015”. Notes never record "
        "a child's name: take out what identifies the family."
    ]


def test_the_saved_draft_shows_the_warnings_beside_the_fields(observer_client, world, draft):
    data = form_data(
        draft,
        areas=("Ask Dee Director",),
        feedback_summary="Told Sam Worker at 14 Elm Road.",
        save="1",
    )

    response = observer_client.post(edit_url(draft), data)

    assert response.status_code == 302
    html = observer_client.get(edit_url(draft)).content.decode()
    assert "the name “Dee Director”" in _warning_beside(html, "id_notes-0-areas_for_development")
    feedback = _warning_beside(html, "id_feedback_summary")
    assert "<strong>Check:</strong> This may identify someone: the name “Sam Worker”" in feedback
    assert "an address “14 Elm Road”" in feedback
    assert "Check:" not in _warning_beside(html, "id_notes-0-strengths")


def test_submitting_identifying_text_is_not_blocked_but_warned(observer_client, world, draft):
    data = complete(world, draft, submit="1", feedback_summary="Told Sam Worker what worked.")

    response = observer_client.post(edit_url(draft), data, follow=True)

    assert response.redirect_chain[-1][0] == reverse("observations:detail", args=[draft.pk])
    assert Observation.objects.get(pk=draft.pk).is_submitted
    assert "Saved, but check: What was said may identify someone." in response.content.decode()
    flashed = [str(m) for m in response.context["messages"]]
    assert not any("Sam Worker" in m for m in flashed)  # the label, never what was found


def test_others_still_get_404_with_identifying_text(client, draft):
    client.force_login(UserFactory())
    response = client.post(autosave_url(draft), form_data(draft, strengths=("Sam Worker",)))
    assert response.status_code == 404
    assert notes_of(draft)[0].strengths == ""
