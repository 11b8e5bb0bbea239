"""Build PDF, its progress and publishing: QA leads only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from practiceweek.forms import add_service_errors
from practiceweek.views import AuthedRequest

from .. import selectors, services
from ..forms import PublishForm, WithdrawForm
from ..models import Report
from .drafting import qa_only
from .reading import version_page


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
    """Publish a version; each item unfinished when it was built must be ticked by name."""
    qa_only(request)
    build = selectors.build_for_reader(request.user, pk)
    form = PublishForm(request.POST, build=build, unfinished=services.build_unfinished(build))
    if form.is_valid():
        try:
            services.build_publish(build=build, user=request.user, confirmed=form.confirmed)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Version {build.number} is published: it is the current version the scrutiny "
                "panel reads.",
            )
            return redirect(f"{build.report.get_absolute_url()}#versions")
    return version_page(request, build, publish_form=form, status=400)


@require_POST
def build_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    """Withdraw a published version, with a reason: the panel stops seeing it at once."""
    qa_only(request)
    build = selectors.build_for_reader(request.user, pk)
    form = WithdrawForm(request.POST, build=build)
    if form.is_valid():
        try:
            services.build_withdraw(
                build=build, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"Version {build.number} is withdrawn: the panel no longer sees it."
            )
            return redirect("reports:version", pk=build.pk)
    return version_page(request, build, withdraw_form=form, status=400)
