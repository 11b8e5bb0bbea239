"""Reads the audit form and the writes share. TODO(#3): move to audits/selectors.py once its
owner has room for them."""

from dataclasses import dataclass

from django.db.models import Q

from practiceweek.models import User

from ..models import Audit, CaseAction, SectionAnswer


@dataclass(frozen=True)
class EditingState:
    answers: list[SectionAnswer]
    actions: list[CaseAction]
    owners: list[User]


def audit_answers(*, audit: Audit) -> list[SectionAnswer]:
    """The audit's answers in section order, each with its section: one query."""
    return list(audit.answers.select_related("section").order_by("section__order", "pk"))


def audit_actions(*, audit: Audit) -> list[CaseAction]:
    """The audit's case actions in the order they were added: one query."""
    return list(audit.actions.select_related("owner").order_by("pk"))


def action_owner_choices(*, audit: Audit, actions: list[CaseAction]) -> list[User]:
    """Who may own a case action: the team's members, its Team Manager and Service Manager,
    the allocated worker, and anyone already owning one of the audit's actions. One query."""
    team = audit.team
    ids = {team.manager_id, team.service_manager_id, audit.practitioner_id}
    ids |= {a.owner_id for a in actions}
    people = User.objects.filter(
        Q(teams=team, is_active=True) | Q(pk__in=[i for i in ids if i is not None])
    )
    return list(people.distinct().order_by("last_name", "first_name", "pk"))


def audit_editing_state(*, audit: Audit) -> EditingState:
    """Everything the audit form shows besides the audit itself, in three queries."""
    actions = audit_actions(audit=audit)
    return EditingState(
        answers=audit_answers(audit=audit),
        actions=actions,
        owners=action_owner_choices(audit=audit, actions=actions),
    )
