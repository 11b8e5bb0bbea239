"""E-mails of the observations app. Subjects and bodies carry a link, never case details (not
even the case reference, grade or setting): whoever reads the e-mail must log in."""

from datetime import datetime

from django.core.mail import send_mass_mail

from practiceweek.feedback import Message, feedback_notify, feedback_pending, letter, site_link
from practiceweek.models import RecordSource, User

from .models import Observation


def _link(observation_id: int) -> str:
    return site_link("observations:detail", pk=observation_id)


def _to_practitioner(person: User, link: str) -> Message:
    return letter(
        person,
        "Practice Week: feedback on your practice",
        "A senior manager observed your practice and left feedback for you. "
        "Please read and acknowledge it:",
        link,
    )


def observation_feedback_notify(*, observation_id: int) -> int:
    """E-mail each practitioner observed, and the team manager, a link to a submitted
    observation. Idempotent: once sent (`feedback_sent_at`), a duplicate delivery sends nothing."""
    observation = Observation.objects.select_related("team__manager").get(pk=observation_id)

    def letters(link: str) -> list[Message]:
        practitioners = list(observation.practitioners.all())
        messages = [_to_practitioner(p, link) for p in practitioners if p.email]
        manager = observation.team.manager
        if manager and manager.email and manager not in practitioners:
            messages.append(
                letter(
                    manager,
                    "Practice Week: feedback for your team",
                    "An observation of practice in your team has been submitted:",
                    link,
                )
            )
        return messages

    return feedback_notify(observation, link_name="observations:detail", letters=letters)


def observation_feedback_notify_added(*, observation_id: int, practitioner_ids: list[int]) -> int:
    """E-mail practitioners added to an observation after it was submitted (the first e-mail
    went before they were on it). Only those still on a submitted observation are told."""
    still_on = User.objects.filter(
        pk__in=practitioner_ids,
        observed_in__observation_id=observation_id,
        observed_in__observation__status=Observation.Status.SUBMITTED,
        observed_in__observation__source=RecordSource.APP,
    ).exclude(email="")
    link = _link(observation_id)
    return send_mass_mail([_to_practitioner(p, link) for p in still_on], fail_silently=False)


def observation_feedback_pending(*, now: datetime) -> list[int]:
    """Observations submitted in the app whose feedback e-mail has not gone: their ids, to
    queue again (practiceweek.feedback). Demo observations are never picked up."""
    return feedback_pending(Observation.objects.submitted().from_app(), now=now)
