"""Issue 9: audit free text (the summaries and the evidence) is checked like the words that
leave the app, as a warning only: shown beside the field and in the autosave's answer, never
stopping a save or a submission."""

import pytest
from django.test import Client
from django.urls import reverse

from audits.models import Audit
from tests.audits.test_audit_form import autosave_url, complete, edit_url, form_data
from tests.audits.test_audit_services import (
    SECTION_TITLES,
    World,
    answers_of,
    build_world,
    start,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def draft(world) -> Audit:
    return start(world)


@pytest.fixture
def auditor_client(client, world) -> Client:
    client.force_login(world.auditor)
    return client


def _warning_beside(html: str, field_id: str) -> str:
    """The help text beside a field: where its warning sits."""
    start = html.index(f'id="{field_id}_helptext"')
    return html[start : html.index("</div>", start)]


def test_clean_text_autosaves_with_no_warnings(auditor_client, draft):
    response = auditor_client.post(
        autosave_url(draft), form_data(draft, evidence=("A clear chronology",))
    )
    assert response.status_code == 200
    assert response.json()["warnings"] == []


def test_autosave_saves_identifying_evidence_and_names_what_it_found(auditor_client, world, draft):
    reference = world.case_file.case_reference
    text = f"Sam Worker's visits to {reference} were regular; mum rang 07700 900123."

    response = auditor_client.post(autosave_url(draft), form_data(draft, evidence=(text,)))

    assert response.status_code == 200  # saved: a warning, never a refusal
    assert answers_of(draft)[0].evidence == text
    assert response.json()["warnings"] == [
        f"Evidence for {SECTION_TITLES[0]}: This may identify someone: the name “Sam Worker”, "
        f"the case reference “{reference}” and a phone number “07700 900123”. Notes never "
        "record a child's name: take out what identifies the family."
    ]


def test_the_saved_draft_shows_the_warning_beside_the_field(auditor_client, world, draft):
    data = form_data(draft, working_well="Dee Director and Jayden Smith talked.", save="1")

    response = auditor_client.post(edit_url(draft), data)

    assert response.status_code == 302
    html = auditor_client.get(response.url).content.decode()
    beside = _warning_beside(html, "id_working_well")
    assert "<strong>Check:</strong> This may identify someone: the name “Dee Director”" in beside
    assert "what looks like a name “Jayden Smith”" in beside
    assert "Check:" not in _warning_beside(html, "id_needs_to_improve")


def test_a_refused_submission_keeps_the_warnings_beside_the_fields(auditor_client, world, draft):
    data = complete(world, draft, submit="1", overall_grade="", working_well="Jayden Smith")

    response = auditor_client.post(edit_url(draft), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "what looks like a name “Jayden Smith”" in _warning_beside(html, "id_working_well")


def test_submitting_identifying_text_is_not_blocked_but_warned(auditor_client, world, draft):
    data = complete(world, draft, submit="1", working_well="Sam Worker did well.")

    response = auditor_client.post(edit_url(draft), data, follow=True)

    assert response.redirect_chain[-1][0] == reverse("audits:submitted", args=[draft.pk])
    assert Audit.objects.get(pk=draft.pk).status == "submitted"
    page = response.content.decode()
    assert "Saved, but check: What is working well may identify someone." in page
    flashed = [str(m) for m in response.context["messages"]]
    assert not any("Sam Worker" in m for m in flashed)  # the label, never what was found


def test_others_still_get_404_with_identifying_text(client, world, draft):
    client.force_login(UserFactory())
    data = form_data(draft, evidence=("Sam Worker",))
    assert client.post(autosave_url(draft), data).status_code == 404
    assert answers_of(draft)[0].evidence == ""
