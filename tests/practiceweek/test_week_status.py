"""A week moves planned → live → closed → reported; going live e-mails the visitors a link."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from practiceweek.models import PracticeWeek
from practiceweek.services import timetable_copy, week_advance_status
from practiceweek.tasks import week_timetable_notify_task
from tests.factories import PracticeWeekFactory, UserFactory, VisitFactory

pytestmark = pytest.mark.django_db
Status = PracticeWeek.Status


def test_status_moves_one_step_at_a_time():
    week = PracticeWeekFactory(status=Status.PLANNED)
    seen = [week_advance_status(week=week).status for _ in range(3)]
    assert seen == [Status.LIVE, Status.CLOSED, Status.REPORTED]
    week.refresh_from_db()
    assert week.status == Status.REPORTED


def test_reported_week_cannot_move_on():
    week = PracticeWeekFactory(status=Status.REPORTED)
    with pytest.raises(ValidationError, match="cannot move on"):
        week_advance_status(week=week)


def test_stale_status_is_refused():
    week = PracticeWeekFactory(status=Status.PLANNED)
    PracticeWeek.objects.filter(pk=week.pk).update(status=Status.LIVE)
    with pytest.raises(ValidationError, match="changed meanwhile"):
        week_advance_status(week=week)


def test_going_live_emails_each_visitor_a_link_and_no_case_details(
    django_capture_on_commit_callbacks,
):
    week = PracticeWeekFactory(status=Status.PLANNED, title="Spring practice week")
    visitor = UserFactory(email="hos@council.example", first_name="Priya")
    VisitFactory(week=week, visitor=visitor)
    VisitFactory(week=week, visitor=visitor, date=week.start_date.replace(day=24))
    with django_capture_on_commit_callbacks(execute=True):
        week_advance_status(week=week)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hos@council.example"]
    assert message.subject == "Practice week: your visits and calendar"  # no free text
    assert "http://127.0.0.1:8000/weeks/" in message.body


def test_no_email_before_the_transaction_commits(django_capture_on_commit_callbacks):
    week = PracticeWeekFactory(status=Status.PLANNED)
    VisitFactory(week=week)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        week_advance_status(week=week)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_notify_task_twice_sends_the_same_email_again():
    week = PracticeWeekFactory()
    VisitFactory(week=week)
    assert week_timetable_notify_task.delay(week.pk).get() == 1
    assert week_timetable_notify_task.delay(week.pk).get() == 1
    assert mail.outbox[0].subject == mail.outbox[1].subject


class TestTimetableCopy:
    def test_copies_visits_at_the_same_offset(self):
        source = VisitFactory().week
        VisitFactory(week=source, date=source.start_date.replace(day=25), session="am")
        target = PracticeWeekFactory(
            start_date=source.start_date.replace(month=12, day=7),
            end_date=source.start_date.replace(month=12, day=11),
        )
        result = timetable_copy(source=source, target=target)
        assert result.created == 2
        assert sorted(v.date.day for v in target.visits.all()) == [7, 9]

    def test_skips_clashes_and_days_outside_the_target(self):
        source = VisitFactory().week
        visitor = source.visits.get().visitor
        VisitFactory(week=source, visitor=visitor, date=source.start_date.replace(day=27))
        target = PracticeWeekFactory(
            start_date=source.start_date.replace(month=12, day=7),
            end_date=source.start_date.replace(month=12, day=10),
        )
        VisitFactory(week=target, visitor=visitor, date=target.start_date, session="pm")
        result = timetable_copy(source=source, target=target)
        assert (result.created, result.skipped_clash, result.skipped_outside) == (0, 1, 1)
        assert target.visits.count() == 1

    def test_copying_a_week_onto_itself_is_refused(self):
        week = PracticeWeekFactory()
        with pytest.raises(ValidationError, match="different week"):
            timetable_copy(source=week, target=week)
