from django.conf import settings
from django.http import HttpRequest

from .navigation import NavLink, nav_links


def council(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    links: list[NavLink] = nav_links(user) if user is not None else []
    return {
        "council_name": settings.COUNCIL_NAME,
        "council_logo": settings.COUNCIL_LOGO,
        "council_accent": settings.COUNCIL_ACCENT_COLOUR,
        "nav_links": links,
    }
