"""The demo council, as `make run` serves it: the QA lead's journey through the live week."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from practiceweek.demo import DEMO_PASSWORD, LIVE_WEEK_SLUG, QA_STAFF_USERNAME
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(time_machine):
    time_machine.move_to("2026-11-24 09:00", tick=True)
    call_command("seed_demo", stdout=io.StringIO())


def test_qa_lead_sees_setup_status_and_the_full_timetable(page, assert_accessible, demo):
    page.goto("/")
    log_in(page, QA_STAFF_USERNAME, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Practice weeks: set-up status")).to_be_visible()
    expect(page.get_by_text("Warning: visiting only their own service")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Practice Week, November 2026").first.click()
    expect(page).to_have_url(f"/weeks/{LIVE_WEEK_SLUG}/")
    expect(page.get_by_role("table")).to_have_count(5)  # one table a day, Monday to Friday
    assert_accessible(page)

    page.get_by_role("link", name="Edit the timetable").click()
    expect(page.get_by_role("heading", name="Set-up checks")).to_be_visible()
    expect(page.locator("#visits-group")).to_contain_text("Visits")
