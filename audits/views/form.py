"""Placeholder views: replaced by the engineer who owns this module."""

from django.http import Http404, HttpRequest, HttpResponse


def audit_start(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404("not built yet")


def my_audits(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404("not built yet")


def audit_edit(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404("not built yet")


def audit_autosave(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404("not built yet")
