"""Case examples: an auditor flags an audit on a phone, is refused until the write-up is
anonymised, then a QA lead approves it on a desktop and a colleague from another team reads it."""

import pytest
from playwright.sync_api import expect

from observations.models import CaseExample
from practiceweek.models import Role
from tests.browser.conftest import log_in
from tests.factories import AuditFactory, CaseFileFactory, TeamFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAMED = "Sam kept the chronology alive since 12/03/2026."
TITLE = "A chronology that tells the story"


@pytest.fixture
def audit():
    team = TeamFactory(name="Brambles")
    worker = UserFactory(first_name="Sam", last_name="Smith", teams=[team])
    UserFactory(username="qa.lead", role=Role.QA_ADMIN)
    UserFactory(username="colleague", teams=[TeamFactory(name="Oaks")])
    return AuditFactory(
        submitted=True,
        auditor=UserFactory(username="ada.auditor", role=Role.HEAD_OF_SERVICE),
        case_file=CaseFileFactory(team=team, allocated_worker=worker, case_reference="CR-2041"),
    )


def test_flag_approve_and_share_a_case_example(phone_page, page, assert_accessible, audit):
    phone, desktop = phone_page, page
    phone.goto(f"/audits/{audit.pk}/")
    log_in(phone, "ada.auditor")
    assert_accessible(phone)
    phone.get_by_role("link", name="Flag as a case example").click()
    assert_accessible(phone)
    phone.get_by_label("Innovative practice").check()
    phone.get_by_label("Title").fill(TITLE)
    phone.get_by_label("Anonymised write-up").fill(NAMED)
    phone.get_by_role("button", name="Flag as a case example").click()

    expect(phone.locator("#error-summary")).to_contain_text("Take out the name “Sam”")
    expect(phone.locator("#error-summary")).to_contain_text(
        "Confirm that the write-up is anonymised. Check these, which may identify someone: "
        "a date “12/03/2026”."
    )
    expect(phone.get_by_label("Anonymised write-up")).to_have_value(NAMED)
    assert_accessible(phone)

    phone.get_by_label("Anonymised write-up").fill("The worker kept the chronology alive.")
    phone.get_by_label("I confirm this write-up is anonymised", exact=False).check()
    phone.get_by_role("button", name="Flag as a case example").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(phone.get_by_text("Waiting for approval").first).to_be_visible()
    assert_accessible(phone)

    desktop.goto("/observations/case-examples/")
    log_in(desktop, "qa.lead")
    assert_accessible(desktop)
    desktop.get_by_role("link", name=TITLE).click()
    assert_accessible(desktop)
    desktop.get_by_label("Approve: share it across the service and in the report").check()
    desktop.get_by_role("button", name="Record the decision").click()
    expect(desktop.get_by_text("Case example approved: it is shared.")).to_be_visible()
    assert_accessible(desktop)

    desktop.get_by_role("button", name="Sign out").click()
    desktop.goto("/observations/case-examples/")
    log_in(desktop, "colleague")
    expect(desktop.get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(desktop)

    example = CaseExample.objects.get()
    assert (example.status, example.kind) == (CaseExample.Status.APPROVED, "innovative")
    assert example.write_up == "The worker kept the chronology alive."
