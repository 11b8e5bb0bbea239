"""E-mails of the audits app. Subjects and bodies carry a link, never case details (not even
the case reference): whoever reads the e-mail must log in to see anything about a child."""

import logging
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers, send_mass_mail
from django.db.models import F, Q
from django.template.defaultfilters import pluralize
from django.utils import timezone

from practiceweek.feedback import Message, feedback_notify, feedback_pending, letter, site_link
from practiceweek.models import RecordSource, User

from .models import Audit, CaseAction, Escalation, EscalationRecipient


def audit_feedback_notify(*, audit_id: int) -> int:
    """E-mail the allocated practitioner and the team manager a link to a submitted audit."""
    audit = Audit.objects.select_related("practitioner", "team__manager").get(pk=audit_id)
    practitioner, manager = audit.practitioner, audit.team.manager

    def letters(link: str) -> list[Message]:
        messages = []
        if practitioner and practitioner.email:
            messages.append(
                letter(
                    practitioner,
                    "Practice Week: feedback on your work",
                    "A senior manager has audited one of your cases and left feedback for you. "
                    "Please read and acknowledge it:",
                    link,
                )
            )
        if manager and manager.email and manager != practitioner:
            messages.append(
                letter(
                    manager,
                    "Practice Week: feedback for your team",
                    "An audit of a case in your team has been submitted:",
                    link,
                )
            )
        return messages

    return feedback_notify(audit, link_name="audits:detail", letters=letters)


def audit_feedback_pending(*, now: datetime) -> list[int]:
    """Audits submitted in the app whose feedback e-mail has not gone: their ids, to queue
    again (practiceweek.feedback). Imported and demo audits are never picked up."""
    return feedback_pending(Audit.objects.submitted().from_app(), now=now)


def escalation_notify(*, escalation_id: int) -> int:
    """E-mail every recipient who has not acknowledged yet; record when they were told.
    An escalation of an imported or demo audit e-mails nobody."""
    escalation = Escalation.objects.select_related("audit").get(pk=escalation_id)
    if not escalation.audit.is_from_app:
        return 0
    waiting = list(
        EscalationRecipient.objects.filter(
            escalation=escalation, acknowledged_at__isnull=True
        ).select_related("person")
    )
    link = site_link("audits:escalations")
    messages = [
        letter(
            r.person,
            # No grade either: the subject line shows on lock screens and in shared inboxes.
            "Practice Week: an escalated audit needs your acknowledgement",
            "An audit in a team you are responsible for has been escalated to you. Please look "
            "at it and acknowledge it today:",
            link,
        )
        for r in waiting
        if r.person.email
    ]
    sent = send_mass_mail(messages, fail_silently=False)
    EscalationRecipient.objects.filter(pk__in=[r.pk for r in waiting]).update(
        last_sent_at=timezone.now(), times_sent=F("times_sent") + 1
    )
    return sent


# --- Beat jobs: reminders of unacknowledged escalations, overdue case actions. ---

logger = logging.getLogger(__name__)


def _send(*, subject: str, body: str, to: str) -> int:
    return mailers.default.send_messages(
        [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])]
    )


def escalations_resend_due(*, now: datetime) -> int:
    """Remind each manager who has not acknowledged an escalation and was last told more than
    ESCALATION_RESEND_HOURS before `now` (or never). Returns the number of e-mails sent.

    Only escalations of audits done in the app (imports and the demo never e-mail). Unlike
    the feedback sweepers there is no NOTIFY_SWEEP_DAYS window: an Inadequate file is reminded
    about until someone responsible acknowledges it, however long that takes.

    Idempotent: a reminded manager is not due again until the hours pass once more. Each row is
    updated right after its own e-mail, so a failure part-way re-sends only to the rest.
    """
    cutoff = now - timedelta(hours=settings.ESCALATION_RESEND_HOURS)
    due = (
        EscalationRecipient.objects.filter(acknowledged_at__isnull=True)
        .filter(escalation__audit__source=RecordSource.APP)
        .filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lt=cutoff))
        .exclude(person__email="")
        .select_related("person")
        .order_by("pk")
    )
    link = site_link("audits:escalations")
    sent = 0
    for recipient in due:
        person = recipient.person
        sent += _send(
            subject="Practice Week: reminder, an escalated audit still needs your acknowledgement",
            body=f"Dear {person.first_name or person.username},\n\n"
            "An audit in a team you are responsible for was escalated to you and has not been "
            f"acknowledged yet. Please look at it and acknowledge it today:\n{link}\n",
            to=person.email,
        )
        EscalationRecipient.objects.filter(pk=recipient.pk, acknowledged_at__isnull=True).update(
            last_sent_at=now, times_sent=F("times_sent") + 1
        )
    return sent


def _overdue_by_manager(today: date) -> dict[User, list[CaseAction]]:
    """Open actions of submitted audits past due and not flagged today, by who must be told:
    the team manager, or the service manager of a team without one. Only actions of audits
    done in the app (imported audits have none; demo ones are never e-mailed about). Unlike
    the feedback sweepers there is no NOTIFY_SWEEP_DAYS window: an action still open is still
    owed, and the digest is one e-mail per manager a day however many actions are late."""
    actions = (
        CaseAction.objects.overdue(today)
        .filter(audit__status=Audit.Status.SUBMITTED, audit__source=RecordSource.APP)
        .filter(Q(overdue_flagged_on__isnull=True) | Q(overdue_flagged_on__lt=today))
        .select_related("audit__team__manager", "audit__team__service_manager")
        .order_by("audit__team__name", "pk")
    )
    by_manager: dict[User, list[CaseAction]] = defaultdict(list)
    nobody: set[int] = set()
    for action in actions:
        team = action.audit.team
        manager = team.manager or team.service_manager
        if manager is None or not manager.email:
            nobody.add(team.pk)
            continue
        by_manager[manager].append(action)
    if nobody:
        logger.warning("Overdue case actions in teams %s have no manager to tell", sorted(nobody))
    return by_manager


def case_actions_flag_overdue(*, today: date) -> int:
    """E-mail each team manager ONE message saying how many of their teams' case actions are
    overdue, with a link to the team page, and mark those actions flagged `today`.

    Returns the number of e-mails sent. Idempotent: a second run the same day finds nothing to
    flag; the next day every action still overdue is flagged again. Counts only: no case details.
    """
    link = site_link("audits:team")
    sent = 0
    for manager, actions in _overdue_by_manager(today).items():
        per_team = Counter(a.audit.team.name for a in actions)
        lines = "\n".join(f"- {team}: {count}" for team, count in sorted(per_team.items()))
        total = len(actions)
        sent += _send(
            subject="Practice Week: case actions overdue in your team",
            body=f"Dear {manager.first_name or manager.username},\n\n"
            f"{total} case action{pluralize(total)} in your team{pluralize(len(per_team))} "
            f"{pluralize(total, 'is,are')} past the due date:\n{lines}\n\n"
            f"Please follow them up in supervision:\n{link}\n",
            to=manager.email,
        )
        CaseAction.objects.filter(pk__in=[a.pk for a in actions]).update(overdue_flagged_on=today)
    return sent
