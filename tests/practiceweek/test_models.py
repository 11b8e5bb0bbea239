"""Database constraints: the rules hold even when code forgets them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from audits.models import CaseAction
from practiceweek.models import Session, Team, User, person_field
from reports.models import ReportBuild
from tests.factories import (
    CaseFileFactory,
    PracticeWeekFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 23)


def test_week_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeWeekFactory(start_date=DAY, end_date=date(2026, 11, 22))


def test_week_may_span_two_weeks():
    week = PracticeWeekFactory(start_date=DAY, end_date=date(2026, 12, 4))
    assert (week.end_date - week.start_date).days == 11


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (Session.MORNING, Session.MORNING),
        (Session.MORNING, Session.ALL_DAY),
        (Session.ALL_DAY, Session.AFTERNOON),
        (Session.ALL_DAY, Session.ALL_DAY),
    ],
)
def test_visitor_cannot_be_booked_twice_in_one_half_day(first, second):
    visit = VisitFactory(date=DAY, session=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(week=visit.week, visitor=visit.visitor, date=DAY, session=second)


def test_morning_and_afternoon_in_two_teams_is_fine():
    visit = VisitFactory(date=DAY, session=Session.MORNING)
    VisitFactory(week=visit.week, visitor=visit.visitor, date=DAY, session=Session.AFTERNOON)
    assert visit.visitor.visits.count() == 2


def test_clash_message_is_readable_in_forms():
    visit = VisitFactory(date=DAY, session=Session.ALL_DAY)
    clash = VisitFactory.build(
        week=visit.week, visitor=visit.visitor, team=visit.team, date=DAY, session=Session.MORNING
    )
    with pytest.raises(ValidationError) as excinfo:
        clash.validate_constraints()
    assert "already booked that morning" in str(excinfo.value)


def test_case_reference_is_unique():
    CaseFileFactory(case_reference="NB100001")
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFileFactory(case_reference="NB100001", team=TeamFactory())


def test_open_file_cannot_have_a_closed_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFileFactory(is_open=True, closed_on=DAY)


def test_file_cannot_close_before_it_opens():
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFileFactory(is_open=False, opened_on=DAY, closed_on=date(2026, 1, 1))


def test_team_names_are_unique_within_a_service_only():
    team = TeamFactory(name="Assessment Team")
    TeamFactory(name="Assessment Team")  # another service
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamFactory(name="Assessment Team", service=team.service)


def test_person_cannot_line_manage_themselves():
    person = UserFactory()
    person.line_manager = person
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()


def test_a_person_field_forgets_a_deleted_account_unless_told_to_keep_it():
    forgets, keeps = (
        person_field(related_name="x", help_text="Why."),
        person_field(on_delete=models.PROTECT),
    )
    assert (forgets.null, forgets.blank, forgets.help_text) == (True, True, "Why.")
    assert forgets.remote_field.on_delete is models.SET_NULL
    assert keeps.remote_field.on_delete is models.PROTECT and keeps.remote_field.related_name == "+"
    manager = UserFactory()
    team = TeamFactory(manager=manager)
    manager.delete()
    team.refresh_from_db()
    assert team.manager is None
    assert Team._meta.get_field("manager").related_model is User
    assert CaseAction._meta.get_field("completed_by").remote_field.on_delete is models.SET_NULL
    assert ReportBuild._meta.get_field("published_by").remote_field.on_delete is models.PROTECT
