"""The narrative page: the report's own text, a wording per theme the data raises and the action
plan rows, saved together; refusals beside their fields with the text kept and nothing saved;
a stale page refused (409) with its text kept; the yearly report's self-evaluation drafts."""

from datetime import date

import pytest
from django.urls import reverse

from audits.models import Audit, SectionAnswer
from practiceweek.models import Role
from reports import services
from reports.models import ActionPlanItem, Report, ThemeWording
from tests.factories import AuditSectionFactory, AuditTemplateFactory, UserFactory
from tests.reports.test_build_services import World, build_world

pytestmark = pytest.mark.django_db

VOICE, OVERSIGHT = "Voice of the child", "Management oversight"


@pytest.fixture
def world() -> World:
    """The world's four audits: two grade the voice of the child Good (a strength), one grades
    management oversight Inadequate (an area)."""
    world = build_world()
    template = AuditTemplateFactory()
    voice = AuditSectionFactory(template=template, title=VOICE)
    oversight = AuditSectionFactory(template=template, title=OVERSIGHT)
    first, second, *_ = Audit.objects.order_by("pk")
    SectionAnswer.objects.create(audit=first, section=voice, grade="good")
    SectionAnswer.objects.create(audit=second, section=voice, grade="outstanding")
    SectionAnswer.objects.create(audit=second, section=oversight, grade="inadequate")
    return world


@pytest.fixture
def qa_client(client, world):
    client.force_login(world.qa)
    return client


def url(report: Report) -> str:
    return reverse("reports:edit", args=[report.pk])


def form_data(report: Report, **changes) -> dict[str, object]:
    """What the page posts: the narrative, a wording per theme, one new action plan row."""
    data: dict[str, object] = {
        "version": report.version,
        "title": "Practice week report: November",
        "panel_name": "Children's Scrutiny Panel",
        "meeting_date": "2027-01-16",
        "asked_to_consider": "Note the findings.",
        "purpose": "Why we look at practice.",
        "voices_summary": "Families felt listened to.",
        "what_next": "A thematic audit of supervision in March.",
        "themes-TOTAL_FORMS": "2",
        "themes-INITIAL_FORMS": "2",
        "themes-MIN_NUM_FORMS": "0",
        "themes-MAX_NUM_FORMS": "200",
        "themes-0-kind": "strength",
        "themes-0-tag_name": VOICE,
        "themes-0-wording": "Children's views shape their plans.",
        "themes-1-kind": "area",
        "themes-1-tag_name": OVERSIGHT,
        "themes-1-wording": "",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "60",
        "actions-0-id": "",
        "actions-0-category": "Supervision",
        "actions-0-issue": "Supervision is not monthly.",
        "actions-0-action": "Audit supervision records.",
        "actions-0-risk": "Drift in plans.",
        "actions-0-priority": "high",
        "actions-0-due_on": "2027-03-31",
        "actions-0-responsible": "Head of Service",
    }
    return data | changes


def test_the_page_offers_the_narrative_a_box_per_theme_and_a_blank_action_row(
    qa_client, world, settings
):
    settings.SCRUTINY_PANEL_NAME = "Children's Scrutiny Panel"
    Report.objects.filter(pk=world.report.pk).update(panel_name="")
    page = qa_client.get(url(world.report)).content.decode()
    assert 'value="Children&#x27;s Scrutiny Panel"' in page  # the default panel
    assert "Wording for “Voice of the child”" in page
    assert "Raised by 2 audits and 0 observations." in page
    assert "Wording for “Management oversight”" in page
    assert 'name="actions-0-category"' in page
    assert "What do we know about the quality of practice?" not in page  # yearly only
    assert "reports/report_form.js" in page


def test_saving_writes_the_narrative_wordings_and_action_plan_together(qa_client, world):
    response = qa_client.post(url(world.report), form_data(world.report))
    assert response.status_code == 302
    assert response.url == world.report.get_absolute_url()
    report = Report.objects.get(pk=world.report.pk)
    assert report.version == 2
    assert (report.title, report.panel_name, report.meeting_date) == (
        "Practice week report: November",
        "Children's Scrutiny Panel",
        date(2027, 1, 16),
    )
    assert report.what_next == "A thematic audit of supervision in March."
    assert list(report.theme_wordings.values_list("kind", "tag_name", "wording")) == [
        ("strength", VOICE, "Children's views shape their plans.")
    ]
    item = report.action_items.get()
    assert (item.category, item.priority, item.due_on, item.responsible) == (
        "Supervision",
        "high",
        date(2027, 3, 31),
        "Head of Service",
    )


def test_rows_are_changed_and_removed_and_blank_new_rows_ignored(qa_client, world):
    report = world.report
    keep = ActionPlanItem.objects.create(
        report=report,
        category="Voice",
        issue="i",
        action="a",
        risk="r",
        due_on=date(2027, 1, 1),
        responsible="TM",
    )
    drop = ActionPlanItem.objects.create(
        report=report,
        category="Voice",
        issue="i2",
        action="a2",
        risk="r2",
        due_on=date(2027, 1, 1),
        responsible="TM",
    )
    data = form_data(report, **{"actions-TOTAL_FORMS": "3", "actions-INITIAL_FORMS": "2"})
    row = {"category": "Voice", "action": "a", "risk": "r", "priority": "low"}
    row |= {"due_on": "2027-02-01", "responsible": "Team Manager"}
    data |= {f"actions-0-{k}": v for k, v in (row | {"id": keep.pk, "issue": "Changed"}).items()}
    data |= {f"actions-1-{k}": v for k, v in (row | {"id": drop.pk, "issue": "x"}).items()}
    data["actions-1-DELETE"] = "on"
    data |= {f"actions-2-{k}": "" for k in ("id", "category", "issue", "action", "risk")}
    data |= {"actions-2-priority": "medium", "actions-2-due_on": "", "actions-2-responsible": ""}
    response = qa_client.post(url(report), data)
    assert response.status_code == 302
    assert list(report.action_items.values_list("pk", "issue", "priority")) == [
        (keep.pk, "Changed", "low")
    ]


def test_an_incomplete_row_is_refused_beside_its_fields_and_nothing_is_saved(qa_client, world):
    data = form_data(world.report, **{"actions-0-risk": "", "actions-0-due_on": ""})
    data["what_next"] = "Kept text"
    response = qa_client.post(url(world.report), data)
    assert response.status_code == 400
    form = response.context["forms"].actions.forms[0]
    assert form.errors == {
        "risk": ["Say what the risk is if it is not completed."],
        "due_on": ["Give a date for completion."],
    }
    page = response.content.decode()
    assert "Action plan row 1: Anticipated risk if not completed: Say what the risk" in page
    assert "Kept text" in page
    assert 'id="error_1_id_actions-0-risk"' in page  # beside the field (crispy)
    report = Report.objects.get(pk=world.report.pk)
    assert (report.version, report.what_next) == (1, "")
    assert not ActionPlanItem.objects.exists()
    assert not ThemeWording.objects.exists()


def test_too_long_a_text_is_refused_and_kept_on_screen(qa_client, world):
    long = "x" * 8001
    response = qa_client.post(url(world.report), form_data(world.report, purpose=long))
    assert response.status_code == 400
    assert response.context["forms"].narrative.errors["purpose"] == [
        "Ensure this value has at most 8000 characters (it has 8001)."
    ]
    assert long in response.content.decode()
    assert Report.objects.get(pk=world.report.pk).purpose == ""


def test_a_missing_title_is_refused(qa_client, world):
    response = qa_client.post(url(world.report), form_data(world.report, title="  "))
    assert response.status_code == 400
    assert response.context["forms"].narrative.errors["title"] == ["Give the report a title."]


def test_a_stale_page_is_refused_with_its_text_kept(qa_client, world):
    services.report_save(
        report=world.report,
        user=world.qa,
        data=services.ReportInput(
            narrative=services.NarrativeInput(
                title="Saved elsewhere",
                panel_name="",
                meeting_date=None,
                asked_to_consider="",
                purpose="",
                voices_summary="",
                what_next="Their text",
            )
        ),
        expected_version=1,
    )
    response = qa_client.post(url(world.report), form_data(world.report, what_next="My text"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this report at" in page
    assert "My text" in page
    report = Report.objects.get(pk=world.report.pk)
    assert (report.version, report.what_next) == (2, "Their text")
    assert not ActionPlanItem.objects.exists()


def test_a_row_removed_meanwhile_is_refused(qa_client, world):
    data = form_data(world.report, **{"actions-0-id": "9999", "actions-INITIAL_FORMS": "1"})
    response = qa_client.post(url(world.report), data)
    assert response.status_code == 400
    assert "This row was removed meanwhile: reload the page." in response.content.decode()


def test_a_wording_matches_its_theme_whatever_its_case(qa_client, world):
    ThemeWording.objects.create(
        report=world.report, kind="strength", tag_name=VOICE.lower(), wording="Old words"
    )
    page = qa_client.get(url(world.report)).content.decode()
    assert "Old words" in page
    qa_client.post(url(world.report), form_data(world.report))
    assert list(ThemeWording.objects.values_list("tag_name", "wording")) == [
        (VOICE.lower(), "Children's views shape their plans.")
    ]


def test_an_emptied_wording_is_removed(qa_client, world):
    ThemeWording.objects.create(
        report=world.report, kind="area", tag_name=OVERSIGHT, wording="Old words"
    )
    qa_client.post(url(world.report), form_data(world.report))
    assert not ThemeWording.objects.filter(kind="area").exists()


def test_the_yearly_report_offers_the_self_evaluation_drafted_from_the_evidence(qa_client, world):
    report = services.report_create_annual(
        date_from=date(2026, 1, 1), date_to=date(2026, 12, 31), user=world.qa
    )
    response = qa_client.get(url(report))
    narrative = response.context["forms"].narrative
    assert narrative.initial["sef_quality"].startswith("Between 1 January 2026 and 31 December")
    assert "we audited 4 case files" in narrative.initial["sef_quality"]
    assert "What do we know about the quality of practice?" in response.content.decode()
    Report.objects.filter(pk=report.pk).update(sef_quality="Our own answer.")
    response = qa_client.get(url(report))
    assert response.context["forms"].narrative.initial["sef_quality"] == "Our own answer."


def test_saving_a_yearly_report_keeps_its_self_evaluation(qa_client, world):
    report = services.report_create_annual(
        date_from=date(2026, 1, 1), date_to=date(2026, 12, 31), user=world.qa
    )
    data = form_data(report, sef_quality="Q", sef_evidence="E", sef_plans="P")
    data |= {"themes-TOTAL_FORMS": "0", "themes-INITIAL_FORMS": "0"}
    assert qa_client.post(url(report), data).status_code == 302
    report.refresh_from_db()
    assert (report.sef_quality, report.sef_evidence, report.sef_plans) == ("Q", "E", "P")


def test_the_narrative_page_is_for_qa_leads(client, world):
    client.force_login(UserFactory(role=Role.HEAD_OF_SERVICE))
    assert client.post(url(world.report), form_data(world.report)).status_code == 403
    assert Report.objects.get(pk=world.report.pk).version == 1


def test_the_narrative_page_queries_do_not_grow_with_the_data(qa_client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.reports.test_build_services import add_audits

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert qa_client.get(url(world.report)).status_code == 200
        return len(queries)

    before = count()
    add_audits(world.week, world.team, "good", "inadequate", "good")
    for n in range(3):
        ActionPlanItem.objects.create(
            report=world.report,
            category=f"C{n}",
            issue="i",
            action="a",
            risk="r",
            due_on=date(2027, 1, 1),
            responsible="TM",
        )
    assert count() == before
