"""Issue 9, point 14: on a phone (320 and 390 px) the lists with an action on each row (home,
My audits, My observations, My case actions, Escalations) show every row's action without
sideways scrolling, and no page scrolls sideways. Zero axe violations (target size included)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from audits.models import Escalation, EscalationRecipient
from practiceweek.models import Role
from tests.browser.conftest import log_in
from tests.factories import (
    AuditFactory,
    CaseActionFactory,
    CaseFileFactory,
    ObservationFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LONG_TEAM = "Children in Care and Care Leavers Team (North and West localities)"

# Each page, and where its rows' actions are.
PAGES = {
    "/": "#my-visits-heading ~ .table-responsive tbody tr td:last-child a",
    "/audits/mine/": ".pw-cards tbody tr td:last-child a",
    "/observations/mine/": ".pw-cards tbody tr td:last-child a",
    "/audits/actions/": ".pw-cards tbody tr td:last-child button",
    "/audits/escalations/": "article h2 a, article form button",
}


@pytest.fixture
def busy_service_manager():
    """A Service Manager with something on every list: long names, as councils have them."""
    person = UserFactory(
        username="sue.manager",
        first_name="Susannah-Josephine",
        last_name="Montgomery-Fairweather",
        role=Role.SERVICE_MANAGER,
    )
    service = ServiceFactory(name="Children's Social Care: Safeguarding and Family Help")
    team = TeamFactory(service=service, name=LONG_TEAM, base="Civic Centre, Annexe B, 3rd floor")
    today = timezone.localdate()
    week = PracticeWeekFactory(services=[service], start_date=today, end_date=today)
    VisitFactory(week=week, team=team, visitor=person, date=today)
    # Transactional tests empty the tables between tests, migration data included.
    import_module("observations.migrations.0002_default_framework").create_framework(apps, None)
    for submitted in (False, True):
        case_file = CaseFileFactory(team=team, case_reference=f"NB-2026/00{int(submitted)}1234")
        AuditFactory(auditor=person, case_file=case_file, week=week, submitted=submitted)
        ObservationFactory(
            observer=person,
            team=team,
            week=week,
            practitioners=[UserFactory()],
            submitted=submitted,
        )
    CaseActionFactory(owner=person, description="Update the chronology " * 6)
    inadequate = AuditFactory(
        case_file=CaseFileFactory(team=team), week=week, submitted=True, overall_grade="inadequate"
    )
    escalation = Escalation.objects.create(audit=inadequate)
    EscalationRecipient.objects.create(escalation=escalation, person=person)
    return person


@pytest.mark.parametrize("width", [320, 390])
def test_every_rows_action_is_in_view_and_no_page_scrolls_sideways(
    page, assert_accessible_on_touch, busy_service_manager, width
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/")
    log_in(page, busy_service_manager.username)
    for url, actions in PAGES.items():
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        sizes = page.evaluate(
            "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        assert sizes[0] <= sizes[1], f"{url} scrolls sideways at {width} px: {sizes}"
        found = page.locator(actions).all()
        assert len(found) >= 1, url
        for action in found:
            box = action.bounding_box()
            assert box is not None, url
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (
                f"{url}: {action.inner_text()!r} is out of view at {width} px: {box}"
            )
        assert_accessible_on_touch(page)
