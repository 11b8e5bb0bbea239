"""Scrutiny panel members read published reports and nothing else: enforced here, fail closed."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import resolve

from .access import may_open_view


class ScrutinyPanelAccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: object, *args: object) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not may_open_view(user, resolve(request.path_info).view_name):
            raise PermissionDenied("Scrutiny panel members can read published reports only.")
        return None
