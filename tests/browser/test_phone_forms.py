"""Issue 9, points 13 and 15: the long forms on a phone and a tablet. Submit works on the first
tap, even when that tap starts an autosave; and tabbing through a form never leaves the focused
field under the sticky Save/Submit bar (WCAG 2.2 2.4.11, focus not obscured)."""

import re
import time
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from playwright.sync_api import expect

from audits.models import Audit
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def audit_ready_to_submit() -> Audit:
    """A draft audit with every section and the overall grade done: only Submit is left."""
    from tests.audits.test_audit_services import build_world, start

    audit = start(build_world())
    audit.answers.update(grade="good")
    Audit.objects.filter(pk=audit.pk).update(overall_grade="good", suggested_grade="good")
    return audit


def _slowly(route) -> None:
    time.sleep(0.4)
    route.continue_()


def test_submit_straight_after_typing_works_on_the_first_tap(
    phone_page, assert_accessible_on_touch, audit_ready_to_submit
):
    audit, page = audit_ready_to_submit, phone_page
    page.goto(reverse("audits:edit", args=[audit.pk]))
    log_in(page, audit.auditor.username)
    form = page.locator("#audit-form")
    expect(form).to_have_attribute("data-save-state", "saved")  # the script is ready
    # The autosave answers slowly, so Submit is pressed while it is on its way.
    page.route("**/autosave/", _slowly)
    page.get_by_label("What is working well").fill("Typed just before tapping Submit")
    # Tap Submit at once: leaving the box starts that autosave ("Saving…") mid-tap.
    page.get_by_role("button", name="Submit audit").click()
    expect(page).to_have_url(reverse("audits:submitted", args=[audit.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit submitted")
    audit.refresh_from_db()
    assert (audit.status, audit.working_well) == (
        "submitted",
        "Typed just before tapping Submit",
    )
    assert audit.submitted_at is not None
    assert_accessible_on_touch(page)


def test_autosave_says_when_a_box_may_identify_someone(phone_page, audit_ready_to_submit):
    audit, page = audit_ready_to_submit, phone_page
    page.goto(reverse("audits:edit", args=[audit.pk]))
    log_in(page, audit.auditor.username)
    expect(page.locator("#audit-form")).to_have_attribute("data-save-state", "saved")
    name = audit.practitioner.get_full_name()
    page.get_by_label("What is working well").fill(f"{name} planned the visit well.")
    status = page.locator("#save-status")
    expect(status).to_have_text(re.compile(r"^Saved at \d\d:\d\d\. Check 1 box: may identify"))
    audit.refresh_from_db()
    assert audit.working_well == f"{name} planned the visit well."  # a warning, never refused
    page.get_by_label("What is working well").fill("Planned the visit well.")
    expect(status).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))


def test_the_bar_keeps_its_height_whatever_the_status_says(page, audit_ready_to_submit):
    audit = audit_ready_to_submit
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(reverse("audits:edit", args=[audit.pk]))
    log_in(page, audit.auditor.username)
    expect(page.locator("#audit-form")).to_have_attribute("data-save-state", "saved")
    submit = page.get_by_role("button", name="Submit audit")
    boxes = []
    for text in (
        "Saving…",
        "Your changes are saved as you type.",
        "Offline: you can save or submit when you reconnect. Your changes are kept on this device.",
        "Not saved: you were signed out. Kept on this device: sign in again in another tab.",
    ):
        page.locator("#save-status").evaluate("(el, text) => { el.textContent = text; }", text)
        boxes.append(submit.bounding_box())
    assert all(box == boxes[0] for box in boxes), boxes


# --- Focus not obscured ---------------------------------------------------------------------

# For the focused element: is its whole box inside the window and clear of the sticky bar?
FOCUS_CHECK = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const bar = document.querySelector(".pw-action-bar");
  const box = el.getBoundingClientRect();
  const inBar = bar.contains(el);
  const barTop = bar.getBoundingClientRect().top;
  return {
    name: el.id || el.name || el.textContent.trim().slice(0, 40) || el.tagName,
    inBar: inBar,
    inWindow: box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight + 0.5
      && box.right <= window.innerWidth + 0.5,
    clearOfBar: inBar || box.bottom <= barTop + 0.5,
    isLast: inBar && el === bar.querySelector("button:last-of-type"),
    where: [box.top, box.bottom, barTop, window.innerHeight, window.scrollY].map(Math.round),
  };
}"""


def _tab_through(page) -> int:
    """Tab from the top of the page to the bar's last button; every stop fully visible."""
    page.locator("h1").click()
    hidden: list[str] = []
    stops = 0
    for _ in range(200):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUS_CHECK)
        if found is None:
            continue
        stops += 1
        if not (found["inWindow"] and found["clearOfBar"]):
            hidden.append(f"{found['name']} {found['where']}")
        if found["isLast"]:
            break
    else:
        raise AssertionError("never reached the bar's last button")
    assert hidden == [], f"{len(hidden)} of {stops} focus stops hidden: {hidden}"
    return stops


def _audit_form() -> tuple[str, str]:
    from tests.audits.test_audit_services import build_world, start

    audit = start(build_world())
    return reverse("audits:edit", args=[audit.pk]), audit.auditor.username


def _observation_form() -> tuple[str, str]:
    import_module("observations.migrations.0002_default_framework").create_framework(apps, None)
    from tests.observations.test_recording_services import build_world, start

    world = build_world()
    return reverse("observations:edit", args=[start(world).pk]), world.observer.username


def _report_narrative_form() -> tuple[str, str]:
    from tests.reports.test_build_services import build_world

    world = build_world()
    return reverse("reports:edit", args=[world.report.pk]), world.qa.username


FORMS = {"audit": _audit_form, "observation": _observation_form, "report": _report_narrative_form}


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["390px", "820px"])
@pytest.mark.parametrize("form", FORMS)
def test_tabbing_through_the_long_forms_never_hides_the_focus(page, form, viewport):
    url, username = FORMS[form]()
    page.set_viewport_size(viewport)
    page.goto(url)
    log_in(page, username)
    expect(page.locator(".pw-action-bar")).to_be_visible()
    page.wait_for_load_state("load")
    assert _tab_through(page) >= 5
