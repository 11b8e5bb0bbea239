"""The QA lead's report pages: the list, creating reports, the report page with its build
progress, Build PDF and the progress endpoint, the preview; who may open them; and their query
counts, pinned. (The narrative page: test_pages_edit.py.)"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.safestring import mark_safe

from practiceweek.models import Role
from reports import gather, rendering, services
from reports.models import Report, ReportBuild
from tests.factories import PracticeWeekFactory, UserFactory
from tests.reports.test_build_services import NOW, World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def qa_client(client, world):
    client.force_login(world.qa)
    return client


def version(world: World, number: int = 1, **fields) -> ReportBuild:
    """A version of the world's report, with its real snapshot and a stand-in PDF."""
    values = {
        "status": "ready",
        "snapshot": gather.snapshot_for(world.report, now=NOW),
        "pdf": b"%PDF-1.7 stand-in",
        "page_count": 7,
        "attempts": 1,
    } | fields
    return ReportBuild.objects.create(
        report=world.report, number=number, requested_by=world.qa, **values
    )


def html(response) -> str:
    return response.content.decode()


# --- The list -----------------------------------------------------------------------------------


def test_the_list_shows_each_report_with_its_latest_build_and_published_version(qa_client, world):
    version(world, 1, published_at=NOW)
    version(world, 2, status="failed", error="The PDF could not be drawn (ValueError).")
    Report.objects.create(
        kind="annual",
        date_from=date(2025, 4, 1),
        date_to=date(2026, 3, 31),
        title="Quality assurance 2025 to 2026",
        created_by=world.qa,
    )
    PracticeWeekFactory(title="Spring practice week", slug="spring")
    page = html(qa_client.get(reverse("reports:list")))
    assert "Practice week report: November practice week" in page
    assert "Version 2: <span" in page and "Failed</span>" in page
    assert "The PDF could not be drawn (ValueError)." in page
    assert "Version 1, " in page  # the published one
    assert "Quality assurance 2025 to 2026" in page
    assert "Not built yet" in page
    assert "Practice weeks without a report: Spring practice week." in page


def test_the_list_runs_a_fixed_number_of_queries(qa_client, world, django_assert_num_queries):
    def add_report(n: int) -> None:
        week = PracticeWeekFactory(slug=f"w{n}", title=f"Week {n}")
        report = services.report_create_week(week=week, user=world.qa)
        ReportBuild.objects.create(report=report, number=1, requested_by=world.qa)

    add_report(1)
    # session and user, then reports, their builds and the weeks without a report
    with django_assert_num_queries(5):
        qa_client.get(reverse("reports:list"))
    add_report(2)
    add_report(3)
    with django_assert_num_queries(5):
        assert qa_client.get(reverse("reports:list")).status_code == 200


# --- Creating reports ---------------------------------------------------------------------------


def test_creating_a_week_report_fills_in_the_panel_and_title(qa_client, world, settings):
    settings.SCRUTINY_PANEL_NAME = "Children's Scrutiny Panel"
    week = PracticeWeekFactory(title="Spring practice week", slug="spring", purpose="To learn.")
    response = qa_client.post(reverse("reports:new_week"), {"week": week.pk})
    report = Report.objects.get(week=week)
    assert response.status_code == 302
    assert response.url == reverse("reports:detail", args=[report.pk])
    assert report.title == "Practice week report: Spring practice week"
    assert (report.panel_name, report.purpose, report.created_by) == (
        "Children's Scrutiny Panel",
        "To learn.",
        world.qa,
    )


def test_a_week_has_one_report(qa_client, world):
    response = qa_client.post(reverse("reports:new_week"), {"week": world.week.pk})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["week"] == ["This practice week already has a report."]
    assert Report.objects.count() == 1


def test_the_week_is_required(qa_client, world):
    response = qa_client.post(reverse("reports:new_week"), {"week": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["week"] == ["Choose the practice week."]
    assert "There is a problem: nothing was saved" in html(response)


def test_only_weeks_without_a_report_are_offered(qa_client, world):
    PracticeWeekFactory(title="Spring practice week", slug="spring")
    page = html(qa_client.get(reverse("reports:new_week")))
    assert "Spring practice week" in page
    assert "November practice week" not in page


def test_creating_a_yearly_report(qa_client, world):
    response = qa_client.post(
        reverse("reports:new_annual"), {"date_from": "2025-04-01", "date_to": "2026-03-31"}
    )
    report = Report.objects.get(kind="annual")
    assert response.status_code == 302
    assert (report.date_from, report.date_to) == (date(2025, 4, 1), date(2026, 3, 31))
    assert report.title == "Quality assurance report: 1 April 2025 to 31 March 2026"


def test_a_yearly_report_refuses_dates_out_of_order_beside_the_field(qa_client, world):
    data = {"date_from": "2026-03-31", "date_to": "2025-04-01", "title": "Kept title"}
    response = qa_client.post(reverse("reports:new_annual"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"date_to": ["The end date must be on or after the start date."]}
    page = html(response)
    assert 'value="Kept title"' in page
    assert 'id="error_1_id_date_to"' in page  # beside the field (crispy)
    assert not Report.objects.filter(kind="annual").exists()


def test_a_yearly_report_refuses_a_date_that_is_not_one(qa_client, world):
    response = qa_client.post(
        reverse("reports:new_annual"), {"date_from": "next spring", "date_to": "2026-03-31"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["date_from"] == ["Enter a valid date."]
    assert 'value="next spring"' in html(response)


# --- The report page and building -----------------------------------------------------------------


def test_the_report_page_offers_build_pdf_when_nothing_is_built(qa_client, world):
    page = html(qa_client.get(reverse("reports:detail", args=[world.report.pk])))
    assert "No version has been built yet." in page
    assert ">Build PDF</button>" in page
    assert "data-status-url" not in page  # nothing to watch


def test_an_active_build_is_watched_and_announced_politely(qa_client, world):
    build = ReportBuild.objects.create(report=world.report, number=1, requested_by=world.qa)
    page = html(qa_client.get(reverse("reports:detail", args=[world.report.pk])))
    assert f'data-status-url="{reverse("reports:build_status", args=[build.pk])}"' in page
    assert 'role="status" aria-live="polite">Version 1: Queued.' in page
    assert 'id="build-form" hidden' in page  # no second build while one runs
    assert "reports/build_status.js" in page


def test_a_failed_build_shows_its_reason_and_try_again(qa_client, world):
    version(world, 1, status="failed", error="The build did not finish: try again.", pdf=None)
    page = html(qa_client.get(reverse("reports:detail", args=[world.report.pk])))
    assert "Version 1: Failed. The build did not finish: try again." in page
    assert ">Try again</button>" in page


def test_a_ready_build_links_its_pdf_and_offers_publishing(qa_client, world):
    build = version(world)
    page = html(qa_client.get(reverse("reports:detail", args=[world.report.pk])))
    assert "Version 1: Ready. 7 pages." in page
    assert f'href="{reverse("reports:download", args=[build.pk])}"' in page
    publish = reverse("reports:version", args=[build.pk]) + "#publish"
    assert f'href="{publish}">Publish version 1…</a>' in page


def test_the_report_page_runs_a_fixed_number_of_queries(
    qa_client, world, django_assert_num_queries
):
    version(world, 1, published_at=NOW)
    with django_assert_num_queries(4):  # session, user, the report, its versions
        qa_client.get(reverse("reports:detail", args=[world.report.pk]))
    version(world, 2)
    version(world, 3, status="failed", error="Failed.", pdf=None)
    with django_assert_num_queries(4):
        assert qa_client.get(reverse("reports:detail", args=[world.report.pk])).status_code == 200


def test_build_pdf_builds_the_next_version_and_comes_back_to_its_progress(
    qa_client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # eager: the task runs here
        response = qa_client.post(reverse("reports:build", args=[world.report.pk]))
    assert response.status_code == 302
    assert response.url == reverse("reports:detail", args=[world.report.pk]) + "#build"
    build = ReportBuild.objects.get()
    assert (build.number, build.status, build.requested_by) == (1, "ready", world.qa)
    assert bytes(build.pdf).startswith(b"%PDF-")


def test_a_second_build_pdf_while_one_runs_starts_no_duplicate(qa_client, world, monkeypatch):
    from reports import tasks

    monkeypatch.setattr(tasks.build_report_task, "delay", lambda *args: None)  # nobody runs it
    qa_client.post(reverse("reports:build", args=[world.report.pk]))
    qa_client.post(reverse("reports:build", args=[world.report.pk]))
    assert list(ReportBuild.objects.values_list("number", "status")) == [(1, "queued")]


def test_build_pdf_must_be_posted(qa_client, world):
    assert qa_client.get(reverse("reports:build", args=[world.report.pk])).status_code == 405
    assert not ReportBuild.objects.exists()


def test_the_progress_endpoint_answers_in_words(qa_client, world):
    build = version(world, status="building", pdf=None, page_count=None)
    data = qa_client.get(reverse("reports:build_status", args=[build.pk])).json()
    assert data == {
        "id": build.pk,
        "number": 1,
        "status": "building",
        "label": "Building",
        "text": "Version 1: Building. Gathering the figures and drawing the PDF.",
        "is_active": True,
        "version_url": reverse("reports:version", args=[build.pk]),
    }
    ReportBuild.objects.filter(pk=build.pk).update(status="ready", page_count=1)
    response = qa_client.get(reverse("reports:build_status", args=[build.pk]))
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert (data["text"], data["is_active"], data["page_count"]) == (
        "Version 1: Ready. 1 page.",
        False,
        1,
    )
    assert data["pdf_url"] == reverse("reports:download", args=[build.pk])


def test_the_progress_of_a_failed_build_says_why(qa_client, world):
    build = version(world, status="failed", error="The build did not finish: try again.")
    data = qa_client.get(reverse("reports:build_status", args=[build.pk])).json()
    assert data["text"] == "Version 1: Failed. The build did not finish: try again."


def test_the_progress_of_an_unknown_build_is_not_found(qa_client, world):
    assert qa_client.get(reverse("reports:build_status", args=[999])).status_code == 404


# --- The preview --------------------------------------------------------------------------------


def test_the_preview_draws_the_live_data_inside_the_app(qa_client, world):
    page = html(qa_client.get(reverse("reports:preview", args=[world.report.pk])))
    assert "<h1>Preview of Practice week report: November practice week</h1>" in page
    assert "Assessment Team 1" in page
    assert "reports/report.css" in page
    assert "<style>" not in page  # the CSP refuses inline styles without the nonce
    assert not ReportBuild.objects.exists()  # nothing is kept


def test_the_preview_of_a_week_with_no_audits_says_so(qa_client, world):
    empty = services.report_create_week(
        week=PracticeWeekFactory(title="Quiet week", slug="quiet"), user=world.qa
    )
    response = qa_client.get(reverse("reports:preview", args=[empty.pk]))
    assert response.status_code == 200
    snapshot = gather.snapshot_for(empty, now=NOW)
    assert snapshot["activity"]["files_audited"] == 0
    assert "Quiet week" in html(response)


def test_the_preview_body_comes_from_the_rendering(qa_client, world, monkeypatch):
    drawn = mark_safe("<article>Drawn</article>")  # noqa: S308 (a constant)
    monkeypatch.setattr(rendering, "render_body", lambda snapshot: drawn)
    page = html(qa_client.get(reverse("reports:preview", args=[world.report.pk])))
    assert "<article>Drawn</article>" in page


# --- Who may open these pages ---------------------------------------------------------------------


def _qa_pages(world: World, build: ReportBuild) -> list[tuple[str, str]]:
    pk = world.report.pk
    return [
        ("get", reverse("reports:list")),
        ("get", reverse("reports:new_week")),
        ("get", reverse("reports:new_annual")),
        ("get", reverse("reports:detail", args=[pk])),
        ("get", reverse("reports:edit", args=[pk])),
        ("get", reverse("reports:preview", args=[pk])),
        ("post", reverse("reports:build", args=[pk])),
        ("get", reverse("reports:build_status", args=[build.pk])),
        ("post", reverse("reports:publish", args=[build.pk])),
    ]


@pytest.mark.parametrize(
    "role",
    [
        Role.PRACTITIONER,
        Role.DIRECTOR,
        Role.HEAD_OF_SERVICE,
        Role.SERVICE_MANAGER,
        Role.MODERATOR,
        Role.SCRUTINY_MEMBER,
    ],
)
def test_only_qa_leads_draft_build_and_publish(client, world, role):
    build = version(world)
    client.force_login(UserFactory(role=role))
    for method, url in _qa_pages(world, build):
        assert getattr(client, method)(url).status_code == 403, url
    assert ReportBuild.objects.get().published_at is None
    assert ReportBuild.objects.count() == 1


def test_anonymous_people_are_sent_to_log_in(client, world):
    build = version(world)
    for method, url in _qa_pages(world, build):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login") + "?next=")


def test_a_superuser_is_a_qa_lead(client, world):
    client.force_login(UserFactory(role=Role.PRACTITIONER, is_superuser=True))
    assert client.get(reverse("reports:list")).status_code == 200


def test_the_reports_link_is_offered_to_qa_leads(qa_client, world):
    page = html(qa_client.get(reverse("reports:list")))
    assert f'href="{reverse("reports:list")}" aria-current="page">Reports</a>' in page


def test_an_unknown_report_is_not_found(qa_client, world):
    assert qa_client.get(reverse("reports:detail", args=[999])).status_code == 404
    assert qa_client.get(reverse("reports:edit", args=[999])).status_code == 404
    assert qa_client.post(reverse("reports:build", args=[999])).status_code == 404
