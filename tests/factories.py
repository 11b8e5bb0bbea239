"""factory_boy factories: each builds a valid, minimal object."""

from datetime import UTC, date, datetime, timedelta

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


class AuditTemplateFactory(DjangoModelFactory):
    class Meta:
        model = "audits.AuditTemplate"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Case file audit {n}")
    version = 1
    is_current = True

    @factory.post_generation
    def sections(self, create: bool, extracted: int | None, **kwargs: object) -> None:
        """`AuditTemplateFactory(sections=3)` adds three graded sections."""
        if create and extracted:
            for order in range(1, extracted + 1):
                AuditSectionFactory(template=self, order=order)


class AuditSectionFactory(DjangoModelFactory):
    class Meta:
        model = "audits.AuditSection"

    template = factory.SubFactory(AuditTemplateFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Section {n}")
    question = "How good is it?"
    is_graded = True


class AuditFactory(DjangoModelFactory):
    """A practice-week audit of an open file; `submitted=True` gives a submitted Good audit."""

    class Meta:
        model = "audits.Audit"

    class Params:
        submitted = factory.Trait(
            status="submitted",
            overall_grade="good",
            submitted_at=factory.LazyFunction(lambda: datetime(2026, 11, 24, 10, tzinfo=UTC)),
        )

    audit_type = "practice_week"
    template = factory.SubFactory(AuditTemplateFactory)
    case_file = factory.SubFactory(CaseFileFactory)
    team = factory.LazyAttribute(lambda a: a.case_file.team)
    practitioner = factory.LazyAttribute(lambda a: a.case_file.allocated_worker)
    auditor = factory.SubFactory(UserFactory, role=Role.HEAD_OF_SERVICE)
    week = factory.SubFactory(PracticeWeekFactory)
    audited_on = factory.LazyAttribute(lambda a: a.week.start_date if a.week else DEMO_MONDAY)


class CaseActionFactory(DjangoModelFactory):
    class Meta:
        model = "audits.CaseAction"

    audit = factory.SubFactory(AuditFactory, submitted=True)
    description = "Update the chronology and discuss in supervision."
    owner = factory.SubFactory(UserFactory)
    due_on = DEMO_MONDAY + timedelta(days=14)


# --- Observations ------------------------------------------------------------------------------


class ObservationFrameworkFactory(DjangoModelFactory):
    """A framework; `ObservationFrameworkFactory(categories=3)` adds three categories."""

    class Meta:
        model = "observations.ObservationFramework"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Observation framework {n}")

    @factory.post_generation
    def categories(self, create: bool, extracted: int | None, **kwargs: object) -> None:
        if create and extracted:
            for order in range(1, extracted + 1):
                ObservationCategoryFactory(framework=self, order=order)


class ObservationCategoryFactory(DjangoModelFactory):
    class Meta:
        model = "observations.ObservationCategory"

    framework = factory.SubFactory(ObservationFrameworkFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Category {n}")
    prompts = "What did you see?\nWhat difference did it make?"


def _default_framework() -> object:
    from observations.models import ObservationFramework

    return ObservationFramework.objects.get(is_default=True)  # made by migration 0002


class ObservationFactory(DjangoModelFactory):
    """A draft observation in a live, graded week using the default framework.

    `ObservationFactory(practitioners=[a, b])` names who was observed (the model's rule that
    there is at least one is the services' job); `submitted=True` gives a submitted observation
    graded Good; `notes=True` adds an empty note per category of its framework.
    """

    class Meta:
        model = "observations.Observation"
        skip_postgeneration_save = True

    class Params:
        submitted = factory.Trait(
            status="submitted",
            overall_grade=factory.LazyAttribute(lambda o: "good" if o.is_graded else ""),
            feedback_given=True,
            submitted_at=factory.LazyFunction(lambda: datetime(2026, 11, 24, 10, tzinfo=UTC)),
        )

    week = factory.SubFactory(PracticeWeekFactory)
    visit = None
    framework = factory.LazyFunction(_default_framework)
    is_graded = factory.LazyAttribute(lambda o: o.week.observations_graded)
    observer = factory.SubFactory(UserFactory, role=Role.HEAD_OF_SERVICE)
    team = factory.SubFactory(TeamFactory)
    setting = "home_visit"
    observed_on = factory.LazyAttribute(lambda o: o.week.start_date)

    @factory.post_generation
    def practitioners(self, create: bool, extracted: list[User] | None, **kwargs: object) -> None:
        if create and extracted:
            from observations.models import ObservationPractitioner

            ObservationPractitioner.objects.bulk_create(
                ObservationPractitioner(observation=self, practitioner=p) for p in extracted
            )

    @factory.post_generation
    def notes(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted:
            from observations.models import CategoryNote

            CategoryNote.objects.bulk_create(
                CategoryNote(observation=self, category=c) for c in self.framework.categories.all()
            )


class CategoryNoteFactory(DjangoModelFactory):
    class Meta:
        model = "observations.CategoryNote"

    observation = factory.SubFactory(ObservationFactory)
    category = factory.LazyAttribute(lambda n: n.observation.framework.categories.first())
    strengths = "Warm, clear explanation of the plan."
    areas_for_development = "Record the child's own words."


class ServiceUserFeedbackFactory(DjangoModelFactory):
    class Meta:
        model = "observations.ServiceUserFeedback"

    observation = factory.SubFactory(ObservationFactory, submitted=True)
    case_file = factory.LazyAttribute(lambda f: f.observation.case_file)
    relationship = "mother"
    consent_given = True
    words = "She listened to me and explained what happens next."
    rating = 5
    recorded_by = factory.LazyAttribute(lambda f: f.observation.observer)


class CaseExampleFactory(DjangoModelFactory):
    """A pending case example of a submitted observation."""

    class Meta:
        model = "observations.CaseExample"

    observation = factory.SubFactory(ObservationFactory, submitted=True)
    audit = None
    team = factory.LazyAttribute(lambda e: (e.observation or e.audit).team)
    week = factory.LazyAttribute(lambda e: (e.observation or e.audit).week)
    title = "Direct work with a teenager using a life-story book"
    write_up = "The worker used a life-story book to help a young person make sense of moves."
    anonymised_confirmed = True
    flagged_by = factory.LazyAttribute(
        lambda e: e.observation.observer if e.observation else e.audit.auditor
    )


class ThemeTagFactory(DjangoModelFactory):
    class Meta:
        model = "observations.ThemeTag"

    week = factory.SubFactory(PracticeWeekFactory)
    name = factory.Sequence(lambda n: f"Theme tag {n}")
