"""Case examples: flagging an observation or audit, the list, one case example and a QA lead's
decision. Thin views over observations.case_examples; every object is looked up through a
user-scoped queryset (anyone else gets a 404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from audits.models import Audit
from practiceweek.access import forbid_unless
from practiceweek.forms import add_service_errors
from practiceweek.views import AuthedRequest

from .. import case_examples
from ..access import can_decide_case_examples, can_flag_case_example
from ..case_example_forms import CaseExampleDecisionForm, CaseExampleForm
from ..models import CaseExample, Observation


def _source_or_404(request: AuthedRequest) -> case_examples.CaseExampleSource:
    """The submitted observation (?observation=) or audit (?audit=) the person may read."""
    observation, audit = request.GET.get("observation", ""), request.GET.get("audit", "")
    if bool(observation) == bool(audit) or not (observation or audit).isdecimal():
        raise Http404("Name one observation or one audit.")
    try:
        source = case_examples.case_example_source(
            request.user,
            observation_id=int(observation) if observation else None,
            audit_id=int(audit) if audit else None,
        )
    except (Observation.DoesNotExist, Audit.DoesNotExist) as exc:
        raise Http404("No such observation or audit.") from exc
    if not source.is_submitted:
        raise Http404("Drafts are not flagged as case examples.")
    return source


def _initial(example: CaseExample | None) -> dict[str, object]:
    if example is None:
        return {}
    return {"kind": example.kind, "title": example.title, "write_up": example.write_up}


def case_example_new(request: AuthedRequest) -> HttpResponse:
    source = _source_or_404(request)
    forbid_unless(
        can_flag_case_example(request.user, source),
        "Only the observer, the auditor or a QA lead flags this.",
    )
    existing = source.case_example
    if existing is not None and existing.is_approved:
        messages.info(request, "This is already an approved case example.")
        return redirect(existing)
    data = request.POST if request.method == "POST" else None
    form = CaseExampleForm(
        data,
        initial=_initial(existing),
        action=request.get_full_path(),
        is_change=existing is not None,
    )
    if form.is_bound and form.is_valid():
        try:
            example = case_examples.case_example_flag(
                source=source, user=request.user, data=form.to_input()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved: a QA lead approves it before it is shared.")
            return redirect(example)
    context = {"form": form, "source": source, "existing": existing}
    status = 400 if form.errors else 200
    return render(request, "observations/case_example_form.html", context, status=status)


def case_example_list(request: AuthedRequest) -> HttpResponse:
    data = case_examples.case_example_list(request.user)
    return render(request, "observations/case_example_list.html", {"data": data})


def _detail(
    request: AuthedRequest,
    example: CaseExample,
    form: CaseExampleDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = case_examples.case_example_page(case_example=example, user=request.user)
    if form is None and page.may_decide:
        action = reverse("observations:case_example_decide", kwargs={"pk": example.pk})
        form = CaseExampleDecisionForm(action=action)
    context = {"page": page, "case_example": example, "form": form}
    return render(request, "observations/case_example_detail.html", context, status=status)


def case_example_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    queryset = case_examples.case_example_reading_queryset(request.user)
    return _detail(request, get_object_or_404(queryset, pk=pk))


@require_POST
def case_example_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    queryset = case_examples.case_example_reading_queryset(request.user)
    example = get_object_or_404(queryset, pk=pk)
    forbid_unless(can_decide_case_examples(request.user), "Only a QA lead approves case examples.")
    form = CaseExampleDecisionForm(request.POST, action=request.path)
    if form.is_valid():
        try:
            case_examples.case_example_decide(
                case_example=example,
                user=request.user,
                approve=form.approve,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            done = "approved: it is shared" if form.approve else "not approved"
            messages.success(request, f"Case example {done}.")
            return redirect(example)
    return _detail(request, example, form=form, status=400)


urlpatterns = [
    path("case-examples/", case_example_list, name="case_examples"),
    path("case-examples/new/", case_example_new, name="case_example_new"),
    path("case-examples/<int:pk>/", case_example_detail, name="case_example"),
    path("case-examples/<int:pk>/decide/", case_example_decide, name="case_example_decide"),
]
