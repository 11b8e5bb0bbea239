"""What children, parents and carers said after an observation: recorded by the observer (or a
QA administrator) with consent, never a name, shown to the practitioner."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from observations.followup import CONSENT_REQUIRED, service_user_feedback_add
from observations.models import TEXT_MAX_LENGTH, Observation, ServiceUserFeedback
from practiceweek.models import Role, Team, User
from tests.factories import (
    CaseFileFactory,
    ObservationFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

WORDS = "She listened to me and explained what happens next."
VALID = {"relationship": "mother", "consent_given": "on", "words": WORDS, "rating": "4"}


@pytest.fixture
def team() -> Team:
    return TeamFactory(name="Brambles", manager=UserFactory(role=Role.TEAM_MANAGER))


@pytest.fixture
def worker(team) -> User:
    return UserFactory(teams=[team])


@pytest.fixture
def observation(team, worker) -> Observation:
    return ObservationFactory(
        submitted=True,
        team=team,
        practitioners=[worker],
        case_file=CaseFileFactory(team=team, case_reference="CR-7001"),
    )


def _url(observation: Observation) -> str:
    return reverse("observations:feedback_add", args=[observation.pk])


def _post(client, person: User, observation: Observation, **changes):
    client.force_login(person)
    data = {**VALID, **changes}
    return client.post(_url(observation), {k: v for k, v in data.items() if v is not None})


def _flat(response) -> str:
    return " ".join(response.content.decode().split())


def test_form_offers_relationship_consent_words_and_rating_in_words(client, observation):
    client.force_login(observation.observer)
    response = client.get(_url(observation))
    assert response.status_code == 200
    html = _flat(response)
    assert '<legend class="form-label requiredField fs-6"> Who gave this feedback' in html
    assert 'name="relationship" value="carer" id="id_relationship_3" required>' in html
    assert 'class="form-check-label"> Foster carer or other carer </label>' in html
    assert 'type="checkbox" name="consent_given"' in html
    assert "They agreed to their views being recorded and shared" in html
    assert '<textarea name="words"' in html
    assert "How they felt the worker treated them" in html
    for value, words in [(5, "Very well"), (4, "Well"), (3, "Okay"), (2, "Not well"), (1, "Badly")]:
        assert f'name="rating" value="{value}"' in html
        assert f'class="form-check-label"> {words} </label>' in html
    assert "Never write a name." in html


def test_observer_records_feedback_and_returns_to_the_observation(client, observation):
    response = _post(client, observation.observer, observation)
    assert response.status_code == 302
    assert response.url == reverse("observations:detail", args=[observation.pk])
    feedback = ServiceUserFeedback.objects.get()
    assert feedback.observation == observation
    assert feedback.case_file == observation.case_file  # copied from the observation
    assert feedback.relationship == "mother"
    assert feedback.consent_given is True
    assert feedback.words == WORDS
    assert feedback.rating == 4
    assert feedback.recorded_by == observation.observer
    page = client.get(response.url).content.decode()
    assert "Their feedback is saved with the observation." in page
    assert WORDS in page


def test_feedback_on_a_draft_returns_to_the_draft_form(client, team, worker):
    draft = ObservationFactory(team=team, practitioners=[worker])
    response = _post(client, draft.observer, draft)
    assert response.status_code == 302
    assert response.url == reverse("observations:edit", args=[draft.pk])
    feedback = ServiceUserFeedback.objects.get()
    assert feedback.observation == draft
    assert feedback.case_file is None  # the draft names no case


def test_qa_admin_may_record_feedback(client, observation, qa_admin):
    assert _post(client, qa_admin, observation).status_code == 302
    assert ServiceUserFeedback.objects.get().recorded_by == qa_admin


def test_feedback_without_consent_is_refused_and_the_words_kept(client, observation):
    response = _post(client, observation.observer, observation, consent_given=None)
    assert response.status_code == 400
    html = _flat(response)
    # Beside the box (announced with it), and in the summary at the top.
    assert f'<span id="error_1_id_consent_given"><strong>{CONSENT_REQUIRED}</strong></span>' in html
    assert 'aria-describedby="id_consent_given_helptext id_consent_given_error"' in html
    assert f'<li><a href="#id_consent_given">{CONSENT_REQUIRED}</a></li>' in html
    assert WORDS in html
    assert 'value="mother" id="id_relationship_1" required checked>' in html
    assert 'value="4" id="id_rating_1" required checked>' in html
    assert not ServiceUserFeedback.objects.exists()


def test_feedback_without_words_is_refused(client, observation):
    response = _post(client, observation.observer, observation, words="   ")
    assert response.status_code == 400
    assert "Write down what they said, in their words." in response.content.decode()
    assert not ServiceUserFeedback.objects.exists()


def test_feedback_over_the_length_limit_is_refused_and_kept(client, observation):
    words = "word " * (TEXT_MAX_LENGTH // 5) + "and then some more"
    response = _post(client, observation.observer, observation, words=words)
    assert response.status_code == 400
    html = response.content.decode()
    assert f"at most {TEXT_MAX_LENGTH} characters" in html
    assert "and then some more" in html
    assert not ServiceUserFeedback.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rating", "9", "Choose how they felt the worker treated them."),
        ("rating", None, "Choose how they felt the worker treated them."),
        ("relationship", "neighbour", "Choose who gave this feedback."),
        ("relationship", None, "Choose who gave this feedback."),
    ],
)
def test_unknown_or_missing_choices_are_refused(client, observation, field, value, message):
    response = _post(client, observation.observer, observation, **{field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count(message) == 2  # beside the choices and in the summary
    assert WORDS in html
    assert not ServiceUserFeedback.objects.exists()


def test_empty_post_is_refused_not_shown_as_a_blank_form(client, observation):
    client.force_login(observation.observer)
    response = client.post(_url(observation), {})
    assert response.status_code == 400
    assert "There is a problem: nothing was saved" in response.content.decode()


def test_service_refuses_feedback_without_consent(observation):
    with pytest.raises(ValidationError) as caught:
        service_user_feedback_add(
            observation=observation,
            person=observation.observer,
            relationship="child",
            consent_given=False,
            words=WORDS,
            rating=5,
        )
    assert caught.value.message_dict == {"consent_given": [CONSENT_REQUIRED]}
    assert not ServiceUserFeedback.objects.exists()


def test_service_refuses_anyone_but_the_observer_or_qa(observation, worker):
    with pytest.raises(PermissionDenied):
        service_user_feedback_add(
            observation=observation,
            person=worker,
            relationship="child",
            consent_given=True,
            words=WORDS,
            rating=5,
        )
    assert not ServiceUserFeedback.objects.exists()


def test_the_practitioner_reads_the_feedback_without_any_name(client, observation, worker):
    _post(client, observation.observer, observation, relationship="kinship", rating="2")
    client.force_login(worker)
    html = client.get(reverse("observations:detail", args=[observation.pk])).content.decode()
    assert "Kinship carer (family or friend)" in html
    assert "<strong>Not well</strong>" in html
    assert WORDS in html
    assert str(observation.observer) + "</dd>" in html  # the observer is named, the family not


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("practitioner", 403),
        ("manager", 403),
        ("other_manager", 404),
        ("colleague", 404),
        ("scrutiny", 403),
    ],
)
def test_others_may_not_record_feedback(client, observation, team, worker, who, status):
    person = {
        "practitioner": worker,
        "manager": team.manager,
        "other_manager": TeamFactory(manager=UserFactory(role=Role.TEAM_MANAGER)).manager,
        "colleague": UserFactory(teams=[team]),
        "scrutiny": UserFactory(role=Role.SCRUTINY_MEMBER),
    }[who]
    client.force_login(person)
    assert client.get(_url(observation)).status_code == status
    assert client.post(_url(observation), VALID).status_code == status
    assert not ServiceUserFeedback.objects.exists()


def test_anonymous_is_sent_to_log_in(client, observation):
    response = client.post(_url(observation), VALID)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")
    assert not ServiceUserFeedback.objects.exists()


def test_free_text_stays_out_of_the_logs(client, observation, caplog):
    _post(client, observation.observer, observation, consent_given=None)
    _post(client, observation.observer, observation)
    assert WORDS not in caplog.text


# --- Issue 9: the words are checked for what identifies the family before they are saved -----

JAYDEN = (
    "Jayden Smith (case CR-7001, born 03/04/2015, 14 Elm Road NB1 2AB, 07700 900123) said she "
    "listened."
)


def _words_errors(response) -> list[str]:
    return list(response.context["form"].errors.get("words", []))


def test_the_consent_says_the_words_may_be_quoted_anonymised_to_councillors(client, observation):
    client.force_login(observation.observer)
    html = _flat(client.get(_url(observation)))
    assert (
        "They agreed to their views being recorded and shared, and to their words being quoted, "
        "anonymised, in a report to councillors" in html
    )
    assert 'type="checkbox" name="anonymised_confirmed"' in html
    assert "I have checked this is anonymised" in html


def test_clean_words_are_saved_without_the_tick(client, observation):
    response = _post(client, observation.observer, observation)
    assert response.status_code == 302
    assert ServiceUserFeedback.objects.get().anonymised_confirmed is False


@pytest.mark.parametrize("tick", [None, "on"])
def test_the_jayden_example_is_refused_beside_the_words_and_kept_on_screen(
    client, observation, tick
):
    response = _post(
        client, observation.observer, observation, words=JAYDEN, anonymised_confirmed=tick
    )

    assert response.status_code == 400
    errors = _words_errors(response)
    assert errors[0].startswith(
        "Take out the case reference “CR-7001”, a date of birth “03/04/2015” and a phone number "
        "“07700 900123”:"
    )
    if tick:  # the tick lets the heuristic findings through, never the exact ones
        assert len(errors) == 1
    else:
        assert errors[1].startswith(
            "Check what looks like a name “Jayden Smith”, an address “14 Elm Road” and a "
            "postcode “NB1 2AB”: it may identify someone."
        )
    html = _flat(response)
    assert 'aria-describedby="id_words_helptext id_words_error"' in html  # beside the field
    assert "Jayden Smith (case CR-7001, born 03/04/2015" in html  # the text stays on screen
    assert not ServiceUserFeedback.objects.exists()


@pytest.mark.parametrize(
    "words",
    [
        "Jayden Smith was kind to us.",
        "She came to 14 Elm Road every week.",
        "We met at NB1 2AB.",
        "Since 12 March 2026 things are better.",
    ],
)
def test_the_tick_lets_what_only_looks_identifying_through(client, observation, words):
    refused = _post(client, observation.observer, observation, words=words)
    assert refused.status_code == 400
    assert "Take it out, or tick “I have checked this is anonymised”" in _words_errors(refused)[0]
    assert not ServiceUserFeedback.objects.exists()

    saved = _post(client, observation.observer, observation, words=words, anonymised_confirmed="on")

    assert saved.status_code == 302
    feedback = ServiceUserFeedback.objects.get()
    assert (feedback.words, feedback.anonymised_confirmed) == (words, True)
    assert feedback.recorded_by == observation.observer  # who confirmed it, and when: recorded_at


@pytest.mark.parametrize(
    ("who", "found"),
    [
        ("practitioner", "the name"),
        ("observer", "the name"),
        ("allocated_worker", "the name"),
        ("team_member", "the name"),
        ("team_manager", "the name"),
        ("case_reference", "the case reference “cr-7001”"),
        ("phone", "a phone number “0191 496 0000”"),
        ("email", "an e-mail address “mum@example.org”"),
        ("date_of_birth", "a date of birth “1 May 2016”"),
        ("nhs_number", "an NHS number “943 476 5919”"),
    ],
)
def test_exact_findings_are_refused_even_with_the_tick(client, observation, worker, who, found):
    observation.case_file.allocated_worker = UserFactory(first_name="Ada", last_name="Okafor")
    observation.case_file.save()
    person = {
        "practitioner": worker,
        "observer": observation.observer,
        "allocated_worker": observation.case_file.allocated_worker,
        "team_member": UserFactory(teams=[observation.team], first_name="Bea", last_name="Ruiz"),
        "team_manager": observation.team.manager,
    }.get(who)
    words = {
        "case_reference": "About cr-7001, she said it was fine.",
        "phone": "Ring me on 0191 496 0000, she said.",
        "email": "Write to mum@example.org, she said.",
        "date_of_birth": "My son (born 1 May 2016) liked her.",
        "nhs_number": "His NHS number is 943 476 5919.",
    }.get(who) or f"{person.get_full_name()} was kind to us."

    response = _post(
        client, observation.observer, observation, words=words, anonymised_confirmed="on"
    )

    assert response.status_code == 400
    errors = _words_errors(response)
    expected = f"{found} “{person.get_full_name()}”" if person else found
    assert errors[0].startswith(f"Take out {expected}:")
    assert not ServiceUserFeedback.objects.exists()


def test_the_service_refuses_a_known_name_and_stores_nothing(observation, worker):
    with pytest.raises(ValidationError) as caught:
        service_user_feedback_add(
            observation=observation,
            person=observation.observer,
            relationship="child",
            consent_given=True,
            words=f"{worker.first_name} helped me.",
            rating=5,
            anonymised_confirmed=True,
        )
    assert caught.value.message_dict["words"][0].startswith(
        f"Take out the name “{worker.first_name}”:"
    )
    assert not ServiceUserFeedback.objects.exists()


def test_others_still_may_not_record_identifying_words(client, observation, worker):
    client.force_login(worker)
    response = client.post(_url(observation), {**VALID, "words": JAYDEN})
    assert response.status_code == 403
    assert not ServiceUserFeedback.objects.exists()
