"""Reading an observation: its page, each practitioner's acknowledgement and reflection, praise
said plainly, the team observations page, My feedback and the home page."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from observations.followup import observation_acknowledge
from observations.models import CategoryNote, Observation, ObservationPractitioner
from observations.selectors import observation_feedback_waiting_count
from practiceweek.feedback import REFLECTION_MAX_LENGTH
from practiceweek.models import Role, Team, User, Visit
from tests.factories import (
    AuditFactory,
    CaseExampleFactory,
    CaseFileFactory,
    ObservationFactory,
    PracticeWeekFactory,
    ServiceFactory,
    ServiceUserFeedbackFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
PRAISE_OUTSTANDING = "This observation found your practice Outstanding."
CASE_EXAMPLE_PRAISE = "Your practice has been put forward as a case example"


@pytest.fixture
def team() -> Team:
    return TeamFactory(
        name="Brambles",
        service=ServiceFactory(name="Social Work"),
        manager=UserFactory(role=Role.TEAM_MANAGER, first_name="Tess"),
    )


@pytest.fixture
def worker(team) -> User:
    return UserFactory(first_name="Sam", last_name="Adams", teams=[team])


@pytest.fixture
def colleague(team) -> User:
    return UserFactory(first_name="Alex", last_name="Brown", teams=[team])


def _observation(team: Team, practitioners: list[User], **kwargs) -> Observation:
    return ObservationFactory(submitted=True, team=team, practitioners=practitioners, **kwargs)


@pytest.fixture
def observation(team, worker, colleague) -> Observation:
    """A full, graded observation of two practitioners, with notes and service-user feedback."""
    observation = _observation(
        team,
        [worker, colleague],
        overall_grade="outstanding",
        case_file=CaseFileFactory(team=team, case_reference="CR-7001"),
        setting="cp_conference",
        feedback_summary="You kept the child's voice at the centre of the conference.",
    )
    leadership, voice, *_ = observation.framework.categories.all()
    CategoryNote.objects.create(
        observation=observation,
        category=leadership,
        strengths="Chaired the discussion calmly.",
        areas_for_development="Summarise the plan at the end.",
    )
    CategoryNote.objects.create(
        observation=observation, category=voice, strengths="Read out the child's own words."
    )
    ServiceUserFeedbackFactory(
        observation=observation,
        relationship="mother",
        rating=5,
        words="She listened to me and explained what happens next.",
    )
    return observation


def _detail(observation: Observation) -> str:
    return reverse("observations:detail", args=[observation.pk])


def _page(client, person: User, observation: Observation) -> str:
    client.force_login(person)
    response = client.get(_detail(observation))
    assert response.status_code == 200
    return response.content.decode()


# --- The observation page ---


def test_observation_page_shows_the_whole_observation(client, observation, worker):
    html = _page(client, worker, observation)
    for text in [
        "Child protection conference",
        "Monday 23 November 2026",
        "Brambles",
        "Social Work",
        str(observation.observer),
        "Sam Adams",
        "Alex Brown",
        "CR-7001",
        ">Outstanding</span>",
        "Feedback was given in person straight after the observation.",
        "You kept the child&#x27;s voice at the centre of the conference.",
        "Leadership",
        "Chaired the discussion calmly.",
        "Summarise the plan at the end.",
        "The voice of the child",
        "Read out the child&#x27;s own words.",
        "Mother",
        "How they felt the worker treated them: <strong>Very well</strong>",
        "She listened to me and explained what happens next.",
    ]:
        assert text in html, text


def test_ungraded_observation_says_so(client, team, worker):
    week = PracticeWeekFactory(observations_graded=False)
    observation = _observation(team, [worker], week=week)
    html = _page(client, worker, observation)
    assert "Ungraded observation" in html
    assert "Not graded</span>" not in html


def test_observation_without_a_case_says_so(client, team, worker):
    assert "No case linked" in _page(client, worker, _observation(team, [worker]))


def test_draft_redirects_its_observer_to_the_form(client, team, worker):
    draft = ObservationFactory(team=team, practitioners=[worker])
    client.force_login(draft.observer)
    response = client.get(_detail(draft))
    assert response.status_code == 302
    assert response.url == reverse("observations:edit", args=[draft.pk])


@pytest.mark.parametrize("grade", ["good", "outstanding"])
def test_practitioner_is_told_plainly_when_the_practice_is_good(client, team, worker, grade):
    html = _page(client, worker, _observation(team, [worker], overall_grade=grade))
    assert (
        f'<p class="lead pw-ok">This observation found your practice {grade.capitalize()}.' in html
    )


def test_no_praise_for_requires_improvement(client, team, worker):
    observation = _observation(team, [worker], overall_grade="requires_improvement")
    assert "This observation found your practice" not in _page(client, worker, observation)


def test_praise_is_for_the_practitioner_only(client, observation, team):
    assert PRAISE_OUTSTANDING not in _page(client, team.manager, observation)
    assert PRAISE_OUTSTANDING not in _page(client, observation.observer, observation)


@pytest.mark.parametrize("status", ["pending", "approved"])
def test_case_example_is_praise_for_the_practitioner(client, team, worker, status):
    week = PracticeWeekFactory(observations_graded=False)
    observation = _observation(team, [worker], week=week)
    CaseExampleFactory(observation=observation, status=status)
    assert CASE_EXAMPLE_PRAISE in _page(client, worker, observation)


def test_declined_case_example_is_neither_praise_nor_shown_to_the_practitioner(
    client, team, worker
):
    observation = _observation(team, [worker], overall_grade="requires_improvement")
    CaseExampleFactory(observation=observation, status="declined", title="Life-story work")
    html = _page(client, worker, observation)
    assert CASE_EXAMPLE_PRAISE not in html
    assert "Life-story work" not in html
    manager_html = _page(client, team.manager, observation)
    assert "Life-story work" in manager_html
    assert ">Not approved</span>" in manager_html


def test_page_shows_the_case_example_state(client, observation, worker):
    example = CaseExampleFactory(
        observation=observation, kind="innovative", title="Life-story work"
    )
    html = _page(client, worker, observation)
    url = reverse("observations:case_example", args=[example.pk])
    assert f'<a href="{url}">Life-story work</a>' in html
    assert "Innovative practice" in html
    assert ">Waiting for approval</span>" in html
    assert "Flag as a case example" not in html


@pytest.mark.parametrize(
    ("who", "flag"),
    [("observer", True), ("qa_admin", True), ("practitioner", False), ("manager", False)],
)
def test_flag_as_a_case_example_is_offered_to_the_observer_and_qa(
    client, observation, worker, team, qa_admin, who, flag
):
    person = {
        "observer": observation.observer,
        "qa_admin": qa_admin,
        "practitioner": worker,
        "manager": team.manager,
    }[who]
    html = _page(client, person, observation)
    url = reverse("observations:case_example_new") + f"?observation={observation.pk}"
    assert (f'href="{url}">Flag as a case example</a>' in html) == flag


@pytest.mark.parametrize(
    ("who", "edit", "history", "add_feedback"),
    [
        ("observer", True, True, True),  # history follows editing (was the QA lead only)
        ("qa_admin", True, True, True),
        ("practitioner", False, False, False),
        ("manager", False, False, False),
    ],
)
def test_change_history_and_feedback_links(
    client, observation, worker, team, qa_admin, who, edit, history, add_feedback
):
    person = {
        "observer": observation.observer,
        "qa_admin": qa_admin,
        "practitioner": worker,
        "manager": team.manager,
    }[who]
    html = _page(client, person, observation)
    edit_url = reverse("observations:edit", args=[observation.pk])
    assert (f'href="{edit_url}">Change this observation</a>' in html) == edit
    assert (f'href="{reverse("observations:history", args=[observation.pk])}"' in html) == history
    add_url = reverse("observations:feedback_add", args=[observation.pk])
    assert (f'href="{add_url}"' in html) == add_feedback


def test_observation_page_query_count_does_not_grow(
    client, team, worker, django_assert_num_queries
):
    small = _observation(team, [worker])
    people = [worker] + UserFactory.create_batch(4, teams=[team])
    big = _observation(team, people, notes=True, case_file=CaseFileFactory(team=team))
    ServiceUserFeedbackFactory.create_batch(5, observation=big)
    CaseExampleFactory(observation=big)
    client.force_login(team.manager)
    for observation in (small, big):
        # session, user, observation (+ team, service, observer, case, week, case example),
        # practitioners, notes, service-user feedback
        with django_assert_num_queries(6):
            assert client.get(_detail(observation)).status_code == 200


# --- Acknowledging: each practitioner on their own ---


def _acknowledge(client, person: User, observation: Observation, reflection: str = ""):
    client.force_login(person)
    url = reverse("observations:acknowledge", args=[observation.pk])
    return client.post(url, {"reflection": reflection})


def _row(observation: Observation, person: User) -> ObservationPractitioner:
    return ObservationPractitioner.objects.get(observation=observation, practitioner=person)


def test_practitioner_gets_the_acknowledge_form(client, observation, worker):
    html = " ".join(_page(client, worker, observation).split())
    assert 'action="{}"'.format(reverse("observations:acknowledge", args=[observation.pk])) in html
    assert '<textarea name="reflection"' in html
    assert "anything the observer missed" in html
    assert '<button class="btn btn-primary" type="submit">Acknowledge</button>' in html


def test_acknowledge_records_only_my_part(client, observation, worker, colleague, time_machine):
    time_machine.move_to(NOON, tick=False)
    response = _acknowledge(client, worker, observation, "  I will summarise the plan.  ")
    assert response.status_code == 302
    assert response.url == _detail(observation)
    mine, theirs = _row(observation, worker), _row(observation, colleague)
    assert mine.acknowledged_at == NOON
    assert mine.reflection == "I will summarise the plan."
    assert theirs.acknowledged_at is None
    assert theirs.reflection == ""


def test_acknowledge_twice_changes_nothing(client, observation, worker, time_machine):
    time_machine.move_to(NOON, tick=False)
    _acknowledge(client, worker, observation, "First thoughts.")
    time_machine.move_to(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=False)
    assert _acknowledge(client, worker, observation, "Second thoughts.").status_code == 302
    mine = _row(observation, worker)
    assert mine.acknowledged_at == NOON
    assert mine.reflection == "First thoughts."


def test_acknowledged_page_shows_the_date_and_my_reflection(
    client, observation, worker, time_machine
):
    time_machine.move_to(NOON, tick=False)
    observation_acknowledge(observation=observation, person=worker, reflection="Useful.")
    html = _page(client, worker, observation)
    assert "You acknowledged this feedback on 24 November 2026." in html
    assert "Your reflection" in html
    assert "Useful." in html
    assert '<textarea name="reflection"' not in html


def test_reflection_over_the_limit_is_refused_and_kept(client, observation, worker):
    text = "word " * (REFLECTION_MAX_LENGTH // 5) + "and then some more"
    response = _acknowledge(client, worker, observation, text)
    assert response.status_code == 400
    html = response.content.decode()
    assert "and then some more" in html
    assert f"at most {REFLECTION_MAX_LENGTH} characters" in html
    mine = _row(observation, worker)
    assert mine.acknowledged_at is None
    assert mine.reflection == ""


def test_a_practitioner_reads_only_their_own_reflection(client, observation, worker, colleague):
    observation_acknowledge(observation=observation, person=worker, reflection="Mine to keep.")
    observation_acknowledge(
        observation=observation, person=colleague, reflection="Alex's private thoughts."
    )
    html = _page(client, worker, observation)
    assert "Mine to keep." in html
    assert "Alex&#x27;s private thoughts." not in html
    assert "Acknowledgements of the practitioners observed" not in html


@pytest.mark.parametrize("who", ["manager", "observer", "qa_admin"])
def test_those_who_follow_up_see_every_acknowledgement(
    client, observation, worker, colleague, team, qa_admin, who
):
    observation_acknowledge(observation=observation, person=worker, reflection="Mine to keep.")
    person = {"manager": team.manager, "observer": observation.observer, "qa_admin": qa_admin}[who]
    html = " ".join(_page(client, person, observation).split())
    assert "Acknowledgements of the practitioners observed" in html
    assert '<th scope="row">Sam Adams</th> <td><span class="badge' in html
    assert ">Acknowledged</span>" in html
    assert "Mine to keep." in html
    assert '<th scope="row">Alex Brown</th>' in html
    assert ">Not yet</span>" in html
    assert '<textarea name="reflection"' not in html


def test_service_refuses_anyone_not_observed(observation, team):
    with pytest.raises(PermissionDenied):
        observation_acknowledge(observation=observation, person=team.manager, reflection="")
    assert not ObservationPractitioner.objects.filter(acknowledged_at__isnull=False).exists()


def test_service_refuses_a_draft(team, worker):
    draft = ObservationFactory(team=team, practitioners=[worker])
    with pytest.raises(PermissionDenied):
        observation_acknowledge(observation=draft, person=worker, reflection="")


def test_service_refuses_a_long_reflection(observation, worker):
    with pytest.raises(ValidationError) as caught:
        observation_acknowledge(
            observation=observation, person=worker, reflection="x" * (REFLECTION_MAX_LENGTH + 1)
        )
    assert "reflection" in caught.value.message_dict
    assert _row(observation, worker).acknowledged_at is None


def test_feedback_waiting_count(team, worker, colleague, observation):
    _observation(team, [worker])
    ObservationFactory(team=team, practitioners=[worker])  # a draft: not yet for them
    observation_acknowledge(observation=observation, person=worker, reflection="")
    assert observation_feedback_waiting_count(worker) == 1
    assert observation_feedback_waiting_count(colleague) == 1
    assert observation_feedback_waiting_count(team.manager) == 0


# --- Team observations ---


def _team_page(client, person: User, **params) -> str:
    client.force_login(person)
    response = client.get(reverse("observations:team"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_team_observations_lists_the_managers_teams(client, observation, team, worker):
    observation_acknowledge(observation=observation, person=worker, reflection="")
    elsewhere = _observation(TeamFactory(), [UserFactory()])
    draft = ObservationFactory(team=team, practitioners=[worker])
    html = " ".join(_team_page(client, team.manager).split())
    assert "Brambles" in html
    assert f'href="{_detail(observation)}">Child protection conference' in html
    assert 'Sam Adams: <span class="badge' in html
    assert ">Acknowledged</span>" in html
    assert 'Alex Brown: <span class="badge' in html
    assert ">Not yet</span>" in html
    assert ">Outstanding</span>" in html
    assert _detail(elsewhere) + '"' not in html
    assert reverse("observations:detail", args=[draft.pk]) + '"' not in html


def test_team_observations_has_a_tab_to_the_team_audits(client, team):
    html = _team_page(client, team.manager)
    assert f'href="{reverse("audits:team")}"' in html
    assert 'aria-current="page">Team observations</a>' in html


def test_team_observations_shows_feedback_count_and_case_example(client, observation, team):
    CaseExampleFactory(observation=observation)
    html = _team_page(client, team.manager)
    assert "<td>1</td>" in html  # one piece of service-user feedback
    assert ">Waiting for approval</span>" in html


def test_team_observations_says_ungraded(client, team, worker):
    _observation(team, [worker], week=PracticeWeekFactory(observations_graded=False))
    assert "<td>Ungraded</td>" in _team_page(client, team.manager)


def test_team_observations_filters_by_team(client, observation, team):
    oaks = TeamFactory(name="Oaks", manager=team.manager)
    oak_observation = _observation(oaks, [UserFactory(teams=[oaks])])
    html = _team_page(client, team.manager, team=oaks.pk)
    assert _detail(oak_observation) in html
    assert _detail(observation) + '"' not in html
    html = _team_page(client, team.manager)
    assert _detail(oak_observation) in html and _detail(observation) in html


def test_team_observations_refuses_a_team_that_is_not_theirs(client, observation, team):
    client.force_login(team.manager)
    response = client.get(reverse("observations:team"), {"team": TeamFactory().pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_team_observations_for_the_service_manager(client, observation, team):
    team.service_manager = UserFactory(role=Role.SERVICE_MANAGER)
    team.save(update_fields=["service_manager"])
    assert _detail(observation) in _team_page(client, team.service_manager)


def test_team_observations_empty_for_someone_who_manages_no_team(client, observation, worker):
    html = _team_page(client, worker)
    assert "You do not manage a team" in html
    assert _detail(observation) + '"' not in html


def test_team_observations_query_count_does_not_grow(
    client, team, worker, django_assert_num_queries
):
    second = TeamFactory(manager=team.manager)
    _observation(team, [worker])
    client.force_login(team.manager)
    # session, user, teams, observations (+ counts, case examples), their practitioners
    with django_assert_num_queries(5):
        client.get(reverse("observations:team"))
    for n in range(10):
        observation = _observation(second if n % 2 else team, UserFactory.create_batch(2))
        ServiceUserFeedbackFactory.create_batch(2, observation=observation)
        CaseExampleFactory(observation=observation)
    with django_assert_num_queries(5):
        html = client.get(reverse("observations:team")).content.decode()
    assert html.count("<td>2</td>") == 10


# --- My feedback: observations beside audits ---


def _my_feedback(client, person: User) -> str:
    client.force_login(person)
    return client.get(reverse("audits:my_feedback")).content.decode()


def test_my_feedback_lists_observations_beside_audits_newest_first(client, team, worker):
    audit = AuditFactory(
        submitted=True,
        case_file__team=team,
        case_file__allocated_worker=worker,
        audited_on=date(2026, 11, 25),
    )
    newer = _observation(team, [worker], observed_on=date(2026, 11, 26), setting="home_visit")
    older = _observation(team, [worker], observed_on=date(2026, 11, 23), setting="supervision")
    html = " ".join(_my_feedback(client, worker).split())
    positions = [
        html.index(_detail(newer) + '"'),
        html.index(reverse("audits:detail", args=[audit.pk]) + '"'),
        html.index(_detail(older) + '"'),
    ]
    assert positions == sorted(positions)
    assert "<strong>Observation</strong>: Home visit" in html
    assert "<strong>Observation</strong>: Supervision" in html
    assert "<strong>Audit</strong>: " in html
    assert f'<a href="{_detail(newer)}">Read feedback</a>' in html


def test_my_feedback_shows_each_observations_acknowledgement(client, team, worker):
    acknowledged = _observation(team, [worker])
    _observation(team, [worker])
    observation_acknowledge(observation=acknowledged, person=worker, reflection="")
    html = _my_feedback(client, worker)
    assert html.count(">Acknowledged</span>") == 1
    assert html.count(">New</span>") == 1


def test_my_feedback_says_praise_plainly(client, team, worker):
    _observation(team, [worker], overall_grade="outstanding")
    praised_example = _observation(team, [worker], overall_grade="requires_improvement")
    CaseExampleFactory(observation=praised_example, status="approved")
    AuditFactory(
        submitted=True,
        overall_grade="good",
        case_file__team=team,
        case_file__allocated_worker=worker,
    )
    html = _my_feedback(client, worker)
    assert f'<span class="d-block pw-ok mt-1">{PRAISE_OUTSTANDING}</span>' in html
    assert CASE_EXAMPLE_PRAISE in html
    assert "This audit found your work Good." in html


def test_my_feedback_marks_ungraded_observations(client, team, worker):
    _observation(team, [worker], week=PracticeWeekFactory(observations_graded=False))
    assert '<span class="d-block mb-1">Ungraded</span>' in _my_feedback(client, worker)


def test_my_feedback_leaves_out_drafts_and_colleagues_observations(client, team, worker, colleague):
    draft = ObservationFactory(team=team, practitioners=[worker])
    colleague_only = _observation(team, [colleague])
    html = _my_feedback(client, worker)
    assert _detail(draft) + '"' not in html
    assert _detail(colleague_only) + '"' not in html
    assert "You have no feedback yet." in html


def test_my_feedback_query_count_does_not_grow_with_observations(
    client, team, worker, django_assert_num_queries
):
    _observation(team, [worker])
    client.force_login(worker)
    # session, user, audits with their teams and case examples, observations likewise
    with django_assert_num_queries(4):
        client.get(reverse("audits:my_feedback"))
    for n in range(8):
        observation = _observation(team, [worker, UserFactory()])
        if n % 2:
            CaseExampleFactory(observation=observation)
        AuditFactory(submitted=True, case_file__team=team, case_file__allocated_worker=worker)
    with django_assert_num_queries(4):
        html = client.get(reverse("audits:my_feedback")).content.decode()
    assert html.count("Read feedback") == 17


# --- The home page ---


def test_home_counts_observations_in_what_is_waiting(client, team, worker, time_machine):
    time_machine.move_to(NOON)
    AuditFactory(submitted=True, case_file__team=team, case_file__allocated_worker=worker)
    _observation(team, [worker])
    client.force_login(worker)
    html = client.get(reverse("home")).content.decode()
    assert "2 new pieces of feedback" in html
    assert f'href="{reverse("audits:my_feedback")}"' in html


def test_home_lists_draft_observations(client, team, time_machine):
    time_machine.move_to(NOON)
    draft = ObservationFactory(team=team, setting="supervision")
    client.force_login(draft.observer)
    html = client.get(reverse("home")).content.decode()
    assert "Draft observation: <strong>Supervision</strong> in Brambles" in html
    assert f'href="{reverse("observations:edit", args=[draft.pk])}">Continue' in html


def _visits(observer: User) -> tuple[Visit, Visit]:
    """An observing visit on Monday 23 and an auditing one on Tuesday 24 November 2026."""
    week = PracticeWeekFactory()
    observing = VisitFactory(week=week, visitor=observer, purpose=Visit.Purpose.OBSERVE)
    auditing = VisitFactory(
        week=week,
        visitor=observer,
        purpose=Visit.Purpose.AUDIT,
        date=week.start_date + timedelta(days=1),
    )
    return observing, auditing


def test_home_offers_to_record_an_observation_on_observing_visits(client, time_machine):
    time_machine.move_to(NOON)
    observer = UserFactory(role=Role.HEAD_OF_SERVICE)
    observing, auditing = _visits(observer)
    client.force_login(observer)
    html = client.get(reverse("home")).content.decode()
    start = reverse("observations:start")
    assert f'href="{start}?visit={observing.pk}">Record an observation' in html
    assert f'href="{start}?visit={auditing.pk}"' not in html


@pytest.mark.parametrize(("day", "offered"), [("2026-11-23", True), ("2026-11-24", False)])
def test_auditor_day_offers_to_record_an_observation(client, time_machine, day, offered):
    time_machine.move_to(NOON)
    observer = UserFactory(role=Role.HEAD_OF_SERVICE)
    observing, auditing = _visits(observer)
    client.force_login(observer)
    url = reverse("practiceweek:auditor_day", args=[observing.week.slug, day])
    html = client.get(url).content.decode()
    assert ("Record an observation" in html) == offered
    assert ("Pick files at random" in html) == (not offered)
    if offered:
        start = reverse("observations:start")
        assert f'href="{start}?visit={observing.pk}">Record an observation' in html


def test_home_query_count_does_not_grow_with_observations(
    client, team, time_machine, django_assert_max_num_queries, django_assert_num_queries
):
    time_machine.move_to(NOON)
    observer = UserFactory(role=Role.SERVICE_MANAGER, teams=[team])
    ObservationFactory(team=team, observer=observer)
    _observation(team, [observer])
    client.force_login(observer)
    with django_assert_max_num_queries(25) as small:
        client.get(reverse("home"))
    ObservationFactory.create_batch(8, team=team, observer=observer)
    for _ in range(6):
        _observation(team, [observer])
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("home"))
    assert len(response.context["observations"].drafts) == 5
    assert "7 new pieces of feedback" in response.content.decode()
