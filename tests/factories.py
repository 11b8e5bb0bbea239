"""factory_boy factories: each builds a valid, minimal object."""

from datetime import date, timedelta

import factory
from factory.django import DjangoModelFactory

from practiceweek.models import (
    CaseFile,
    CaseType,
    PracticeWeek,
    Role,
    Service,
    Session,
    Team,
    Theme,
    User,
    Visit,
)

DEMO_MONDAY = date(2026, 11, 23)


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@council.example")
    role = Role.PRACTITIONER
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def teams(self, create: bool, extracted: list[Team] | None, **kwargs: object) -> None:
        if create and extracted:
            self.teams.set(extracted)


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Theme {n}")


class PracticeWeekFactory(DjangoModelFactory):
    class Meta:
        model = PracticeWeek
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Practice week {n}")
    slug = factory.Sequence(lambda n: f"week-{n}")
    start_date = DEMO_MONDAY
    end_date = factory.LazyAttribute(lambda w: w.start_date + timedelta(days=4))
    status = PracticeWeek.Status.LIVE

    @factory.post_generation
    def services(self, create: bool, extracted: list[Service] | None, **kwargs: object) -> None:
        if create and extracted:
            self.services.set(extracted)


class VisitFactory(DjangoModelFactory):
    class Meta:
        model = Visit

    week = factory.SubFactory(PracticeWeekFactory)
    visitor = factory.SubFactory(UserFactory, role=Role.SERVICE_MANAGER)
    team = factory.SubFactory(TeamFactory)
    date = factory.LazyAttribute(lambda v: v.week.start_date)
    session = Session.ALL_DAY
    purpose = Visit.Purpose.BOTH


class CaseFileFactory(DjangoModelFactory):
    class Meta:
        model = CaseFile

    case_reference = factory.Sequence(lambda n: f"CR{100000 + n}")
    case_type = CaseType.CIN
    team = factory.SubFactory(TeamFactory)
    is_open = True
