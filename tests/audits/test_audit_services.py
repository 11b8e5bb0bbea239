"""Starting, saving, submitting and changing audits: the services, and what they write."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from audits import services
from audits.models import (
    Audit,
    AuditChange,
    AuditTemplate,
    AuditType,
    CaseAction,
    Escalation,
    Grade,
    SectionAnswer,
)
from audits.services import ActionInput, AnswerInput, AuditInput
from practiceweek.drafts import DraftConflict, Edit
from practiceweek.models import (
    CaseFile,
    FileSelection,
    PracticeWeek,
    Role,
    SelectedFile,
    Team,
    User,
    Visit,
)
from tests.factories import (
    DEMO_MONDAY,
    AuditSectionFactory,
    AuditTemplateFactory,
    CaseFileFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    ThemeFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db
TUESDAY = DEMO_MONDAY + timedelta(days=1)
SECTION_TITLES = ("Assessment", "Planning", "Voice of the child")


# --- A small council, shared with test_audit_form.py -----------------------------------


@dataclass
class World:
    week: PracticeWeek
    team: Team
    visit: Visit
    auditor: User
    practitioner: User
    manager: User
    service_manager: User
    head: User
    template: AuditTemplate
    case_file: CaseFile
    item: SelectedFile


def graded_template(titles: tuple[str, ...] = SECTION_TITLES) -> AuditTemplate:
    """The only current graded template, with titled sections and guidance."""
    AuditTemplate.objects.filter(is_graded=True).update(is_current=False)
    template = AuditTemplateFactory(name="Test case file audit")
    for order, title in enumerate(titles, start=1):
        AuditSectionFactory(
            template=template,
            order=order,
            title=title,
            question=f"How good is the {title.lower()}?",
            guidance_outstanding=f"{title}: exemplary work",
            guidance_inadequate=f"{title}: the child is left at risk",
        )
    return template


def build_world(titles: tuple[str, ...] = SECTION_TITLES) -> World:
    head = UserFactory(role=Role.HEAD_OF_SERVICE, first_name="Hana", last_name="Head")
    service = ServiceFactory(name="Social Work", head_of_service=head)
    manager = UserFactory(role=Role.TEAM_MANAGER, first_name="Tom", last_name="Manager")
    service_manager = UserFactory(role=Role.SERVICE_MANAGER, first_name="Sue", last_name="Manager")
    team = TeamFactory(
        service=service, name="Assessment Team 1", manager=manager, service_manager=service_manager
    )
    practitioner = UserFactory(first_name="Sam", last_name="Worker", teams=[team])
    week = PracticeWeekFactory(services=[service])
    auditor = UserFactory(role=Role.DIRECTOR, first_name="Dee", last_name="Director")
    visit = VisitFactory(week=week, team=team, visitor=auditor, date=TUESDAY)
    case_file = CaseFileFactory(team=team, allocated_worker=practitioner)
    selection = FileSelection.objects.create(
        visit=visit,
        week=week,
        team=team,
        auditor=auditor,
        requested=1,
        seed=1,
        excluded_since=date(2026, 5, 24),
    )
    item = SelectedFile.objects.create(selection=selection, case_file=case_file, position=1)
    return World(
        week=week,
        team=team,
        visit=visit,
        auditor=auditor,
        practitioner=practitioner,
        manager=manager,
        service_manager=service_manager,
        head=head,
        template=graded_template(titles),
        case_file=case_file,
        item=item,
    )


def start(world: World) -> Audit:
    return services.audit_start(
        auditor=world.auditor,
        case_file=world.case_file,
        audit_type=AuditType.PRACTICE_WEEK,
        client_token=uuid.uuid4(),
        visit=world.visit,
        today=TUESDAY,
    )


def answers_of(audit: Audit) -> list[SectionAnswer]:
    return list(audit.answers.select_related("section").order_by("section__order"))


def audit_input(
    audit: Audit,
    grades: tuple[str, ...] = (),
    evidence: tuple[str, ...] = (),
    actions: tuple[ActionInput, ...] = (),
    **fields: object,
) -> AuditInput:
    answers = answers_of(audit)
    values: dict = {
        "is_collaborative": True,
        "overall_grade": "",
        "departure_reason": "",
        "working_well": "",
        "needs_to_improve": "",
        **fields,
    }
    return AuditInput(
        **values,
        answers=[
            AnswerInput(
                answer_id=a.pk,
                grade=grades[n] if n < len(grades) else "",
                evidence=evidence[n] if n < len(evidence) else "",
            )
            for n, a in enumerate(answers)
        ],
        actions=list(actions),
    )


def new_action(owner: User, key: str = "actions-0", **kwargs: object) -> ActionInput:
    values: dict = {
        "action_id": None,
        "description": "Update the chronology",
        "owner_id": owner.pk,
        "due_on": date(2026, 12, 8),
        **kwargs,
    }
    return ActionInput(key=key, **values)


@pytest.fixture
def world() -> World:
    return build_world()


# --- Starting -------------------------------------------------------------------------------


def test_start_makes_a_draft_with_one_answer_per_section(world):
    audit = start(world)
    assert audit.status == Audit.Status.DRAFT
    assert audit.template == world.template
    assert (audit.team, audit.practitioner, audit.auditor) == (
        world.team,
        world.practitioner,
        world.auditor,
    )
    assert (audit.week, audit.visit, audit.audited_on) == (world.week, world.visit, TUESDAY)
    assert [a.section.title for a in answers_of(audit)] == list(SECTION_TITLES)


def test_start_with_a_used_token_returns_the_same_audit(world):
    token = uuid.uuid4()
    kwargs = {
        "auditor": world.auditor,
        "case_file": world.case_file,
        "audit_type": AuditType.PRACTICE_WEEK,
        "client_token": token,
        "visit": world.visit,
    }
    first = services.audit_start(**kwargs)
    second = services.audit_start(**kwargs)
    assert first.pk == second.pk
    assert Audit.objects.count() == 1
    assert SectionAnswer.objects.count() == len(SECTION_TITLES)


def test_start_refuses_someone_elses_token(world):
    audit = start(world)
    with pytest.raises(ValidationError, match="already used"):
        services.audit_start(
            auditor=UserFactory(role=Role.DIRECTOR),
            case_file=world.case_file,
            audit_type=AuditType.CORE,
            client_token=audit.client_token,
        )


def test_start_refuses_a_closed_week(world):
    PracticeWeek.objects.filter(pk=world.week.pk).update(status=PracticeWeek.Status.CLOSED)
    world.visit.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        start(world)
    assert caught.value.message_dict == {"week": [services.WEEK_CLOSED_START]}
    assert not Audit.objects.exists()


def test_start_refuses_a_file_of_another_team(world):
    world.case_file = CaseFileFactory(team=TeamFactory(name="Brambles"))
    with pytest.raises(ValidationError) as caught:
        start(world)
    assert caught.value.message_dict == {
        "case_file": ["This file belongs to Brambles, not to Assessment Team 1"]
    }


def test_thematic_audit_needs_a_theme(world):
    with pytest.raises(ValidationError) as caught:
        services.audit_start(
            auditor=world.auditor,
            case_file=world.case_file,
            audit_type=AuditType.THEMATIC,
            client_token=uuid.uuid4(),
        )
    assert "theme" in caught.value.message_dict


def test_free_standing_thematic_audit_keeps_its_theme_and_has_no_week(world):
    theme = ThemeFactory(name="Neglect")
    audit = services.audit_start(
        auditor=world.auditor,
        case_file=world.case_file,
        audit_type=AuditType.THEMATIC,
        client_token=uuid.uuid4(),
        theme=theme,
    )
    assert (audit.theme, audit.week, audit.visit) == (theme, None, None)


def test_minimum_standards_audit_uses_the_ungraded_template(world):
    AuditTemplate.objects.filter(is_graded=False).update(is_current=False)
    checklist = AuditTemplateFactory(name="Checklist", is_graded=False, sections=2)
    audit = services.audit_start(
        auditor=world.auditor,
        case_file=world.case_file,
        audit_type=AuditType.MINIMUM_STANDARDS,
        client_token=uuid.uuid4(),
    )
    assert audit.template == checklist
    assert audit.answers.count() == 2


def test_start_without_a_template_says_so(world):
    AuditTemplate.objects.update(is_current=False)
    with pytest.raises(ValidationError) as caught:
        start(world)
    assert "audit_type" in caught.value.message_dict


# --- Saving drafts --------------------------------------------------------------------------


def test_save_draft_saves_fields_answers_and_complete_actions_and_bumps_version(world):
    audit = start(world)
    data = audit_input(
        audit,
        grades=("good", "requires_improvement"),
        evidence=("Clear analysis", "Plan not SMART"),
        actions=(
            new_action(world.practitioner, key="actions-0"),
            new_action(world.manager, key="actions-1", due_on=None),  # incomplete: kept on page
        ),
        working_well="Direct work with the child",
    )
    result = services.audit_save_draft(
        audit=audit, data=data, edit=Edit(editor=world.auditor, expected_version=1)
    )
    audit.refresh_from_db()
    assert (result.version, audit.version) == (2, 2)
    assert audit.working_well == "Direct work with the child"
    assert audit.is_collaborative
    assert [(a.grade, a.evidence) for a in answers_of(audit)] == [
        ("good", "Clear analysis"),
        ("requires_improvement", "Plan not SMART"),
        ("", ""),
    ]
    action = CaseAction.objects.get()
    assert result.new_action_ids == {"actions-0": action.pk}
    assert (action.owner, action.due_on) == (world.practitioner, date(2026, 12, 8))
    assert result.as_json()["suggested_grade"] == Grade.REQUIRES_IMPROVEMENT


def test_save_draft_with_a_stale_version_is_refused_and_changes_nothing(world):
    audit = start(world)
    services.audit_save_draft(
        audit=audit,
        data=audit_input(audit, evidence=("First session's text",)),
        edit=Edit(editor=world.auditor, expected_version=1),
    )
    other_page = Audit.objects.get(pk=audit.pk)
    with pytest.raises(DraftConflict) as caught:
        services.audit_save_draft(
            audit=other_page,
            data=audit_input(other_page, evidence=("Second session's text",)),
            edit=Edit(editor=world.auditor, expected_version=1),
        )
    assert caught.value.message.startswith("Someone else saved this audit at ")
    assert "Your text is still here" in caught.value.message
    assert answers_of(audit)[0].evidence == "First session's text"
    assert Audit.objects.get(pk=audit.pk).version == 2


def test_resending_a_save_whose_answer_was_lost_succeeds_without_writing(world):
    audit = start(world)
    data = audit_input(audit, evidence=("Typed once",))
    services.audit_save_draft(
        audit=audit, data=data, edit=Edit(editor=world.auditor, expected_version=1)
    )
    fresh = Audit.objects.get(pk=audit.pk)
    result = services.audit_save_draft(
        audit=fresh, data=data, edit=Edit(editor=world.auditor, expected_version=1)
    )
    assert result.version == 2
    assert Audit.objects.get(pk=audit.pk).version == 2


def test_save_draft_removes_and_changes_actions(world):
    audit = start(world)
    first = services.audit_save_draft(
        audit=audit,
        data=audit_input(
            audit,
            actions=(new_action(world.practitioner), new_action(world.manager, key="actions-1")),
        ),
        edit=Edit(editor=world.auditor, expected_version=1),
    )
    kept, dropped = first.new_action_ids["actions-0"], first.new_action_ids["actions-1"]
    services.audit_save_draft(
        audit=audit,
        data=audit_input(
            audit,
            actions=(
                new_action(world.manager, action_id=kept, description="Supervision"),
                new_action(world.manager, key="actions-1", action_id=dropped, delete=True),
            ),
        ),
        edit=Edit(editor=world.auditor, expected_version=2),
    )
    assert list(CaseAction.objects.values_list("pk", "description", "owner")) == [
        (kept, "Supervision", world.manager.pk)
    ]


def test_save_draft_of_a_submitted_audit_is_a_conflict(world):
    audit = start(world)
    Audit.objects.filter(pk=audit.pk).update(
        status="submitted", overall_grade="good", submitted_at=datetime.now(UTC), version=2
    )
    audit.refresh_from_db()
    with pytest.raises(DraftConflict) as caught:
        services.audit_save_draft(
            audit=audit,
            data=audit_input(audit, working_well="late"),
            edit=Edit(editor=world.auditor, expected_version=2),
        )
    assert "was submitted" in caught.value.message


# --- Submitting -----------------------------------------------------------------------------


def submit(world: World, audit: Audit, version: int = 1, **fields: object) -> Audit:
    values: dict = {
        "grades": ("good", "good", "outstanding"),
        "overall_grade": "good",
        "actions": (new_action(world.practitioner),),
        **fields,
    }
    return services.audit_submit(
        audit=audit,
        data=audit_input(audit, **values),
        edit=Edit(editor=world.auditor, expected_version=version),
    )


def test_submit_saves_everything_and_tells_the_practitioner_after_commit(
    world, django_capture_on_commit_callbacks
):
    audit = start(world)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(world, audit)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.SUBMITTED
    assert audit.submitted_at is not None
    assert (audit.overall_grade, audit.suggested_grade, audit.version) == ("good", "good", 2)
    assert submitted.pk == audit.pk
    assert CaseAction.objects.filter(audit=audit).count() == 1
    world.case_file.refresh_from_db()
    assert world.case_file.last_audited_on == TUESDAY
    assert {tuple(m.to) for m in mail.outbox} == {
        (world.practitioner.email,),
        (world.manager.email,),
    }
    for message in mail.outbox:
        assert world.case_file.case_reference not in message.subject + message.body
    assert not Escalation.objects.exists()


def test_submit_keeps_a_later_last_audited_date(world):
    CaseFile.objects.filter(pk=world.case_file.pk).update(last_audited_on=date(2027, 1, 5))
    submit(world, start(world))
    world.case_file.refresh_from_db()
    assert world.case_file.last_audited_on == date(2027, 1, 5)


def test_submitting_twice_is_one_submission_and_one_set_of_emails(
    world, django_capture_on_commit_callbacks
):
    audit = start(world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit(world, audit)
        again = submit(world, Audit.objects.get(pk=audit.pk), working_well="changed?")
    assert len(callbacks) == 1
    assert len(mail.outbox) == 2  # the practitioner and the team manager, once each
    assert again.working_well == ""
    assert Audit.objects.get(pk=audit.pk).version == 2


def test_submit_to_a_closed_week_saves_nothing(world):
    audit = start(world)
    PracticeWeek.objects.filter(pk=world.week.pk).update(status=PracticeWeek.Status.CLOSED)
    with pytest.raises(ValidationError, match="closed: the audit cannot be submitted"):
        submit(world, audit, working_well="Typed text")
    audit.refresh_from_db()
    assert (audit.status, audit.working_well, audit.version) == ("draft", "", 1)
    assert not CaseAction.objects.exists()


def test_submit_with_a_stale_version_is_refused(world):
    audit = start(world)
    services.audit_save_draft(
        audit=audit,
        data=audit_input(audit, working_well="Other session"),
        edit=Edit(editor=world.auditor, expected_version=1),
    )
    with pytest.raises(DraftConflict):
        submit(world, Audit.objects.get(pk=audit.pk), version=1)
    assert Audit.objects.get(pk=audit.pk).status == Audit.Status.DRAFT


def test_inadequate_submission_escalates_to_service_manager_and_head_of_service(
    world, django_capture_on_commit_callbacks
):
    audit = start(world)
    with django_capture_on_commit_callbacks(execute=True):
        submit(world, audit, grades=("inadequate", "good", "good"), overall_grade="inadequate")
    escalation = Escalation.objects.get(audit=audit)
    assert {r.person for r in escalation.recipients.all()} == {world.service_manager, world.head}
    recipients = {address for m in mail.outbox for address in m.to}
    assert {world.service_manager.email, world.head.email} <= recipients


# --- Changing a submitted audit ------------------------------------------------------------


def test_changing_a_submitted_audit_records_readable_history(world):
    audit = submit(world, start(world))
    action = CaseAction.objects.get()
    services.audit_update_submitted(
        audit=audit,
        data=audit_input(
            audit,
            grades=("good", "requires_improvement", "outstanding"),
            evidence=("", "Plan not SMART"),
            overall_grade="requires_improvement",
            working_well="Relationship with the child",
            actions=(
                new_action(world.practitioner, action_id=action.pk, due_on=date(2026, 12, 15)),
                new_action(world.manager, key="actions-1", description="Supervision"),
            ),
        ),
        edit=Edit(editor=world.auditor, expected_version=2),
    )
    changes = {c.field: (c.before, c.after) for c in AuditChange.objects.filter(audit=audit)}
    assert changes == {
        "Overall grade": ("Good", "Requires improvement"),
        "What is working well": ("", "Relationship with the child"),
        "Planning: grade": ("Good", "Requires improvement"),
        "Planning: evidence": ("", "Plan not SMART"),
        "Action 1: due date": ("8 December 2026", "15 December 2026"),
        "Action added": ("", "Supervision (Tom Manager, by 8 December 2026)"),
    }
    assert set(AuditChange.objects.values_list("changed_by", flat=True)) == {world.auditor.pk}
    assert Audit.objects.get(pk=audit.pk).version == 3


def test_removing_an_action_from_a_submitted_audit_is_recorded(world):
    audit = submit(world, start(world))
    action = CaseAction.objects.get()
    services.audit_update_submitted(
        audit=audit,
        data=audit_input(
            audit,
            grades=("good", "good", "outstanding"),
            overall_grade="good",
            actions=(new_action(world.practitioner, action_id=action.pk, delete=True),),
        ),
        edit=Edit(editor=world.auditor, expected_version=2),
    )
    change = AuditChange.objects.get()
    assert (change.field, change.after) == ("Action removed", "")
    assert change.before == "Update the chronology (Sam Worker, by 8 December 2026)"


def test_regrading_a_submitted_audit_inadequate_opens_the_escalation(world):
    audit = submit(world, start(world))
    services.audit_update_submitted(
        audit=audit,
        data=audit_input(audit, grades=("inadequate",), overall_grade="inadequate"),
        edit=Edit(editor=world.auditor, expected_version=2),
    )
    assert Escalation.objects.filter(audit=audit).exists()


def test_saving_a_submitted_audit_unchanged_records_nothing(world):
    audit = submit(world, start(world))
    action = CaseAction.objects.get()
    services.audit_update_submitted(
        audit=audit,
        data=audit_input(
            audit,
            grades=("good", "good", "outstanding"),
            overall_grade="good",
            actions=(new_action(world.practitioner, action_id=action.pk),),
        ),
        edit=Edit(editor=world.auditor, expected_version=2),
    )
    assert not AuditChange.objects.exists()
    assert Audit.objects.get(pk=audit.pk).version == 2


def test_changing_a_submitted_audit_from_a_stale_page_is_refused(world):
    audit = submit(world, start(world))
    with pytest.raises(DraftConflict):
        services.audit_update_submitted(
            audit=audit,
            data=audit_input(audit, overall_grade="outstanding"),
            edit=Edit(editor=world.auditor, expected_version=1),
        )
    assert not AuditChange.objects.exists()
