"""The journey issue 4 asks for, on phone-sized screens: an observer records an observation from
their day's timetable, then what a parent said (refused until their consent is recorded); the
practitioner finds it on My feedback, reads the praise and the parent's words, and acknowledges
it with a reflection."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from observations.followup import CONSENT_REQUIRED
from observations.models import Observation, ObservationPractitioner, ServiceUserFeedback
from tests.browser.conftest import PHONE, _open_page, log_in
from tests.browser.test_observation_recording_journey import observation_world
from tests.observations.test_recording_services import TUESDAY, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SAID = "Praised how Sam explained the plan; next time, check the child understood it too."
WORDS = "She listened to us and told us straight what would happen next."
REFLECTION = "Good to hear; I will check with the child next time."
PRAISE = "This observation found your practice Good."


@pytest.fixture
def world() -> World:
    world = observation_world()
    world.practitioner.username = "sam.worker"
    world.practitioner.save(update_fields=["username"])
    return world


@pytest.fixture
def practitioner_phone(browser, live_server):
    """A second phone: the practitioner's own, in a browser context of its own."""
    yield from _open_page(browser, live_server, PHONE)


def test_observation_with_family_feedback_recorded_on_a_phone_and_acknowledged(
    phone_page, practitioner_phone, assert_accessible, world
):
    observation = _record_observation(phone_page, assert_accessible, world)
    _record_what_a_parent_said(phone_page, assert_accessible, observation)
    link = f"/observations/{observation.pk}/"  # the e-mail carries a link, no details
    notices = [(m.to, link in m.body) for m in mail.outbox if "your practice" in m.subject]
    assert notices == [([world.practitioner.email], True)]

    # The practitioner, on their own phone, reads the feedback and acknowledges it.
    phone = practitioner_phone
    phone.goto("/")
    log_in(phone, "sam.worker")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello, Sam")
    assert_accessible(phone)
    phone.get_by_role("link", name="1 new piece of feedback").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My feedback")
    row = phone.get_by_role("row").filter(has_text="Observation")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(PRAISE)
    expect(row).to_contain_text("New")
    assert_accessible(phone)

    row.get_by_role("link", name="Read feedback").click()
    expect(phone).to_have_url(f"/observations/{observation.pk}/")
    expect(phone.get_by_text(PRAISE)).to_be_visible()
    expect(phone.get_by_text(SAID)).to_be_visible()
    family = phone.get_by_role("region", name="What children, parents and carers said")
    expect(family.get_by_role("article", name="Mother")).to_contain_text(WORDS)
    expect(family).to_contain_text("How they felt the worker treated them: Very well")
    assert_accessible(phone)

    phone.get_by_label("Your reflection (optional)").fill(REFLECTION)
    phone.get_by_role("button", name="Acknowledge").click()
    expect(phone.get_by_text("Thank you: you have acknowledged this feedback.")).to_be_visible()
    expect(phone.get_by_text("You acknowledged this feedback on")).to_be_visible()
    assert_accessible(phone)
    phone.goto("/audits/my-feedback/")
    expect(phone.get_by_role("row").filter(has_text="Observation")).to_contain_text("Acknowledged")
    observed = ObservationPractitioner.objects.get(observation=observation)
    assert observed.acknowledged_at is not None
    assert observed.reflection == REFLECTION


def _record_observation(page, assert_accessible, world: World) -> Observation:
    """From the observer's day: start, write, grade, say what feedback was given, submit."""
    page.goto(f"/weeks/{world.week.slug}/day/{TUESDAY:%Y-%m-%d}/")
    log_in(page, "dee.director")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your day")
    assert_accessible(page)
    page.get_by_role("link", name="Record an observation in Assessment Team 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start an observation")
    assert_accessible(page)
    page.get_by_role("group", name="Setting").get_by_label("Home visit").check()
    page.get_by_role("button", name="Start the observation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Observation in Assessment Team 1")
    observation = Observation.objects.get()
    form = page.locator("#observation-form")
    expect(form).to_have_attribute("data-save-state", "saved")  # the script is ready
    assert_accessible(page)
    page.get_by_label("Sam Worker (Practitioner)").check()
    page.get_by_label("Linked case file (optional)").fill(world.case_file.case_reference)
    page.get_by_label("The parent/carer experience: strengths").fill(
        "Explained the plan to mother in plain words, and checked she agreed with it."
    )
    page.get_by_label("The parent/carer experience: areas for development").fill(
        "Check what the child understood of the plan."
    )
    page.get_by_role("group", name="Overall grade").get_by_label("Good", exact=True).check()
    given = page.get_by_role("group", name="Feedback given in person straight after")
    given.get_by_label("Yes").check()
    page.get_by_label("What was said").fill(SAID)
    expect(form).to_have_attribute("data-save-state", "saved")
    assert_accessible(page)

    page.get_by_role("button", name="Submit observation").click()
    expect(page).to_have_url(f"/observations/{observation.pk}/")
    observation.refresh_from_db()
    assert (observation.status, observation.overall_grade) == ("submitted", "good")
    assert (observation.setting, observation.case_file) == ("home_visit", world.case_file)
    assert list(observation.practitioners.all()) == [world.practitioner]
    assert_accessible(page)
    return observation


def _record_what_a_parent_said(page, assert_accessible, observation: Observation) -> None:
    """Linked from the observation page; refused without consent, with the words kept."""
    page.get_by_role("link", name="Add what a child, parent or carer said").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What a child, parent or carer said")
    assert_accessible(page)
    who = page.get_by_role("group", name="Who gave this feedback")
    who.get_by_label("Mother").check()
    page.get_by_label("What they said, in their words").fill(WORDS)
    rating = page.get_by_role("group", name="How they felt the worker treated them")
    rating.get_by_label("Very well", exact=True).check()
    page.get_by_role("button", name="Save their feedback").click()

    expect(page.locator("#error-summary")).to_contain_text(CONSENT_REQUIRED)
    expect(page.locator("#div_id_consent_given")).to_contain_text(CONSENT_REQUIRED)
    expect(page.get_by_label("What they said, in their words")).to_have_value(WORDS)
    expect(who.get_by_label("Mother")).to_be_checked()
    assert not ServiceUserFeedback.objects.exists()
    assert_accessible(page)

    page.get_by_label("They agreed to their views being recorded and shared").check()
    page.get_by_role("button", name="Save their feedback").click()
    expect(page).to_have_url(f"/observations/{observation.pk}/")
    expect(page.get_by_text("Their feedback is saved with the observation.")).to_be_visible()
    expect(page.get_by_text(WORDS)).to_be_visible()
    assert_accessible(page)
    feedback = ServiceUserFeedback.objects.get()
    assert (feedback.relationship, feedback.consent_given, feedback.rating) == ("mother", True, 5)
    assert (feedback.words, feedback.case_file) == (WORDS, observation.case_file)
