"""Who may do what to whom: the rules that keep anyone from gaining more power than they have.

Plain rules over a person and an object, with no request in sight, so every page, admin
action and service that needs one asks the same question here.
"""

import re

from django.conf import settings
from django.db.models import Q, QuerySet

from .models import CaseFile, PracticeWeek, Role, User, Visit

# Said the same for a reference that does not exist and for a file this person may not audit:
# nobody learns which files exist by guessing references.
NO_FILE_YOU_CAN_AUDIT = "No file you can audit has this reference."


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
    if user.is_qa_admin or user.role == Role.DIRECTOR:
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
