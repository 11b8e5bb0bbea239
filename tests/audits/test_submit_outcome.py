"""Issue 9, point 16: the outcome of a submit is clear. Refused: the draft is kept and a linked
error summary says what to put right; accepted: a confirmation with the next picked file and the
way back to the day; a submitted file's button reads "View audit"."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.timezone import now

from audits.models import Audit, CaseAction
from practiceweek.models import SelectedFile
from tests.audits.test_audit_form import TYPED, action, complete, edit_url
from tests.audits.test_audit_services import TUESDAY, World, build_world, start
from tests.factories import CaseFileFactory, UserFactory

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


def submitted_url(audit: Audit) -> str:
    return reverse("audits:submitted", args=[audit.pk])


def day_url(world: World) -> str:
    return reverse("practiceweek:auditor_day", args=[world.week.slug, TUESDAY.isoformat()])


def title_of(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    assert found is not None
    return found.group(1).strip()


# --- Refused: the draft is kept, and the summary links to each field --------------------------


def test_incomplete_submit_keeps_the_draft_and_links_each_problem(auditor_client, world, draft):
    data = complete(world, draft, submit="1", overall_grade="", actions=(action(world, owner=""),))
    response = auditor_client.post(edit_url(draft), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert title_of(html).startswith("Error: Audit of case ")
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Your draft is saved. Before you can submit:" in summary
    assert "nothing was saved" not in summary
    # Each problem links to its input, and that input is on the page.
    links = dict(re.findall(r'<a href="#([^"]+)" class="alert-link">([^<]+)</a>', summary))
    assert links == {
        "id_overall_grade_0": "Overall grade: Choose the overall grade.",
        "id_actions-0-owner": "Who will do it: Give this action an owner.",
    }
    for field_id in links:
        assert f'id="{field_id}"' in html
    fresh = Audit.objects.get(pk=draft.pk)
    assert (fresh.status, fresh.version, fresh.working_well) == ("draft", 2, TYPED)


def test_the_refused_page_saves_again_without_a_conflict_or_a_second_action(
    auditor_client, world, draft
):
    """The page shown after a refused submit names the saved version and the new action's id."""
    response = auditor_client.post(
        edit_url(draft), complete(world, draft, submit="1", overall_grade="")
    )
    assert response.status_code == 400
    created = CaseAction.objects.get(audit=draft)
    forms = response.context["forms"]
    assert forms.audit_form["version"].value() == "2"
    assert forms.actions.forms[0]["id"].value() == str(created.pk)
    again = auditor_client.post(
        edit_url(draft), {**forms.audit_form.data.dict(), "submit": "1", "overall_grade": "good"}
    )
    assert again.status_code == 302
    assert again.url == submitted_url(draft)
    assert CaseAction.objects.filter(audit=draft).count() == 1


def test_a_draft_that_cannot_be_saved_says_nothing_was_saved(auditor_client, world, draft):
    data = complete(world, draft, submit="1", overall_grade="superb")
    response = auditor_client.post(edit_url(draft), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem: nothing was saved" in html
    assert "Your draft is saved" not in html
    assert title_of(html).startswith("Error: ")
    assert Audit.objects.get(pk=draft.pk).version == 1


def test_the_form_without_errors_has_no_error_prefix(auditor_client, draft):
    html = auditor_client.get(edit_url(draft)).content.decode()
    assert title_of(html).startswith("Audit of case ")
    assert 'id="error-summary"' not in html


# --- Accepted: a confirmation, the next file and the day ---------------------------------------


def _second_pick(world: World) -> SelectedFile:
    other = CaseFileFactory(team=world.team)
    return SelectedFile.objects.create(selection=world.item.selection, case_file=other, position=2)


def test_submit_shows_a_confirmation_with_the_next_file_and_the_day(auditor_client, world, draft):
    second = _second_pick(world)
    response = auditor_client.post(edit_url(draft), complete(world, draft, submit="1"), follow=True)
    assert response.redirect_chain == [(submitted_url(draft), 302)]
    html = response.content.decode()
    assert '<h1 class="h2">Audit submitted</h1>' in html
    assert f"Your audit of case {world.case_file.case_reference} was submitted" in html
    start_next = reverse("audits:start") + f"?item={second.pk}"
    assert f'href="{start_next}"' in html
    assert f"Audit the next file: case {second.case_file.case_reference}" in html
    assert f'href="{day_url(world)}"' in html
    assert f'href="{reverse("audits:detail", args=[draft.pk])}"' in html


def test_the_next_file_skips_files_already_submitted(auditor_client, world, draft):
    second = _second_pick(world)
    third_file = CaseFileFactory(team=world.team)
    third = SelectedFile.objects.create(
        selection=world.item.selection, case_file=third_file, position=3
    )
    done = start(world)
    Audit.objects.filter(pk=done.pk).update(
        case_file=second.case_file, status="submitted", overall_grade="good", submitted_at=now()
    )
    auditor_client.post(edit_url(draft), complete(world, draft, submit="1"))
    html = auditor_client.get(submitted_url(draft)).content.decode()
    assert f"?item={third.pk}" in html
    assert f"?item={second.pk}" not in html


def test_the_last_file_says_every_file_is_audited(auditor_client, world, draft):
    auditor_client.post(edit_url(draft), complete(world, draft, submit="1"))
    html = auditor_client.get(submitted_url(draft)).content.decode()
    assert "Every file picked for this visit is audited." in html
    assert "Audit the next file" not in html
    assert f'href="{day_url(world)}"' in html


def test_the_confirmation_of_a_draft_goes_back_to_the_form(auditor_client, draft):
    response = auditor_client.get(submitted_url(draft))
    assert response.status_code == 302
    assert response.url == edit_url(draft)


def test_the_confirmation_is_the_auditors_only(client, world, draft):
    client.force_login(world.practitioner)
    assert client.get(submitted_url(draft)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(submitted_url(draft)).status_code == 404


def test_the_confirmation_needs_a_login(client, draft):
    response = client.get(submitted_url(draft))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- The picked file's button --------------------------------------------------------------------


@pytest.mark.parametrize("page", ["day", "selection"])
def test_a_submitted_files_button_reads_view_audit(auditor_client, world, draft, page):
    second = _second_pick(world)
    auditor_client.post(edit_url(draft), complete(world, draft, submit="1"))
    url = day_url(world) if page == "day" else world.item.selection.get_absolute_url()
    html = auditor_client.get(url).content.decode()
    detail = reverse("audits:detail", args=[draft.pk])
    assert (
        f'href="{detail}">View audit<span class="visually-hidden"> of '
        f"{world.case_file.case_reference}</span></a>"
    ) in html
    assert f'?item={world.item.pk}"' not in html  # no "Audit this file" for it any more
    assert (
        f'?item={second.pk}">Audit this file<span class="visually-hidden"> '
        f"{second.case_file.case_reference}</span>"
    ) in html
