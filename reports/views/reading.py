"""Reading versions: the published list, one version with its tables, the PDF and the exports.

Open to scrutiny panel members (practiceweek.access.SCRUTINY_PANEL_VIEWS) and every signed-in
person, for published versions only; QA leads read every version. Anything else is "not found".
Downloads are named from the week's slug or the period and the version: never free text.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from practiceweek.views import AuthedRequest

from .. import selectors, services
from ..access import can_draft_reports
from ..exports import (
    ExportTable,
    export_tables,
    find_table,
    table_csv,
    table_xlsx,
    workbook_xlsx,
)
from ..forms import PublishForm, WithdrawForm
from ..models import ReportBuild
from ..snapshot import Snapshot

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def published_list(request: AuthedRequest) -> HttpResponse:
    rows = selectors.published_reports()
    return render(request, "reports/published_list.html", {"rows": rows})


def version_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return version_page(request, selectors.build_for_reader(request.user, pk))


def version_page(
    request: AuthedRequest,
    build: ReportBuild,
    *,
    publish_form: PublishForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """A version with its tables; for QA leads, what was unfinished when it was built, and the
    forms to publish or withdraw it."""
    may_publish = can_draft_reports(request.user)
    unfinished = services.build_unfinished(build) if may_publish else []
    context = {
        "build": build,
        "report": build.report,
        "tables": _tables(build),
        "taken_at": selectors.snapshot_taken_at(build),
        "current_id": selectors.current_published_id(build.report),
        "may_publish": may_publish,
        "unfinished": unfinished,
        "publish_form": publish_form or PublishForm(build=build, unfinished=unfinished),
        "withdraw_form": withdraw_form or WithdrawForm(build=build),
    }
    return render(request, "reports/version_detail.html", context, status=status)


@never_cache
def download(request: AuthedRequest, pk: int) -> HttpResponse:
    build = selectors.build_for_reader(request.user, pk, with_pdf=True)
    if build.status != ReportBuild.Status.READY or not build.pdf:
        raise Http404("This version has no PDF.")
    return _attachment(bytes(build.pdf), "application/pdf", f"{_stem(build)}.pdf")


@never_cache
def export_csv(request: AuthedRequest, pk: int, slug: str) -> HttpResponse:
    build, table = _table(request, pk, slug)
    # A byte order mark, so that Excel reads the file as UTF-8.
    body = "\ufeff" + table_csv(table).lstrip("\ufeff")
    return _attachment(body.encode(), "text/csv; charset=utf-8", f"{_stem(build)}-{slug}.csv")


@never_cache
def export_xlsx(request: AuthedRequest, pk: int, slug: str) -> HttpResponse:
    build, table = _table(request, pk, slug)
    return _attachment(table_xlsx(table), XLSX, f"{_stem(build)}-{slug}.xlsx")


@never_cache
def export_workbook(request: AuthedRequest, pk: int) -> HttpResponse:
    build, snapshot = _with_snapshot(request, pk)
    return _attachment(workbook_xlsx(snapshot), XLSX, f"{_stem(build)}-tables.xlsx")


def _with_snapshot(request: AuthedRequest, pk: int) -> tuple[ReportBuild, Snapshot]:
    build = selectors.build_for_reader(request.user, pk)
    if not build.snapshot:
        raise Http404("This version has no data.")
    return build, build.snapshot


def _tables(build: ReportBuild) -> list[ExportTable]:
    return export_tables(build.snapshot) if build.snapshot else []


def _table(request: AuthedRequest, pk: int, slug: str) -> tuple[ReportBuild, ExportTable]:
    build, snapshot = _with_snapshot(request, pk)
    try:
        return build, find_table(snapshot, slug)
    except LookupError as exc:
        raise Http404("This version has no such table.") from exc


def _stem(build: ReportBuild) -> str:
    """The file name without extension: the week's slug or the period, and the version."""
    report = build.report
    if report.week is not None:
        base = f"{report.week.slug}-scrutiny-report"
    else:
        base = f"quality-assurance-report-{report.date_from:%Y-%m-%d}-to-{report.date_to:%Y-%m-%d}"
    return f"{base}-v{build.number}"


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
