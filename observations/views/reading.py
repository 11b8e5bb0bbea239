"""Reading observations and acting on them: the observation page, a practitioner's
acknowledgement, what a child, parent or carer said, and the team observations page. Thin views
over observations.selectors and the services of observations.followup; every observation is
looked up through a user-scoped queryset, so anyone else gets a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from audits.feedback_forms import TeamFilterForm
from audits.selectors import teams_managed_by
from practiceweek.access import forbid_unless
from practiceweek.views import AuthedRequest

from .. import followup, selectors
from ..access import can_acknowledge_observation, can_add_service_user_feedback
from ..models import Observation
from ..reading_forms import ObservationAcknowledgeForm, ServiceUserFeedbackForm


def _observation_page(
    request: AuthedRequest,
    observation: Observation,
    form: ObservationAcknowledgeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.observation_page(observation=observation, user=request.user)
    if form is None and page.may_acknowledge:
        url = reverse("observations:acknowledge", kwargs={"pk": observation.pk})
        form = ObservationAcknowledgeForm(action=url)
    context = {"page": page, "observation": observation, "form": form}
    return render(request, "observations/observation_detail.html", context, status=status)


def observation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    observation = get_object_or_404(selectors.observation_reading_queryset(request.user), pk=pk)
    if not observation.is_submitted:
        return redirect("observations:edit", pk=observation.pk)  # still being written
    return _observation_page(request, observation)


@require_POST
def observation_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    observation = get_object_or_404(selectors.observation_reading_queryset(request.user), pk=pk)
    if not observation.is_submitted:
        raise Http404("Drafts are read on the observation form.")
    forbid_unless(
        can_acknowledge_observation(request.user, observation),
        "Only a practitioner observed acknowledges this feedback.",
    )
    form = ObservationAcknowledgeForm(request.POST, action=request.path)
    if not form.is_valid():
        return _observation_page(request, observation, form=form, status=400)
    followup.observation_acknowledge(
        observation=observation, person=request.user, reflection=form.cleaned_data["reflection"]
    )
    messages.success(request, "Thank you: you have acknowledged this feedback.")
    return redirect(observation)


def service_user_feedback_add(request: AuthedRequest, pk: int) -> HttpResponse:
    observations = selectors.observations_visible_to(request.user).select_related("team")
    observation = get_object_or_404(observations, pk=pk)
    forbid_unless(
        can_add_service_user_feedback(request.user, observation),
        "Only the observer records what service users said.",
    )
    is_post = request.method == "POST"
    form = ServiceUserFeedbackForm(request.POST if is_post else None, action=request.path)
    if is_post and form.is_valid():
        try:
            followup.service_user_feedback_add(
                observation=observation, person=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Their feedback is saved with the observation.")
            return redirect(observation)  # a draft goes back to its form
    context = {"observation": observation, "form": form}
    status = 400 if is_post else 200
    return render(request, "observations/service_user_feedback_form.html", context, status=status)


def team_observations(request: AuthedRequest) -> HttpResponse:
    teams = teams_managed_by(request.user)
    form = TeamFilterForm(request.GET or None, teams=teams)
    team_id = form.cleaned_data["team"] if form.is_valid() else None
    observations = selectors.team_observation_list(request.user, teams=teams, team_id=team_id)
    context = {"teams": teams, "form": form, "observations": observations}
    status = 400 if form.errors else 200
    return render(request, "observations/team_observations.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/", observation_detail, name="detail"),
    path("<int:pk>/acknowledge/", observation_acknowledge, name="acknowledge"),
    path("<int:pk>/service-user-feedback/", service_user_feedback_add, name="feedback_add"),
    path("team/", team_observations, name="team"),
]
