"""The report journey: the QA lead writes the narrative, builds the PDF and watches its progress
until it is ready, then publishes it; a scrutiny panel member logs in, sees only that report and
downloads it. A failed build says why and offers "Try again". Zero axe violations throughout.

The live server runs tasks eagerly (in the request). To watch the progress page do its work,
"Build PDF" here only records the build's id, as a broker would; the test then plays the worker
and runs the build itself while the page polls.
"""

import pytest
from playwright.sync_api import expect

from practiceweek.models import Role
from reports import rendering, services, tasks
from reports.models import Report, ReportBuild
from tests.browser.conftest import PHONE, _open_page, log_in
from tests.factories import (
    ObservationFactory,
    ObservationFrameworkFactory,
    PracticeWeekFactory,
    ServiceUserFeedbackFactory,
    UserFactory,
)
from tests.reports.test_build_services import build_world
from tests.reports.test_rendering import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Practice week report: November practice week"


@pytest.fixture
def queue(monkeypatch) -> list[int]:
    """The build ids "Build PDF" sends to the broker; no worker takes them until told."""
    sent: list[int] = []
    monkeypatch.setattr(tasks.build_report_task, "delay", lambda build_id: sent.append(build_id))
    return sent


@pytest.fixture
def world():
    world = build_world(username="quinn.lead")
    # Another week's report, built but never published: the panel must not see it.
    other = services.report_create_week(
        week=PracticeWeekFactory(title="Spring practice week", slug="spring"), user=world.qa
    )
    ReportBuild.objects.create(
        report=other, number=1, requested_by=world.qa, status="ready", pdf=b"%PDF-"
    )
    UserFactory(
        username="cllr.jones", first_name="Morgan", last_name="Jones", role=Role.SCRUTINY_MEMBER
    )
    return world


def confirm_unfinished_and_publish(page, assert_accessible, number: int = 1) -> None:
    """On the version page: tick each item unfinished when it was built, then publish."""
    expect(page.get_by_role("heading", name="Publish to the scrutiny panel")).to_be_visible()
    assert_accessible(page)
    for tick in page.get_by_label("I know:").all():
        tick.check()
    page.get_by_role("button", name=f"Publish version {number}").click()


def test_the_qa_lead_builds_and_publishes_and_the_panel_reads_it(
    page, phone_page, assert_accessible, world, queue
):
    page.goto("/reports/")
    log_in(page, "quinn.lead")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    assert_accessible(page)

    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#build-status")).to_have_text("No version has been built yet.")
    assert_accessible(page)

    # The narrative, and one row of the action plan.
    page.get_by_role("link", name="Write the narrative").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Narrative of {TITLE}")
    page.get_by_label("Panel meeting date").fill("2027-01-16")
    page.get_by_label("What next").fill("A thematic audit of supervision in March.")
    page.get_by_label("Category").first.fill("Supervision")
    page.get_by_label("Issue identified").first.fill("Supervision is not monthly.")
    page.get_by_label("Action to be taken").first.fill("Audit supervision records.")
    page.get_by_label("Anticipated risk if not completed").first.fill("Plans drift.")
    page.get_by_label("Date for completion").first.fill("2027-03-31")
    page.get_by_label("Responsible person").first.fill("Head of Service")
    page.get_by_role("button", name="Add another row").click()
    expect(page.locator("[data-action-row]")).to_have_count(2)
    expect(page.get_by_label("Category").nth(1)).to_be_focused()
    assert_accessible(page)
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.get_by_text("The narrative is saved.")).to_be_visible()
    report = Report.objects.get(pk=world.report.pk)
    assert report.what_next == "A thematic audit of supervision in March."
    assert report.action_items.get().responsible == "Head of Service"

    # The preview draws today's data with the new narrative.
    page.get_by_role("link", name="Preview with today's data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Preview of {TITLE}")
    expect(page.get_by_text("A thematic audit of supervision in March.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the report").click()

    # Build: queued, then (the worker runs it) ready, announced in the live region.
    page.get_by_role("button", name="Build PDF").click()
    status = page.get_by_role("status").filter(has_text="Version 1")
    expect(status).to_have_text("Version 1: Queued. It will start in a moment.")
    expect(page.get_by_role("button", name="Build PDF")).to_be_hidden()
    assert_accessible(page)
    assert len(queue) == 1
    services.build_run(queue[0])  # the worker
    build = ReportBuild.objects.get(pk=queue[0])
    expect(status).to_have_text(f"Version 1: Ready. {build.page_count} pages.", timeout=15_000)
    expect(page.locator("#build-progress")).to_have_attribute("data-state", "ready")
    expect(page.get_by_role("link", name="Download version 1 (PDF)")).to_be_visible()
    expect(page.get_by_role("button", name="Build PDF")).to_be_visible()
    publish = page.get_by_role("link", name="Publish version 1…")
    expect(publish).to_be_visible()  # the list of versions caught up too
    assert_accessible(page)

    publish.click()
    confirm_unfinished_and_publish(page, assert_accessible)
    expect(page.get_by_text("Version 1 is published")).to_be_visible()
    expect(page.get_by_role("cell", name="(current)")).to_be_visible()
    assert_accessible(page)

    # A councillor on a phone: the published report, and nothing else.
    phone = phone_page
    phone.goto("/")
    log_in(phone, "cllr.jones")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello, Morgan")
    expect(phone.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(phone.get_by_text("Spring practice week")).to_have_count(0)
    assert_accessible(phone)
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Published reports")
    expect(phone.get_by_role("heading", level=2)).to_have_count(1)
    assert_accessible(phone)
    with phone.expect_download() as info:
        phone.get_by_role("link", name=f"Download the report (PDF) of {TITLE}, version 1").click()
    download = info.value
    assert download.suggested_filename == "november-2026-scrutiny-report-v1.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read() == bytes(ReportBuild.objects.get(pk=build.pk).pdf)

    phone.get_by_role("link", name=f"Tables as spreadsheets of {TITLE}, version 1").click()
    expect(phone.get_by_role("heading", level=2, name="Tables")).to_be_visible()
    assert_accessible(phone)
    assert phone.goto("/reports/").status == 403
    assert phone.goto(f"/reports/{world.report.pk}/").status == 403


def test_a_failed_build_says_why_and_tries_again_as_the_next_version(
    page, assert_accessible, world, queue, monkeypatch
):
    page.goto(f"/reports/{world.report.pk}/")
    log_in(page, "quinn.lead")
    page.get_by_role("button", name="Build PDF").click()
    status = page.locator("#build-status")
    expect(status).to_have_text("Version 1: Queued. It will start in a moment.")

    def broken(snapshot):
        raise ValueError("no fonts")

    monkeypatch.setattr(rendering, "render_pdf", broken)
    services.build_run(queue[0])
    expect(status).to_contain_text("Version 1: Failed. The PDF could not be drawn", timeout=15_000)
    retry = page.get_by_role("button", name="Try again")
    expect(retry).to_be_visible()
    assert_accessible(page)

    retry.click()
    expect(status).to_have_text("Version 2: Queued. It will start in a moment.")
    assert list(
        ReportBuild.objects.filter(report=world.report).values_list("number", "status")
    ) == [
        (2, "queued"),
        (1, "failed"),
    ]


# --- Families' words, deliberate publishing and withdrawal, at 390 px --------------------------

QUOTE = "She listened to us and explained what happens next."


@pytest.fixture
def qa_phone(browser, live_server):
    """The QA lead on a phone (390 px), beside the councillor's `phone_page`."""
    yield from _open_page(browser, live_server, PHONE)


@pytest.fixture
def quoted(world):
    """A consented quote from a family, recorded after an observation in the week."""
    observation = ObservationFactory(
        week=world.week, team=world.team, submitted=True, framework=ObservationFrameworkFactory()
    )
    ServiceUserFeedbackFactory(observation=observation, words=QUOTE, rating=5)
    return world


def test_the_qa_lead_includes_a_quote_publishes_deliberately_then_withdraws(
    qa_phone, phone_page, assert_accessible, quoted, queue
):
    include_publish_and_withdraw(qa_phone, phone_page, assert_accessible, quoted, queue)


def include_publish_and_withdraw(qa, cllr, assert_accessible, world, queue) -> None:
    """The QA lead (phone) includes the week's one quote, builds, publishes after confirming
    what is unfinished, and withdraws; the councillor (phone) sees it, then does not."""
    qa.goto(f"/reports/{world.report.pk}/quotes/")
    log_in(qa, "quinn.lead")
    expect(qa.get_by_role("heading", level=1)).to_have_text(f"Families' words in {TITLE}")
    expect(qa.get_by_text(QUOTE)).to_be_visible()
    expect(qa.get_by_text("Nothing found that may identify someone.")).to_be_visible()
    expect(qa.get_by_text("Not yet reviewed.")).to_be_visible()
    assert_accessible(qa)
    qa.get_by_label("Include in the report").check()
    qa.get_by_role("button", name="Save the choices").click()
    expect(
        qa.get_by_text("The quotes are reviewed: 1 will go into the next version")
    ).to_be_visible()
    assert_accessible(qa)

    # Build (the test plays the worker), then publish after confirming what is unfinished.
    qa.get_by_role("link", name="Back to the report").click()
    qa.get_by_role("button", name="Build PDF").click()
    services.build_run(queue[0])
    status = qa.get_by_role("status").filter(has_text="Version 1")
    expect(status).to_contain_text("Version 1: Ready.", timeout=15_000)
    assert_accessible(qa)
    qa.get_by_role("link", name="Publish version 1…").click()
    expect(qa.get_by_text("When this version was built, these were unfinished:")).to_be_visible()
    qa.get_by_role("button", name="Publish version 1").click()  # nothing ticked: refused
    expect(
        qa.get_by_text("Tick each unfinished item to publish this version anyway")
    ).to_be_visible()
    assert ReportBuild.objects.get(pk=queue[0]).published_at is None
    confirm_unfinished_and_publish(qa, assert_accessible)
    expect(qa.get_by_text("Version 1 is published")).to_be_visible()
    assert_accessible(qa)

    # The councillor reads it, the family's words included; every page says DRAFT (unfinished).
    cllr.goto("/reports/published/")
    log_in(cllr, "cllr.jones")
    cllr.goto("/reports/published/")
    expect(cllr.get_by_role("heading", name=TITLE)).to_be_visible()
    assert_accessible(cllr)
    with cllr.expect_download() as info:
        cllr.get_by_role("link", name=f"Download the report (PDF) of {TITLE}, version 1").click()
    with open(info.value.path(), "rb") as pdf:
        pages = pdf_text(pdf.read())
    assert QUOTE in " ".join(pages)
    assert all("DRAFT" in page for page in pages)
    assert not any("not been written" in page for page in pages)

    # The QA lead withdraws it with a reason; the councillor no longer sees it.
    build = ReportBuild.objects.get(pk=queue[0])
    qa.goto(f"/reports/versions/{build.pk}/")
    qa.get_by_role("button", name="Withdraw version 1").click()  # no reason: refused
    expect(qa.get_by_text("Say why this version is withdrawn")).to_be_visible()
    assert_accessible(qa)
    qa.get_by_label("Why is this version withdrawn?").fill("A quote was included in error.")
    qa.get_by_role("button", name="Withdraw version 1").click()
    expect(qa.get_by_text("Version 1 is withdrawn: the panel no longer sees it.")).to_be_visible()
    expect(qa.get_by_text("Why: A quote was included in error.")).to_be_visible()
    assert_accessible(qa)

    cllr.goto("/reports/published/")
    expect(cllr.get_by_text("No reports have been published to the panel yet.")).to_be_visible()
    assert_accessible(cllr)
    assert cllr.goto(f"/reports/versions/{build.pk}/pdf/").status == 404
