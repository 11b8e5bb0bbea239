"""System checks run by `manage.py check` and at start-up."""

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from .branding import accent_problems


@register()
def check_council_accent_colour(**kwargs: object) -> list[CheckMessage]:
    return [
        Error(problem, hint="Set COUNCIL_ACCENT_COLOUR.", id="practiceweek.E001")
        for problem in accent_problems(settings.COUNCIL_ACCENT_COLOUR)
    ]
