from django.conf import settings
from django.http import HttpRequest


def council(request: HttpRequest) -> dict[str, str]:
    return {
        "council_name": settings.COUNCIL_NAME,
        "council_logo": settings.COUNCIL_LOGO,
        "council_accent": settings.COUNCIL_ACCENT_COLOUR,
    }
