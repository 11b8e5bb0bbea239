"""Build PDF, its progress and publishing: QA leads only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from practiceweek.views import AuthedRequest

from .. import selectors, services
from ..models import Report
from .drafting import qa_only, report_page


@require_POST
def report_build(request: AuthedRequest, pk: int) -> HttpResponse:
    """Build the next version (or, while one is queued or building, show that one)."""
    qa_only(request)
    report = get_object_or_404(Report, pk=pk)
    services.build_request(report, request.user)
    return redirect(f"{report.get_absolute_url()}#build")


@never_cache
def build_status(request: AuthedRequest, pk: int) -> JsonResponse:
    """The progress of a build, polled by static/reports/build_status.js."""
    qa_only(request)
    return JsonResponse(selectors.build_status(selectors.build_get(pk)))


@require_POST
def build_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    qa_only(request)
    build = selectors.build_get(pk)
    try:
        services.build_publish(build=build, user=request.user)
    except ValidationError as exc:
        row = selectors.report_get(build.report_id)
        return report_page(request, row, error=" ".join(exc.messages), status=400)
    messages.success(
        request,
        f"Version {build.number} is published: it is the current version the scrutiny panel reads.",
    )
    return redirect(f"{build.report.get_absolute_url()}#versions")
