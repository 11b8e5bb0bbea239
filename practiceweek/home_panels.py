"""What the apps that record work show on the home page, as they say.

The core imports no app, so each app that has something for the home page (audits: drafts,
escalations, case actions, feedback; observations: drafts, feedback) registers a panel here
in its `AppConfig.ready()`; the home page puts each panel's answer into its context under the
panel's name, for templates/practiceweek/home.html to read.
"""

from collections.abc import Callable, Mapping
from datetime import date

from .models import User

# A loader answers, for the signed-in person and today, what its panel shows. `earlier` holds
# the panels loaded before it by name (apps register in INSTALLED_APPS order, lower layer
# first), for a panel that builds on another's (observations adds audits' feedback count).
HomePanelLoader = Callable[[User, date, Mapping[str, object]], object]

_panels: dict[str, HomePanelLoader] = {}


def register(name: str, loader: HomePanelLoader) -> None:
    """Add a panel under `name` (its context variable); registering it again (tests reload
    apps) replaces it and keeps its place."""
    _panels[name] = loader


def home_panels(user: User, *, today: date) -> dict[str, object]:
    """Each registered panel's answer by name, loaded in registration order."""
    loaded: dict[str, object] = {}
    for name, loader in _panels.items():
        loaded[name] = loader(user, today, loaded)
    return loaded
