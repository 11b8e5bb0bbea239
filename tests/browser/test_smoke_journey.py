"""Smoke journey: log in, open the live week, see the timetable; then pick files on a phone."""

from datetime import date

import pytest
from playwright.sync_api import expect

from practiceweek.models import Role
from tests.browser.conftest import log_in
from tests.factories import (
    CaseFileFactory,
    PracticeWeekFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_week():
    team = TeamFactory(name="Assessment Team 1")
    week = PracticeWeekFactory(
        title="November practice week", slug="november", services=[team.service]
    )
    visitor = UserFactory(
        username="hos.visitor", first_name="Grace", last_name="Adeyemi", role=Role.HEAD_OF_SERVICE
    )
    VisitFactory(week=week, team=team, visitor=visitor, date=date(2026, 11, 24))
    CaseFileFactory.create_batch(6, team=team)
    return week


def test_log_in_open_the_live_week_and_see_the_timetable(page, assert_accessible, live_week):
    UserFactory(username="sam.worker", first_name="Sam", role=Role.PRACTITIONER)
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")
    assert_accessible(page)

    log_in(page, "sam.worker")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Sam")
    assert_accessible(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Practice weeks").click()
    page.get_by_role("link", name="November practice week").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("November practice week")
    expect(page.get_by_role("heading", name="Timetable")).to_be_visible()
    timetable = page.get_by_role("table", name="Visits on Tuesday 24 November, by team")
    expect(timetable.get_by_role("rowheader")).to_contain_text("Assessment Team 1")
    expect(timetable).to_contain_text("Grace Adeyemi")
    assert_accessible(page)


def test_auditor_picks_files_at_random_on_a_phone(phone_page, assert_accessible, live_week):
    page = phone_page
    page.goto(f"/weeks/{live_week.slug}/day/2026-11-24/")
    log_in(page, "hos.visitor")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your day")
    assert_accessible(page)

    page.get_by_role("link", name="Pick files at random in Assessment Team 1").click()
    page.get_by_label("How many files?").fill("25")
    page.get_by_role("button", name="Pick files at random").click()
    expect(page.get_by_text("Ensure this value is less than or equal to 20")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("How many files?").fill("3")
    page.get_by_role("button", name="Pick files at random").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Files picked in Assessment Team 1")
    expect(page.get_by_role("table").get_by_role("rowheader")).to_have_count(3)
    assert_accessible(page)


def test_axe_check_fails_on_an_inaccessible_page(page, axe):
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    results = axe.run(page)
    rules = {v["id"] for v in results.response["violations"]}
    assert {"image-alt", "label", "html-has-lang"} <= rules


def test_signing_out_removes_audit_text_kept_on_the_device(page, live_week):
    UserFactory(username="sam.worker", first_name="Sam", role=Role.PRACTITIONER)
    page.goto("/")
    log_in(page, "sam.worker")
    page.evaluate(
        "localStorage.setItem('practiceweek.audit.1.1', '{\"fields\": {}}');"
        "localStorage.setItem('unrelated', 'kept');"
    )
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/accounts/login/")
    assert page.evaluate("localStorage.getItem('practiceweek.audit.1.1')") is None
    assert page.evaluate("localStorage.getItem('unrelated')") == "kept"
