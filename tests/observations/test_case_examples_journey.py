"""Case examples in a real browser: an auditor flags an audit on a phone, is refused until the
write-up is anonymised, then a QA lead approves it and a colleague reads it. Zero axe
violations on every page.

Each journey drives a Playwright of its own in a thread of its own (`in_a_browser`), as the
observation recording journey does: the browser tests under tests/browser hold Playwright's sync
API of the main thread for the whole session, and their fixtures are not visible here.
"""

import os
import shutil
import threading
from collections.abc import Callable, Iterator

import pytest
from django.db import connections
from playwright.sync_api import Page, expect, sync_playwright

from observations.models import CaseExample
from practiceweek.models import Role
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, _open_page, log_in
from tests.conftest import require
from tests.factories import AuditFactory, CaseFileFactory, TeamFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAMED = "Sam kept the chronology alive since 12/03/2026."
TITLE = "A chronology that tells the story"
OpenPage = Callable[[dict[str, int]], Page]
Check = Callable[[Page], None]


def in_a_browser(live_server, journey: Callable[[OpenPage, Check], None]) -> None:
    """Run `journey(open_page, assert_accessible)` in a thread of its own, where
    `open_page(viewport)` opens a page in a fresh browser context; re-raise here whatever failed
    there, script errors on any page included."""
    require(
        os.path.exists(CHROMIUM) or shutil.which(CHROMIUM) is not None,
        f"Chromium not found at {CHROMIUM} (apt-get install chromium)",
    )
    failures: list[BaseException] = []

    def run() -> None:
        from axe_playwright_python.sync_playwright import Axe

        axe = Axe()

        def assert_accessible(page: Page) -> None:
            results = axe.run(page)
            assert results.violations_count == 0, (
                f"{page.url}: {results.violations_count} accessibility violation(s)\n"
                + results.generate_report()
            )

        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                opened: list[Iterator[Page]] = []

                def open_page(viewport: dict[str, int]) -> Page:
                    opened.append(_open_page(chromium, live_server, viewport))
                    return next(opened[-1])

                try:
                    journey(open_page, assert_accessible)
                    for page in opened:
                        for _ in page:  # closes the context, then checks its script errors
                            pass
                finally:
                    chromium.close()
        except BaseException as exc:  # handed over to the test's own thread
            failures.append(exc)
        finally:
            connections.close_all()  # this thread's own connections

    # Playwright's sync API runs an event loop in the thread; the journey's ORM calls are still
    # synchronous (as in tests/browser/conftest.py).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        thread = threading.Thread(target=run, name="browser-journey")
        thread.start()
        thread.join()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    if failures:
        raise failures[0]


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


def test_flag_approve_and_share_a_case_example(live_server, audit):
    def journey(open_page: OpenPage, assert_accessible: Check) -> None:
        phone = open_page(PHONE)
        phone.goto(f"/audits/{audit.pk}/")
        log_in(phone, "ada.auditor")
        phone.get_by_role("link", name="Flag as a case example").click()
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

        desktop = open_page(DESKTOP)
        desktop.goto("/observations/case-examples/")
        log_in(desktop, "qa.lead")
        assert_accessible(desktop)
        desktop.get_by_role("link", name=TITLE).click()
        desktop.get_by_label("Approve: share it across the service and in the report").check()
        desktop.get_by_role("button", name="Record the decision").click()
        expect(desktop.get_by_text("Case example approved: it is shared.")).to_be_visible()
        assert_accessible(desktop)

        desktop.get_by_role("button", name="Sign out").click()
        desktop.goto("/observations/case-examples/")
        log_in(desktop, "colleague")
        expect(desktop.get_by_role("link", name=TITLE)).to_be_visible()
        assert_accessible(desktop)

    in_a_browser(live_server, journey)

    example = CaseExample.objects.get()
    assert (example.status, example.kind) == (CaseExample.Status.APPROVED, "innovative")
    assert example.write_up == "The worker kept the chronology alive."
