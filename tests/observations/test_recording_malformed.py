"""Issue 9, point 17: an observation page post whose category notes are missing or garbled (a
network cut, an old copy of the page, a tampered request) answers 400 with a message and
saves nothing; before the fix the autosave answered 500 (IndexError: no message to show)."""

import pytest
from django.urls import reverse

from observations.models import Observation
from practiceweek.forms import PAGE_INCOMPLETE
from tests.observations.test_recording_pages import form_data
from tests.observations.test_recording_services import build_world, snapshot, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft() -> Observation:
    return start(build_world())


@pytest.fixture
def observer_client(client, draft):
    client.force_login(draft.observer)
    return client


def _typed(draft: Observation) -> dict[str, object]:
    return form_data(draft, strengths=("Typed before the signal went",), feedback_summary="Said")


def _bodies(draft: Observation) -> dict[str, dict[str, object]]:
    garbled = {**_typed(draft), "notes-TOTAL_FORMS": "x"}
    missing = {k: v for k, v in _typed(draft).items() if not k.startswith("notes-")}
    counts_only_missing = {
        k: v
        for k, v in _typed(draft).items()
        if k not in ("notes-TOTAL_FORMS", "notes-INITIAL_FORMS")
    }
    return {
        "total_forms_not_a_number": garbled,
        "only_version_and_setting": {"version": draft.version, "setting": draft.setting},
        "no_notes_at_all": missing,
        "counts_missing": counts_only_missing,
    }


@pytest.mark.parametrize(
    "body",
    ["total_forms_not_a_number", "only_version_and_setting", "no_notes_at_all", "counts_missing"],
)
def test_autosave_answers_400_with_a_message_and_saves_nothing(observer_client, draft, body):
    before = snapshot(draft)
    url = reverse("observations:autosave", args=[draft.pk])
    response = observer_client.post(url, _bodies(draft)[body])
    assert response.status_code == 400
    assert response.json() == {
        "error": f"Not saved: {PAGE_INCOMPLETE}",
        "errors": [PAGE_INCOMPLETE],
    }
    assert snapshot(draft) == before


@pytest.mark.parametrize("action", [{}, {"submit": "Submit"}])
@pytest.mark.parametrize("body", ["total_forms_not_a_number", "only_version_and_setting"])
def test_a_normal_post_shows_the_form_with_the_message_and_saves_nothing(
    observer_client, draft, body, action
):
    before = snapshot(draft)
    url = reverse("observations:edit", args=[draft.pk])
    response = observer_client.post(url, {**_bodies(draft)[body], **action})
    assert response.status_code == 400
    assert PAGE_INCOMPLETE in response.content.decode()
    assert response.context["forms"].notes_errors == [PAGE_INCOMPLETE]
    assert snapshot(draft) == before


@pytest.mark.parametrize("pk", ["9223372036854775808", "-9223372036854775809", "1" * 40])
def test_a_practitioner_id_no_column_holds_is_an_unknown_choice(observer_client, draft, pk):
    """Found by the fuzz tests: SQLite raised OverflowError (a 500) for such an id."""
    before = snapshot(draft)
    url = reverse("observations:autosave", args=[draft.pk])
    response = observer_client.post(url, {**_typed(draft), "practitioners": [pk]})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        f"Practitioners observed: Select a valid choice. {pk} is not one of the available choices."
    ]
    assert snapshot(draft) == before
