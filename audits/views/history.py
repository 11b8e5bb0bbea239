"""Placeholder views: replaced by the engineer who owns this module."""

from django.http import Http404, HttpRequest, HttpResponse


def audit_history(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404("not built yet")
