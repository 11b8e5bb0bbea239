"""A councillor never receives a placeholder; a version built while the week is live, or with
a narrative section unwritten, says DRAFT on every page, and the build records it. Read back
from the built PDF with pypdf."""

import pytest

from practiceweek.models import PracticeWeek
from reports import services
from reports.models import ReportBuild
from reports.rendering import render_pdf
from tests.reports import samples
from tests.reports.test_build_services import NOW, build_world
from tests.reports.test_rendering import pdf_text

PLACEHOLDERS = [
    "not been written",
    "Not yet set",
    "not yet named",
    "will appear here",
    "Untitled report",
]


@pytest.fixture(scope="module")
def draft_pdf() -> list[str]:
    snapshot = samples.week_snapshot()
    snapshot["readiness"] = {"is_draft": True, "unfinished": []}
    return pdf_text(render_pdf(snapshot)[0])


@pytest.fixture(scope="module")
def finished_pdf() -> list[str]:
    return pdf_text(render_pdf(samples.week_snapshot())[0])


def test_a_draft_says_draft_on_every_page_the_cover_included(draft_pdf):
    assert len(draft_pdf) > 2
    for number, page in enumerate(draft_pdf, start=1):
        assert "DRAFT" in page, f"page {number} does not say DRAFT"


def test_a_finished_version_does_not_say_draft(finished_pdf):
    assert not any("DRAFT" in page for page in finished_pdf)


@pytest.mark.django_db
def test_a_build_of_an_unwritten_report_in_a_live_week_is_a_draft_without_placeholders():
    world = build_world()
    PracticeWeek.objects.filter(pk=world.week.pk).update(status=PracticeWeek.Status.LIVE)
    world.report.purpose = ""  # nothing written: purpose, what next and the rest
    world.report.save(update_fields=["purpose"])

    build = services.build_request(world.report, world.qa, enqueue=False)
    build = services.build_run(build.pk, now=NOW)

    stored = ReportBuild.objects.get(pk=build.pk)
    assert stored.status == ReportBuild.Status.READY and stored.is_draft is True
    pages = pdf_text(bytes(stored.pdf))
    assert all("DRAFT" in page for page in pages)
    text = " ".join(pages)
    for placeholder in PLACEHOLDERS:
        assert placeholder not in text
    assert "Purpose and background" not in text and "What next" not in text
    assert [u.key for u in services.build_unfinished(stored)] == [
        "section:asked_to_consider",
        "section:purpose",
        "section:voices_summary",
        "section:what_next",
        "actions",
        "week",
    ]


@pytest.mark.django_db
def test_a_build_of_a_written_report_of_a_closed_week_is_not_a_draft():
    world = build_world()
    for name in ("asked_to_consider", "purpose", "voices_summary", "what_next"):
        setattr(world.report, name, f"Written: {name}.")
    world.report.save()

    build = services.build_run(
        services.build_request(world.report, world.qa, enqueue=False).pk, now=NOW
    )

    stored = ReportBuild.objects.get(pk=build.pk)
    assert stored.is_draft is False
    assert not any("DRAFT" in page for page in pdf_text(bytes(stored.pdf)))
    assert [u.key for u in services.build_unfinished(stored)] == ["actions"]
