"""Case examples: flagging an observation or audit, the anonymity check, a QA lead's decision,
who may read them, the list page and the audit page's link."""

import logging
from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from observations.case_examples import (
    CaseExampleInput,
    approved_case_examples,
    case_example_decide,
    case_example_flag,
    case_example_source,
    case_examples_visible_to,
)
from observations.models import CaseExample, Observation
from practiceweek.models import PracticeWeek, Role, Team, User
from tests.factories import (
    AuditFactory,
    CaseActionFactory,
    CaseExampleFactory,
    CaseFileFactory,
    ObservationFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WRITE_UP = "The worker used a life-story book to help a young person make sense of moves."


@pytest.fixture
def week() -> PracticeWeek:
    return PracticeWeekFactory(title="Autumn 2026", slug="autumn-2026")


@pytest.fixture
def team() -> Team:
    return TeamFactory(
        name="Brambles",
        service=ServiceFactory(name="Social Work"),
        manager=UserFactory(role=Role.TEAM_MANAGER),
        service_manager=UserFactory(role=Role.SERVICE_MANAGER),
    )


@pytest.fixture
def worker(team) -> User:
    return UserFactory(first_name="Sam", last_name="Smith", teams=[team])


@pytest.fixture
def observation(week, team, worker) -> Observation:
    return ObservationFactory(
        week=week,
        team=team,
        practitioners=[worker],
        submitted=True,
        case_file=CaseFileFactory(team=team, case_reference="CR-2041"),
        observer=UserFactory(role=Role.HEAD_OF_SERVICE, first_name="Olu", last_name="Adeyemi"),
    )


def new_url(**source: int) -> str:
    key, pk = next(iter(source.items()))
    return f"{reverse('observations:case_example_new')}?{key}={pk}"


def post_data(**overrides: object) -> dict[str, object]:
    return {
        "kind": "innovative",
        "title": "A life-story book",
        "write_up": WRITE_UP,
        "anonymised_confirmed": "on",
    } | overrides


def as_user(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def field_errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


# --- Flagging -------------------------------------------------------------------------------


def test_observer_flags_a_submitted_observation(client, observation):
    response = as_user(client, observation.observer).post(
        new_url(observation=observation.pk), post_data()
    )

    example = CaseExample.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("observations:case_example", args=[example.pk])
    assert (example.observation, example.audit) == (observation, None)
    assert (example.team, example.week) == (observation.team, observation.week)
    assert example.status == CaseExample.Status.PENDING
    assert example.kind == "innovative"
    assert example.write_up == WRITE_UP
    assert example.flagged_by == observation.observer


def test_flag_form_shows_what_it_comes_from(client, observation):
    response = as_user(client, observation.observer).get(new_url(observation=observation.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert "From the observation of home visit on 23 November 2026, Brambles." in html
    assert "Flag as a case example</button>" in html


def test_auditor_flags_a_submitted_audit(client, team, worker):
    audit = AuditFactory(submitted=True, case_file__team=team, case_file__allocated_worker=worker)

    response = as_user(client, audit.auditor).post(new_url(audit=audit.pk), post_data())

    example = CaseExample.objects.get()
    assert response.status_code == 302
    assert (example.audit, example.observation, example.team) == (audit, None, team)
    assert example.week == audit.week


def test_qa_admin_flags_someone_elses_observation(client, observation, qa_admin):
    response = as_user(client, qa_admin).post(new_url(observation=observation.pk), post_data())

    assert response.status_code == 302
    assert CaseExample.objects.get().flagged_by == qa_admin


@pytest.mark.parametrize("who", ["worker", "manager"])
def test_people_who_read_the_observation_but_did_not_make_it_may_not_flag_it(
    client, observation, worker, team, who
):
    person = {"worker": worker, "manager": team.manager}[who]

    get = as_user(client, person).get(new_url(observation=observation.pk))
    post = client.post(new_url(observation=observation.pk), post_data())

    assert (get.status_code, post.status_code) == (403, 403)
    assert not CaseExample.objects.exists()


def test_someone_who_cannot_read_the_observation_gets_404(client, observation):
    other_observer = UserFactory(role=Role.HEAD_OF_SERVICE)

    response = as_user(client, other_observer).post(
        new_url(observation=observation.pk), post_data()
    )

    assert response.status_code == 404
    assert not CaseExample.objects.exists()


def test_a_draft_is_not_flagged(client, week, team, worker):
    draft = ObservationFactory(week=week, team=team, practitioners=[worker])

    response = as_user(client, draft.observer).get(new_url(observation=draft.pk))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "query", ["", "?observation=abc", "?observation=1&audit=1", "?observation=999999"]
)
def test_flag_page_needs_one_existing_source(client, qa_admin, query):
    response = as_user(client, qa_admin).get(reverse("observations:case_example_new") + query)

    assert response.status_code == 404


def test_anonymous_people_are_sent_to_log_in(client, observation):
    response = client.get(new_url(observation=observation.pk))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- The anonymity check, on the page ---------------------------------------------------------


def test_without_the_tick_nothing_is_saved_and_the_text_is_kept(client, observation):
    response = as_user(client, observation.observer).post(
        new_url(observation=observation.pk), post_data(anonymised_confirmed="")
    )

    assert response.status_code == 400
    assert field_errors(response, "anonymised_confirmed") == [
        "Confirm that the write-up is anonymised."
    ]
    assert WRITE_UP in response.content.decode()
    assert not CaseExample.objects.exists()


def test_without_the_tick_the_suspicious_items_are_listed_beside_it(client, observation):
    write_up = "Seen at home (NE1 4XY) on 12/03/2026; mum's number is 07700 900123."

    response = as_user(client, observation.observer).post(
        new_url(observation=observation.pk), post_data(write_up=write_up, anonymised_confirmed="")
    )

    assert response.status_code == 400
    assert field_errors(response, "anonymised_confirmed") == [
        "Confirm that the write-up is anonymised. Check these, which may identify someone: "
        "a postcode “NE1 4XY” and a date “12/03/2026”."
    ]
    # Issue 9: a phone number is exact now, refused beside the write-up whatever the tick says.
    assert field_errors(response, "write_up")[0].startswith(
        "Take out a phone number “07700 900123”:"
    )
    assert not CaseExample.objects.exists()


def test_with_the_tick_suspicious_items_the_author_checked_are_saved(client, observation):
    response = as_user(client, observation.observer).post(
        new_url(observation=observation.pk), post_data(write_up=f"{WRITE_UP} On 12 March.")
    )

    assert response.status_code == 302
    assert CaseExample.objects.get().write_up.endswith("On 12 March.")


@pytest.mark.parametrize(
    ("field", "text", "found"),
    [
        ("write_up", "Sam was calm and clear with the family.", "the name “Sam”"),
        ("write_up", "Olu Adeyemi saw it all.", "the name “Olu Adeyemi”"),
        ("write_up", "The chronology of cr-2041 was exemplary.", "the case reference “cr-2041”"),
        ("title", "Smith's life-story book", "the name “Smith”"),
    ],
)
def test_names_and_the_case_reference_are_refused_even_with_the_tick(
    client, observation, field, text, found
):
    response = as_user(client, observation.observer).post(
        new_url(observation=observation.pk), post_data(**{field: text})
    )

    assert response.status_code == 400
    assert field_errors(response, field) == [
        f"Take out {found}: the names of the people involved and the case reference identify "
        "the family, even when the rest is anonymised."
    ]
    assert "anonymised_confirmed" not in response.context["form"].errors
    assert text.replace("'", "&#x27;") in response.content.decode()
    assert not CaseExample.objects.exists()


def test_the_audit_practitioner_and_auditor_names_are_refused(team, worker):
    audit = AuditFactory(
        submitted=True,
        case_file__team=team,
        case_file__allocated_worker=worker,
        auditor=UserFactory(role=Role.HEAD_OF_SERVICE, first_name="Ada", last_name="Okafor"),
    )
    source = case_example_source(audit.auditor, audit_id=audit.pk)
    data = CaseExampleInput("good", "Direct work", "Ada and Sam Smith met.", True)

    with pytest.raises(ValidationError) as refused:
        case_example_flag(source=source, user=audit.auditor, data=data)

    assert "the name “Ada” and the name “Sam Smith”" in refused.value.message_dict["write_up"][0]


def test_refused_text_never_reaches_the_logs(client, observation, caplog):
    caplog.set_level(logging.DEBUG)

    as_user(client, observation.observer).post(
        new_url(observation=observation.pk),
        post_data(write_up="Sam Smith at NE1 4XY, case CR-2041.", anonymised_confirmed=""),
    )

    assert caplog.records  # the 400 is logged: its path only
    for needle in ("Sam Smith", "NE1 4XY", "CR-2041"):
        assert needle not in caplog.text


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"write_up": "x" * 8001}, "write_up", "Ensure this value has at most 8000 characters"),
        ({"kind": "brilliant"}, "kind", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_beside_its_field(client, observation, overrides, field, message):
    response = as_user(client, observation.observer).post(
        new_url(observation=observation.pk), post_data(**overrides)
    )

    assert response.status_code == 400
    assert field_errors(response, field)[0].startswith(message)
    assert not CaseExample.objects.exists()


# --- One per observation or audit -------------------------------------------------------------


def test_flagging_again_changes_the_one_waiting(client, observation):
    example = CaseExampleFactory(observation=observation, title="First title")
    as_user(client, observation.observer)

    form = client.get(new_url(observation=observation.pk))
    response = client.post(new_url(observation=observation.pk), post_data(title="Better title"))

    assert 'value="First title"' in form.content.decode()
    assert "Save the changes</button>" in form.content.decode()
    assert response.status_code == 302
    example.refresh_from_db()
    assert CaseExample.objects.count() == 1
    assert example.title == "Better title"


def test_changing_a_declined_one_sends_it_back_for_approval(client, observation, qa_admin):
    example = CaseExampleFactory(observation=observation)
    case_example_decide(case_example=example, user=qa_admin, approve=False, reason="Too vague.")

    as_user(client, observation.observer).post(new_url(observation=observation.pk), post_data())

    example.refresh_from_db()
    assert example.status == CaseExample.Status.PENDING
    assert (example.decided_by, example.decided_at, example.decision_note) == (None, None, "")


def test_an_approved_one_is_not_changed(client, observation, qa_admin):
    example = CaseExampleFactory(observation=observation, title="Approved title")
    case_example_decide(case_example=example, user=qa_admin, approve=True)

    response = as_user(client, observation.observer).post(
        new_url(observation=observation.pk), post_data(title="Sneaky change")
    )

    assert response.status_code == 302
    assert response.url == example.get_absolute_url()
    example.refresh_from_db()
    assert example.title == "Approved title"


def test_service_refuses_to_change_an_approved_one(observation, qa_admin):
    example = CaseExampleFactory(observation=observation)
    case_example_decide(case_example=example, user=qa_admin, approve=True)
    source = case_example_source(qa_admin, observation_id=observation.pk)

    with pytest.raises(ValidationError, match="already approved"):
        case_example_flag(
            source=source, user=qa_admin, data=CaseExampleInput("good", "T", WRITE_UP, True)
        )


def test_service_refuses_someone_who_may_not_flag(observation, worker):
    source = case_example_source(worker, observation_id=observation.pk)

    with pytest.raises(PermissionDenied):
        case_example_flag(
            source=source, user=worker, data=CaseExampleInput("good", "T", WRITE_UP, True)
        )


# --- The QA lead's decision -------------------------------------------------------------------


def decide_url(example: CaseExample) -> str:
    return reverse("observations:case_example_decide", args=[example.pk])


def test_qa_admin_approves_recording_who_and_when(client, observation, qa_admin, time_machine):
    time_machine.move_to(NOON, tick=False)
    example = CaseExampleFactory(observation=observation)

    response = as_user(client, qa_admin).post(decide_url(example), {"decision": "approve"})

    example.refresh_from_db()
    assert response.status_code == 302
    assert example.status == CaseExample.Status.APPROVED
    assert (example.decided_by, example.decided_at) == (qa_admin, NOON)


def test_declining_needs_a_reason(client, observation, qa_admin):
    example = CaseExampleFactory(observation=observation)

    response = as_user(client, qa_admin).post(
        decide_url(example), {"decision": "decline", "reason": "  "}
    )

    example.refresh_from_db()
    assert response.status_code == 400
    assert field_errors(response, "reason") == [
        "Say why it is not approved: its author reads this."
    ]
    assert example.status == CaseExample.Status.PENDING


def test_declining_with_a_reason_shows_it_to_the_author(client, observation, qa_admin):
    example = CaseExampleFactory(observation=observation)
    as_user(client, qa_admin).post(
        decide_url(example), {"decision": "decline", "reason": "Say what changed for the child."}
    )

    page = as_user(client, observation.observer).get(example.get_absolute_url())

    example.refresh_from_db()
    assert example.status == CaseExample.Status.DECLINED
    assert example.decided_by == qa_admin
    assert "Say what changed for the child." in page.content.decode()


def test_only_a_qa_admin_decides(client, observation):
    example = CaseExampleFactory(observation=observation)

    response = as_user(client, observation.observer).post(
        decide_url(example), {"decision": "approve"}
    )

    example.refresh_from_db()
    assert response.status_code == 403
    assert example.status == CaseExample.Status.PENDING


def test_deciding_twice_is_refused(client, observation, qa_admin):
    example = CaseExampleFactory(observation=observation)
    case_example_decide(case_example=example, user=qa_admin, approve=True)

    response = as_user(client, qa_admin).post(
        decide_url(example), {"decision": "decline", "reason": "Changed my mind."}
    )

    example.refresh_from_db()
    assert response.status_code == 400
    assert "decided meanwhile" in response.content.decode()
    assert example.status == CaseExample.Status.APPROVED


def test_decide_is_post_only(client, observation, qa_admin):
    example = CaseExampleFactory(observation=observation)

    assert as_user(client, qa_admin).get(decide_url(example)).status_code == 405


def test_qa_admin_sees_the_decision_form_only_while_it_waits(client, observation, qa_admin):
    example = CaseExampleFactory(observation=observation)
    as_user(client, qa_admin)

    waiting = client.get(example.get_absolute_url()).content.decode()
    case_example_decide(case_example=example, user=qa_admin, approve=True)
    approved = client.get(example.get_absolute_url()).content.decode()

    assert f'action="{decide_url(example)}"' in waiting
    assert f'action="{decide_url(example)}"' not in approved
    assert f"Approved by {qa_admin}" in approved


# --- Who may read a case example --------------------------------------------------------------


def reader(who: str, observation: Observation, team: Team, worker: User) -> User:
    other_team = TeamFactory(service=team.service)
    return {
        "observer": observation.observer,
        "qa_admin": UserFactory(role=Role.QA_ADMIN),
        "practitioner": worker,
        "team_manager": team.manager,
        "service_manager": team.service_manager,
        "teammate": UserFactory(teams=[team]),
        "colleague_in_another_team": UserFactory(teams=[other_team]),
        "other_team_manager": UserFactory(role=Role.TEAM_MANAGER),
        "head_of_service": UserFactory(role=Role.HEAD_OF_SERVICE),
    }[who]


INVOLVED = ["observer", "qa_admin", "practitioner", "team_manager", "service_manager"]
UNINVOLVED = ["teammate", "colleague_in_another_team", "other_team_manager", "head_of_service"]


@pytest.mark.parametrize("who", INVOLVED + UNINVOLVED)
def test_a_waiting_case_example_is_read_only_by_the_people_involved(
    client, observation, team, worker, who
):
    example = CaseExampleFactory(observation=observation)

    response = as_user(client, reader(who, observation, team, worker)).get(
        example.get_absolute_url()
    )

    assert response.status_code == (200 if who in INVOLVED else 404)


@pytest.mark.parametrize("who", INVOLVED + UNINVOLVED)
def test_an_approved_case_example_is_read_by_every_member_of_staff(
    client, observation, team, worker, who, qa_admin
):
    example = CaseExampleFactory(observation=observation)
    case_example_decide(case_example=example, user=qa_admin, approve=True)

    response = as_user(client, reader(who, observation, team, worker)).get(
        example.get_absolute_url()
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert WRITE_UP in html
    # Only the people involved see who flagged it and the observation it comes from.
    observation_link = reverse("observations:detail", args=[observation.pk])
    assert (observation_link in html) == (who in INVOLVED)


def test_a_declined_case_example_stays_with_the_people_involved(client, observation, qa_admin):
    example = CaseExampleFactory(observation=observation)
    case_example_decide(case_example=example, user=qa_admin, approve=False, reason="No.")

    assert set(case_examples_visible_to(UserFactory())) == set()
    assert set(case_examples_visible_to(observation.observer)) == {example}


def test_practitioners_observed_together_both_see_it(observation, team):
    colleague = UserFactory(teams=[team])
    shared = ObservationFactory(
        week=observation.week,
        team=team,
        submitted=True,
        practitioners=[colleague, UserFactory()],
    )
    example = CaseExampleFactory(observation=shared)
    CaseExampleFactory(observation=observation)  # of someone else: not theirs

    assert set(case_examples_visible_to(colleague)) == {example}


def test_the_audit_practitioner_sees_a_waiting_case_example_of_their_audit(team, worker):
    audit = AuditFactory(submitted=True, case_file__team=team, case_file__allocated_worker=worker)
    example = CaseExampleFactory(observation=None, audit=audit)

    assert set(case_examples_visible_to(worker)) == {example}
    assert set(case_examples_visible_to(UserFactory())) == set()


def test_scrutiny_panel_members_see_none(client, observation, qa_admin):
    example = CaseExampleFactory(observation=observation)
    case_example_decide(case_example=example, user=qa_admin, approve=True)
    councillor = UserFactory(role=Role.SCRUTINY_MEMBER)

    response = as_user(client, councillor).get(example.get_absolute_url())

    assert response.status_code == 403
    assert not case_examples_visible_to(councillor).exists()


# --- The list page ----------------------------------------------------------------------------


def test_list_shows_approved_by_week_and_service_and_waiting_to_the_qa_admin(
    client, observation, qa_admin, week
):
    approved = CaseExampleFactory(observation=observation, title="Life-story book")
    case_example_decide(case_example=approved, user=qa_admin, approve=True)
    early_help = TeamFactory(name="Family Support", service=ServiceFactory(name="Early Help"))
    waiting = CaseExampleFactory(
        observation=ObservationFactory(week=week, team=early_help, submitted=True),
        title="Genogram with a family",
    )

    html = as_user(client, qa_admin).get(reverse("observations:case_examples")).content.decode()

    assert "Waiting for your approval" in html
    waiting_part, approved_part = html.split("Approved case examples")
    assert waiting.title in waiting_part and approved.title not in waiting_part
    assert approved.title in approved_part and waiting.title not in approved_part
    assert "Autumn 2026" in approved_part and "Social Work" in approved_part


def test_list_for_a_colleague_shows_only_approved_ones(client, observation, qa_admin):
    example = CaseExampleFactory(observation=observation, title="Waiting one")

    html = as_user(client, UserFactory()).get(reverse("observations:case_examples"))
    html = html.content.decode()

    assert "Waiting one" not in html
    assert "Waiting for" not in html
    assert "No case examples have been approved yet." in html
    case_example_decide(case_example=example, user=qa_admin, approve=True)
    assert "Waiting one" in client.get(reverse("observations:case_examples")).content.decode()


def test_list_empty_states_for_a_qa_admin(client, qa_admin):
    html = as_user(client, qa_admin).get(reverse("observations:case_examples")).content.decode()

    assert "Nothing is waiting for your approval." in html
    assert "No case examples have been approved yet." in html


def add_examples(week: PracticeWeek, count: int, qa_admin: User) -> None:
    for n in range(count):
        team = TeamFactory()
        example = CaseExampleFactory(
            observation=ObservationFactory(week=week, team=team, submitted=True),
            title=f"Example {n}",
        )
        if n % 2:
            case_example_decide(case_example=example, user=qa_admin, approve=True)


def test_list_query_count_does_not_grow(client, week, qa_admin, django_assert_max_num_queries):
    add_examples(week, 2, qa_admin)
    as_user(client, qa_admin)
    with django_assert_max_num_queries(3) as few:  # session, user, case examples
        client.get(reverse("observations:case_examples"))
    add_examples(week, 10, qa_admin)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("observations:case_examples"))

    assert response.content.decode().count("Example ") >= 12


def test_case_example_page_query_count_does_not_grow(
    client, observation, worker, django_assert_num_queries
):
    few = CaseExampleFactory(observation=observation)
    many = CaseExampleFactory(
        observation=ObservationFactory(
            week=observation.week,
            team=observation.team,
            submitted=True,
            practitioners=[worker, *UserFactory.create_batch(5)],
        )
    )
    as_user(client, worker)
    for example in (few, many):
        # session, user, the case example (team, week, people, work), the practitioners
        with django_assert_num_queries(4):
            assert client.get(example.get_absolute_url()).status_code == 200


def test_flag_form_query_count_does_not_grow(client, observation, team, django_assert_num_queries):
    crowded = ObservationFactory(
        week=observation.week,
        team=team,
        submitted=True,
        observer=observation.observer,
        practitioners=UserFactory.create_batch(6),
    )
    as_user(client, observation.observer)
    for flagged in (observation, crowded):
        # session, user, the observation (case file, people, case example), practitioners
        with django_assert_num_queries(4):
            assert client.get(new_url(observation=flagged.pk)).status_code == 200


# --- For the report ---------------------------------------------------------------------------


def test_approved_case_examples_of_a_week_for_the_report(observation, qa_admin, week):
    first = CaseExampleFactory(observation=observation, title="B: approved")
    second = CaseExampleFactory(
        observation=ObservationFactory(week=week, submitted=True, team=observation.team),
        title="A: approved",
    )
    CaseExampleFactory(
        observation=ObservationFactory(week=week, submitted=True), title="Still waiting"
    )
    CaseExampleFactory(
        observation=ObservationFactory(week=PracticeWeekFactory(), submitted=True),
        title="Another week",
    )
    for example in (first, second):
        case_example_decide(case_example=example, user=qa_admin, approve=True)

    assert approved_case_examples(week=week) == [second, first]


# --- The audit page ---------------------------------------------------------------------------


@pytest.fixture
def audit(team, worker):
    return AuditFactory(submitted=True, case_file__team=team, case_file__allocated_worker=worker)


def audit_page(client: Client, user: User, audit) -> str:
    response = as_user(client, user).get(reverse("audits:detail", args=[audit.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("who", "offered"), [("auditor", True), ("qa", True), ("worker", False)])
def test_audit_page_offers_flagging_to_the_auditor_and_qa_admin(
    client, audit, worker, qa_admin, who, offered
):
    person = {"auditor": audit.auditor, "qa": qa_admin, "worker": worker}[who]

    html = audit_page(client, person, audit)

    assert (f'href="{new_url(audit=audit.pk)}"' in html) == offered


def test_audit_page_shows_the_case_example_and_its_state(client, audit, worker, qa_admin):
    example = CaseExampleFactory(observation=None, audit=audit, title="Chronology done well")

    auditor_view = audit_page(client, audit.auditor, audit)
    worker_view = audit_page(client, worker, audit)

    assert example.get_absolute_url() in auditor_view
    assert "Waiting for approval" in auditor_view
    assert f'href="{new_url(audit=audit.pk)}"' not in auditor_view
    assert "Your practice here was put forward as a case example" in worker_view


def test_audit_page_hides_a_waiting_case_example_from_people_not_involved(client, audit):
    owner = UserFactory()  # owns a case action: reads the audit, not the case example
    CaseActionFactory(audit=audit, owner=owner)
    example = CaseExampleFactory(observation=None, audit=audit)

    html = audit_page(client, owner, audit)

    assert example.get_absolute_url() not in html
    assert "case-example-heading" not in html
