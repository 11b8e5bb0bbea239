"""Pages of the core app: thin views over selectors and services."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import health, home_panels, selectors, services, signin
from .access import Action, forbid_unless, may
from .forms import FileSelectionForm
from .models import PracticeWeek, User, Visit


class AuthedRequest(HttpRequest):
    """A request that LoginRequiredMiddleware has let through: `user` is a real person."""

    user: User


class LoginView(auth_views.LoginView):
    """Django's log-in page; a refused log-in answers 400 like every other refused form."""

    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Django's page behind a set-a-new-password link; a refused password answers 400."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def warn_identifying_fields(request: HttpRequest, warnings: list[str], *, record: str) -> None:
    """After a save that leaves the form: name the fields that may identify someone (their
    labels only: what was found stays out of the session), for the author to change.
    `warnings` are "label: message", as practiceweek.forms.show_anonymity_warnings gives."""
    if warnings:
        labels = ", ".join(dict.fromkeys(w.split(": ", 1)[0] for w in warnings))
        messages.warning(
            request,
            f"Saved, but check: {labels} may identify someone. Change the {record} to take out "
            "names, the case reference and anything else that identifies the family.",
        )


def _week_or_404(slug: str) -> PracticeWeek:
    try:
        return selectors.week_get(slug=slug)
    except PracticeWeek.DoesNotExist as exc:
        raise Http404("No such practice week.") from exc


def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    context: dict[str, object] = {"today": today}
    if not user.is_scrutiny_member:
        window = (monday, monday + timedelta(days=13))
        weeks = selectors.home_weeks()
        context["my_visits"] = selectors.visits_for_visitor(user, start=window[0], end=window[1])
        context["team_visits"] = selectors.visits_to_teams_of(user, start=window[0], end=window[1])
        context["weeks"] = weeks
        # The apps' panels (audits, observations), registered in their AppConfig.ready().
        context.update(home_panels.home_panels(user, today=today))
        if may(user, Action.SET_UP_WEEKS):
            context["setups"] = [(w, selectors.week_setup(w)) for w in weeks]
    return render(request, "practiceweek/home.html", context)


def week_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "practiceweek/week_list.html", {"weeks": selectors.week_list()})


def week_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    week = _week_or_404(slug)
    context: dict[str, object] = {"week": week, "timetable": selectors.week_timetable(week)}
    if may(request.user, Action.SET_UP_WEEKS):
        context["setup"] = selectors.week_setup(week)
    return render(request, "practiceweek/week_detail.html", context)


def auditor_day(request: AuthedRequest, slug: str, day: str) -> HttpResponse:
    week = _week_or_404(slug)
    try:
        the_day = date.fromisoformat(day)
    except ValueError as exc:
        raise Http404("Not a date.") from exc
    person = request.user
    # isdecimal, not isdigit: "²" is a digit that int() refuses (a 500).
    visitor = request.GET.get("visitor", "")
    if may(request.user, Action.SEE_ANY_VISITORS_DAY) and visitor.isdecimal():
        person = get_object_or_404(User, pk=visitor)
    visits = selectors.visits_for_visitor(person, start=the_day, end=the_day).filter(week=week)
    selections = (
        selectors.selections_visible_to(request.user)
        .filter(visit__in=visits)
        .prefetch_related("items__case_file")
    )
    context = {
        "week": week,
        "day": the_day,
        "person": person,
        "visits": visits,
        "selections": selections,
        "days": selectors.week_days(week),
    }
    return render(request, "practiceweek/auditor_day.html", context)


def _visit_for_user(request: AuthedRequest, pk: int) -> Visit:
    visits = Visit.objects.select_related("week", "team__service")
    if not request.user.is_qa_admin:
        visits = visits.filter(visitor=request.user)
    return get_object_or_404(visits, pk=pk)


def visit_select_files(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = _visit_for_user(request, pk)
    if not visit.includes_audits:
        raise PermissionDenied("This visit is for observing practice, not auditing files.")
    form = FileSelectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                selection = services.file_selection_create(
                    auditor=visit.visitor,
                    team=visit.team,
                    count=form.cleaned_data["count"],
                    visit=visit,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect(selection)
        status = 400
    return render(
        request,
        "practiceweek/visit_select_files.html",
        {"visit": visit, "form": form},
        status=status,
    )


def selection_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    selection = get_object_or_404(
        selectors.selections_visible_to(request.user).prefetch_related(
            "items__case_file__allocated_worker"
        ),
        pk=pk,
    )
    return render(request, "practiceweek/selection_detail.html", {"selection": selection})


def locked_sign_ins(request: AuthedRequest) -> HttpResponse:
    """The QA lead's list of usernames locked out at an address, each with an Unlock button."""
    forbid_unless(may(request.user, Action.UNLOCK_SIGN_INS), "Only a QA lead unlocks sign-ins.")
    if request.method == "POST":
        username = request.POST.get("username", "")
        address = request.POST.get("address", "")
        if signin.sign_in_unlock(username=username, address=address, unlocked_by=request.user):
            messages.success(request, f"{username} can sign in again from {address}.")
        else:
            messages.info(request, f"{username} was not locked out at {address}.")
        return redirect("practiceweek:locked_sign_ins")
    context = {"locked": signin.locked_sign_ins(), "limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "practiceweek/locked_sign_ins.html", context)


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker status only: nothing else about the installation is revealed."""
    status = {"database": health.database_status(connection), "broker": health.broker_status()}
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **status}, status=200 if healthy else 503
    )


def _error_page(template: str, status: int):
    @login_not_required
    def view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
        return render(request, template, status=status)

    return view


bad_request = _error_page("400.html", 400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


permission_denied = _error_page("403.html", 403)
page_not_found = _error_page("404.html", 404)
server_error = _error_page("500.html", 500)
