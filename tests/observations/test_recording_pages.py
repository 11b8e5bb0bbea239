"""The observer's pages: start an observation, the form, autosave, submit, change, My
observations and the history of changes."""

import uuid
from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from observations.models import (
    NOTE_MAX_LENGTH,
    Observation,
    ObservationChange,
    ObservationPractitioner,
)
from practiceweek.models import PracticeWeek, Role
from tests.factories import (
    CaseFileFactory,
    ObservationCategoryFactory,
    PracticeWeekFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)
from tests.observations.test_recording_services import (
    CATEGORIES,
    TUESDAY,
    World,
    build_world,
    notes_of,
    practitioners_of,
    snapshot,
    start,
)

pytestmark = pytest.mark.django_db
TYPED = "Typed on a phone in the family kitchen"


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def draft(world) -> Observation:
    return start(world)


@pytest.fixture
def observer_client(client, world) -> Client:
    client.force_login(world.observer)
    return client


def edit_url(observation: Observation) -> str:
    return reverse("observations:edit", args=[observation.pk])


def autosave_url(observation: Observation) -> str:
    return reverse("observations:autosave", args=[observation.pk])


def history_url(observation: Observation) -> str:
    return reverse("observations:history", args=[observation.pk])


def start_url(**query: object) -> str:
    return reverse("observations:start") + "".join(
        f"{'?' if n == 0 else '&'}{k}={v}" for n, (k, v) in enumerate(query.items())
    )


def form_data(
    observation: Observation,
    *,
    version: int | None = None,
    strengths: tuple[str, ...] = (),
    areas: tuple[str, ...] = (),
    practitioners: tuple[object, ...] = (),
    **fields: object,
) -> dict[str, object]:
    """What the observation page posts: every field, as the browser sends it."""
    notes = notes_of(observation)
    data: dict[str, object] = {
        "version": version or observation.version,
        "setting": observation.setting,
        "setting_other": "",
        "practitioners": [getattr(p, "pk", p) for p in practitioners],
        "add_practitioner": "",
        "case_reference": "",
        "feedback_summary": "",
        "notes-TOTAL_FORMS": len(notes),
        "notes-INITIAL_FORMS": len(notes),
        **fields,
    }
    for n in range(len(notes)):
        data[f"notes-{n}-strengths"] = strengths[n] if n < len(strengths) else ""
        data[f"notes-{n}-areas_for_development"] = areas[n] if n < len(areas) else ""
    return data


def complete(world: World, observation: Observation, **overrides: object) -> dict[str, object]:
    """A submission that passes every check."""
    values: dict = {
        "strengths": (TYPED,),
        "areas": ("", "Ask the child to draw their week"),
        "practitioners": (world.practitioner,),
        "overall_grade": "good",
        "feedback_given": "yes",
        "feedback_summary": "Told Sam what worked and one thing to try",
        **overrides,
    }
    return form_data(observation, **values)


# --- Starting -------------------------------------------------------------------------------


def test_start_from_a_visit_shows_it_then_makes_the_draft(observer_client, world):
    url = start_url(visit=world.visit.pk)
    page = observer_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<h1") == 1
    assert "An observation of practice in Assessment Team 1" in html
    assert 'name="week"' not in html and 'name="team"' not in html
    assert page.context["form"]["observed_on"].value() == TUESDAY
    token = page.context["form"]["client_token"].value()
    response = observer_client.post(
        url, {"client_token": token, "setting": "cp_conference", "observed_on": "2026-11-24"}
    )
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert response.url == edit_url(observation)
    assert (observation.visit, observation.week, observation.team) == (
        world.visit,
        world.week,
        world.team,
    )
    assert (observation.setting, observation.observed_on) == ("cp_conference", TUESDAY)
    assert [n.category.title for n in notes_of(observation)] == list(CATEGORIES)


def test_start_posted_twice_with_one_token_makes_one_observation(observer_client, world):
    url = start_url(visit=world.visit.pk)
    data = {"client_token": str(uuid.uuid4()), "setting": "home_visit", "observed_on": TUESDAY}
    first = observer_client.post(url, data)
    second = observer_client.post(url, data)
    assert first.url == second.url
    assert Observation.objects.count() == 1


@time_machine.travel("2026-11-25 09:00 +0000", tick=False)
def test_free_standing_start_chooses_a_live_week_and_a_team(client, world):
    observer_client = client
    observer_client.force_login(world.observer)  # after travelling: sessions expire
    PracticeWeekFactory(title="Closed week", status=PracticeWeek.Status.CLOSED)
    page = observer_client.get(reverse("observations:start"))
    html = page.content.decode()
    assert page.status_code == 200
    assert world.week.title in html and "Closed week" not in html
    assert "Assessment Team 1 (Social Work)" in html
    assert page.context["form"]["observed_on"].value() == date(2026, 11, 25)  # today
    response = observer_client.post(
        reverse("observations:start"),
        {
            "client_token": uuid.uuid4(),
            "week": world.week.pk,
            "team": world.team.pk,
            "setting": "other",
            "setting_other": "Family group conference",
            "observed_on": "2026-11-25",
        },
    )
    observation = Observation.objects.get()
    assert response.url == edit_url(observation)
    assert (observation.visit, observation.team, observation.setting_words) == (
        None,
        world.team,
        "Other: Family group conference",
    )


def test_start_in_a_week_that_is_not_live_is_refused_with_a_clear_message(observer_client, world):
    closed = PracticeWeekFactory(status=PracticeWeek.Status.CLOSED)
    response = observer_client.post(
        reverse("observations:start"),
        {
            "client_token": uuid.uuid4(),
            "week": closed.pk,
            "team": world.team.pk,
            "setting": "home_visit",
            "observed_on": closed.start_date.isoformat(),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["week"] == [
        "This practice week is not live: observations can be recorded only while it runs"
    ]
    assert not Observation.objects.exists()


def test_start_from_a_visit_in_a_closed_week_is_refused_above_the_form(observer_client, world):
    PracticeWeek.objects.filter(pk=world.week.pk).update(status=PracticeWeek.Status.CLOSED)
    response = observer_client.post(
        start_url(visit=world.visit.pk),
        {"client_token": uuid.uuid4(), "setting": "home_visit", "observed_on": "2026-11-24"},
    )
    assert response.status_code == 400
    assert "This practice week is not live" in response.content.decode()
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        ({"observed_on": "2026-12-01"}, "observed_on", "Choose a day of the practice week"),
        ({"setting": "other"}, "setting_other", "Describe the setting."),
        ({"setting": ""}, "setting", "This field is required."),
    ],
    ids=["day outside the week", "other undescribed", "no setting"],
)
def test_bad_start_is_400_beside_the_field(observer_client, world, posted, field, message):
    data = {"client_token": uuid.uuid4(), "setting": "home_visit", "observed_on": "2026-11-24"}
    response = observer_client.post(start_url(visit=world.visit.pk), {**data, **posted})
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert not Observation.objects.exists()


def test_starting_from_someone_elses_visit_is_404(client, world):
    client.force_login(UserFactory(role=Role.HEAD_OF_SERVICE))
    url = start_url(visit=world.visit.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"client_token": uuid.uuid4()}).status_code == 404
    assert not Observation.objects.exists()


def test_qa_admin_may_start_from_any_visit(client, world, qa_admin):
    client.force_login(qa_admin)
    assert client.get(start_url(visit=world.visit.pk)).status_code == 200


def test_audit_only_visit_cannot_start_an_observation(observer_client, world):
    visit = VisitFactory(visitor=world.observer, purpose="audit", date=date(2026, 11, 25))
    assert observer_client.get(start_url(visit=visit.pk)).status_code == 403


def test_team_manager_may_start_but_a_practitioner_may_not(client, world):
    client.force_login(world.manager)
    assert client.get(reverse("observations:start")).status_code == 200
    client.force_login(world.practitioner)
    assert client.get(reverse("observations:start")).status_code == 403
    assert client.get(reverse("observations:mine")).status_code == 403


@pytest.mark.parametrize("name", ["start", "mine"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(f"observations:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_edit_autosave_and_history_are_sent_to_login(client, draft):
    for url in (edit_url(draft), history_url(draft)):
        assert client.get(url).url.startswith(reverse("login"))
    assert client.post(autosave_url(draft), {}).url.startswith(reverse("login"))


def test_start_page_runs_a_fixed_number_of_queries(
    observer_client, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8) as small:
        observer_client.get(reverse("observations:start"))
    ceiling = len(small.captured_queries)
    for _ in range(5):
        PracticeWeekFactory()
        TeamFactory()
    with django_assert_max_num_queries(ceiling):
        response = observer_client.get(reverse("observations:start"))
    assert response.status_code == 200


# --- The form page --------------------------------------------------------------------------


def test_form_shows_categories_prompts_boxes_grade_and_feedback(observer_client, world, draft):
    elsewhere = UserFactory(first_name="Olly", last_name="Other", teams=[TeamFactory(name="MASH")])
    response = observer_client.get(edit_url(draft))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Observation in Assessment Team 1" in html
    for title in CATEGORIES:
        assert f"{title}: strengths" in html
        assert f"{title}: areas for development" in html
    assert "Was the child seen, and seen alone where appropriate?" in html  # a prompt
    assert html.count("<legend") >= 4  # setting, practitioners, grade, feedback
    assert f'value="{world.practitioner.pk}"' in html and "Sam Worker" in html
    assert f'<option value="{elsewhere.pk}">Olly Other (MASH)</option>' in html
    assert 'value="not_applicable"' in html
    assert f'data-maxlength="{NOTE_MAX_LENGTH}"' in html
    assert 'data-maxlength="120"' in html  # the setting's description: never cut either
    assert "maxlength=" not in html.replace("data-maxlength=", "").replace('maxlength="40"', "")
    assert 'data-autosave-key-prefix="practiceweek.observation."' in html
    assert f'data-autosave-url="{autosave_url(draft)}"' in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert ">Save draft</button>" in html and ">Submit observation</button>" in html
    assert "<script>" not in html and "style=" not in html


def test_ungraded_form_has_no_grade():
    world = build_world(graded=False)
    observation = start(world)
    client = Client()
    client.force_login(world.observer)
    html = client.get(edit_url(observation)).content.decode()
    assert 'name="overall_grade"' not in html
    assert "Observations are not graded in this practice week" in html


def test_form_never_shows_a_childs_name_only_the_case_reference(observer_client, world, draft):
    observer_client.post(
        edit_url(draft), form_data(draft, case_reference=world.case_file.case_reference, save="1")
    )
    html = observer_client.get(edit_url(draft)).content.decode()
    assert f'value="{world.case_file.case_reference}"' in html


def _grow(world: World, observation: Observation, people: int, categories: int) -> None:
    from observations.models import CategoryNote

    for _ in range(people):
        person = UserFactory(teams=[world.team])
        ObservationPractitioner.objects.create(observation=observation, practitioner=person)
        UserFactory(teams=[TeamFactory()])  # someone elsewhere, for the list
    for order in range(10, 10 + categories):
        category = ObservationCategoryFactory(framework=observation.framework, order=order)
        CategoryNote.objects.create(observation=observation, category=category, strengths="x")


def test_form_page_runs_a_fixed_number_of_queries(
    observer_client, world, draft, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as small:
        observer_client.get(edit_url(draft))
    ceiling = len(small.captured_queries)
    _grow(world, draft, people=8, categories=6)
    with django_assert_max_num_queries(ceiling):
        response = observer_client.get(edit_url(draft))
    assert response.content.decode().count("data-category-note") == len(CATEGORIES) + 6


def test_another_observer_or_the_practitioner_gets_404(client, world, draft):
    for person in (UserFactory(role=Role.DIRECTOR), world.practitioner, world.manager):
        client.force_login(person)
        assert client.get(edit_url(draft)).status_code == 404
        assert client.post(edit_url(draft), form_data(draft, save="1")).status_code == 404
        assert client.post(autosave_url(draft), form_data(draft)).status_code == 404
        assert client.get(history_url(draft)).status_code == 404
    assert snapshot(draft)[0] == 1


def test_qa_admin_may_edit_a_draft(client, qa_admin, world, draft):
    client.force_login(qa_admin)
    assert client.get(edit_url(draft)).status_code == 200
    response = client.post(autosave_url(draft), form_data(draft, strengths=("QA note",)))
    assert response.status_code == 200
    assert notes_of(draft)[0].strengths == "QA note"


# --- Autosave -------------------------------------------------------------------------------


def test_autosave_saves_and_bumps_the_version(observer_client, world, draft):
    data = form_data(
        draft,
        strengths=(TYPED,),
        practitioners=(world.practitioner,),
        case_reference=world.case_file.case_reference.lower(),
        overall_grade="requires_improvement",
        feedback_given="no",
    )
    response = observer_client.post(autosave_url(draft), data)
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 2
    assert len(body["saved_at"]) == 5 and body["saved_at"][2] == ":"
    fresh = Observation.objects.get(pk=draft.pk)
    assert (fresh.case_file, fresh.overall_grade, fresh.feedback_given) == (
        world.case_file,
        "requires_improvement",
        False,
    )
    assert notes_of(fresh)[0].strengths == TYPED
    assert practitioners_of(fresh) == [world.practitioner]


def test_autosave_adds_someone_from_another_team(observer_client, world, draft):
    elsewhere = UserFactory(teams=[TeamFactory(name="MASH")])
    data = form_data(draft, practitioners=(world.practitioner,), add_practitioner=elsewhere.pk)
    assert observer_client.post(autosave_url(draft), data).status_code == 200
    assert practitioners_of(draft) == [world.practitioner, elsewhere]
    html = observer_client.get(edit_url(draft)).content.decode()
    assert f'name="practitioners" value="{elsewhere.pk}"' in " ".join(html.split())


def test_autosave_leaves_out_an_incomplete_draft_check(observer_client, draft):
    """A draft may have no practitioner, nothing written and no feedback answer yet."""
    response = observer_client.post(autosave_url(draft), form_data(draft, setting="other"))
    assert response.status_code == 200


def test_autosave_with_a_stale_version_is_409_and_changes_nothing(observer_client, draft):
    observer_client.post(autosave_url(draft), form_data(draft, strengths=("First",)))
    before = snapshot(draft)
    response = observer_client.post(
        autosave_url(draft), form_data(draft, version=1, strengths=("Second",))
    )
    assert response.status_code == 409
    assert response.json()["error"].startswith("Someone else saved this observation at ")
    assert "Your text is still here" in response.json()["error"]
    assert snapshot(draft) == before


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"strengths": ("x" * (NOTE_MAX_LENGTH + 1),)}, "Leadership: strengths: Ensure"),
        ({"overall_grade": "brilliant"}, "Overall grade: Select a valid choice."),
        ({"case_reference": "NOPE"}, "No case file has this reference"),
        ({"case_reference": "Jayden Smith"}, "A case reference is 3 to 20 letters, digits"),
        ({"practitioners": (999999,)}, "Practitioners observed: Select a valid choice."),
        ({"feedback_given": "maybe"}, "Select a valid choice."),
    ],
    ids=[
        "note over the limit",
        "grade off the scale",
        "unknown case",
        "not a case reference",
        "unknown person",
        "y/n",
    ],
)
def test_autosave_refuses_bad_values(observer_client, draft, posted, message):
    before = snapshot(draft)
    response = observer_client.post(autosave_url(draft), form_data(draft, **posted))
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert snapshot(draft) == before


def test_autosave_refuses_a_grade_in_an_ungraded_week():
    world = build_world(graded=False)
    observation = start(world)
    client = Client()
    client.force_login(world.observer)
    before = snapshot(observation)
    data = form_data(observation, strengths=(TYPED,), overall_grade="good")
    response = client.post(autosave_url(observation), data)
    assert response.status_code == 400
    assert response.json()["error"] == (
        "Not saved: Observations are not graded in this practice week."
    )
    assert snapshot(observation) == before


def test_autosave_counts_a_line_break_as_one_character(observer_client, draft):
    text = "a\r\n" * (NOTE_MAX_LENGTH // 2)
    response = observer_client.post(autosave_url(draft), form_data(draft, strengths=(text,)))
    assert response.status_code == 200
    assert len(notes_of(draft)[0].strengths) == NOTE_MAX_LENGTH - 1  # trailing space gone


def test_autosave_is_post_only(observer_client, draft):
    assert observer_client.get(autosave_url(draft)).status_code == 405


def test_autosave_runs_a_fixed_number_of_queries(
    observer_client, world, draft, django_assert_max_num_queries
):
    def everything(version: int) -> dict[str, object]:
        """Every field and note changes; last time's outsider goes, a new one comes."""
        count = len(notes_of(draft))
        return form_data(
            draft,
            version=version,
            strengths=(f"v{version}",) * count,
            areas=(f"v{version}",) * count,
            practitioners=tuple(world.team.members.all()),
            add_practitioner=UserFactory(teams=[TeamFactory()]).pk,
            case_reference=CaseFileFactory().case_reference,
            feedback_summary=f"v{version}",
        )

    observer_client.post(autosave_url(draft), everything(1))
    data = everything(2)
    with django_assert_max_num_queries(24) as small:
        response = observer_client.post(autosave_url(draft), data)
    assert response.json()["version"] == 3
    ceiling = len(small.captured_queries)
    _grow(world, draft, people=8, categories=6)
    data = everything(3)
    with django_assert_max_num_queries(ceiling):
        response = observer_client.post(autosave_url(draft), data)
    assert response.json()["version"] == 4
    assert len(practitioners_of(draft)) == 2 + 8 + 1


# --- Two people, one draft ------------------------------------------------------------------


def test_second_session_saving_an_old_version_is_refused_and_keeps_its_text(world, draft):
    first, second = Client(), Client()
    first.force_login(world.observer)
    second.force_login(world.observer)
    assert second.get(edit_url(draft)).status_code == 200
    first.post(autosave_url(draft), form_data(draft, strengths=("Written in session one",)))

    text = "Written in session two, must not be lost"
    data = form_data(draft, version=1, strengths=(text,), save="1")
    response = second.post(edit_url(draft), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this observation at" in html
    assert f"{text}</textarea>" in html
    assert notes_of(draft)[0].strengths == "Written in session one"


def test_save_draft_button_saves_and_comes_back_to_the_form(observer_client, draft):
    response = observer_client.post(edit_url(draft), form_data(draft, strengths=(TYPED,), save="1"))
    assert response.status_code == 302
    assert response.url == edit_url(draft)
    page = observer_client.get(response.url).content.decode()
    assert "Draft saved at" in page
    assert TYPED in page


# --- Submitting -----------------------------------------------------------------------------


def test_submit_saves_everything_and_goes_to_the_reading_page(
    observer_client, world, draft, django_capture_on_commit_callbacks
):
    data = complete(world, draft, practitioners=(world.practitioner, world.colleague), submit="1")
    with django_capture_on_commit_callbacks() as callbacks:
        response = observer_client.post(edit_url(draft), data)
    assert response.status_code == 302
    assert response.url.endswith(f"/observations/{draft.pk}/")
    fresh = Observation.objects.get(pk=draft.pk)
    assert (fresh.status, fresh.overall_grade, fresh.feedback_given) == ("submitted", "good", True)
    assert fresh.feedback_summary == "Told Sam what worked and one thing to try"
    assert set(practitioners_of(fresh)) == {world.practitioner, world.colleague}
    assert [n.strengths for n in notes_of(fresh)][0] == TYPED
    assert len(callbacks) == 1  # the feedback e-mail, after commit


def test_double_submit_is_one_submission_and_one_email_enqueue(
    observer_client, world, draft, django_capture_on_commit_callbacks
):
    data = complete(world, draft, submit="1")
    with django_capture_on_commit_callbacks() as callbacks:
        first = observer_client.post(edit_url(draft), data)
        second = observer_client.post(edit_url(draft), data)
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert len(callbacks) == 1
    assert Observation.objects.get(pk=draft.pk).version == 2


BAD_SUBMISSIONS = {
    "no practitioner": (
        {"practitioners": ()},
        "Choose at least one practitioner you observed.",
        lambda f: f.main.errors["practitioners"],
    ),
    "nothing written": (
        {"strengths": (), "areas": ()},
        "Write a strength or an area for development under at least one category.",
        lambda f: f.notes_errors,
    ),
    "feedback not answered": (
        {"feedback_given": ""},
        "Say whether you gave feedback in person straight after.",
        lambda f: f.main.errors["feedback_given"],
    ),
    "feedback without what was said": (
        {"feedback_summary": ""},
        "Say what was said when you gave feedback.",
        lambda f: f.main.errors["feedback_summary"],
    ),
    "no overall grade": (
        {"overall_grade": ""},
        "Choose the overall grade.",
        lambda f: f.main.errors["overall_grade"],
    ),
    "other setting undescribed": (
        {"setting": "other"},
        "Describe the setting.",
        lambda f: f.main.errors["setting_other"],
    ),
    "note over the limit": (
        {"areas": ("x" * (NOTE_MAX_LENGTH + 1),)},
        f"Ensure this value has at most {NOTE_MAX_LENGTH} characters",
        lambda f: f.notes.forms[0].errors["areas_for_development"],
    ),
    "unknown case reference": (
        {"case_reference": "NOPE"},
        "No case file has this reference: check it in the case management system.",
        lambda f: f.main.errors["case_reference"],
    ),
}


@pytest.mark.parametrize("case", BAD_SUBMISSIONS, ids=list(BAD_SUBMISSIONS))
def test_bad_submission_is_400_beside_the_field_keeping_the_text(
    observer_client, world, draft, case
):
    changes, message, field_errors = BAD_SUBMISSIONS[case]
    before = snapshot(draft)
    kept = "Kept although refused" if case == "nothing written" else TYPED
    data = complete(world, draft, submit="1", **changes)
    if case == "nothing written":
        data["feedback_summary"] = kept  # text elsewhere on the page is kept too
    response = observer_client.post(edit_url(draft), data)
    assert response.status_code == 400
    assert any(message in str(e) for e in field_errors(response.context["forms"]))
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    assert kept in html
    assert "There is a problem: nothing was saved" in html
    assert snapshot(draft) == before


def test_grade_posted_in_an_ungraded_week_is_refused_with_400_keeping_the_text():
    world = build_world(graded=False)
    observation = start(world)
    client = Client()
    client.force_login(world.observer)
    before = snapshot(observation)
    response = client.post(edit_url(observation), complete(world, observation, submit="1"))
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("Observations are not graded in this practice week.") == 1  # in the summary
    assert "There is a problem: nothing was saved" in html
    assert TYPED in html
    assert snapshot(observation) == before


def test_ungraded_observation_submits_without_a_grade():
    world = build_world(graded=False)
    observation = start(world)
    client = Client()
    client.force_login(world.observer)
    response = client.post(
        edit_url(observation), complete(world, observation, overall_grade="", submit="1")
    )
    assert response.status_code == 302
    assert Observation.objects.get(pk=observation.pk).status == "submitted"


def test_submission_to_a_week_no_longer_live_is_400_and_saves_nothing(
    observer_client, world, draft
):
    PracticeWeek.objects.filter(pk=world.week.pk).update(status=PracticeWeek.Status.CLOSED)
    before = snapshot(draft)
    response = observer_client.post(edit_url(draft), complete(world, draft, submit="1"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "This practice week is no longer live: the observation cannot be submitted" in html
    assert TYPED in html
    assert snapshot(draft) == before


# --- Changing a submitted observation --------------------------------------------------------


@pytest.fixture
def submitted(observer_client, world, draft) -> Observation:
    observer_client.post(edit_url(draft), complete(world, draft, submit="1"))
    return Observation.objects.get(pk=draft.pk)


def test_submitted_observation_opens_for_changes_without_autosave(observer_client, submitted):
    html = observer_client.get(edit_url(submitted)).content.decode()
    assert "Change the observation in Assessment Team 1" in html
    assert ">Save changes</button>" in html
    assert "Submit observation" not in html
    assert "data-autosave-url" not in html
    assert history_url(submitted) in html


def test_changing_a_submitted_observation_records_who_what_before_and_after(
    observer_client, world, submitted
):
    data = complete(
        world,
        submitted,
        overall_grade="outstanding",
        areas=("", "Ask the child to draw their week, then use it in the plan"),
        save="1",
    )
    response = observer_client.post(edit_url(submitted), data)
    assert response.status_code == 302
    assert response.url.endswith(f"/observations/{submitted.pk}/")
    changes = {c.field: (c.before, c.after) for c in ObservationChange.objects.all()}
    assert changes == {
        "Overall grade": ("Good", "Outstanding"),
        "The voice of the child: areas for development": (
            "Ask the child to draw their week",
            "Ask the child to draw their week, then use it in the plan",
        ),
    }
    assert {c.changed_by for c in ObservationChange.objects.all()} == {world.observer}


def test_changes_to_a_submitted_observation_are_checked_in_full(observer_client, world, submitted):
    before = snapshot(submitted)
    response = observer_client.post(
        edit_url(submitted), complete(world, submitted, practitioners=(), save="1")
    )
    assert response.status_code == 400
    assert "Choose at least one practitioner you observed." in response.content.decode()
    assert snapshot(submitted) == before
    assert not ObservationChange.objects.exists()


def test_autosave_is_off_for_a_submitted_observation(observer_client, world, submitted):
    data = complete(world, submitted, feedback_summary="Changed quietly?")
    response = observer_client.post(autosave_url(submitted), data)
    assert response.status_code == 409
    assert Observation.objects.get(pk=submitted.pk).feedback_summary != "Changed quietly?"


def test_qa_admin_may_change_a_submitted_observation(client, qa_admin, world, submitted):
    client.force_login(qa_admin)
    data = complete(world, submitted, feedback_summary="Corrected by QA", save="1")
    assert client.post(edit_url(submitted), data).status_code == 302
    change = ObservationChange.objects.get()
    assert (change.field, change.after, change.changed_by) == (
        "What was said",
        "Corrected by QA",
        qa_admin,
    )


# --- History --------------------------------------------------------------------------------


def test_history_lists_changes_for_the_observer_and_the_qa_admin(
    client, world, submitted, qa_admin
):
    client.force_login(world.observer)
    data = complete(world, submitted, overall_grade="inadequate", save="1")
    client.post(edit_url(submitted), data)
    for person in (world.observer, qa_admin):
        client.force_login(person)
        response = client.get(history_url(submitted))
        html = response.content.decode()
        assert response.status_code == 200
        assert html.count("<h1") == 1
        assert "Overall grade" in html
        assert "<strong>Before:</strong> Good" in html
        assert "<strong>After:</strong> Inadequate" in html
        assert "Changed by Dee Director" in html


def test_history_of_an_unchanged_observation_says_so(observer_client, submitted):
    html = observer_client.get(history_url(submitted)).content.decode()
    assert "No changes since it was submitted" in html


def test_history_runs_a_fixed_number_of_queries(
    observer_client, world, submitted, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8) as small:
        observer_client.get(history_url(submitted))
    ceiling = len(small.captured_queries)
    for n in range(6):
        ObservationChange.objects.create(
            observation=submitted, changed_by=UserFactory(), field=f"Change {n}", after="x"
        )
    with django_assert_max_num_queries(ceiling):
        response = observer_client.get(history_url(submitted))
    assert response.content.decode().count("Changed by") == 6


# --- My observations ------------------------------------------------------------------------


def test_my_observations_lists_drafts_to_continue_and_submitted_ones(observer_client, world, draft):
    done = start(world, setting="cp_conference")
    observer_client.post(edit_url(done), complete(world, done, submit="1"))
    html = observer_client.get(reverse("observations:mine")).content.decode()
    assert f'href="{edit_url(draft)}">Continue' in html
    assert "Child protection conference" in html
    assert "Sam Worker" in html  # who was observed
    assert html.index("Drafts") < html.index("Home visit") < html.index("Submitted")
    assert 'data-autosave-key-prefix="practiceweek.observation."' in html


def test_my_observations_has_clear_empty_states(observer_client):
    html = observer_client.get(reverse("observations:mine")).content.decode()
    assert "You have no drafts" in html
    assert "You have not submitted an observation yet" in html


def test_my_observations_shows_only_my_own(client, world, draft):
    client.force_login(UserFactory(role=Role.DIRECTOR))
    html = client.get(reverse("observations:mine")).content.decode()
    assert "You have no drafts" in html
    assert edit_url(draft) not in html


def test_my_observations_runs_a_fixed_number_of_queries(
    observer_client, world, django_assert_max_num_queries
):
    def one_of_each() -> None:
        start(world)
        done = start(world)
        observer_client.post(edit_url(done), complete(world, done, submit="1"))

    one_of_each()
    with django_assert_max_num_queries(10) as small:
        observer_client.get(reverse("observations:mine"))
    ceiling = len(small.captured_queries)  # read now: each request resets the query log
    for _ in range(5):
        one_of_each()
    with django_assert_max_num_queries(ceiling):
        response = observer_client.get(reverse("observations:mine"))
    assert response.content.decode().count("data-record-id") == 12


def test_logs_name_ids_and_events_never_what_was_written(observer_client, world, draft, caplog):
    caplog.set_level("DEBUG")
    observer_client.post(autosave_url(draft), form_data(draft, strengths=(TYPED,)))
    observer_client.post(edit_url(draft), complete(world, draft, version=2, submit="1"))
    assert f"observation {draft.pk} submitted by user {world.observer.pk}" in caplog.text
    assert TYPED not in caplog.text
    assert "Told Sam" not in caplog.text
