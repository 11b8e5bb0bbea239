"""Recording an observation on a phone: start from the visit, tick who was observed and add
someone from another team, write, lose the network, reconnect, submit. The shared autosave
machinery (static/practiceweek/autosave.js) is the audits' own."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from observations.models import CategoryNote, Observation
from tests.browser.conftest import log_in
from tests.factories import TeamFactory, UserFactory
from tests.observations.test_recording_services import World, build_world, practitioners_of, start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OFFLINE = "Offline: your changes are kept on this device and will be sent when you reconnect"
SAVED = re.compile(r"^Saved at \d\d:\d\d$")


def observation_world() -> World:
    """The small council of the recording tests, with the default framework and an observer
    who logs in as "dee.director"."""
    # Transactional tests empty the tables between tests, migration data included.
    import_module("observations.migrations.0002_default_framework").create_framework(apps, None)
    world = build_world()
    world.observer.username = "dee.director"
    world.observer.save(update_fields=["username"])
    return world


@pytest.fixture
def world() -> World:
    return observation_world()


@pytest.fixture
def outsider():
    return UserFactory(first_name="Olly", last_name="Other", teams=[TeamFactory(name="MASH")])


def _strengths(observation: Observation, category: str) -> str:
    return CategoryNote.objects.get(observation=observation, category__title=category).strengths


def test_observation_on_a_phone_survives_going_offline_and_is_submitted(
    phone_page, assert_accessible, world, outsider
):
    page = phone_page
    page.goto(f"/observations/start/?visit={world.visit.pk}")
    log_in(page, "dee.director")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start an observation")
    assert_accessible(page)
    page.get_by_role("group", name="Setting").get_by_label("Home visit").check()
    page.get_by_role("button", name="Start the observation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Observation in Assessment Team 1")
    observation = Observation.objects.get()
    form = page.locator("#observation-form")
    status = page.locator("#save-status")
    expect(form).to_have_attribute("data-save-state", "saved")  # the script is ready
    assert_accessible(page)

    # Who was observed: a box to tick, and someone from another team added on the page.
    page.get_by_label("Sam Worker (Practitioner)").check()
    page.get_by_label("Add someone from another team").select_option(label="Olly Other (MASH)")
    page.get_by_role("button", name="Add to the practitioners observed").click()
    expect(page.get_by_label("Olly Other (MASH)", exact=True)).to_be_checked()
    expect(form).to_have_attribute("data-save-state", "saved")
    assert set(practitioners_of(observation)) == {world.practitioner, outsider}

    page.get_by_label("Leadership: strengths").fill("Clear agenda agreed with the family.")
    expect(page.get_by_text("36 of 4,000 characters")).to_be_visible()
    expect(form).to_have_attribute("data-save-state", "saved")
    expect(status).to_have_text(SAVED)
    assert _strengths(observation, "Leadership") == "Clear agenda agreed with the family."

    # The network drops: what is typed stays on the device, then goes when it comes back.
    page.context.set_offline(True)
    page.get_by_label("The voice of the child: strengths").fill("Saw the child alone.")
    expect(status).to_have_text(OFFLINE)
    assert _strengths(observation, "The voice of the child") == ""
    page.context.set_offline(False)
    expect(form).to_have_attribute("data-save-state", "saved")
    assert _strengths(observation, "The voice of the child") == "Saw the child alone."

    page.get_by_role("group", name="Overall grade").get_by_label("Good", exact=True).check()
    feedback = page.get_by_role("group", name="Feedback given in person straight after")
    feedback.get_by_label("Yes").check()
    page.get_by_label("What was said").fill("Praised the agenda; try a three houses tool.")
    expect(form).to_have_attribute("data-save-state", "saved")
    assert_accessible(page)

    page.get_by_role("button", name="Submit observation").click()
    expect(page).to_have_url(f"/observations/{observation.pk}/")
    observation.refresh_from_db()
    assert (observation.status, observation.overall_grade) == ("submitted", "good")
    assert_accessible(page)
    page.goto("/observations/mine/")
    expect(page.get_by_role("heading", name="Submitted")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("Object.keys(localStorage)") == []  # nothing left on the phone


def test_someone_added_while_the_server_is_down_comes_back_after_a_reload(
    phone_page, assert_accessible, world, outsider
):
    page = phone_page
    observation = start(world)
    page.goto(f"/observations/{observation.pk}/edit/")
    log_in(page, "dee.director")
    expect(page.locator("#observation-form[data-save-state]")).to_have_count(1)
    page.route("**/autosave/", lambda route: route.fulfill(status=503, body="Unavailable"))
    page.get_by_label("Add someone from another team").select_option(label="Olly Other (MASH)")
    page.get_by_role("button", name="Add to the practitioners observed").click()
    expect(page.locator("#save-status")).to_contain_text("the server did not answer")
    assert_accessible(page)

    page.reload()  # still down: the person comes back from the device, ticked
    expect(page.get_by_label("Olly Other (MASH)", exact=True)).to_be_checked()
    assert practitioners_of(observation) == []

    page.unroute("**/autosave/")  # back up: the retry sends it
    expect(page.locator("#observation-form")).to_have_attribute("data-save-state", "saved")
    assert practitioners_of(observation) == [outsider]
    assert_accessible(page)


def test_signing_out_removes_observation_text_kept_on_the_phone(
    phone_page, assert_accessible, world
):
    page = phone_page
    observation = start(world)
    key = f"practiceweek.observation.{observation.pk}.{world.observer.pk}"
    page.goto(f"/observations/{observation.pk}/edit/")
    log_in(page, "dee.director")
    expect(page.locator("#observation-form[data-save-state]")).to_have_count(1)
    page.route("**/autosave/", lambda route: route.fulfill(status=503, body="Unavailable"))
    page.get_by_label("Leadership: strengths").fill("Kept on the phone for now")
    expect(page.locator("#save-status")).to_contain_text("the server did not answer")
    assert page.evaluate("Object.keys(localStorage)") == [key]

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/accounts/login/")
    assert page.evaluate("Object.keys(localStorage)") == []
    assert_accessible(page)
