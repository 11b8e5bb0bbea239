"""Who may do what with observations, service users' words, case examples and themes, in the
core's vocabulary (practiceweek.access). Who may read an observation or a case example is its
user-scoped queryset (observations.selectors.observations_visible_to,
observations.case_examples.case_examples_visible_to): anyone else gets a 404 before any rule
here is asked, and a rule here that says no answers 403. Who starts an observation is the
core's: may(user, Action.RECORD_WORK), and from a visit, may_use_visit."""

from collections.abc import Collection
from typing import TYPE_CHECKING

from practiceweek.access import (
    Action,
    may,
    may_change_record,
)
from practiceweek.models import Team, User

from .feedback import is_praised_case_example
from .models import CaseExample, Observation

if TYPE_CHECKING:
    from .case_examples import CaseExampleSource


def can_edit_observation(user: User, observation: Observation) -> bool:
    """Its observer or a QA lead changes an observation, draft or submitted."""
    return may_change_record(user, observation.observer_id)


def can_see_observation_history(user: User, observation: Observation) -> bool:
    """Whoever may change an observation reads the history of changes to it."""
    return can_edit_observation(user, observation)


def can_acknowledge_observation(user: User, observation: Observation) -> bool:
    """Only a practitioner observed acknowledges, and only their own part of a submitted
    observation done in the app. No query when `observed` is prefetched."""
    observed = any(r.practitioner_id == user.pk for r in observation.observed.all())
    return observation.is_submitted and observation.is_from_app and observed


def can_add_service_user_feedback(user: User, observation: Observation) -> bool:
    """The observer, or a QA lead, records what a child, parent or carer said."""
    return may_change_record(user, observation.observer_id)


# --- Case examples ------------------------------------------------------------------------------
# Who reads a case example (the one rule; `case_examples_visible_to` is its queryset):
# - approved: every signed-in member of staff;
# - waiting or declined: whoever flagged it, the observer or auditor of the work, a QA lead and
#   the team's Team Manager and Service Manager;
# - the practitioners observed or audited: while it is praise for them (waiting or approved,
#   observations.feedback.PRAISED_CASE_EXAMPLE_STATUSES), not once declined;
# - scrutiny panel members: none (the middleware keeps them out anyway).


def is_involved_in_case_example(
    user: User,
    *,
    flagged_by_id: int | None,
    author_id: int | None,
    practitioner_ids: Collection[int],
    team: Team,
) -> bool:
    """Whether a person sees who flagged a case example, its decision and the work it comes
    from: those above who read it before it is approved (practitioners whatever its status)."""
    return (
        may_change_record(user, author_id)
        or user.pk == flagged_by_id
        or user.pk in practitioner_ids
        or user.pk in (team.manager_id, team.service_manager_id)
    )


def can_see_case_example(
    user: User,
    case_example: CaseExample,
    *,
    author_id: int | None,
    practitioner_ids: Collection[int],
    team: Team,
) -> bool:
    """The rule above for one case example already loaded, with the work's author, its
    practitioners and team passed in: no query. The audit page, the observation page and the
    case example pages ask it."""
    if user.is_scrutiny_member:
        return False
    if case_example.is_approved:
        return True
    praised = is_praised_case_example(case_example.status)
    return is_involved_in_case_example(
        user,
        flagged_by_id=case_example.flagged_by_id,
        author_id=author_id,
        practitioner_ids=practitioner_ids if praised else (),
        team=team,
    )


def can_flag_case_example(user: User, source: "CaseExampleSource") -> bool:
    """The observer or auditor of submitted work, or a QA lead."""
    return source.is_submitted and may_change_record(user, source.author_id)


def can_edit_case_example(user: User, case_example: CaseExample, *, author_id: int) -> bool:
    """The author of the work (observer or auditor) or a QA lead, until it is approved."""
    return may_change_record(user, author_id) and not case_example.is_approved


def can_decide_case_examples(user: User) -> bool:
    """A QA lead approves or declines case examples."""
    return may(user, Action.DECIDE_CASE_EXAMPLES)


# --- Themes -------------------------------------------------------------------------------------


def can_tag_themes(user: User) -> bool:
    """The themes page and tagging are the QA lead's."""
    return may(user, Action.TAG_THEMES)
