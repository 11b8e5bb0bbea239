"""The themes page, keyboard only and without any script of its own: a QA lead adds a tag, tags a
point, is brought back to it, and takes the tag off."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from observations.models import CategoryNote, NoteTag, ObservationCategory
from practiceweek.models import Role
from tests.browser.conftest import log_in
from tests.factories import ObservationFactory, PracticeWeekFactory, TeamFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def note() -> CategoryNote:
    # Transactional tests empty the tables between tests, migration data included.
    import_module("observations.migrations.0002_default_framework").create_framework(apps, None)
    UserFactory(username="qa.lead", role=Role.QA_ADMIN)
    week = PracticeWeekFactory(title="Autumn 2026")
    observation = ObservationFactory(week=week, team=TeamFactory(name="Alders"), submitted=True)
    return CategoryNote.objects.create(
        observation=observation,
        category=ObservationCategory.objects.get(title="Leadership"),
        strengths="Clear agenda and pace.",
        areas_for_development="Caseload too high to visit weekly.",
    )


def test_qa_lead_tags_a_point_with_the_keyboard(page, assert_accessible, note):
    slug = note.observation.week.slug
    page.goto("/observations/themes/")
    log_in(page, "qa.lead")
    expect(page.get_by_role("heading", level=1)).to_have_text("Themes across observations")
    assert_accessible(page)

    page.get_by_label("New tag").fill("caseloads")
    page.get_by_label("New tag").press("Enter")
    expect(page.locator("#tags")).to_contain_text("caseloads")
    assert_accessible(page)

    point = page.locator(f"#point-{note.pk}-area")
    point.get_by_label("Add a tag").select_option(label="caseloads")
    point.get_by_label("Add a tag").focus()
    page.keyboard.press("Tab")  # to the "Tag" button
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/themes/\?week={slug}#point-{note.pk}-area$"))
    expect(point.locator(".badge")).to_have_text("caseloads")
    assert NoteTag.objects.filter(note=note, kind="area").exists()
    assert_accessible(page)

    point.get_by_role("button", name="Remove the tag caseloads from this point").click()
    expect(point.locator(".badge")).to_have_count(0)
    assert_accessible(page)
    assert not NoteTag.objects.exists()
    assert note.observation.week.theme_tags.get().name == "caseloads"


def test_a_refused_tag_is_explained_beside_its_field(page, assert_accessible, note):
    page.goto("/observations/themes/")
    log_in(page, "qa.lead")
    page.get_by_label("New tag").fill("caseloads")
    page.get_by_label("New tag").press("Enter")
    expect(page.locator("#tags")).to_contain_text("caseloads")

    page.get_by_label("New tag").fill("CASELOADS")
    page.get_by_role("button", name="Add the tag").click()

    expect(page.locator("#error-summary")).to_contain_text("This week already has the tag")
    expect(page.locator("#div_id_new_tag_name")).to_contain_text("This week already has the tag")
    expect(page.get_by_label("New tag")).to_have_value("CASELOADS")
    assert_accessible(page)
    assert note.observation.week.theme_tags.count() == 1
