"""Every row of the permission matrix (tests/permission_matrix.py), for every role, as a real
request through the test client. The world is built once for the module; each test runs in a
savepoint of it, so a POST that changes something is undone before the next."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audits.followup import escalation_open
from practiceweek.access import Decision
from practiceweek.models import Role, User
from reports import gather, services
from reports.models import ReportBuild
from tests.factories import (
    AuditFactory,
    CaseActionFactory,
    CaseExampleFactory,
    ObservationFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)
from tests.permission_matrix import ADMIN_LOGIN, LOGIN, MATRIX, ROLES, Outcome, Row


@dataclass(frozen=True)
class World:
    people: dict[str, User]
    audit: int
    recipient: int
    action: int
    observation: int
    waiting_example: int
    declined_example: int
    report: int
    draft_build: int
    published_build: int


def _build_world() -> World:
    tm = UserFactory(role=Role.TEAM_MANAGER)
    sm = UserFactory(role=Role.SERVICE_MANAGER)
    team = TeamFactory(service=ServiceFactory(), manager=tm, service_manager=sm)
    practitioner = UserFactory(teams=[team])
    author = UserFactory(role=Role.DIRECTOR)
    people = {
        "qa_lead": UserFactory(role=Role.QA_ADMIN, is_staff=True),
        "author": author,
        "practitioner": practitioner,
        "team_manager": tm,
        "service_manager": sm,
        "stranger": UserFactory(role=Role.TEAM_MANAGER),
        "scrutiny": UserFactory(role=Role.SCRUTINY_MEMBER),
    }
    TeamFactory(manager=people["stranger"])
    week = PracticeWeekFactory(status="closed")
    audit = AuditFactory(
        submitted=True,
        week=week,
        overall_grade="inadequate",
        case_file__team=team,
        case_file__allocated_worker=practitioner,
        auditor=author,
    )
    escalation = escalation_open(audit=audit)  # e-mails wait for a commit that never comes
    observation = ObservationFactory(
        submitted=True, week=week, team=team, observer=author, practitioners=[practitioner]
    )
    waiting = CaseExampleFactory(observation=observation, flagged_by=author)
    declined = CaseExampleFactory(observation=None, audit=audit, status="declined")
    report = services.report_create_week(week=week, user=people["qa_lead"])
    now = timezone.now()

    def version(number: int, **fields: object) -> ReportBuild:
        return ReportBuild.objects.create(
            report=report,
            number=number,
            requested_by=people["qa_lead"],
            status="ready",
            snapshot=gather.snapshot_for(report, now=now),
            pdf=b"%PDF-1.7 stand-in",
            page_count=1,
            attempts=1,
            **fields,
        )

    published = version(1, published_at=now, published_by=people["qa_lead"])
    draft = version(2)
    return World(
        people=people,
        audit=audit.pk,
        recipient=escalation.recipients.get(person=sm).pk,
        action=CaseActionFactory(audit=audit, owner=practitioner).pk,
        observation=observation.pk,
        waiting_example=waiting.pk,
        declined_example=declined.pk,
        report=report.pk,
        draft_build=draft.pk,
        published_build=published.pk,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """Built once; rolled back after the module. Each test's own transaction is a savepoint
    inside this one."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


def _url(row: Row, world: World) -> str:
    args = [getattr(world, row.target)] if row.target else []
    pks = {name: getattr(world, name) for name in ("observation", "audit")}
    return reverse(row.url_name, args=args) + row.query.format(**pks)


def _assert_outcome(response, expected: Outcome, row: Row) -> None:
    if expected in (LOGIN, ADMIN_LOGIN):
        login = reverse("login" if expected == LOGIN else "admin:login")
        assert response.status_code == 302
        assert response.url.startswith(login + "?next=")
    elif expected is Decision.ALLOW:
        assert response.status_code == row.ok
    else:
        assert isinstance(expected, Decision)
        assert response.status_code == expected.value


CASES = [pytest.param(row, role, id=f"{row.id}-{role}") for row in MATRIX for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), CASES)
def test_permission_matrix(client: Client, world: World, row: Row, role: str) -> None:
    if role != "anonymous":
        client.force_login(world.people[role])
    url = _url(row, world)

    response = client.post(url, dict(row.data)) if row.method == "POST" else client.get(url)

    _assert_outcome(response, row.outcomes[role], row)


def test_every_row_names_every_role() -> None:
    assert all(set(row.outcomes) == set(ROLES) for row in MATRIX)
    assert len({(row.id, row.url_name) for row in MATRIX}) == len(MATRIX)
