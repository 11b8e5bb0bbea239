"""Who may start an audit of which file (practiceweek.access), and one answer for every file
they may not audit, whether it exists or not (issue 9)."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits import services
from audits.models import Audit, AuditType
from practiceweek import access
from practiceweek.models import PracticeWeek, Role, Team, Visit
from tests.audits.test_audit_services import build_world
from tests.factories import (
    CaseFileFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db
NO_FILE = "No file you can audit has this reference."


@pytest.fixture
def council():
    """Two services of two teams each, one file per team."""
    head = UserFactory(role=Role.HEAD_OF_SERVICE)
    social_work = ServiceFactory(name="Social Work", head_of_service=head)
    early_help = ServiceFactory(name="Early Help")
    teams = {
        "sw1": TeamFactory(service=social_work),
        "sw2": TeamFactory(service=social_work),
        "eh1": TeamFactory(service=early_help),
        "eh2": TeamFactory(service=early_help),
    }
    files = {name: CaseFileFactory(team=team) for name, team in teams.items()}
    return {"head": head, "teams": teams, "files": files}


def _auditable(user, council) -> set[str]:
    ids = set(access.auditable_case_files(user).values_list("pk", flat=True))
    return {name for name, f in council["files"].items() if f.pk in ids}


@pytest.mark.parametrize("role", [Role.QA_ADMIN, Role.DIRECTOR])
def test_qa_leads_and_the_director_may_audit_every_file(council, role):
    assert _auditable(UserFactory(role=role), council) == {"sw1", "sw2", "eh1", "eh2"}


def test_a_superuser_may_audit_every_file(council):
    user = UserFactory(role=Role.PRACTITIONER, is_superuser=True, is_staff=True)
    assert _auditable(user, council) == {"sw1", "sw2", "eh1", "eh2"}


def test_a_head_of_service_audits_the_teams_of_their_service(council):
    assert _auditable(council["head"], council) == {"sw1", "sw2"}


def test_team_and_service_managers_audit_the_teams_they_manage(council):
    manager = UserFactory(role=Role.TEAM_MANAGER)
    service_manager = UserFactory(role=Role.SERVICE_MANAGER)
    Team.objects.filter(pk=council["teams"]["eh1"].pk).update(manager=manager)
    Team.objects.filter(pk=council["teams"]["sw2"].pk).update(service_manager=service_manager)
    assert _auditable(manager, council) == {"eh1"}
    assert _auditable(service_manager, council) == {"sw2"}


@pytest.mark.parametrize(
    ("status", "purpose", "expected"),
    [
        (PracticeWeek.Status.LIVE, Visit.Purpose.BOTH, {"eh2"}),
        (PracticeWeek.Status.LIVE, Visit.Purpose.AUDIT, {"eh2"}),
        (PracticeWeek.Status.LIVE, Visit.Purpose.OBSERVE, set()),
        (PracticeWeek.Status.PLANNED, Visit.Purpose.BOTH, set()),
        (PracticeWeek.Status.CLOSED, Visit.Purpose.BOTH, set()),
    ],
)
def test_a_visitor_audits_the_teams_they_visit_to_audit_in_a_live_week(
    council, status, purpose, expected
):
    visitor = UserFactory(role=Role.MODERATOR)
    week = PracticeWeekFactory(status=status)
    VisitFactory(week=week, team=council["teams"]["eh2"], visitor=visitor, purpose=purpose)
    assert _auditable(visitor, council) == expected


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.SCRUTINY_MEMBER, Role.SERVICE_MANAGER])
def test_anyone_else_may_audit_no_file(council, role):
    assert _auditable(UserFactory(role=role), council) == set()


def test_the_service_refuses_a_file_the_auditor_may_not_audit():
    world = build_world()
    stranger = UserFactory(role=Role.SERVICE_MANAGER)
    with pytest.raises(ValidationError) as caught:
        services.audit_start(
            auditor=stranger,
            case_file=world.case_file,
            audit_type=AuditType.CORE,
            client_token=uuid.uuid4(),
        )
    assert caught.value.message_dict == {"case_file": [NO_FILE]}
    assert not Audit.objects.exists()


def _page(response) -> str:
    """The page without what differs on every request (form token, CSP nonce)."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_a_forbidden_reference_and_a_missing_one_get_identical_answers(client, council):
    manager = UserFactory(role=Role.TEAM_MANAGER)
    Team.objects.filter(pk=council["teams"]["sw1"].pk).update(manager=manager)
    client.force_login(manager)
    token = uuid.uuid4()

    def post(reference):
        return client.post(
            reverse("audits:start"),
            {"client_token": token, "audit_type": "core", "case_reference": reference},
        )

    forbidden = post(council["files"]["eh1"].case_reference)
    missing = post("ZZ999999")
    assert forbidden.status_code == missing.status_code == 400
    assert forbidden.context["form"].errors["case_reference"] == [NO_FILE]
    assert missing.context["form"].errors["case_reference"] == [NO_FILE]
    assert _page(forbidden).replace(council["files"]["eh1"].case_reference, "ZZ999999") == _page(
        missing
    )
    assert not Audit.objects.exists()
    allowed = post(council["files"]["sw1"].case_reference)
    assert allowed.status_code == 302
    assert Audit.objects.get().case_file == council["files"]["sw1"]


def test_a_visitor_cannot_start_another_teams_file_from_their_visit(client, council):
    visitor = UserFactory(role=Role.SERVICE_MANAGER)
    visit = VisitFactory(week=PracticeWeekFactory(), team=council["teams"]["sw1"], visitor=visitor)
    client.force_login(visitor)
    response = client.post(
        f"{reverse('audits:start')}?visit={visit.pk}",
        {"client_token": uuid.uuid4(), "case_file": council["files"]["eh1"].pk},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["case_file"] == [NO_FILE]
    missing = client.post(
        f"{reverse('audits:start')}?visit={visit.pk}",
        {"client_token": uuid.uuid4(), "case_file": 999999},
    )
    assert missing.context["form"].errors["case_file"] == [NO_FILE]
    assert not Audit.objects.exists()


@pytest.mark.parametrize(
    "reference", ["NB 102857", "Jayden Smith", "ab", "A" * 21, "NB102857;", "NB_102857"]
)
def test_a_reference_that_is_not_one_is_refused_beside_the_field(client, reference):
    CaseFileFactory(case_reference=reference[:40])
    client.force_login(UserFactory(role=Role.QA_ADMIN))
    response = client.post(
        reverse("audits:start"),
        {"client_token": uuid.uuid4(), "audit_type": "core", "case_reference": reference},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["case_reference"] == [
        "A case reference is 3 to 20 letters, digits, hyphens or slashes, with no spaces."
    ]
    assert not Audit.objects.exists()


def test_the_reference_pattern_is_a_setting(settings):
    settings.CASE_REFERENCE_PATTERN = r"NB\d{6}"
    assert access.case_reference_error("NB102857") is None
    assert access.case_reference_error("CR-12/3") is not None
    settings.CASE_REFERENCE_PATTERN = r"[A-Za-z0-9/-]{3,20}"
    assert access.case_reference_error("CR-12/3") is None


@pytest.mark.parametrize("reference", ["NB102857", "CR-2026/14", "abc", "A" * 20])
def test_references_of_letters_digits_hyphens_and_slashes_pass(reference):
    assert access.case_reference_error(reference) is None
