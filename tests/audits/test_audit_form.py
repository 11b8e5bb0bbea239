"""The auditor's pages: start an audit, the form, autosave, submit, change, My audits."""

import uuid
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from audits.models import (
    EVIDENCE_MAX_LENGTH,
    Audit,
    AuditChange,
    AuditTemplate,
    CaseAction,
    Escalation,
    SectionAnswer,
)
from practiceweek.models import PracticeWeek, Role
from tests.audits.test_audit_services import (
    SECTION_TITLES,
    TUESDAY,
    World,
    answers_of,
    build_world,
    start,
)
from tests.factories import (
    AuditTemplateFactory,
    CaseFileFactory,
    TeamFactory,
    ThemeFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db
TYPED = "Typed on a tablet in the team room"


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def draft(world) -> Audit:
    return start(world)


@pytest.fixture
def auditor_client(client, world) -> Client:
    client.force_login(world.auditor)
    return client


def edit_url(audit: Audit) -> str:
    return reverse("audits:edit", args=[audit.pk])


def autosave_url(audit: Audit) -> str:
    return reverse("audits:autosave", args=[audit.pk])


def form_data(
    audit: Audit,
    *,
    version: int | None = None,
    grades: tuple[str, ...] = (),
    evidence: tuple[str, ...] = (),
    actions: tuple[dict, ...] = (),
    **fields: object,
) -> dict[str, object]:
    """What the audit page posts: every field, as the browser sends it."""
    answers = answers_of(audit)
    data: dict[str, object] = {
        "version": version or audit.version,
        "overall_grade": "",
        "departure_reason": "",
        "working_well": "",
        "needs_to_improve": "",
        "answers-TOTAL_FORMS": len(answers),
        "answers-INITIAL_FORMS": len(answers),
        "actions-TOTAL_FORMS": len(actions),
        "actions-INITIAL_FORMS": sum(1 for a in actions if a.get("id")),
        **fields,
    }
    for n in range(len(answers)):
        data[f"answers-{n}-grade"] = grades[n] if n < len(grades) else ""
        data[f"answers-{n}-evidence"] = evidence[n] if n < len(evidence) else ""
    for n, action in enumerate(actions):
        for name, value in action.items():
            data[f"actions-{n}-{name}"] = value
    return data


def action(world: World, **kwargs: object) -> dict[str, object]:
    return {
        "id": "",
        "description": "Update the chronology",
        "owner": world.practitioner.pk,
        "due_on": "2026-12-08",
        **kwargs,
    }


def complete(world: World, audit: Audit, **overrides: object) -> dict[str, object]:
    """A submission that passes every check."""
    values: dict = {
        "grades": ("good", "good", "outstanding"),
        "evidence": ("Clear analysis", "SMART plan", "The child's words"),
        "overall_grade": "good",
        "working_well": TYPED,
        "actions": (action(world),),
        "is_collaborative": "on",
        **overrides,
    }
    return form_data(audit, **values)


def snapshot(audit: Audit) -> tuple:
    """Everything a refused save must leave as it was."""
    fresh = Audit.objects.get(pk=audit.pk)
    return (
        fresh.version,
        fresh.status,
        fresh.overall_grade,
        fresh.working_well,
        list(SectionAnswer.objects.filter(audit=audit).values_list("grade", "evidence")),
        list(CaseAction.objects.filter(audit=audit).values_list("description", "owner")),
    )


# --- Starting an audit ----------------------------------------------------------------------


def start_url(**query: object) -> str:
    return reverse("audits:start") + "".join(
        f"{'?' if n == 0 else '&'}{k}={v}" for n, (k, v) in enumerate(query.items())
    )


def test_start_from_a_picked_file_shows_it_then_makes_the_draft(auditor_client, world):
    url = start_url(item=world.item.pk)
    page = auditor_client.get(url)
    assert page.status_code == 200
    assert world.case_file.case_reference in page.content.decode()
    token = page.context["form"]["client_token"].value()
    response = auditor_client.post(url, {"client_token": token})
    audit = Audit.objects.get()
    assert response.status_code == 302
    assert response.url == edit_url(audit)
    assert (audit.audit_type, audit.visit, audit.week) == ("practice_week", world.visit, world.week)
    assert audit.answers.count() == len(SECTION_TITLES)


def test_start_posted_twice_with_one_token_makes_one_audit(auditor_client, world):
    url, token = start_url(item=world.item.pk), str(uuid.uuid4())
    first = auditor_client.post(url, {"client_token": token})
    second = auditor_client.post(url, {"client_token": token})
    assert first.url == second.url
    assert Audit.objects.count() == 1


def test_audit_this_file_again_goes_back_to_the_draft(auditor_client, world, draft):
    response = auditor_client.get(start_url(item=world.item.pk))
    assert response.status_code == 302
    assert response.url == edit_url(draft)


def test_start_in_a_closed_week_is_refused(auditor_client, world):
    PracticeWeek.objects.filter(pk=world.week.pk).update(status=PracticeWeek.Status.CLOSED)
    response = auditor_client.post(start_url(item=world.item.pk), {"client_token": uuid.uuid4()})
    assert response.status_code == 400
    assert "This practice week is closed: audits can no longer be added" in (
        response.content.decode()
    )
    assert not Audit.objects.exists()


def test_start_from_a_visit_offers_the_teams_open_files(auditor_client, world):
    CaseFileFactory(team=world.team, is_open=False, case_reference="CLOSED1")
    html = auditor_client.get(start_url(visit=world.visit.pk)).content.decode()
    assert world.case_file.case_reference in html
    assert "CLOSED1" not in html


def test_start_from_a_visit_refuses_a_file_of_another_team_beside_the_field(auditor_client, world):
    elsewhere = CaseFileFactory(team=TeamFactory(name="Brambles"))
    response = auditor_client.post(
        start_url(visit=world.visit.pk), {"client_token": uuid.uuid4(), "case_file": elsewhere.pk}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["case_file"] == [
        "This file belongs to Brambles, not to Assessment Team 1"
    ]
    assert not Audit.objects.exists()


@pytest.mark.parametrize("origin", ["item", "visit"])
def test_starting_from_someone_elses_visit_is_404(client, world, origin):
    client.force_login(UserFactory(role=Role.HEAD_OF_SERVICE))
    pk = world.item.pk if origin == "item" else world.visit.pk
    url = start_url(**{origin: pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"client_token": uuid.uuid4()}).status_code == 404
    assert not Audit.objects.exists()


def test_qa_admin_may_start_from_any_visit(client, world, qa_admin):
    client.force_login(qa_admin)
    assert client.get(start_url(visit=world.visit.pk)).status_code == 200


def test_observation_visit_cannot_start_an_audit(auditor_client, world):
    visit = VisitFactory(visitor=world.auditor, purpose="observe", date=date(2026, 11, 25))
    assert auditor_client.get(start_url(visit=visit.pk)).status_code == 403


def test_anonymous_start_is_sent_to_login(client, world):
    response = client.get(start_url(item=world.item.pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_free_standing_core_audit_by_case_reference(auditor_client, world):
    reference = world.case_file.case_reference.lower()  # typed in lower case
    response = auditor_client.post(
        reverse("audits:start"),
        {"client_token": uuid.uuid4(), "audit_type": "core", "case_reference": reference},
    )
    audit = Audit.objects.get()
    assert response.url == edit_url(audit)
    assert (audit.audit_type, audit.week, audit.case_file) == ("core", None, world.case_file)


def test_free_standing_thematic_audit_needs_a_theme_beside_the_field(auditor_client, world):
    ThemeFactory(name="Neglect")
    response = auditor_client.post(
        reverse("audits:start"),
        {
            "client_token": uuid.uuid4(),
            "audit_type": "thematic",
            "case_reference": world.case_file.case_reference,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["theme"] == ["Choose the theme of this thematic audit."]
    assert "Neglect" in response.content.decode()


def test_unknown_case_reference_is_refused_beside_the_field(auditor_client):
    response = auditor_client.post(
        reverse("audits:start"),
        {"client_token": uuid.uuid4(), "audit_type": "core", "case_reference": "NOPE"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["case_reference"] == [
        "No file you can audit has this reference."
    ]


def test_practitioner_cannot_start_an_audit(client, world):
    client.force_login(world.practitioner)
    assert client.get(reverse("audits:start")).status_code == 403


# --- The form page --------------------------------------------------------------------------


def test_form_shows_the_file_sections_guidance_and_grades(auditor_client, draft):
    response = auditor_client.get(edit_url(draft))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert f"Audit of case {draft.case_file.case_reference}" in html
    assert "Assessment Team 1" in html
    assert "Practice week" in html
    for title in SECTION_TITLES:
        assert f"How good is the {title.lower()}?" in html
        assert "<legend" in html and f"Grade for {title}" in html
        assert f"Evidence for {title}" in html
        assert html.count(f"{title}: exemplary work") == 2  # beside, and in a <details> on phones
    assert "<details" in html
    assert html.count('value="requires_improvement"') == len(SECTION_TITLES) + 1  # + overall
    assert f'data-maxlength="{EVIDENCE_MAX_LENGTH}"' in html
    assert "maxlength=" not in html.replace("data-maxlength=", "")  # a long paste is never cut
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert f'data-autosave-url="{autosave_url(draft)}"' in html
    assert ">Save draft</button>" in html and ">Submit audit</button>" in html
    assert "more than half of the graded sections" in html
    assert "Reason for departing from the suggested grade" in html
    assert "Add another action" in html
    assert 'id="action-template"' in html


def test_form_offers_the_team_and_its_managers_as_action_owners(auditor_client, world, draft):
    stranger = UserFactory(first_name="Not", last_name="Inteam")
    html = auditor_client.get(edit_url(draft)).content.decode()
    for person in (world.practitioner, world.manager, world.service_manager):
        assert f'<option value="{person.pk}">{person}' in html
    assert str(stranger) not in html


def test_minimum_standards_form_has_no_grades(auditor_client, world):
    AuditTemplate.objects.filter(is_graded=False).update(is_current=False)
    AuditTemplateFactory(name="Checklist", is_graded=False, sections=2)
    auditor_client.post(
        reverse("audits:start"),
        {
            "client_token": uuid.uuid4(),
            "audit_type": "minimum_standards",
            "case_reference": world.case_file.case_reference,
        },
    )
    audit = Audit.objects.get()
    html = auditor_client.get(edit_url(audit)).content.decode()
    assert 'name="answers-0-grade"' not in html
    assert 'name="overall_grade"' not in html
    assert "not graded" in html
    data = form_data(audit, evidence=("All visits recorded",), submit="1")
    response = auditor_client.post(edit_url(audit), data)
    assert response.status_code == 302
    assert Audit.objects.get().status == "submitted"


def _add_sections_and_actions(world: World, audit: Audit, sections: int, actions: int) -> None:
    from tests.factories import AuditSectionFactory, CaseActionFactory

    for order in range(10, 10 + sections):
        section = AuditSectionFactory(template=world.template, order=order)
        SectionAnswer.objects.create(audit=audit, section=section, evidence="x" * 50)
    for _ in range(actions):
        CaseActionFactory(audit=audit, owner=UserFactory(teams=[world.team]))


def test_form_page_runs_a_fixed_number_of_queries(
    auditor_client, world, draft, django_assert_max_num_queries
):
    _add_sections_and_actions(world, draft, sections=0, actions=1)
    with django_assert_max_num_queries(12) as small:
        auditor_client.get(edit_url(draft))
    _add_sections_and_actions(world, draft, sections=12, actions=8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = auditor_client.get(edit_url(draft))
    assert response.content.decode().count("data-action-form") == 9 + 1 + 1  # + blank, template


def test_another_auditor_or_the_practitioner_gets_404(client, world, draft):
    for person in (UserFactory(role=Role.DIRECTOR), world.practitioner):
        client.force_login(person)
        assert client.get(edit_url(draft)).status_code == 404
        assert client.post(edit_url(draft), form_data(draft, save="1")).status_code == 404
        assert client.post(autosave_url(draft), form_data(draft)).status_code == 404
    assert snapshot(draft)[0] == 1


def test_qa_admin_may_edit_a_draft(client, qa_admin, draft):
    client.force_login(qa_admin)
    assert client.get(edit_url(draft)).status_code == 200
    response = client.post(autosave_url(draft), form_data(draft, working_well="QA note"))
    assert response.status_code == 200
    assert Audit.objects.get(pk=draft.pk).working_well == "QA note"


# --- Autosave -------------------------------------------------------------------------------


def test_autosave_saves_and_bumps_the_version(auditor_client, world, draft):
    data = form_data(
        draft,
        grades=("good", "requires_improvement", "requires_improvement"),
        evidence=(TYPED,),
        actions=(action(world), action(world, owner="")),  # the second is not complete yet
    )
    response = auditor_client.post(autosave_url(draft), data)
    assert response.status_code == 200
    body = response.json()
    saved = CaseAction.objects.get()
    assert body["version"] == 2
    assert len(body["saved_at"]) == 5 and body["saved_at"][2] == ":"
    assert body["suggested_grade"] == "requires_improvement"
    assert body["suggested_grade_label"] == "Requires improvement"
    assert body["actions"] == {"actions-0": saved.pk}
    assert answers_of(draft)[0].evidence == TYPED
    assert Audit.objects.get(pk=draft.pk).version == 2


def test_autosave_with_a_stale_version_is_409_and_changes_nothing(auditor_client, draft):
    auditor_client.post(autosave_url(draft), form_data(draft, working_well="First"))
    before = snapshot(draft)
    response = auditor_client.post(autosave_url(draft), form_data(draft, version=1))
    assert response.status_code == 409
    assert response.json()["error"].startswith("Someone else saved this audit at ")
    assert "Your text is still here" in response.json()["error"]
    assert snapshot(draft) == before


def test_autosave_refuses_an_evidence_box_over_the_limit(auditor_client, draft):
    before = snapshot(draft)
    data = form_data(draft, evidence=("x" * (EVIDENCE_MAX_LENGTH + 1),), working_well=TYPED)
    response = auditor_client.post(autosave_url(draft), data)
    assert response.status_code == 400
    assert "Evidence for Assessment" in response.json()["error"]
    assert snapshot(draft) == before


def test_autosave_counts_a_line_break_as_one_character(auditor_client, draft):
    text = "a\r\n" * (EVIDENCE_MAX_LENGTH // 2)  # 4000 characters as the browser counts them
    response = auditor_client.post(autosave_url(draft), form_data(draft, evidence=(text,)))
    assert response.status_code == 200
    assert len(answers_of(draft)[0].evidence) == EVIDENCE_MAX_LENGTH - 1  # trailing space gone


def test_autosave_is_post_only(auditor_client, draft):
    assert auditor_client.get(autosave_url(draft)).status_code == 405


def test_autosave_runs_a_fixed_number_of_queries(
    auditor_client, world, draft, django_assert_max_num_queries
):
    _add_sections_and_actions(world, draft, sections=0, actions=1)
    with django_assert_max_num_queries(20) as small:
        response = auditor_client.post(
            autosave_url(draft),
            _autosave_everything(world, draft, version=1),
        )
    assert response.status_code == 200
    _add_sections_and_actions(world, draft, sections=12, actions=8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = auditor_client.post(autosave_url(draft), _autosave_everything(world, draft, 2))
    assert response.status_code == 200
    assert response.json()["version"] == 3


def _autosave_everything(world: World, audit: Audit, version: int) -> dict[str, object]:
    """Change every answer and action, and add one: the most an autosave ever writes."""
    existing = list(audit.actions.order_by("pk"))
    actions = [
        action(world, id=a.pk, description=f"Changed {version}", owner=a.owner_id) for a in existing
    ]
    n = len(answers_of(audit))
    return form_data(
        audit,
        version=version,
        grades=("good",) * n,
        evidence=(f"Evidence v{version}",) * n,
        actions=(*actions, action(world)),
        working_well=f"v{version}",
    )


# --- Two people, one draft ------------------------------------------------------------------


def test_second_session_saving_an_old_version_is_refused_and_keeps_its_text(world, draft):
    first, second = Client(), Client()
    first.force_login(world.auditor)
    second.force_login(world.auditor)
    assert first.get(edit_url(draft)).status_code == 200
    assert second.get(edit_url(draft)).status_code == 200
    first.post(autosave_url(draft), form_data(draft, working_well="Written in session one"))

    text = "Written in session two, must not be lost"
    response = second.post(
        edit_url(draft), form_data(draft, version=1, working_well=text, save="1")
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this audit at" in html
    assert response.context["forms"].audit_form["working_well"].value() == text
    assert f"{text}</textarea>" in html
    assert Audit.objects.get(pk=draft.pk).working_well == "Written in session one"
    stale = second.post(autosave_url(draft), form_data(draft, version=1, working_well=text))
    assert stale.status_code == 409


def test_save_draft_button_saves_and_comes_back_to_the_form(auditor_client, draft):
    response = auditor_client.post(edit_url(draft), form_data(draft, working_well=TYPED, save="1"))
    assert response.status_code == 302
    assert response.url == edit_url(draft)
    page = auditor_client.get(response.url).content.decode()
    assert "Draft saved at" in page
    assert TYPED in page


# --- Submitting -----------------------------------------------------------------------------


def test_submit_saves_everything_and_emails_a_link_without_case_details(
    auditor_client, world, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = auditor_client.post(edit_url(draft), complete(world, draft, submit="1"))
    assert response.status_code == 302
    assert response.url == reverse("audits:submitted", args=[draft.pk])
    audit = Audit.objects.get(pk=draft.pk)
    assert (audit.status, audit.overall_grade, audit.suggested_grade) == (
        "submitted",
        "good",
        "good",
    )
    assert audit.is_collaborative and audit.working_well == TYPED
    assert [a.grade for a in answers_of(audit)] == ["good", "good", "outstanding"]
    assert list(audit.actions.values_list("owner", "due_on")) == [
        (world.practitioner.pk, date(2026, 12, 8))
    ]
    world.case_file.refresh_from_db()
    assert world.case_file.last_audited_on == TUESDAY
    assert {m.to[0] for m in mail.outbox} == {world.practitioner.email, world.manager.email}
    for message in mail.outbox:
        assert world.case_file.case_reference not in message.subject
        assert world.case_file.case_reference not in message.body
        assert reverse("audits:detail", args=[draft.pk]) in message.body


def test_double_submit_is_one_submission_and_one_set_of_emails(
    auditor_client, world, draft, django_capture_on_commit_callbacks
):
    data = complete(world, draft, submit="1")
    with django_capture_on_commit_callbacks(execute=True):
        first = auditor_client.post(edit_url(draft), data)
        second = auditor_client.post(edit_url(draft), data)
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert len(mail.outbox) == 2
    assert CaseAction.objects.count() == 1
    assert Audit.objects.get(pk=draft.pk).version == 2


BAD_SUBMISSIONS = {
    "missing overall grade": (
        {"overall_grade": ""},
        "Choose the overall grade.",
        lambda f: f.audit_form.errors["overall_grade"],
    ),
    "evidence over the limit": (
        {"evidence": ("x" * (EVIDENCE_MAX_LENGTH + 1),)},
        f"Ensure this value has at most {EVIDENCE_MAX_LENGTH} characters",
        lambda f: f.sections.forms[0].errors["evidence"],
    ),
    "grade outside the scale": (
        {"grades": ("brilliant", "good", "good")},
        "Select a valid choice. brilliant is not one of the available choices.",
        lambda f: f.sections.forms[0].errors["grade"],
    ),
    "overall grade outside the scale": (
        {"overall_grade": "superb"},
        "Select a valid choice.",
        lambda f: f.audit_form.errors["overall_grade"],
    ),
    "action without owner": (
        {"owner": ""},
        "Give this action an owner.",
        lambda f: f.actions.forms[0].errors["owner"],
    ),
    "action without date": (
        {"due_on": ""},
        "Give this action a due date.",
        lambda f: f.actions.forms[0].errors["due_on"],
    ),
    "action owner outside the team": (
        {"owner": "stranger"},
        "Select a valid choice.",
        lambda f: f.actions.forms[0].errors["owner"],
    ),
    "departing from the suggestion without a reason": (
        {"overall_grade": "outstanding"},
        "Say why the overall grade differs from the suggested grade (Good).",
        lambda f: f.audit_form.errors["departure_reason"],
    ),
}


INCOMPLETE_SUBMISSIONS = {
    "missing overall grade",
    "action without owner",
    "action without date",
    "departing from the suggestion without a reason",
}


@pytest.mark.parametrize("case", BAD_SUBMISSIONS, ids=list(BAD_SUBMISSIONS))
def test_bad_submission_is_400_beside_the_field_keeping_the_text(
    auditor_client, world, draft, case
):
    changes, message, field_errors = BAD_SUBMISSIONS[case]
    overrides: dict = {k: v for k, v in changes.items() if k not in ("owner", "due_on")}
    if "owner" in changes or "due_on" in changes:
        value = changes.get("owner", world.practitioner.pk)
        if value == "stranger":
            value = UserFactory().pk
        overrides["actions"] = (
            action(world, owner=value, due_on=changes.get("due_on", "2026-12-08")),
        )
    before = snapshot(draft)
    response = auditor_client.post(edit_url(draft), complete(world, draft, submit="1", **overrides))
    assert response.status_code == 400
    assert any(message in str(e) for e in field_errors(response.context["forms"]))
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    assert TYPED in html
    if case in INCOMPLETE_SUBMISSIONS:
        # A valid draft that is not ready to submit: the draft is kept, not submitted.
        assert "Your draft is saved. Before you can submit:" in html
        fresh = Audit.objects.get(pk=draft.pk)
        assert (fresh.status, fresh.working_well, fresh.version) == ("draft", TYPED, 2)
    else:
        assert "There is a problem: nothing was saved" in html
        assert snapshot(draft) == before


def test_submission_to_a_closed_week_is_400_and_keeps_only_the_draft(auditor_client, world, draft):
    PracticeWeek.objects.filter(pk=world.week.pk).update(status=PracticeWeek.Status.CLOSED)
    response = auditor_client.post(edit_url(draft), complete(world, draft, submit="1"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "This practice week is closed: the audit cannot be submitted" in html
    assert "Your draft is saved. Before you can submit:" in html
    assert TYPED in html
    fresh = Audit.objects.get(pk=draft.pk)
    assert (fresh.status, fresh.submitted_at, fresh.working_well) == ("draft", None, TYPED)


def test_inadequate_submission_escalates_to_service_manager_and_head_of_service(
    auditor_client, world, draft, django_capture_on_commit_callbacks
):
    data = complete(
        world, draft, grades=("inadequate", "good", "good"), overall_grade="inadequate", submit="1"
    )
    with django_capture_on_commit_callbacks(execute=True):
        auditor_client.post(edit_url(draft), data)
    escalation = Escalation.objects.get(audit=draft)
    assert {r.person for r in escalation.recipients.all()} == {world.service_manager, world.head}
    assert {world.service_manager.email, world.head.email} <= {m.to[0] for m in mail.outbox}


# --- Changing a submitted audit --------------------------------------------------------------


@pytest.fixture
def submitted(auditor_client, world, draft) -> Audit:
    auditor_client.post(edit_url(draft), complete(world, draft, submit="1"))
    return Audit.objects.get(pk=draft.pk)


def test_submitted_audit_opens_for_changes_without_autosave(auditor_client, submitted):
    html = auditor_client.get(edit_url(submitted)).content.decode()
    assert "Change the audit of case" in html
    assert ">Save changes</button>" in html
    assert "Submit audit" not in html
    assert "data-autosave-url" not in html


def test_changing_a_submitted_audit_records_who_what_before_and_after(
    auditor_client, world, submitted
):
    existing = submitted.actions.get()
    data = complete(
        world,
        submitted,
        grades=("good", "requires_improvement", "outstanding"),
        overall_grade="requires_improvement",
        departure_reason="Planning drags the file down",
        actions=(action(world, id=existing.pk, due_on="2026-12-15"),),
        save="1",
    )
    response = auditor_client.post(edit_url(submitted), data)
    assert response.status_code == 302
    assert response.url == reverse("audits:detail", args=[submitted.pk])
    changes = {c.field: (c.before, c.after) for c in AuditChange.objects.all()}
    assert changes == {
        "Overall grade": ("Good", "Requires improvement"),
        "Reason for departing from the suggested grade": ("", "Planning drags the file down"),
        "Planning: grade": ("Good", "Requires improvement"),
        "Action 1: due date": ("8 December 2026", "15 December 2026"),
    }
    assert {c.changed_by for c in AuditChange.objects.all()} == {world.auditor}


def test_changes_to_a_submitted_audit_are_checked_in_full(auditor_client, world, submitted):
    before = snapshot(submitted)
    response = auditor_client.post(
        edit_url(submitted), complete(world, submitted, overall_grade="", save="1")
    )
    assert response.status_code == 400
    assert snapshot(submitted) == before
    assert not AuditChange.objects.exists()


def test_autosave_is_off_for_a_submitted_audit(auditor_client, world, submitted):
    data = complete(world, submitted, working_well="Changed quietly?")
    response = auditor_client.post(autosave_url(submitted), data)
    assert response.status_code == 409
    assert Audit.objects.get(pk=submitted.pk).working_well == TYPED


def test_qa_admin_may_change_a_submitted_audit(client, qa_admin, world, submitted):
    client.force_login(qa_admin)
    existing = submitted.actions.get()
    data = complete(
        world,
        submitted,
        working_well="Corrected by QA",
        actions=(action(world, id=existing.pk),),
        save="1",
    )
    assert client.post(edit_url(submitted), data).status_code == 302
    change = AuditChange.objects.get()
    assert (change.field, change.after, change.changed_by) == (
        "What is working well",
        "Corrected by QA",
        qa_admin,
    )


# --- My audits and the links to audit a picked file -----------------------------------------


def test_my_audits_lists_drafts_to_continue_and_submitted_audits(auditor_client, world):
    draft = start(world)
    other = CaseFileFactory(team=world.team)
    done = start(World(**{**world.__dict__, "case_file": other}))
    auditor_client.post(edit_url(done), complete(world, done, submit="1"))
    html = auditor_client.get(reverse("audits:mine")).content.decode()
    assert f'href="{edit_url(draft)}">Continue' in html
    assert reverse("audits:detail", args=[done.pk]) in html
    assert html.index(draft.case_file.case_reference) < html.index(other.case_reference)


def test_my_audits_has_clear_empty_states(auditor_client):
    html = auditor_client.get(reverse("audits:mine")).content.decode()
    assert "You have no drafts" in html
    assert "You have not submitted an audit yet" in html


def test_my_audits_shows_only_my_own(client, world, draft):
    client.force_login(UserFactory(role=Role.DIRECTOR))
    assert draft.case_file.case_reference not in client.get(reverse("audits:mine")).content.decode()


def test_my_audits_runs_a_fixed_number_of_queries(
    auditor_client, world, django_assert_max_num_queries
):
    start(world)
    with django_assert_max_num_queries(8) as small:
        auditor_client.get(reverse("audits:mine"))
    ceiling = len(small.captured_queries)  # read now: each request resets the query log
    for _ in range(6):
        extra = CaseFileFactory(team=world.team)
        audit = start(World(**{**world.__dict__, "case_file": extra}))
        auditor_client.post(edit_url(audit), complete(world, audit, submit="1"))
    with django_assert_max_num_queries(ceiling):
        response = auditor_client.get(reverse("audits:mine"))
    assert response.content.decode().count("data-audit-id") == 7


def test_selection_page_links_each_picked_file_to_its_audit(
    auditor_client, world, django_assert_max_num_queries
):
    url = reverse("practiceweek:selection_detail", args=[world.item.selection.pk])
    with django_assert_max_num_queries(10) as small:
        html = auditor_client.get(url).content.decode()
    assert f"{reverse('audits:start')}?item={world.item.pk}" in html
    assert "Audit this file" in html
    start(world)
    for position in range(2, 8):
        extra = CaseFileFactory(team=world.team)
        world.item.selection.items.create(case_file=extra, position=position)
        start(World(**{**world.__dict__, "case_file": extra}))
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = auditor_client.get(url).content.decode()
    assert html.count("Draft started: the button takes you back to it.") == 7


def test_auditors_day_links_each_picked_file_to_its_audit(
    auditor_client, world, django_assert_max_num_queries
):
    url = reverse("practiceweek:auditor_day", args=[world.week.slug, TUESDAY.isoformat()])
    with django_assert_max_num_queries(12) as small:
        html = auditor_client.get(url).content.decode()
    assert f"{reverse('audits:start')}?item={world.item.pk}" in html
    start(world)
    for position in range(2, 8):
        extra = CaseFileFactory(team=world.team)
        world.item.selection.items.create(case_file=extra, position=position)
        start(World(**{**world.__dict__, "case_file": extra}))
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = auditor_client.get(url).content.decode()
    assert html.count("Draft started") == 7
