"""The audit journey on a tablet: pick a file at random, grade it, lose the network mid-way,
reconnect, submit; then the practitioner reads the feedback on a phone and acknowledges it."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from audits.models import Audit, SectionAnswer
from practiceweek.models import Role
from tests.audits.test_audit_services import graded_template
from tests.browser.conftest import _open_page, log_in
from tests.factories import (
    CaseFileFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TABLET = {"width": 768, "height": 1024}
OFFLINE = "Offline: your changes are kept on this device and will be sent when you reconnect"
SAVED = re.compile(r"^Saved at \d\d:\d\d$")


@pytest.fixture
def tablet_page(browser, live_server):
    yield from _open_page(browser, live_server, TABLET)


@pytest.fixture
def live_week():
    head = UserFactory(role=Role.HEAD_OF_SERVICE, first_name="Hana", last_name="Head")
    service = ServiceFactory(name="Social Work", head_of_service=head)
    team = TeamFactory(
        service=service,
        name="Assessment Team 1",
        manager=UserFactory(role=Role.TEAM_MANAGER, first_name="Tom", last_name="Manager"),
        service_manager=UserFactory(role=Role.SERVICE_MANAGER),
    )
    worker = UserFactory(username="sam.worker", first_name="Sam", last_name="Worker", teams=[team])
    week = PracticeWeekFactory(title="November practice week", slug="november", services=[service])
    visitor = UserFactory(
        username="dee.director", first_name="Dee", last_name="Director", role=Role.DIRECTOR
    )
    VisitFactory(week=week, team=team, visitor=visitor, date=date(2026, 11, 24))
    CaseFileFactory.create_batch(4, team=team, allocated_worker=worker)
    graded_template(("Assessment", "Planning", "Voice of the child"))
    return week


def grade(page, section: str, label: str) -> None:
    page.get_by_role("group", name=f"Grade for {section}").get_by_label(label, exact=True).check()


def test_audit_on_a_tablet_survives_going_offline_and_the_practitioner_acknowledges_it(
    tablet_page, phone_page, assert_accessible, live_week
):
    page = tablet_page
    page.goto(f"/weeks/{live_week.slug}/day/2026-11-24/")
    log_in(page, "dee.director")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your day")
    assert_accessible(page)

    page.get_by_role("link", name="Pick files at random in Assessment Team 1").click()
    page.get_by_label("How many files?").fill("2")
    page.get_by_role("button", name="Pick files at random").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Files picked in Assessment Team 1")
    assert_accessible(page)

    page.get_by_role("link", name="Audit this file").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start an audit")
    assert_accessible(page)
    page.get_by_role("button", name="Start the audit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Audit of case")
    assert_accessible(page)
    audit = Audit.objects.get()
    status = page.locator("#save-status")
    form = page.locator("#audit-form")
    expect(form).to_have_attribute("data-save-state", "saved")  # the script is ready
    expect(status).to_have_text("Your changes are saved as you type.")

    # Grade and write; the draft saves itself.
    grade(page, "Assessment", "Good")
    grade(page, "Planning", "Requires improvement")
    grade(page, "Voice of the child", "Good")
    expect(page.locator("#suggested-grade")).to_have_text("Good")
    page.get_by_label("Evidence for Assessment").fill("Analysis of risk is clear and current.")
    expect(page.get_by_text("38 of 4,000 characters")).to_be_visible()
    expect(form).to_have_attribute("data-save-state", "saved")  # nothing left to send
    expect(status).to_have_text(SAVED)
    assert _evidence(audit, "Assessment") == "Analysis of risk is clear and current."

    # The network drops: what is typed stays on the device, then goes when it comes back.
    page.context.set_offline(True)
    page.get_by_label("Evidence for Planning").fill("Typed while the network was down.")
    expect(status).to_have_text(OFFLINE)
    assert _evidence(audit, "Planning") == ""
    page.get_by_role("button", name="Submit audit").click()  # would only reach an error page
    expect(status).to_contain_text("Offline: you can save or submit when you reconnect")
    expect(page).to_have_url(f"/audits/{audit.pk}/edit/")
    page.context.set_offline(False)
    expect(form).to_have_attribute("data-save-state", "saved")
    expect(status).to_have_text(SAVED)
    assert _evidence(audit, "Planning") == "Typed while the network was down."

    # The overall grade, the feedback and a case action, then submit.
    page.get_by_role("group", name="Overall grade").get_by_label("Good", exact=True).check()
    page.get_by_label("What is working well").fill("Sam's direct work with the child.")
    page.get_by_label("What needs to improve").fill("The plan needs timescales.")
    page.get_by_label("What needs to happen").first.fill("Add timescales to the plan.")
    page.get_by_label("Who will do it").first.select_option(label="Sam Worker (Practitioner)")
    page.get_by_label("By when").first.fill("2026-12-08")
    page.get_by_role("button", name="Add another action").click()
    expect(page.get_by_role("group", name="New action")).to_have_count(2)
    expect(form).to_have_attribute("data-save-state", "saved")
    assert_accessible(page)

    page.get_by_role("button", name="Submit audit").click()
    expect(page).to_have_url(f"/audits/{audit.pk}/submitted/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit submitted")
    audit.refresh_from_db()
    assert (audit.status, audit.overall_grade) == ("submitted", "good")
    assert audit.actions.get().description == "Add timescales to the plan."
    assert_accessible(page)
    page.goto("/audits/mine/")
    expect(page.get_by_role("heading", name="Submitted")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("Object.keys(localStorage)") == []  # nothing about the child left behind

    # The practitioner, on their phone, reads the feedback and acknowledges it.
    phone = phone_page
    phone.goto("/audits/my-feedback/")
    log_in(phone, "sam.worker")
    assert_accessible(phone)
    phone.get_by_role("link", name="Read feedback").first.click()
    expect(phone.get_by_text("Sam's direct work with the child.")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Your reflection (optional)").fill("Useful: I will add timescales.")
    phone.get_by_role("button", name="Acknowledge").click()
    expect(phone.get_by_text("Acknowledged").first).to_be_visible()
    assert_accessible(phone)
    audit.refresh_from_db()
    assert audit.acknowledged_at is not None


def _evidence(audit: Audit, section: str) -> str:
    return SectionAnswer.objects.get(audit=audit, section__title=section).evidence


@pytest.fixture
def draft():
    from tests.audits.test_audit_services import build_world, start

    world = build_world()
    return start(world)


def _open_draft(page, audit: Audit) -> None:
    page.goto(f"/audits/{audit.pk}/edit/")
    log_in(page, audit.auditor.username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Audit of case")
    expect(page.locator("#audit-form[data-save-state]")).to_have_count(1)  # the script is ready


def test_text_typed_while_the_server_is_down_survives_a_reload(tablet_page, draft):
    page = tablet_page
    _open_draft(page, draft)
    page.route("**/autosave/", lambda route: route.fulfill(status=503, body="Service unavailable"))
    page.get_by_label("Evidence for Planning").fill("Kept on the tablet")
    expect(page.locator("#save-status")).to_contain_text("the server did not answer")

    page.reload()  # the server is still down: the text comes back from the device
    expect(page.get_by_label("Evidence for Planning")).to_have_value("Kept on the tablet")
    assert _evidence(draft, "Planning") == ""

    page.unroute("**/autosave/")  # back up: the retry sends it
    expect(page.locator("#audit-form")).to_have_attribute("data-save-state", "saved")
    expect(page.locator("#save-status")).to_have_text(SAVED)
    assert _evidence(draft, "Planning") == "Kept on the tablet"


def test_second_tab_is_refused_with_its_text_kept_on_screen(
    tablet_page, page, assert_accessible, draft
):
    first, second = tablet_page, page
    _open_draft(first, draft)
    _open_draft(second, draft)
    first.get_by_label("What is working well").fill("Written in the first tab")
    expect(first.locator("#audit-form")).to_have_attribute("data-save-state", "saved")

    second.get_by_label("What is working well").fill("Written in the second tab")
    status = second.locator("#save-status")
    expect(status).to_contain_text("Someone else saved this audit at")
    expect(status).to_contain_text("Your text is still here")
    expect(second.locator("#conflict-alert")).to_be_visible()
    expect(second.get_by_label("What is working well")).to_have_value("Written in the second tab")
    assert_accessible(second)
    draft.refresh_from_db()
    assert draft.working_well == "Written in the first tab"

    # Reloading shows the saved version and offers the text this device still holds.
    second.reload()
    expect(second.get_by_label("What is working well")).to_have_value("Written in the first tab")
    expect(second.locator("#local-copy")).to_be_visible()
    assert_accessible(second)
    second.get_by_role("button", name="Put my changes back in the form").click()
    expect(second.get_by_label("What is working well")).to_have_value("Written in the second tab")
    expect(second.locator("#audit-form")).to_have_attribute("data-save-state", "saved")
    draft.refresh_from_db()
    assert draft.working_well == "Written in the second tab"


def test_a_long_paste_is_kept_whole_and_not_saved_until_shortened(tablet_page, draft):
    page = tablet_page
    _open_draft(page, draft)
    evidence = page.get_by_label("Evidence for Assessment")
    evidence.fill("x" * 4010)
    expect(page.get_by_text("4,010 of 4,000 characters: 10 too many")).to_be_visible()
    expect(page.locator("#save-status")).to_contain_text("Not saved: Evidence for Assessment")
    expect(evidence).to_have_value("x" * 4010)
    evidence.press("End")
    for _ in range(10):
        evidence.press("Backspace")
    expect(page.locator("#audit-form")).to_have_attribute("data-save-state", "saved")
    assert _evidence(draft, "Assessment") == "x" * 4000


def test_a_refused_submission_shows_why_keeps_the_text_and_saves_it_as_draft(
    tablet_page, assert_accessible, draft
):
    page = tablet_page
    _open_draft(page, draft)
    page.get_by_label("What is working well").fill("Kept although the submission was refused")
    page.get_by_role("button", name="Submit audit").click()  # no overall grade yet
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Your draft is saved. Before you can submit:")
    expect(summary).to_be_focused()  # read out first
    expect(page).to_have_title(re.compile(r"^Error: Audit of case "))
    expect(page.locator("#div_id_overall_grade")).to_contain_text("Choose the overall grade.")
    summary.get_by_role("link", name="Overall grade: Choose the overall grade.").click()
    expect(page.locator("#id_overall_grade_0")).to_be_focused()
    expect(page.get_by_label("What is working well")).to_have_value(
        "Kept although the submission was refused"
    )
    assert_accessible(page)
    # The refused text is not lost: the page saves it to the draft by itself.
    expect(page.locator("#audit-form")).to_have_attribute("data-save-state", "saved")
    draft.refresh_from_db()
    assert (draft.status, draft.working_well) == (
        "draft",
        "Kept although the submission was refused",
    )
