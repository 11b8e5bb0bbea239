"""E-mails of the observations app. Subjects and bodies carry a link, never case details (not
even the case reference, grade or setting): whoever reads the e-mail must log in."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import timezone

from practiceweek.models import RecordSource, User
from practiceweek.notifications import sweep_since

from .models import Observation

FEEDBACK_SWEEP_AFTER = timedelta(minutes=5)
Message = tuple[str, str, str, list[str]]


def _link(observation_id: int) -> str:
    return settings.SITE_URL + reverse("observations:detail", kwargs={"pk": observation_id})


def _to_practitioner(person: User, link: str) -> Message:
    return (
        "Practice Week: feedback on your practice",
        f"Dear {person.first_name or person.username},\n\n"
        "A senior manager observed your practice and left feedback for you. "
        f"Please read and acknowledge it:\n{link}\n",
        settings.DEFAULT_FROM_EMAIL,
        [person.email],
    )


def observation_feedback_notify(*, observation_id: int) -> int:
    """E-mail each practitioner observed, and the team manager, a link to a submitted
    observation. Idempotent: once sent (`feedback_sent_at`), a duplicate delivery sends nothing."""
    observation = Observation.objects.select_related("team__manager").get(pk=observation_id)
    if not observation.is_submitted or observation.feedback_sent_at or not observation.is_from_app:
        return 0  # a draft, a duplicate delivery, or demo data: nobody is told
    link = _link(observation.pk)
    practitioners = list(observation.practitioners.all())
    messages = [_to_practitioner(p, link) for p in practitioners if p.email]
    manager = observation.team.manager
    if manager and manager.email and manager not in practitioners:
        messages.append(
            (
                "Practice Week: feedback for your team",
                f"Dear {manager.first_name or manager.username},\n\n"
                f"An observation of practice in your team has been submitted:\n{link}\n",
                settings.DEFAULT_FROM_EMAIL,
                [manager.email],
            )
        )
    sent = send_mass_mail(messages, fail_silently=False)
    Observation.objects.filter(pk=observation.pk).update(feedback_sent_at=timezone.now())
    return sent


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
    """Observations submitted in the app within NOTIFY_SWEEP_DAYS whose feedback e-mail has not
    gone after a few minutes: their ids. Demo observations are never picked up."""
    return list(
        Observation.objects.submitted()
        .from_app()
        .filter(
            feedback_sent_at__isnull=True,
            submitted_at__gte=sweep_since(now),
            submitted_at__lt=now - FEEDBACK_SWEEP_AFTER,
        )
        .values_list("pk", flat=True)
    )
