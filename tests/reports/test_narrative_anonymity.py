"""What the QA lead writes for councillors (the narrative, the wording of themes, the action
plan) is checked by the core anonymity check when saved: exact findings refused beside their
field, heuristic ones need "I have checked this is anonymised"; the text stays, nothing saved."""

import pytest

from reports.models import ActionPlanItem, Report, ThemeWording
from tests.factories import AuditFactory, CaseFileFactory, UserFactory, VisitFactory
from tests.reports.test_pages_edit import form_data, qa_client, url, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):  # noqa: F811
    visitor = UserFactory(first_name="Sam", last_name="Patel")
    VisitFactory(week=world.week, team=world.team, visitor=visitor)
    AuditFactory(
        week=world.week,
        case_file=CaseFileFactory(team=world.team, case_reference="NB102857"),
    )
    return world


def saved(report: Report) -> Report:
    return Report.objects.get(pk=report.pk)


def test_a_name_of_the_weeks_people_is_refused_beside_its_field_and_nothing_is_saved(
    qa_client,  # noqa: F811
    people,
):
    report = people.report
    before = saved(report)
    data = form_data(report, purpose="Sam Patel visited the team.", anonymised_confirmed="on")
    response = qa_client.post(url(report), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Take out the name “Sam Patel”: it identifies a family or a person involved." in page
    assert 'id="error_1_id_purpose"' in page  # beside the field
    assert "Sam Patel visited the team.</textarea>" in page  # kept on screen
    after = saved(report)
    assert (after.version, after.purpose) == (before.version, before.purpose)
    assert not ActionPlanItem.objects.filter(report=report).exists()


def test_a_case_reference_in_an_action_or_a_wording_is_refused_beside_it(
    qa_client,  # noqa: F811
    people,
):
    report = people.report
    data = form_data(
        report,
        **{
            "actions-0-issue": "Case nb102857 had no plan.",
            "themes-0-wording": "As NB102857 showed.",
        },
    )
    response = qa_client.post(url(report), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Take out the case reference “nb102857”" in page
    assert "Take out the case reference “NB102857”" in page
    assert not ThemeWording.objects.filter(report=report).exists()


def test_a_heuristic_finding_needs_the_tick_then_saves(qa_client, people):  # noqa: F811
    report = people.report
    data = form_data(report, what_next="The panel meets on 16/01/2027.")
    response = qa_client.post(url(report), data)
    assert response.status_code == 400
    assert "Check a date “16/01/2027”, which may identify someone, then tick" in (
        response.content.decode()
    )
    assert saved(report).what_next == ""
    data["anonymised_confirmed"] = "on"
    assert qa_client.post(url(report), data).status_code == 302
    assert saved(report).what_next == "The panel meets on 16/01/2027."


def test_clean_text_saves_without_the_tick(qa_client, people):  # noqa: F811
    response = qa_client.post(url(people.report), form_data(people.report))
    assert response.status_code == 302
    assert saved(people.report).purpose == "Why we look at practice."
