"""observations/access.py: the case-example reading rule, the one the audit page, the
observation page and the case example pages ask. Unsaved objects: no database."""

import pytest

from observations.access import can_see_case_example, is_involved_in_case_example
from observations.models import CaseExample
from practiceweek.models import Role, Team, User

FLAGGER, AUTHOR, PRACTITIONER, MANAGER, SERVICE_MANAGER, STRANGER, QA = range(1, 8)
TEAM = Team(manager_id=MANAGER, service_manager_id=SERVICE_MANAGER)


def person(pk: int) -> User:
    role = {QA: Role.QA_ADMIN, STRANGER: Role.TEAM_MANAGER}.get(pk, Role.PRACTITIONER)
    return User(pk=pk, username=f"p{pk}", role=role)


def sees(pk: int, status: str) -> bool:
    example = CaseExample(status=status, flagged_by_id=FLAGGER)
    return can_see_case_example(
        person(pk), example, author_id=AUTHOR, practitioner_ids={PRACTITIONER}, team=TEAM
    )


@pytest.mark.parametrize("pk", [FLAGGER, AUTHOR, MANAGER, SERVICE_MANAGER, QA])
@pytest.mark.parametrize("status", ["pending", "declined", "approved"])
def test_those_involved_see_it_whatever_its_status(pk, status):
    assert sees(pk, status)


@pytest.mark.parametrize(("status", "expected"), [("pending", True), ("declined", False)])
def test_the_practitioner_sees_it_while_it_is_praise(status, expected):
    assert sees(PRACTITIONER, status) is expected


def test_everyone_sees_an_approved_one_and_nobody_else_a_waiting_one():
    assert sees(STRANGER, "approved")
    assert not sees(STRANGER, "pending")


def test_the_scrutiny_panel_sees_none():
    councillor = User(pk=99, username="c", role=Role.SCRUTINY_MEMBER)
    example = CaseExample(status="approved", flagged_by_id=FLAGGER)
    assert not can_see_case_example(
        councillor, example, author_id=AUTHOR, practitioner_ids=set(), team=TEAM
    )


def test_a_practitioner_is_involved_in_a_declined_one_they_can_open():
    # Involvement (who flagged it, the decision) is for readers; reading is decided above.
    assert is_involved_in_case_example(
        person(PRACTITIONER),
        flagged_by_id=FLAGGER,
        author_id=AUTHOR,
        practitioner_ids={PRACTITIONER},
        team=TEAM,
    )
