"""The QA lead's pages: every report, creating one, the report page with its versions and
builds, the narrative, and the HTML preview of the live data."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from practiceweek.drafts import DraftConflict
from practiceweek.forms import add_service_errors
from practiceweek.views import AuthedRequest

from .. import rendering, selectors, services
from ..access import require_report_drafter
from ..forms import AnnualReportForm, QuoteFormSet, ReportEditForms, WeekReportForm
from ..models import Report


def qa_only(request: AuthedRequest) -> None:
    require_report_drafter(request.user)


def report_list(request: AuthedRequest) -> HttpResponse:
    qa_only(request)
    return render(request, "reports/report_list.html", {"reports": selectors.report_list()})


def report_new_week(request: AuthedRequest) -> HttpResponse:
    qa_only(request)
    data = request.POST if request.method == "POST" else None
    form = WeekReportForm(data, weeks=selectors.weeks_without_report())
    return _report_new(
        request,
        form,
        Report.Kind.WEEK,
        lambda: services.report_create_week(week=form.cleaned_data["week"], user=request.user),
    )


def report_new_annual(request: AuthedRequest) -> HttpResponse:
    qa_only(request)
    form = AnnualReportForm(request.POST if request.method == "POST" else None)
    return _report_new(
        request,
        form,
        Report.Kind.ANNUAL,
        lambda: services.report_create_annual(user=request.user, **form.cleaned_data),
    )


def _report_new(
    request: AuthedRequest, form: forms.Form, kind: str, create: Callable[[], Report]
) -> HttpResponse:
    """The "new report" page of either kind: a valid form creates the report through its
    service (whose refusals show on the form) and goes to it; otherwise the form again."""
    if form.is_bound and form.is_valid():
        try:
            report = create()
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The report is created: write its narrative next.")
            return redirect(report)
    context = {"form": form, "kind": kind}
    return render(request, "reports/report_new.html", context, status=400 if form.is_bound else 200)


def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The report page: its period, the build in progress (or the last), every version."""
    qa_only(request)
    row = selectors.report_get(pk)
    build = row.latest
    context = {
        "row": row,
        "report": row.report,
        "build": build,
        "status_text": selectors.status_words(build) if build else "",
    }
    return render(request, "reports/report_detail.html", context)


def report_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    qa_only(request)
    report = selectors.report_for_edit(pk)
    data = request.POST if request.method == "POST" else None
    forms = ReportEditForms(
        data,
        report=report,
        state=selectors.report_editing_state(report),
        people=selectors.report_people(report) if data is not None else ([], []),
    )
    conflict, status = "", 400 if forms.is_bound else 200
    if forms.is_bound and forms.is_valid():
        try:
            services.report_save(
                report=report,
                user=request.user,
                data=forms.to_input(),
                expected_version=forms.expected_version,
            )
        except DraftConflict as exc:
            conflict, status = exc.message, 409
        except ValidationError as exc:
            forms.add_errors(exc)
        else:
            messages.success(request, "The narrative is saved. Preview it, or build the PDF.")
            return redirect(report)
    context = {"report": report, "forms": forms, "conflict": conflict}
    return render(request, "reports/report_edit.html", context, status=status)


def report_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    """The report as the PDF would show it now, from the live data, inside the app's layout."""
    qa_only(request)
    report = selectors.report_with_week(pk)
    body = rendering.render_body(selectors.report_preview_snapshot(report))
    context = {"report": report, "body": body, "stylesheet": rendering.SCREEN_CSS}
    return render(request, "reports/report_preview.html", context)


def report_quotes(request: AuthedRequest, pk: int) -> HttpResponse:
    """Families' words: every consented quote of the period with its check; the QA lead
    includes (and may shorten) those that go into the report."""
    qa_only(request)
    report = selectors.report_with_week(pk)
    page = selectors.report_quotes(report)
    formset = QuoteFormSet(request.POST if request.method == "POST" else None, page=page)
    status = 400 if formset.is_bound else 200
    if formset.is_bound and formset.is_valid():
        try:
            included = services.quotes_review(
                report=report, user=request.user, choices=formset.to_choices()
            )
        except ValidationError as exc:
            formset.service_errors = exc.messages
        else:
            messages.success(
                request,
                f"The quotes are reviewed: {included} will go into the next version you build.",
            )
            return redirect("reports:quotes", pk=report.pk)
    context = {"report": report, "formset": formset, "page": page}
    return render(request, "reports/report_quotes.html", context, status=status)
