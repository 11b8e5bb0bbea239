"""Recording an observation: start it, fill it in (autosaved), submit it, change it afterwards,
the observer's own list, and the history of changes to a submitted observation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from practiceweek.access import Action, forbid_unless, may, may_use_visit
from practiceweek.forms import add_service_errors
from practiceweek.models import User, Visit
from practiceweek.views import AuthedRequest, warn_identifying_fields

from .. import selectors, services
from ..access import (
    can_edit_observation,
    can_see_observation_history,
)
from ..forms import ObservationEditForms, ObservationStartForm
from ..models import Observation, ObservationChange


def _start_visit(request: AuthedRequest) -> Visit | None:
    """The visit named in the query string (404 unless the user's own), or None."""
    forbid_unless(
        may(request.user, Action.RECORD_WORK),
        "Observations are recorded by managers and senior managers.",
    )
    visit_pk = request.GET.get("visit", "")
    if not visit_pk:
        return None
    visit = (
        Visit.objects.select_related("week", "team")
        # isdecimal, not isdigit: "²" is a digit that int() refuses (a 500).
        .filter(pk=visit_pk if visit_pk.isdecimal() else 0)
        .first()
    )
    if visit is None or not may_use_visit(request.user, visit):
        raise Http404("Not your visit.")
    if not visit.includes_observations:
        raise PermissionDenied("This visit is for auditing files, not observing practice.")
    return visit


def observation_start(request: AuthedRequest) -> HttpResponse:
    visit = _start_visit(request)
    data = request.POST if request.method == "POST" else None
    form = ObservationStartForm(data, visit=visit)
    if form.is_bound and form.is_valid():
        try:
            observation = services.observation_start(observer=request.user, **form.start_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("observations:edit", pk=observation.pk)
    context, status = {"form": form, "visit": visit}, 400 if form.is_bound else 200
    return render(request, "observations/observation_start.html", context, status=status)


def my_observations(request: AuthedRequest) -> HttpResponse:
    forbid_unless(
        may(request.user, Action.RECORD_WORK),
        "Observations are recorded by managers and senior managers.",
    )
    drafts, submitted = selectors.observations_by_observer(request.user)
    context = {"drafts": drafts, "submitted": submitted}
    return render(request, "observations/my_observations.html", context)


def _readable_observation(user: User, pk: int) -> Observation:
    observations = Observation.objects.select_related(
        "week", "team__service", "visit", "case_file", "framework", "observer"
    )
    readable = observations.filter(pk__in=selectors.observations_visible_to(user))
    return get_object_or_404(readable, pk=pk)


def _observation_for_editor(user: User, pk: int) -> Observation:
    """The observation if this person may change it: 404 unless they may read it, 403 unless
    they may change it too (its observer or a QA lead)."""
    observation = _readable_observation(user, pk)
    forbid_unless(
        can_edit_observation(user, observation),
        "Only its observer or a QA lead changes an observation.",
    )
    return observation


def _save(
    request: AuthedRequest, observation: Observation, forms: ObservationEditForms
) -> HttpResponse:
    """Submit, change a submitted observation, or save a draft; then redirect."""
    editor, data, version = request.user, forms.to_input(), forms.expected_version
    if "submit" in request.POST:
        services.observation_submit(
            observation=observation, editor=editor, data=data, expected_version=version
        )
        warn_identifying_fields(request, forms.show_anonymity_warnings(), record="observation")
        return redirect("observations:detail", pk=observation.pk)
    if observation.is_submitted:
        services.observation_update_submitted(
            observation=observation, editor=editor, data=data, expected_version=version
        )
        messages.success(request, "Your changes are saved and recorded in the history.")
        warn_identifying_fields(request, forms.show_anonymity_warnings(), record="observation")
        return redirect("observations:detail", pk=observation.pk)
    result = services.observation_save_draft(
        observation=observation, editor=editor, data=data, expected_version=version
    )
    messages.success(request, f"Draft saved at {services.hhmm(result.saved_at)}.")
    return redirect("observations:edit", pk=observation.pk)


def observation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    observation = _observation_for_editor(request.user, pk)
    strict = "submit" in request.POST or observation.is_submitted
    data = request.POST if request.method == "POST" else None
    state = selectors.observation_editing_state(observation=observation)
    forms = ObservationEditForms(data, observation=observation, state=state, strict=strict)
    conflict, status = "", 400 if forms.is_bound else 200
    if forms.is_bound and forms.is_valid():
        try:
            return _save(request, observation, forms)
        except services.ObservationConflict as exc:
            conflict, status = exc.message, 409
        except ValidationError as exc:
            forms.add_errors(exc)
    forms.show_anonymity_warnings()
    context = {"observation": observation, "forms": forms, "conflict": conflict, "state": state}
    return render(request, "observations/observation_form.html", context, status=status)


@require_POST
def observation_autosave(request: AuthedRequest, pk: int) -> JsonResponse:
    """Save a draft as the observer types: JSON in the shape of services.SaveResult.as_json."""
    observation = _observation_for_editor(request.user, pk)
    state = selectors.observation_editing_state(observation=observation)
    forms = ObservationEditForms(request.POST, observation=observation, state=state, strict=False)
    if not forms.is_valid():
        errors = forms.all_errors()
        return JsonResponse({"error": f"Not saved: {errors[0]}", "errors": errors}, status=400)
    try:
        result = services.observation_save_draft(
            observation=observation,
            editor=request.user,
            data=forms.to_input(),
            expected_version=forms.expected_version,
        )
    except services.ObservationConflict as exc:
        return JsonResponse({"error": exc.message}, status=409)
    except ValidationError as exc:
        return JsonResponse({"error": f"Not saved: {exc.messages[0]}"}, status=400)
    return JsonResponse({**result.as_json(), "warnings": forms.show_anonymity_warnings()})


def observation_history(request: AuthedRequest, pk: int) -> HttpResponse:
    """Every change to a submitted observation: for the QA lead and the observer."""
    observation = _readable_observation(request.user, pk)
    forbid_unless(
        can_see_observation_history(request.user, observation),
        "Only its observer or a QA lead reads the history.",
    )
    changes = ObservationChange.objects.filter(observation=observation).select_related("changed_by")
    context = {"observation": observation, "changes": list(changes)}
    return render(request, "observations/observation_history.html", context)


urlpatterns: list[URLPattern] = [
    path("start/", observation_start, name="start"),
    path("mine/", my_observations, name="mine"),
    path("<int:pk>/edit/", observation_edit, name="edit"),
    path("<int:pk>/autosave/", observation_autosave, name="autosave"),
    path("<int:pk>/history/", observation_history, name="history"),
]
