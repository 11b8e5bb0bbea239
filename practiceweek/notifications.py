"""E-mails of the core app. Subjects and bodies carry links and timetables, never case details."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.urls import reverse

from .models import PracticeWeek, User, Visit
from .visit_calendar import ICS_FILENAME, ICS_MIMETYPE, visit_lines, visits_ics


def sweep_since(now: datetime) -> datetime:
    """The oldest moment a beat job still e-mails about: NOTIFY_SWEEP_DAYS before `now`.

    Sweepers exist to recover an e-mail lost at submit (broker down) and to remind; work
    older than this (history, an old database restored) is never swept, so never a storm.
    """
    return now - timedelta(days=settings.NOTIFY_SWEEP_DAYS)


def week_timetable_notify(*, week_id: int) -> int:
    """Send each visitor of a week that has gone live their visits (day, half-day and hours,
    team, address, purpose, who meets them) with a calendar file of them; returns e-mails sent.

    The subject carries no free text (not even the week's title): it shows on lock screens.
    Idempotence: a retry may resend, which is harmless: the same visits again, and the calendar
    events keep their UIDs, so a calendar updates them instead of adding copies.
    """
    week = PracticeWeek.objects.get(pk=week_id)
    visits = (
        Visit.objects.filter(week=week, visitor__is_active=True)
        .exclude(visitor__email="")
        .select_related("visitor", "team__service", "contact")
    )
    by_visitor: dict[User, list[Visit]] = defaultdict(list)
    for visit in visits:
        by_visitor[visit.visitor].append(visit)
    home = settings.SITE_URL + reverse("home")
    week_link = settings.SITE_URL + week.get_absolute_url()
    messages = []
    for person, theirs in sorted(by_visitor.items(), key=lambda item: item[0].pk):
        lines = visit_lines(theirs)
        message = EmailMessage(
            "Practice week: your visits and calendar",
            f"Dear {person.first_name or person.username},\n\n"
            f"{week.title} is now live. Your visits:\n\n"
            + "\n".join(line.as_text() for line in lines)
            + f"\nThe attached calendar file ({ICS_FILENAME}) adds them to your calendar.\n\n"
            f"Your visits are also on your home page:\n{home}\n\n"
            f"The whole timetable:\n{week_link}\n",
            settings.DEFAULT_FROM_EMAIL,
            [person.email],
        )
        message.attach(ICS_FILENAME, visits_ics(lines, link=home), ICS_MIMETYPE)
        messages.append(message)
    return mailers.default.send_messages(messages) if messages else 0
