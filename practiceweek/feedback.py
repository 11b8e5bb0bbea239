"""The feedback loop of recorded work (audits, observations): the e-mail that tells people a
record was submitted, the sweeper that finds e-mails still unsent, and the practitioner's
acknowledgement with their reflection. Each app says only who is told and who acknowledges.

E-mails carry a link, never case details: whoever reads one must log in to see anything.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .models import User
from .notifications import sweep_since

REFLECTION_MAX_LENGTH = 4000  # characters: about a page, like an evidence box
FEEDBACK_SWEEP_AFTER = timedelta(minutes=5)

Message = tuple[str, str, str, list[str]]  # subject, body, from, to: send_mass_mail's shape


def site_link(name: str, **kwargs: object) -> str:
    """The full address of a page, for an e-mail."""
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def letter(person: User, subject: str, text: str, link: str) -> Message:
    """One e-mail to one person: "Dear <first name>", a sentence or two, then the link."""
    return (
        subject,
        f"Dear {person.first_name or person.username},\n\n{text}\n{link}\n",
        settings.DEFAULT_FROM_EMAIL,
        [person.email],
    )


class Submitted(Protocol):
    """A record whose submit sends feedback e-mails (Audit, Observation)."""

    pk: Any
    feedback_sent_at: datetime | None

    @property
    def is_submitted(self) -> bool: ...

    @property
    def is_from_app(self) -> bool: ...


def feedback_notify(
    record: Submitted, *, link_name: str, letters: Callable[[str], list[Message]]
) -> int:
    """Send the feedback e-mails of a submitted record once, then stamp `feedback_sent_at`.

    `letters` makes the e-mails given the link to the record (page `link_name`). Idempotent:
    a draft, a duplicate delivery (already sent) and imported or demo records send nothing.
    Returns the number of e-mails sent.
    """
    if not record.is_submitted or record.feedback_sent_at or not record.is_from_app:
        return 0
    sent = send_mass_mail(letters(site_link(link_name, pk=record.pk)), fail_silently=False)
    model = cast(models.Model, record)
    type(model)._default_manager.filter(pk=record.pk).update(feedback_sent_at=timezone.now())
    return sent


def feedback_pending(records: "models.QuerySet[models.Model]", *, now: datetime) -> list[int]:
    """The ids of submitted records (pass them filtered to those done in the app) whose
    feedback e-mail has not gone some minutes after their submit (broker down at submit, or
    the task failed for good), within NOTIFY_SWEEP_DAYS: to queue again."""
    return list(
        records.filter(
            feedback_sent_at__isnull=True,
            submitted_at__gte=sweep_since(now),
            submitted_at__lt=now - FEEDBACK_SWEEP_AFTER,
        ).values_list("pk", flat=True)
    )


def clean_reflection(reflection: str) -> str:
    """A practitioner's reflection as kept: trimmed, at most REFLECTION_MAX_LENGTH characters
    (else ValidationError on `reflection`)."""
    reflection = reflection.strip()
    if len(reflection) > REFLECTION_MAX_LENGTH:
        raise ValidationError(
            {"reflection": f"Keep your reflection to {REFLECTION_MAX_LENGTH} characters."}
        )
    return reflection


def acknowledge_once[R: models.Model](row: R, *, reflection: str) -> R:
    """Record that the feedback was read, with the reflection, once.

    One guarded UPDATE: two requests racing cannot both write, and a second call (double
    click, resent request) changes nothing, not even the reflection. It leaves the record's
    `version` alone, so the author's open edit is not refused because of it.
    """
    kept = clean_reflection(reflection)
    type(row)._default_manager.filter(pk=row.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), reflection=kept
    )
    row.refresh_from_db(fields=["acknowledged_at", "reflection"])
    return row
