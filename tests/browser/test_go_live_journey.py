"""The go-live journey of issue 9, on phones (390 px): an observer records what a family said,
is refused while it names the practitioner and the case, and rewrites it; the QA lead includes
it in the report, publishes after confirming what is unfinished, then withdraws it; the
councillor sees it, then does not. Zero axe violations on every page."""

import pytest
from playwright.sync_api import expect

from observations.models import ServiceUserFeedback
from practiceweek.models import Role
from tests.browser import test_report_journey as report_journey
from tests.browser.conftest import PHONE, _open_page, log_in
from tests.browser.test_report_journey import QUOTE, include_publish_and_withdraw
from tests.factories import (
    CaseFileFactory,
    ObservationFactory,
    ObservationFrameworkFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The report journey's council, QA lead, councillor and build queue.
world, qa_phone, queue = report_journey.world, report_journey.qa_phone, report_journey.queue
IDENTIFYING = "Sam Worker listened to us about case NB102857 and explained what happens next."


@pytest.fixture
def observer_phone(browser, live_server):
    """The observer's phone, beside the QA lead's and the councillor's."""
    yield from _open_page(browser, live_server, PHONE)


@pytest.fixture
def observed(world):
    """A submitted observation of Sam Worker's practice on case NB102857, by oona.observer."""
    practitioner = UserFactory(first_name="Sam", last_name="Worker", teams=[world.team])
    observer = UserFactory(
        username="oona.observer", first_name="Oona", last_name="Observer", role=Role.DIRECTOR
    )
    case_file = CaseFileFactory(
        team=world.team, case_reference="NB102857", allocated_worker=practitioner
    )
    observation = ObservationFactory(
        week=world.week,
        team=world.team,
        observer=observer,
        case_file=case_file,
        submitted=True,
        framework=ObservationFrameworkFactory(),
        practitioners=[practitioner],
    )
    world.observation = observation
    return world


def test_family_words_are_refused_rewritten_included_published_and_withdrawn(
    observer_phone, qa_phone, phone_page, assert_accessible, observed, queue
):
    page, words_label = observer_phone, "What they said, in their words"
    page.goto(f"/observations/{observed.observation.pk}/")
    log_in(page, "oona.observer")
    page.get_by_role("link", name="Add what a child, parent or carer said").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What a child, parent or carer said")
    page.get_by_role("group", name="Who gave this feedback").get_by_label("Mother").check()
    page.get_by_label(words_label).fill(IDENTIFYING)
    rating = page.get_by_role("group", name="How they felt the worker treated them")
    rating.get_by_label("Very well", exact=True).check()
    page.get_by_label("They agreed to their views being recorded and shared").check()
    page.get_by_label("I have checked this is anonymised").check()  # cannot override a name
    page.get_by_role("button", name="Save their feedback").click()

    # Refused beside the words, naming what was found; the text stays; nothing is saved.
    beside = page.locator("#div_id_words")
    expect(beside).to_contain_text("“Sam Worker”")
    expect(beside).to_contain_text("“NB102857”")
    expect(page.get_by_label(words_label)).to_have_value(IDENTIFYING)
    assert not ServiceUserFeedback.objects.exists()
    assert_accessible(page)

    page.get_by_label(words_label).fill(QUOTE)
    page.get_by_role("button", name="Save their feedback").click()
    expect(page.get_by_text("Their feedback is saved with the observation.")).to_be_visible()
    assert ServiceUserFeedback.objects.get().words == QUOTE
    assert_accessible(page)

    include_publish_and_withdraw(qa_phone, phone_page, assert_accessible, observed, queue)
