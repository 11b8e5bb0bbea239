"""Publishing a version, and what scrutiny panel members (and other readers) see: published
versions only, as a list, a PDF and the tables as CSV and XLSX; anything else 403 or 404."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from practiceweek.models import PracticeWeek, Role
from reports import services
from reports.exports import export_tables
from reports.models import ReportBuild
from tests.factories import PracticeWeekFactory, UserFactory
from tests.reports.test_build_services import NOW, World, build_world
from tests.reports.test_pages import version

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def councillor():
    return UserFactory(role=Role.SCRUTINY_MEMBER, username="cllr.jones")


def html(response) -> str:
    return response.content.decode()


def confirm_all(build: ReportBuild) -> dict[str, list[str]]:
    """The publish form ticked for every item unfinished when the version was built."""
    return {"confirm": [item.key for item in services.build_unfinished(build)]}


# --- Publishing -----------------------------------------------------------------------------------


def test_publishing_a_ready_version(client, world):
    build = version(world)
    client.force_login(world.qa)
    response = client.post(
        reverse("reports:publish", args=[build.pk]), confirm_all(build), follow=True
    )
    build.refresh_from_db()
    assert build.published_by == world.qa
    assert build.published_at is not None
    page = html(response)
    assert "Version 1 is published: it is the current version the scrutiny panel reads." in page
    assert "<strong>(current)</strong>" in page


@pytest.mark.parametrize(
    ("status", "after"),
    [
        (PracticeWeek.Status.CLOSED, PracticeWeek.Status.REPORTED),
        (PracticeWeek.Status.LIVE, PracticeWeek.Status.LIVE),  # a report before the week ends
    ],
)
def test_publishing_marks_a_closed_week_reported(client, world, status, after):
    PracticeWeek.objects.filter(pk=world.report.week_id).update(status=status)
    client.force_login(world.qa)
    build = version(world)
    client.post(reverse("reports:publish", args=[build.pk]), confirm_all(build))
    assert PracticeWeek.objects.get(pk=world.report.week_id).status == after


def test_a_version_that_is_not_ready_is_refused_with_400(client, world):
    build = version(world, status="failed", error="Failed.", pdf=None)
    client.force_login(world.qa)
    response = client.post(reverse("reports:publish", args=[build.pk]))
    assert response.status_code == 400
    assert "Only a version that is ready can be published." in html(response)
    build.refresh_from_db()
    assert build.published_at is None


def test_publishing_a_later_version_makes_it_the_current_one(client, world):
    first = version(world, 1, published_at=NOW - timedelta(days=7), published_by=world.qa)
    second = version(world, 2)
    client.force_login(world.qa)
    client.post(reverse("reports:publish", args=[second.pk]), confirm_all(second))
    page = html(client.get(reverse("reports:version", args=[first.pk])))
    assert ": replaced by a later version" in page
    page = html(client.get(reverse("reports:version", args=[second.pk])))
    assert ": this is the current version the panel reads" in page


# --- What the scrutiny panel sees -----------------------------------------------------------------


def test_a_councillor_sees_published_versions_only(client, world, councillor):
    published = version(world, 1, published_at=NOW)
    version(world, 2)  # ready, not published
    other = build_world_week_without_publication(world)
    client.force_login(councillor)
    response = client.get(reverse("reports:published"))
    page = html(response)
    assert response.context["rows"][0].builds == [published]
    assert "Practice week report: November practice week" in page
    assert "Current version: version 1, published 1 December 2026, 7 pages." in page
    assert f'href="{reverse("reports:download", args=[published.pk])}"' in page
    assert other.report.title not in page
    assert "Earlier published versions" not in page


def build_world_week_without_publication(world: World) -> ReportBuild:
    from reports import services

    week = PracticeWeekFactory(title="Spring practice week", slug="spring")
    report = services.report_create_week(week=week, user=world.qa)
    return ReportBuild.objects.create(
        report=report, number=1, requested_by=world.qa, status="ready", pdf=b"%PDF-"
    )


def test_a_councillors_home_lists_the_published_reports(client, world, councillor):
    build = version(world, 1, published_at=NOW)
    client.force_login(councillor)
    page = html(client.get(reverse("home")))
    assert "Published reports" in page
    assert "Practice week report: November practice week" in page
    assert f'href="{reverse("reports:download", args=[build.pk])}"' in page
    assert f'href="{reverse("reports:published")}"' in page  # the top bar's "Reports"


def test_a_councillors_home_says_when_nothing_is_published(client, world, councillor):
    version(world)
    client.force_login(councillor)
    assert "No reports have been published to the panel yet." in html(client.get(reverse("home")))


def test_a_councillor_downloads_a_published_pdf(client, world, councillor):
    build = version(world, published_at=NOW)
    client.force_login(councillor)
    response = client.get(reverse("reports:download", args=[build.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="november-2026-scrutiny-report-v1.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content == b"%PDF-1.7 stand-in"


def test_a_yearly_report_is_named_by_its_period(client, world):
    from datetime import date

    from reports import services

    report = services.report_create_annual(
        date_from=date(2025, 4, 1), date_to=date(2026, 3, 31), user=world.qa
    )
    build = ReportBuild.objects.create(
        report=report, number=3, requested_by=world.qa, status="ready", pdf=b"%PDF-"
    )
    client.force_login(world.qa)
    response = client.get(reverse("reports:download", args=[build.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="quality-assurance-report-2025-04-01-to-2026-03-31-v3.pdf"'
    )


@pytest.mark.parametrize(
    "name",
    ["reports:version", "reports:download", "reports:export_workbook"],
)
def test_a_councillor_asking_for_an_unpublished_version_gets_404(client, world, councillor, name):
    build = version(world)  # ready, not published
    client.force_login(councillor)
    assert client.get(reverse(name, args=[build.pk])).status_code == 404


def test_a_councillor_asking_for_a_table_of_an_unpublished_version_gets_404(
    client, world, councillor
):
    build = version(world)
    client.force_login(councillor)
    slug = export_tables(build.snapshot)[0].slug
    assert client.get(reverse("reports:export_csv", args=[build.pk, slug])).status_code == 404
    assert client.get(reverse("reports:export_xlsx", args=[build.pk, slug])).status_code == 404


def test_a_councillor_gets_403_anywhere_else(client, world, councillor):
    build = version(world, published_at=NOW)
    client.force_login(councillor)
    refused = [
        reverse("reports:list"),
        reverse("reports:detail", args=[world.report.pk]),
        reverse("reports:edit", args=[world.report.pk]),
        reverse("reports:preview", args=[world.report.pk]),
        reverse("reports:build_status", args=[build.pk]),
        reverse("practiceweek:week_list"),
        reverse("audits:mine"),
        reverse("observations:themes"),
    ]
    for url in refused:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("reports:build", args=[world.report.pk])).status_code == 403
    assert client.post(reverse("reports:publish", args=[build.pk])).status_code == 403


def test_the_version_page_lists_the_tables_to_download(client, world, councillor):
    build = version(world, published_at=NOW)
    client.force_login(councillor)
    page = html(client.get(reverse("reports:version", args=[build.pk])))
    tables = export_tables(build.snapshot)
    assert tables
    for table in tables:
        assert table.title in page
        assert reverse("reports:export_csv", args=[build.pk, table.slug]) in page
        assert reverse("reports:export_xlsx", args=[build.pk, table.slug]) in page
    assert reverse("reports:export_workbook", args=[build.pk]) in page
    assert "Publish version" not in page  # councillors do not publish
    assert "Data as of" in page and "1 December 2026" in page


def test_a_staff_member_reads_published_versions_only(client, world):
    published = version(world, 1, published_at=NOW)
    draft = version(world, 2)
    client.force_login(UserFactory(role=Role.DIRECTOR))
    assert client.get(reverse("reports:published")).status_code == 200
    assert client.get(reverse("reports:download", args=[published.pk])).status_code == 200
    assert client.get(reverse("reports:download", args=[draft.pk])).status_code == 404


def test_anonymous_people_are_sent_to_log_in(client, world):
    build = version(world, published_at=NOW)
    for url in (reverse("reports:published"), reverse("reports:download", args=[build.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")


def test_the_published_list_runs_a_fixed_number_of_queries(
    client, world, councillor, django_assert_num_queries
):
    version(world, 1, published_at=NOW)
    client.force_login(councillor)
    with django_assert_num_queries(4):  # session, user, reports, their published versions
        client.get(reverse("reports:published"))
    version(world, 2, published_at=NOW + timedelta(days=1))
    other = build_world_week_without_publication(world)
    ReportBuild.objects.filter(pk=other.pk).update(published_at=NOW)
    with django_assert_num_queries(4):
        page = html(client.get(reverse("reports:published")))
    assert "Earlier published versions" in page


# --- Exports: the same numbers as the PDF ---------------------------------------------------------


def test_a_table_downloads_as_csv_with_the_snapshots_numbers(client, world, councillor):
    build = version(world, published_at=NOW)
    table = next(t for t in export_tables(build.snapshot) if "team" in t.slug)
    client.force_login(councillor)
    response = client.get(reverse("reports:export_csv", args=[build.pk, table.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="november-2026-scrutiny-report-v1-{table.slug}.csv"'
    )
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == table.header
    assert rows[1:] == [["" if c is None else str(c) for c in row] for row in table.rows]
    assert any("Assessment Team 1" in row for row in rows)


def test_a_table_downloads_as_xlsx(client, world):
    build = version(world)
    table = export_tables(build.snapshot)[0]
    client.force_login(world.qa)  # any version, for a QA lead
    response = client.get(reverse("reports:export_xlsx", args=[build.pk, table.slug]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == table.header
    assert values[1:] == table.rows


def test_all_tables_download_as_one_workbook(client, world, councillor):
    build = version(world, published_at=NOW)
    client.force_login(councillor)
    response = client.get(reverse("reports:export_workbook", args=[build.pk]))
    assert response["Content-Disposition"].endswith('-v1-tables.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [t.slug[:31] for t in export_tables(build.snapshot)]


def test_an_unknown_table_is_not_found(client, world):
    build = version(world)
    client.force_login(world.qa)
    assert client.get(reverse("reports:export_csv", args=[build.pk, "nope"])).status_code == 404


def test_a_version_without_data_has_no_tables(client, world):
    build = version(world, status="failed", snapshot=None, pdf=None, error="Failed.")
    client.force_login(world.qa)
    assert client.get(reverse("reports:export_workbook", args=[build.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[build.pk])).status_code == 404
    page = html(client.get(reverse("reports:version", args=[build.pk])))
    assert "This version has no data to download." in page
