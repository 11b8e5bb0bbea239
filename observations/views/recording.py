"""Recording an observation: start it, fill it in (autosaved), submit it, change it afterwards,
the observer's own list, and the history of changes to a submitted observation."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from practiceweek.access import Action, forbid_unless, may, usable_visit
from practiceweek.draft_views import Recording
from practiceweek.forms import add_service_errors
from practiceweek.history import history_page
from practiceweek.models import User, Visit
from practiceweek.views import AuthedRequest

from .. import selectors, services
from ..access import (
    can_edit_observation,
    can_see_observation_history,
)
from ..forms import ObservationEditForms, ObservationStartForm
from ..models import Observation


def _start_visit(request: AuthedRequest) -> Visit | None:
    """The visit named in the query string (404 unless the user's own), or None."""
    forbid_unless(
        may(request.user, Action.RECORD_WORK),
        "Observations are recorded by managers and senior managers.",
    )
    visit_pk = request.GET.get("visit", "")
    if not visit_pk:
        return None
    visit = usable_visit(request.user, visit_pk)
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


def _edit_forms(data: Any, observation: Observation, strict: bool) -> ObservationEditForms:
    state = selectors.observation_editing_state(observation=observation)
    return ObservationEditForms(data, observation=observation, state=state, strict=strict)


RECORDING = Recording(
    app="observations",
    kwarg="observation",
    forms=_edit_forms,
    submit=services.observation_submit,
    update_submitted=services.observation_update_submitted,
    save_draft=services.observation_save_draft,
    after_submit="detail",
    changes_saved="Your changes are saved and recorded in the history.",
)


def observation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    observation = _observation_for_editor(request.user, pk)
    forms = RECORDING.page_forms(request, observation)
    outcome = RECORDING.edit(request, observation, forms)
    if isinstance(outcome, HttpResponse):
        return outcome
    forms.show_anonymity_warnings()
    conflict = outcome.conflict
    context = {"observation": observation, "forms": forms, "conflict": conflict}
    return render(request, "observations/observation_form.html", context, status=outcome.status)


@require_POST
def observation_autosave(request: AuthedRequest, pk: int) -> JsonResponse:
    """Save a draft as the observer types: JSON in the shape of drafts.SaveResult.as_json."""
    return RECORDING.autosave(request, _observation_for_editor(request.user, pk))


def observation_history(request: AuthedRequest, pk: int) -> HttpResponse:
    """Every change to a submitted observation: 404 unless its reader, 403 unless its observer
    or a QA lead (observations.access.can_see_observation_history)."""
    observation = _readable_observation(request.user, pk)
    allowed = can_see_observation_history(request.user, observation)
    changes = observation.changes.all()
    return history_page(request, record=observation, allowed=allowed, changes=changes)


urlpatterns: list[URLPattern] = [
    path("start/", observation_start, name="start"),
    path("mine/", my_observations, name="mine"),
    path("<int:pk>/edit/", observation_edit, name="edit"),
    path("<int:pk>/autosave/", observation_autosave, name="autosave"),
    path("<int:pk>/history/", observation_history, name="history"),
]
