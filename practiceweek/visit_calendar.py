"""A visitor's timetable as words (the going-live e-mail) and as an iCalendar file (.ics).

Only what a visitor needs to turn up: day, half-day and hours, team, address, purpose and who
meets them. Never a case or a child: visits carry none.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Team, User, Visit
from .scheduling import SESSION_HOURS

ICS_FILENAME = "practice-week-visits.ics"
ICS_MIMETYPE = "text/calendar; charset=utf-8; method=PUBLISH"
NO_CONTACT = "not arranged yet: ask the team manager"
NO_ADDRESS = "not recorded: ask the team manager"


@dataclass(frozen=True)
class VisitLine:
    """One visit, said plainly: what the e-mail lists and each calendar event holds."""

    pk: int
    day: date
    session: str  # "Morning", "Afternoon", "All day"
    start: datetime  # aware, settings.TIME_ZONE
    end: datetime
    team: str  # "Brambles (Social Work)"
    address: str
    purpose: str  # "Audit case files", ...
    meets: str  # who meets the visitor

    def as_text(self) -> str:
        return (
            f"- {self.day:%A} {self.day.day} {self.day:%B %Y}, {self.session.lower()} "
            f"({self.start:%H:%M}-{self.end:%H:%M}): {self.team}\n"
            f"  Address: {self.address}\n"
            f"  Purpose: {self.purpose}\n"
            f"  Who meets you: {self.meets}\n"
        )


def _address(team: Team) -> str:
    return ", ".join(part for part in (team.base, team.address) if part.strip()) or NO_ADDRESS


def _person(person: User | None) -> str:
    if person is None:
        return NO_CONTACT
    name = person.get_full_name() or person.username
    return f"{name}, {person.job_title}" if person.job_title else name


def visit_lines(visits: Iterable[Visit]) -> list[VisitLine]:
    """The visits in time order. Each visit's team (with its service) and contact should be
    loaded with it (`select_related`), or this queries once per visit."""
    zone = ZoneInfo(settings.TIME_ZONE)
    lines = []
    for visit in visits:
        opens, closes = SESSION_HOURS[visit.session]
        lines.append(
            VisitLine(
                pk=visit.pk,
                day=visit.date,
                session=visit.get_session_display(),
                start=datetime.combine(visit.date, opens, tzinfo=zone),
                end=datetime.combine(visit.date, closes, tzinfo=zone),
                team=f"{visit.team.name} ({visit.team.service.name})",
                address=_address(visit.team),
                purpose=visit.get_purpose_display(),
                meets=_person(visit.contact),
            )
        )
    return sorted(lines, key=lambda line: (line.start, line.team))


def visits_ics(lines: list[VisitLine], *, link: str) -> bytes:
    """An iCalendar file with one event per visit. Each event's UID is the visit's, so a
    second e-mail (a retry, a re-sent timetable) updates the events instead of adding more."""
    host = urlsplit(settings.SITE_URL).hostname or "practiceweek"
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.COUNCIL_NAME}//Practice Week//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    stamp = timezone.now()
    for line in lines:
        event = Event()
        event.add("uid", f"visit-{line.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", line.start)
        event.add("dtend", line.end)
        event.add("summary", f"Practice week: {line.purpose}, {line.team}")
        event.add("location", line.address)
        event.add("description", f"Who meets you: {line.meets}\nYour timetable: {link}")
        calendar.add_component(event)
    if lines:
        # VTIMEZONE for the span of the visits only: a short file, right on every client.
        first, last = lines[0].day, max(line.day for line in lines)
        calendar.add_missing_timezones(
            first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
        )
    return calendar.to_ical()
