"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server,
with axe-core checking every page a journey visits (zero violations allowed)."""

import os
import shutil

import pytest

from tests.conftest import require

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    require(
        os.path.exists(CHROMIUM) or shutil.which(CHROMIUM) is not None,
        f"Chromium not found at {CHROMIUM} (apt-get install chromium)",
    )
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, so Django's async-safety guard is lifted for browser tests only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _open_page(browser, live_server, viewport):
    """A fresh browser context; yields its page, then fails on any script error it saw.

    Script errors include Content Security Policy refusals, so a template that slips in an
    inline script or style without the nonce fails here.
    """
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.on(
        "console",
        lambda msg: (
            errors.append(f"console: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    yield page
    context.close()
    assert errors == [], "the page reported script errors"


@pytest.fixture
def page(browser, live_server):
    yield from _open_page(browser, live_server, DESKTOP)


@pytest.fixture
def phone_page(browser, live_server):
    yield from _open_page(browser, live_server, PHONE)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core (WCAG 2.0-2.2 A/AA and best practice) on the page; fail on any violation."""

    def check(page) -> None:
        results = axe.run(page)
        assert results.violations_count == 0, (
            f"{page.url}: {results.violations_count} accessibility violation(s)\n"
            + results.generate_report()
        )

    return check


@pytest.fixture
def assert_accessible_on_touch(axe):
    """assert_accessible, plus axe's target-size rule (WCAG 2.2 2.5.8, 24 by 24 CSS pixels),
    which axe leaves off unless asked: for pages checked at phone widths."""
    options = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}

    def check(page) -> None:
        results = axe.run(page, options=options)
        assert results.violations_count == 0, (
            f"{page.url}: {results.violations_count} accessibility violation(s)\n"
            + results.generate_report()
        )

    return check


def log_in(page, username: str, password: str = "correct-horse-battery") -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
