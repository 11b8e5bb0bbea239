"""Reading audits and acting on them: the audit page and the practitioner's acknowledgement,
my feedback, team audits, escalations and case actions. Thin views over audits.selectors and
the services of audits.followup; every object is looked up through a user-scoped queryset."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from practiceweek.access import forbid_unless
from practiceweek.views import AuthedRequest

from .. import followup, selectors
from ..access import can_acknowledge_audit
from ..extras import my_feedback_rows
from ..feedback_forms import AcknowledgeForm, TeamFilterForm
from ..models import Audit


def _submitted_audit_or_404(request: AuthedRequest, pk: int) -> Audit:
    audit = get_object_or_404(selectors.audit_reading_queryset(request.user), pk=pk)
    if not audit.is_submitted:
        raise Http404("Drafts are read on the audit form.")
    return audit


def _audit_page(
    request: AuthedRequest, audit: Audit, form: AcknowledgeForm | None = None, status: int = 200
) -> HttpResponse:
    page = selectors.audit_page(audit=audit, user=request.user, today=timezone.localdate())
    if form is None and page.may_acknowledge:
        form = AcknowledgeForm(action=reverse("audits:acknowledge", kwargs={"pk": audit.pk}))
    context = {"page": page, "audit": audit, "form": form}
    return render(request, "audits/audit_detail.html", context, status=status)


def audit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    audit = get_object_or_404(selectors.audit_reading_queryset(request.user), pk=pk)
    if not audit.is_submitted:
        return redirect("audits:edit", pk=audit.pk)  # a draft is still being written
    return _audit_page(request, audit)


@require_POST
def audit_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    audit = _submitted_audit_or_404(request, pk)
    forbid_unless(
        can_acknowledge_audit(request.user, audit),
        "Only the allocated practitioner acknowledges this feedback.",
    )
    form = AcknowledgeForm(request.POST, action=request.path)
    if not form.is_valid():
        return _audit_page(request, audit, form=form, status=400)
    followup.audit_acknowledge(
        audit=audit, person=request.user, reflection=form.cleaned_data["reflection"]
    )
    messages.success(request, "Thank you: you have acknowledged this feedback.")
    return redirect(audit)


def my_feedback(request: AuthedRequest) -> HttpResponse:
    rows = my_feedback_rows(request.user)  # audits and observations of the person
    return render(request, "audits/my_feedback.html", {"rows": rows})


def team_audits(request: AuthedRequest) -> HttpResponse:
    teams = selectors.teams_managed_by(request.user)
    form = TeamFilterForm(request.GET or None, teams=teams)
    team_id = form.cleaned_data["team"] if form.is_valid() else None
    data = selectors.team_audit_list(
        request.user, teams=teams, team_id=team_id, today=timezone.localdate()
    )
    context = {"teams": teams, "form": form, "data": data, "today": timezone.localdate()}
    return render(request, "audits/team_audits.html", context, status=400 if form.errors else 200)


def escalation_list(request: AuthedRequest) -> HttpResponse:
    rows = selectors.escalation_rows(request.user, now=timezone.now())
    context = {"rows": rows, "resend_hours": settings.ESCALATION_RESEND_HOURS}
    return render(request, "audits/escalation_list.html", context)


@require_POST
def escalation_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    recipient = get_object_or_404(selectors.escalation_recipients_visible_to(request.user), pk=pk)
    followup.escalation_acknowledge(recipient=recipient, person=request.user)
    messages.success(request, "Thank you: you have acknowledged this escalation.")
    return redirect("audits:escalations")


def my_actions(request: AuthedRequest) -> HttpResponse:
    rows = selectors.actions_for_owner(request.user, today=timezone.localdate())
    return render(request, "audits/my_actions.html", {"rows": rows})


@require_POST
def action_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(selectors.case_actions_visible_to(request.user), pk=pk)
    followup.case_action_complete(action=action, person=request.user)
    messages.success(request, "Case action marked done.")
    if request.POST.get("return_to") == "audit":  # a fixed choice: never an open redirect
        return redirect(action.audit)
    return redirect("audits:actions")
