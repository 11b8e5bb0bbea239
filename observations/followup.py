"""What follows a submitted observation: the feedback e-mail (after commit), each practitioner's
acknowledgement, and what children, parents and carers said (service-user feedback).

`submission_followup` is called inside the transaction that submits an observation.
"""

from django.core.exceptions import PermissionDenied, ValidationError

from practiceweek.anonymity import anonymity_errors
from practiceweek.feedback import acknowledge_once
from practiceweek.models import User
from practiceweek.queueing import enqueue_after_commit

from .access import can_acknowledge_observation, can_add_service_user_feedback
from .models import (
    TEXT_MAX_LENGTH,
    Observation,
    ObservationPractitioner,
    Rating,
    Relationship,
    ServiceUserFeedback,
)

CONSENT_REQUIRED = "Record their views only with their consent: tick to confirm they agreed."
CONSENT_LABEL = (
    "They agreed to their views being recorded and shared, and to their words being quoted, "
    "anonymised, in a report to councillors"
)
WORDS_REQUIRED = "Write down what they said, in their words."
RELATIONSHIP_REQUIRED = "Choose who gave this feedback."
RATING_REQUIRED = "Choose how they felt the worker treated them."


def submission_followup(*, observation: Observation) -> None:
    """Tell the practitioners observed and their team manager, after commit."""
    from .tasks import observation_feedback_notify_task  # noqa: PLC0415  (tasks import followup)

    enqueue_after_commit(observation_feedback_notify_task, observation.pk)


def practitioners_added_followup(*, observation: Observation, practitioner_ids: list[int]) -> None:
    """Tell the practitioners added to a submitted observation, after commit."""
    from .tasks import observation_feedback_notify_added_task  # noqa: PLC0415  (a cycle)

    enqueue_after_commit(observation_feedback_notify_added_task, observation.pk, practitioner_ids)


# --- The practitioners' side: acknowledging the feedback, each on their own. ---


def observed_row(*, observation: Observation, person: User) -> ObservationPractitioner | None:
    """The person's own row among those observed, or None. No query when `observed` is
    prefetched (observations.selectors.observation_reading_queryset), one otherwise."""
    return next((r for r in observation.observed.all() if r.practitioner_id == person.pk), None)


def observation_acknowledge(
    *, observation: Observation, person: User, reflection: str
) -> ObservationPractitioner:
    """Record that one practitioner observed has read the feedback, with their reflection.

    Each practitioner acknowledges separately. Idempotent: once acknowledged, a second call
    changes nothing, not even the reflection. Raises PermissionDenied for anyone not observed
    (and for a draft) and ValidationError for a reflection over REFLECTION_MAX_LENGTH characters
    (practiceweek.feedback).
    """
    row = observed_row(observation=observation, person=person)
    if row is None or not can_acknowledge_observation(person, observation):
        raise PermissionDenied("Only a practitioner observed acknowledges this feedback.")
    return acknowledge_once(row, reflection=reflection)


# --- What a child, parent or carer said after the observation. ---


def people_and_references(*, observation: Observation) -> tuple[list[str], list[str]]:
    """The names that must not appear in what is written about an observation (the allocated
    worker, the observer, the practitioners observed, the team's members and managers) and its
    case reference. Three queries at most."""
    people: list[User | None] = [observation.observer]
    people += [row.practitioner for row in observation.observed.select_related("practitioner")]
    case_file = observation.case_file
    if case_file is not None:
        people.append(case_file.allocated_worker)
    team = observation.team
    people += [team.manager, team.service_manager, *team.members.all()]
    names = {p.get_full_name() for p in people if p is not None}
    references = [case_file.case_reference] if case_file is not None else []
    return sorted(n for n in names if n.strip()), references


def service_user_feedback_add(
    *,
    observation: Observation,
    person: User,
    relationship: str,
    consent_given: bool,
    words: str,
    rating: int,
    anonymised_confirmed: bool = False,
) -> ServiceUserFeedback:
    """Record what a child, parent or carer said, on a draft or submitted observation.

    The case file is copied from the observation (None when it names no case). Raises
    PermissionDenied for anyone but the observer or a QA administrator, and ValidationError
    (by field) without consent, without words, with words over TEXT_MAX_LENGTH characters,
    or with an unknown relationship or rating: nothing is saved then.

    The words are checked for what may identify the family (practiceweek.anonymity): the case
    reference, the names of anyone on the case or in the team, a date of birth, a phone
    number, an e-mail address or an NHS number are refused beside `words` whatever
    `anonymised_confirmed` says; what only looks like a name, an address or a date is refused
    unless `anonymised_confirmed` (the observer ticked that they checked), which is stored.
    """
    if not can_add_service_user_feedback(person, observation):
        raise PermissionDenied("Only the observer records what service users said.")
    words = words.strip()
    errors: dict[str, str | list[str]] = {}
    if relationship not in Relationship.values:
        errors["relationship"] = RELATIONSHIP_REQUIRED
    if consent_given is not True:
        errors["consent_given"] = CONSENT_REQUIRED
    if not words:
        errors["words"] = WORDS_REQUIRED
    elif len(words) > TEXT_MAX_LENGTH:
        errors["words"] = f"Keep their words to {TEXT_MAX_LENGTH} characters."
    if rating not in Rating.values:
        errors["rating"] = RATING_REQUIRED
    if "words" not in errors:
        names, references = people_and_references(observation=observation)
        found = anonymity_errors(
            fields={"words": words},
            confirmed=anonymised_confirmed,
            names=[*names, person.get_full_name()],
            case_references=references,
            require_confirmation=False,
        )
        if found:
            errors["words"] = found["words"]
    if errors:
        raise ValidationError(errors)
    return ServiceUserFeedback.objects.create(
        observation=observation,
        case_file_id=observation.case_file_id,
        relationship=relationship,
        consent_given=True,
        words=words,
        rating=rating,
        recorded_by=person,
        anonymised_confirmed=anonymised_confirmed,
    )
