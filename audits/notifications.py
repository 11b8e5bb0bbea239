"""E-mails of the audits app. Subjects and bodies carry a link, never case details (not even
the case reference): whoever reads the e-mail must log in to see anything about a child."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from .models import Audit, Escalation, EscalationRecipient


def _link(name: str, **kwargs: object) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def audit_feedback_notify(*, audit_id: int) -> int:
    """E-mail the allocated practitioner and the team manager a link to a submitted audit."""
    audit = Audit.objects.select_related("practitioner", "team__manager").get(pk=audit_id)
    if not audit.is_submitted:
        return 0
    link = _link("audits:detail", pk=audit.pk)
    messages = []
    practitioner, manager = audit.practitioner, audit.team.manager
    if practitioner and practitioner.email:
        messages.append(
            (
                "Practice Week: feedback on your work",
                f"Dear {practitioner.first_name or practitioner.username},\n\n"
                "A senior manager has audited one of your cases and left feedback for you. "
                f"Please read and acknowledge it:\n{link}\n",
                settings.DEFAULT_FROM_EMAIL,
                [practitioner.email],
            )
        )
    if manager and manager.email and manager != practitioner:
        messages.append(
            (
                "Practice Week: feedback for your team",
                f"Dear {manager.first_name or manager.username},\n\n"
                f"An audit of a case in your team has been submitted:\n{link}\n",
                settings.DEFAULT_FROM_EMAIL,
                [manager.email],
            )
        )
    return send_mass_mail(messages, fail_silently=False)


def escalation_notify(*, escalation_id: int) -> int:
    """E-mail every recipient who has not acknowledged yet; record when they were told."""
    escalation = Escalation.objects.get(pk=escalation_id)
    waiting = list(
        EscalationRecipient.objects.filter(
            escalation=escalation, acknowledged_at__isnull=True
        ).select_related("person")
    )
    link = _link("audits:escalations")
    messages = [
        (
            "Practice Week: an Inadequate audit needs your acknowledgement",
            f"Dear {r.person.first_name or r.person.username},\n\n"
            "An audit in a team you are responsible for was graded Inadequate. Please look at "
            f"it and acknowledge it today:\n{link}\n",
            settings.DEFAULT_FROM_EMAIL,
            [r.person.email],
        )
        for r in waiting
        if r.person.email
    ]
    sent = send_mass_mail(messages, fail_silently=False)
    EscalationRecipient.objects.filter(pk__in=[r.pk for r in waiting]).update(
        last_sent_at=timezone.now(), times_sent=F("times_sent") + 1
    )
    return sent
