"""E-mails of the core app. Subjects and bodies carry links, never case details."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse

from .models import PracticeWeek, User


def sweep_since(now: datetime) -> datetime:
    """The oldest moment a beat job still e-mails about: NOTIFY_SWEEP_DAYS before `now`.

    Sweepers exist to recover an e-mail lost at submit (broker down) and to remind; work
    older than this (history, an old database restored) is never swept, so never a storm.
    """
    return now - timedelta(days=settings.NOTIFY_SWEEP_DAYS)


def week_timetable_notify(*, week_id: int) -> int:
    """Send each visitor of the week a link to their own timetable; returns e-mails sent.

    Idempotence: a retry may resend, which is harmless (the same link again); the e-mail says
    nothing that changes between sends.
    """
    week = PracticeWeek.objects.get(pk=week_id)
    visitors = User.objects.filter(visits__week=week, is_active=True).exclude(email="").distinct()
    link = settings.SITE_URL + reverse("home")
    week_link = settings.SITE_URL + week.get_absolute_url()
    messages = [
        (
            f"Practice week: your timetable for {week.title}",
            f"Dear {person.first_name or person.username},\n\n"
            f"{week.title} is now live. Your visits are on your home page:\n{link}\n\n"
            f"The whole timetable:\n{week_link}\n",
            settings.DEFAULT_FROM_EMAIL,
            [person.email],
        )
        for person in visitors
    ]
    return send_mass_mail(messages, fail_silently=False)
