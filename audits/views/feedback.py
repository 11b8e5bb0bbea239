"""Placeholder views: replaced by the engineer who owns this module."""

from django.http import Http404, HttpRequest, HttpResponse


def audit_detail(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404("not built yet")


def audit_acknowledge(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404("not built yet")


def my_feedback(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404("not built yet")


def team_audits(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404("not built yet")


def escalation_list(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404("not built yet")


def escalation_acknowledge(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404("not built yet")


def my_actions(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404("not built yet")


def action_complete(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404("not built yet")
