"""Recording an audit: start it, fill it in (autosaved), submit it, change it afterwards."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from practiceweek.access import Action, forbid_unless, may, may_use_visit, usable_visit
from practiceweek.draft_views import Recording
from practiceweek.drafts import DraftConflict
from practiceweek.forms import add_service_errors
from practiceweek.models import CaseFile, SelectedFile, User, Visit
from practiceweek.views import AuthedRequest

from .. import selectors, services
from ..access import can_edit_audit
from ..forms import AuditEditForms, AuditStartForm
from ..models import Audit


@dataclass(frozen=True)
class _Origin:
    """Where an audit starts from: a picked file, a visit, or nothing (free-standing)."""

    visit: Visit | None = None
    case_file: CaseFile | None = None


def _may_start_from(user: User, visit: Visit | None) -> bool:
    return visit is not None and may_use_visit(user, visit)


def _start_origin(request: AuthedRequest) -> _Origin:
    """The selection or visit named in the query string; 404 unless it is the user's own."""
    item, visit_pk = request.GET.get("item", ""), request.GET.get("visit", "")
    if item:
        picked = get_object_or_404(
            SelectedFile.objects.select_related(
                "case_file__team",
                "case_file__allocated_worker",
                "selection__visit__week",
                "selection__visit__team",
            ),
            # isdecimal, not isdigit: "²" is a digit that int() refuses (a 500).
            pk=item if item.isdecimal() else 0,
        )
        if not _may_start_from(request.user, picked.selection.visit):
            raise Http404("Not your selection.")
        return _Origin(visit=picked.selection.visit, case_file=picked.case_file)
    if visit_pk:
        visit = usable_visit(request.user, visit_pk)
        if not visit.includes_audits:
            raise PermissionDenied("This visit is for observing practice, not auditing files.")
        return _Origin(visit=visit)
    forbid_unless(
        may(request.user, Action.RECORD_WORK),
        "Audits are recorded by managers and senior managers.",
    )
    return _Origin()


def _earlier_audit(user: User, origin: _Origin) -> Audit | None:
    """This person's audit of the picked file in the same week, if they started one."""
    if origin.case_file is None or origin.visit is None:
        return None
    return (
        Audit.objects.filter(auditor=user, case_file=origin.case_file, week_id=origin.visit.week_id)
        .order_by("-pk")
        .first()
    )


def audit_start(request: AuthedRequest) -> HttpResponse:
    origin = _start_origin(request)
    if request.method == "GET" and (earlier := _earlier_audit(request.user, origin)):
        return redirect(earlier)  # "Audit this file" again: back to the audit, not a second one
    data = request.POST if request.method == "POST" else None
    form = AuditStartForm(
        data, auditor=request.user, visit=origin.visit, case_file=origin.case_file
    )
    if form.is_bound and form.is_valid():
        try:
            audit = services.audit_start(auditor=request.user, **form.start_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("audits:edit", pk=audit.pk)
    context = {"form": form, "visit": origin.visit, "case_file": origin.case_file}
    return render(request, "audits/audit_start.html", context, status=400 if form.is_bound else 200)


def my_audits(request: AuthedRequest) -> HttpResponse:
    forbid_unless(
        may(request.user, Action.RECORD_WORK),
        "Audits are recorded by managers and senior managers.",
    )
    drafts, submitted = selectors.audits_by_auditor(request.user)
    return render(request, "audits/my_audits.html", {"drafts": drafts, "submitted": submitted})


def _audit_for_editor(user: User, pk: int) -> Audit:
    """The audit if this person may change it: 404 unless they may read it, 403 unless they
    may change it too (its auditor or a QA lead)."""
    audits = Audit.objects.select_related(
        "case_file",
        "team__service",
        "week",
        "theme",
        "template",
        "practitioner",
        "auditor",
        "visit__week",
    )
    audit = get_object_or_404(audits.filter(pk__in=selectors.audits_visible_to(user)), pk=pk)
    forbid_unless(can_edit_audit(user, audit), "Only its auditor or a QA lead changes an audit.")
    return audit


def _edit_forms(data: Any, audit: Audit, strict: bool) -> AuditEditForms:
    state = selectors.audit_editing_state(audit=audit)
    return AuditEditForms(data, audit=audit, state=state, strict=strict)


RECORDING = Recording(
    app="audits",
    kwarg="audit",
    forms=_edit_forms,
    submit=services.audit_submit,
    update_submitted=services.audit_update_submitted,
    save_draft=services.audit_save_draft,
    after_submit="submitted",  # what happens next: the next picked file
    changes_saved="Your changes are saved and recorded in the audit's history.",
)


def _keep_draft(request: AuthedRequest, audit: Audit) -> AuditEditForms | None:
    """A submit that is not complete yet still saves the draft, if the draft itself is valid.

    Returns the refused submission's forms, bound to what was posted with the saved version
    and the ids of the actions just created (so saving again changes, never duplicates), or
    None when the draft could not be saved either (the caller shows why).
    """
    draft = _edit_forms(request.POST, audit, False)
    if not draft.is_valid():
        return None
    try:
        result = RECORDING.draft(request, audit, draft)
    except DraftConflict:
        return None
    data = request.POST.copy()
    data["version"] = str(result.version)
    for prefix, action_id in result.new_action_ids.items():
        data[f"{prefix}-id"] = str(action_id)
    audit.refresh_from_db()
    forms = _edit_forms(data, audit, True)
    forms.is_valid()  # for its messages
    return forms


def audit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    audit = _audit_for_editor(request.user, pk)
    forms = RECORDING.page_forms(request, audit)
    outcome = RECORDING.edit(request, audit, forms)
    if isinstance(outcome, HttpResponse):
        return outcome
    draft_saved = False
    if forms.is_bound and not outcome.conflict and "submit" in request.POST:
        kept = None if audit.is_submitted else _keep_draft(request, audit)
        if kept is not None:
            forms, draft_saved = kept, True
            if outcome.refusal is not None:
                forms.add_errors(outcome.refusal)
    forms.show_anonymity_warnings()
    conflict = outcome.conflict
    context = {"audit": audit, "forms": forms, "conflict": conflict, "draft_saved": draft_saved}
    return render(request, "audits/audit_form.html", context, status=outcome.status)


def audit_submitted(request: AuthedRequest, pk: int) -> HttpResponse:
    """What happens next after a submission: the next picked file, and back to the day."""
    audit = _audit_for_editor(request.user, pk)
    if not audit.is_submitted:
        return redirect("audits:edit", pk=audit.pk)
    context = {"audit": audit, "next_file": selectors.next_picked_file(audit=audit)}
    return render(request, "audits/audit_submitted.html", context)


@require_POST
def audit_autosave(request: AuthedRequest, pk: int) -> JsonResponse:
    """Save a draft as the auditor types: JSON in the shape of AuditSaveResult.as_json."""
    return RECORDING.autosave(request, _audit_for_editor(request.user, pk))
