"""`manage.py build_report`: the same build as the background task, synchronous, written to a
file; a clear message and a non-zero exit on every failure."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from reports import rendering
from reports.models import Report, ReportBuild
from tests.factories import PracticeWeekFactory
from tests.reports.test_build_services import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def run(*args: str) -> str:
    out = StringIO()
    call_command("build_report", *args, stdout=out)
    return out.getvalue()


def test_a_week_report_is_built_and_written(world, tmp_path):
    target = tmp_path / "week.pdf"
    out = run("--week", "november-2026", "--output", str(target))
    build = ReportBuild.objects.get()
    assert (build.report, build.status, build.requested_by) == (world.report, "ready", world.qa)
    assert target.read_bytes() == bytes(build.pdf)
    assert f"Version 1 ({build.page_count} pages) written to {target}." in out
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Assessment Team 1" in text


def test_a_missing_week_report_is_created(world, tmp_path):
    week = PracticeWeekFactory(title="Spring practice week", slug="spring")
    run("--week", "spring", "--output", str(tmp_path / "spring.pdf"))
    report = Report.objects.get(week=week)
    assert report.builds.get().status == "ready"


def test_each_run_is_a_new_version(world, tmp_path):
    run("--week", "november-2026", "--output", str(tmp_path / "a.pdf"))
    run("--week", "november-2026", "--output", str(tmp_path / "b.pdf"))
    assert list(world.report.builds.values_list("number", flat=True)) == [2, 1]


def test_a_yearly_report_is_built_for_the_dates(world, tmp_path):
    target = tmp_path / "year.pdf"
    args = ("--from", "2026-01-01", "--to", "2026-12-31", "--kind", "annual")
    run(*args, "--output", str(target))
    report = Report.objects.get(kind="annual")
    assert (report.date_from, report.date_to) == (date(2026, 1, 1), date(2026, 12, 31))
    assert target.read_bytes().startswith(b"%PDF-")
    run(*args, "--output", str(target))  # the same report again: its version 2
    assert Report.objects.filter(kind="annual").count() == 1
    assert report.builds.count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--week", "nope"), "No practice week has the slug 'nope'."),
        (("--from", "2026-13-01", "--to", "2026-12-31", "--kind", "annual"), "--from: expected"),
        (("--from", "2026-12-31", "--to", "2026-01-01", "--kind", "annual"), "--to must be on"),
        (("--from", "2026-01-01", "--kind", "annual"), "--to is missing."),
        (("--kind", "annual"), "Give either --week SLUG, or --from DATE --to DATE"),
        (("--week", "november-2026", "--kind", "annual"), "Give either --week SLUG"),
        (("--kind", "week", "--from", "2026-01-01", "--to", "2026-02-01"), "Give either"),
        ((), "Give either --week SLUG"),
    ],
)
def test_bad_arguments_fail_with_a_clear_message(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message.replace("?", r"\?")) as info:
        run(*args, "--output", str(tmp_path / "x.pdf"))
    assert info.value.returncode == 1
    assert not ReportBuild.objects.exists()


def test_an_unwritable_output_fails_before_building(world, tmp_path):
    with pytest.raises(CommandError, match="the folder .* does not exist"):
        run("--week", "november-2026", "--output", str(tmp_path / "missing" / "x.pdf"))
    assert not ReportBuild.objects.exists()


def test_a_write_error_fails_with_its_reason(world, tmp_path):
    target = tmp_path / "a-folder.pdf"
    target.mkdir()  # a folder where the file should go
    with pytest.raises(CommandError, match="Cannot write .*a-folder.pdf: Is a directory"):
        run("--week", "november-2026", "--output", str(target))


def test_a_failed_build_fails_the_command_with_its_reason(world, tmp_path, monkeypatch):
    monkeypatch.setattr(rendering, "render_pdf", lambda snapshot: 1 / 0)
    target = tmp_path / "week.pdf"
    with pytest.raises(CommandError, match=r"Version 1 failed: The PDF could not be drawn"):
        run("--week", "november-2026", "--output", str(target))
    assert ReportBuild.objects.get().status == "failed"
    assert not target.exists()


def test_a_transient_error_fails_the_build_rather_than_leaving_it_queued(
    world, tmp_path, monkeypatch
):
    def down(snapshot):
        raise OSError("disk full")

    monkeypatch.setattr(rendering, "render_pdf", down)
    with pytest.raises(CommandError, match="unavailable"):
        run("--week", "november-2026", "--output", str(tmp_path / "x.pdf"))
    assert ReportBuild.objects.get().status == "failed"


def test_a_build_running_in_a_worker_is_not_duplicated(world, tmp_path):
    from django.utils import timezone

    ReportBuild.objects.create(
        report=world.report,
        number=1,
        requested_by=world.qa,
        status="building",
        started_at=timezone.now(),
        attempts=1,
    )
    with pytest.raises(CommandError, match="being built by a worker right now"):
        run("--week", "november-2026", "--output", str(tmp_path / "x.pdf"))
    assert ReportBuild.objects.count() == 1


def test_no_qa_administrator_to_record(tmp_path):
    PracticeWeekFactory(slug="lonely")
    with pytest.raises(CommandError, match="pass --user USERNAME"):
        run("--week", "lonely", "--output", str(tmp_path / "x.pdf"))


def test_the_requester_can_be_named(world, tmp_path):
    from practiceweek.models import Role
    from tests.factories import UserFactory

    lead = UserFactory(role=Role.QA_ADMIN, username="other.lead")
    run("--week", "november-2026", "--output", str(tmp_path / "x.pdf"), "--user", "other.lead")
    assert ReportBuild.objects.get().requested_by == lead
    with pytest.raises(CommandError, match="No active user has the username 'ghost'."):
        run("--week", "november-2026", "--output", str(tmp_path / "x.pdf"), "--user", "ghost")
