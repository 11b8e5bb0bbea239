"""Who may do what: the vocabulary every app's rules are written in, and the core's own rules.

Plain rules over a person and an object, with no request in sight, so every page, template,
admin action and service that needs one asks the same question here. Each app keeps its rules
in its own `access.py` (audits, observations, reports), built on what is below; the permission
matrix (`tests/permission_matrix.py`) states every answer as data and drives one test.

403 or 404, the one rule (`decide`):
- Not signed in: the log-in page (Django's LoginRequiredMiddleware, before any rule here).
- An object the person may not read (outside their user-scoped queryset) or that does not
  exist: 404, the same answer for both, so nobody learns what exists by guessing ids.
- An object the person may read, or a page about no one object, but an action that is not
  theirs (a role's page, acknowledging someone else's feedback, a QA lead's decision): 403.
"""

import enum
import re
from collections.abc import Callable
from typing import NoReturn

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import CaseFile, PracticeWeek, Role, User, Visit


class Decision(enum.Enum):
    """What a guard answers: go ahead, 403 (may know it, may not do it) or 404 (may not know)."""

    ALLOW = 200
    FORBIDDEN = 403
    NOT_FOUND = 404


def decide(*, may_read: bool, may_act: bool) -> Decision:
    """The 403-or-404 rule above, for one person, one object (or page) and one action."""
    if not may_read:
        return Decision.NOT_FOUND
    return Decision.ALLOW if may_act else Decision.FORBIDDEN


def refuse(decision: Decision, message: str) -> NoReturn:
    """Raise what a refused `decision` answers (Http404 or PermissionDenied) with `message`."""
    if decision is Decision.NOT_FOUND:
        raise Http404(message)
    if decision is Decision.FORBIDDEN:
        raise PermissionDenied(message)
    raise ValueError("ALLOW is not a refusal")


def enforce(decision: Decision, message: str) -> None:
    """Return if `decision` allows; otherwise raise its 403 or 404 with `message`."""
    if decision is not Decision.ALLOW:
        refuse(decision, message)


def forbid_unless(allowed: bool, message: str) -> None:
    """The guard of an action on an object the person may read (it was found through their
    user-scoped queryset, which answered 404 otherwise) or of a page about no one object:
    403 with `message` unless `allowed`."""
    enforce(decide(may_read=True, may_act=allowed), message)


# --- Roles -------------------------------------------------------------------------------------


def is_qa_lead(user: User) -> bool:
    """A QA administrator or a superuser: reads everything, decides, drafts and publishes."""
    return user.is_qa_admin


def require_qa_lead(user: User, message: str) -> None:
    """The one guard of the QA lead's own pages and decisions: 403 for anyone else (the
    object, when there is one, was looked up through a user-scoped queryset first: 404)."""
    forbid_unless(is_qa_lead(user), message)


def may_record_work(user: User) -> bool:
    """Who audits files and observes practice: visitors (senior managers, QA, moderators) and
    Team Managers. Practitioners and the scrutiny panel do not."""
    return user.is_visitor or user.role == Role.TEAM_MANAGER


def may_change_record(user: User, author_id: int | None) -> bool:
    """ "The author or a QA lead": who changes an audit, an observation or a case example, and
    reads the history of changes to it. `author_id` is the auditor, observer or flagger."""
    return is_qa_lead(user) or (author_id is not None and author_id == user.pk)


def may_use_visit(user: User, visit: Visit) -> bool:
    """A visit's own visitor, or a QA lead, starts work from it and picks its files."""
    return is_qa_lead(user) or visit.visitor_id == user.pk


def usable_visit(user: User, pk: str) -> Visit:
    """The visit a query string names (`pk` as typed), with its week and team, if this person
    may start work from it (may_use_visit); 404 otherwise, a malformed id included."""
    visit = (
        Visit.objects.select_related("week", "team")
        # isdecimal, not isdigit: "²" is a digit that int() refuses (a 500).
        .filter(pk=pk if pk.isdecimal() else 0)
        .first()
    )
    if visit is None or not may_use_visit(user, visit):
        raise Http404("Not your visit.")
    return visit


def may_open_admin(user: User) -> bool:
    """Staff open Django's admin (the QA lead's set-up pages); links to it follow this."""
    return user.is_staff


# The only pages a scrutiny panel member may open; the reports views check "published" too.
SCRUTINY_PANEL_VIEWS = frozenset(
    {
        "home",
        "login",
        "logout",
        "password_reset_confirm",
        "password_reset_complete",
        "healthz",
        "reports:published",
        "reports:version",
        "reports:download",
        "reports:export_csv",
        "reports:export_xlsx",
        "reports:export_workbook",
    }
)


def may_open_view(user: User, view_name: str) -> bool:
    """Whether a signed-in person may open the page named `view_name` at all: scrutiny panel
    members read published reports and nothing else (fail closed); everyone else passes on
    to each view's own rules."""
    return not user.is_scrutiny_member or view_name in SCRUTINY_PANEL_VIEWS


# Said the same for a reference that does not exist and for a file this person may not audit:
# nobody learns which files exist by guessing references.
NO_FILE_YOU_CAN_AUDIT = "No file you can audit has this reference."


class Action(enum.StrEnum):
    """Actions that depend on who the person is, not on one object: what templates ask with
    `{% if user|can:"..." %}` (practiceweek/templatetags/access_tags.py) and the top bar
    should ask with `may`. Rules over one object are the apps' `can_...` functions."""

    RECORD_WORK = "work.record"  # start audits and observations; My audits, My observations
    SEE_EVERY_TEAM = "team.see_every"  # team pages and escalations list every team
    SEE_ANY_VISITORS_DAY = "day.see_any_visitor"  # another visitor's day in a week
    SET_UP_WEEKS = "week.set_up"  # set-up checks, timetables, the first week
    DECIDE_CASE_EXAMPLES = "case_example.decide"  # approve or decline a case example
    TAG_THEMES = "theme.tag"  # the themes page
    DRAFT_REPORTS = "report.draft"  # reports: draft, edit, quotes, build, publish, withdraw
    UNLOCK_SIGN_INS = "sign_in.unlock"
    OPEN_ADMIN = "admin.open"


_ROLE_RULES: dict[Action, Callable[[User], bool]] = {
    Action.RECORD_WORK: may_record_work,
    Action.OPEN_ADMIN: may_open_admin,
    Action.SEE_EVERY_TEAM: is_qa_lead,
    Action.SEE_ANY_VISITORS_DAY: is_qa_lead,
    Action.SET_UP_WEEKS: is_qa_lead,
    Action.DECIDE_CASE_EXAMPLES: is_qa_lead,
    Action.TAG_THEMES: is_qa_lead,
    Action.DRAFT_REPORTS: is_qa_lead,
    Action.UNLOCK_SIGN_INS: is_qa_lead,
}


def may(user: User, action: Action) -> bool:
    """Whether `user` may take a role-level `action` (see Action)."""
    return _ROLE_RULES[action](user)


def is_privileged_account(user: User) -> bool:
    """A superuser, or staff (anyone who may open the admin)."""
    return user.is_superuser or user.is_staff


def may_manage_account(actor: User, target: User) -> bool:
    """May `actor` change, deactivate, delete or set the password of `target`?

    A superuser may manage everyone. Anyone else may manage ordinary accounts and their own,
    never another staff account or a superuser: otherwise a QA lead could take over the
    superuser (set its password, then sign in as it).
    """
    if actor.is_superuser or actor.pk == target.pk:
        return True
    return not is_privileged_account(target)


def auditable_case_files(user: User) -> QuerySet[CaseFile]:
    """The case files `user` may start an audit of.

    QA leads and the Director: every file. Otherwise files of the teams this person visits to
    audit in a live week, the teams they manage (as team or service manager) and the teams of
    the services they lead as Head of Service. Nobody else: an empty queryset.
    """
    files = CaseFile.objects.all()
    if is_qa_lead(user) or user.role == Role.DIRECTOR:
        return files
    visited_teams = Visit.objects.filter(
        visitor=user,
        week__status=PracticeWeek.Status.LIVE,
        purpose__in=[Visit.Purpose.AUDIT, Visit.Purpose.BOTH],
    ).values("team_id")
    return files.filter(
        Q(team__in=visited_teams)
        | Q(team__manager=user)
        | Q(team__service_manager=user)
        | Q(team__service__head_of_service=user)
    )


def may_audit(user: User, case_file: CaseFile) -> bool:
    return auditable_case_files(user).filter(pk=case_file.pk).exists()


def case_reference_error(reference: str) -> str | None:
    """Why `reference` is not a case reference (CASE_REFERENCE_PATTERN), or None if it is."""
    if re.fullmatch(settings.CASE_REFERENCE_PATTERN, reference):
        return None
    return settings.CASE_REFERENCE_HELP
