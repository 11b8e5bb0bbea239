"""The top bar's links for each role: who each audience is, here; which app offers which link
to which audience, in that app's `AppConfig.ready()` (the core names no app's pages).

Kept short: the team's audits and observations share one "Team" link (the team observations
page has a tab to the team audits).
"""

from collections.abc import Callable
from dataclasses import dataclass

from .access import Action, may
from .models import Role, User


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str
    app_name: str  # the link is "current" on every page of this app namespace and name prefix


_CASE_HOLDERS = {Role.PRACTITIONER, Role.TEAM_MANAGER}
# "Team and service managers see their own teams'" audits: not Heads of Service or Directors.
_TEAM_LEADERS = {Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.QA_ADMIN}
# Inadequate files go to the Service Manager and the Head of Service (audits.followup).
_ESCALATED_TO = {Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE, Role.QA_ADMIN}

# An audience says whether a signed-in member of staff (never a scrutiny panel member) sees a
# link.
Audience = Callable[[User], bool]


def _role(user: User) -> Role | None:
    return Role(user.role) if user.role in Role.values else None


def everyone(user: User) -> bool:
    return True


def allowed(action: Action) -> Audience:
    """Those who may take `action` (practiceweek.access): a link to a page follows the page's
    own rule, so nobody is offered a page that refuses them, nor refused a link to one they
    may use."""

    def audience(user: User) -> bool:
        return may(user, action)

    return audience


def recorders(user: User) -> bool:
    """Who audits files and observes practice: My audits, My observations."""
    return may(user, Action.RECORD_WORK)


def case_holders(user: User) -> bool:
    return _role(user) in _CASE_HOLDERS


def team_leaders(user: User) -> bool:
    return _role(user) in _TEAM_LEADERS or may(user, Action.SEE_EVERY_TEAM)


def escalated_to(user: User) -> bool:
    return _role(user) in _ESCALATED_TO or may(user, Action.SEE_EVERY_TEAM)


@dataclass(frozen=True)
class _Entry:
    link: NavLink
    order: int  # place in the bar, after "Practice weeks"
    audience: Audience | None  # None: the scrutiny panel's link, theirs alone


_PRACTICE_WEEKS = NavLink("Practice weeks", "practiceweek:week_list", "practiceweek")
_entries: dict[str, _Entry] = {}


def register(link: NavLink, *, order: int, audience: Audience) -> None:
    """Offer `link` to an audience, at `order` in the bar; registering it again (tests reload
    apps) replaces it."""
    _entries[link.url_name] = _Entry(link=link, order=order, audience=audience)


def register_for_scrutiny_panel(link: NavLink, *, order: int) -> None:
    """A link for scrutiny panel members, who see these links and no others."""
    _entries[link.url_name] = _Entry(link=link, order=order, audience=None)


def nav_links(user: User) -> list[NavLink]:
    """Links after "Home" for a signed-in person; a scrutiny panel member gets theirs only."""
    if not user.is_authenticated:
        return []
    entries = sorted(_entries.values(), key=lambda entry: entry.order)
    if user.is_scrutiny_member:
        return [entry.link for entry in entries if entry.audience is None]
    shown = [entry.link for entry in entries if entry.audience and entry.audience(user)]
    return [_PRACTICE_WEEKS, *shown]
