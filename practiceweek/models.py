"""The core of a practice week: services, teams, people, the week itself, its timetable,
case files and the random selection of files for audit."""

import uuid
from collections.abc import Callable, Iterable
from datetime import date
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from practiceweek import grades


class Role(models.TextChoices):
    QA_ADMIN = "qa_admin", "QA administrator"
    DIRECTOR = "director", "Director"
    HEAD_OF_SERVICE = "head_of_service", "Head of Service"
    SERVICE_MANAGER = "service_manager", "Service Manager"
    TEAM_MANAGER = "team_manager", "Team Manager"
    PRACTITIONER = "practitioner", "Practitioner"
    MODERATOR = "moderator", "Moderator"
    SCRUTINY_MEMBER = "scrutiny_member", "Scrutiny panel member"


# Roles whose holders audit files and observe practice during a week.
VISITOR_ROLES = frozenset(
    {Role.DIRECTOR, Role.HEAD_OF_SERVICE, Role.SERVICE_MANAGER, Role.QA_ADMIN, Role.MODERATOR}
)


class RecordSource(models.TextChoices):
    """Where an audit or observation came from. Only work done in the app e-mails anyone or
    asks anyone to acknowledge it: imported history and demo data are records, not news."""

    APP = "app", "Recorded in the app"
    IMPORT = "import", "Imported from a spreadsheet"
    DEMO = "demo", "Demo data"


def record_source_field(help_text: str) -> "models.CharField[str, str]":
    """A RecordedWork subclass's `source`: set by whatever made the record (the app, an import,
    the demo), never edited. `help_text` says what such a record does not do."""
    return models.CharField(
        max_length=6,
        choices=RecordSource.choices,
        default=RecordSource.APP,
        editable=False,
        help_text=help_text,
    )


class Grade(models.TextChoices):
    """Ofsted's four-point scale plus Not applicable (shared with observations)."""

    OUTSTANDING = grades.OUTSTANDING, grades.GRADE_LABELS[grades.OUTSTANDING]
    GOOD = grades.GOOD, grades.GRADE_LABELS[grades.GOOD]
    REQUIRES_IMPROVEMENT = (
        grades.REQUIRES_IMPROVEMENT,
        grades.GRADE_LABELS[grades.REQUIRES_IMPROVEMENT],
    )
    INADEQUATE = grades.INADEQUATE, grades.GRADE_LABELS[grades.INADEQUATE]
    NOT_APPLICABLE = grades.NOT_APPLICABLE, grades.GRADE_LABELS[grades.NOT_APPLICABLE]


def person_field(
    *,
    related_name: str = "+",
    help_text: str = "",
    on_delete: Callable[..., None] = models.SET_NULL,
) -> "models.ForeignKey[User | None, User | None]":
    """A person a record may name or not (a manager, a host, who decided or published):
    empty until known. By default the record forgets the person when their account is
    deleted (SET_NULL); pass `on_delete=models.PROTECT` where who did it must be kept."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        help_text=help_text,
    )


class Service(models.Model):
    """A directorate service (Social Work, Early Intervention, Youth Offending, ...)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    head_of_service = person_field(
        related_name="headed_services",
        help_text="The Head of Service / Assistant Director responsible.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120)
    base = models.CharField(
        max_length=200, blank=True, help_text="Where the team sits (building, floor)."
    )
    address = models.CharField(
        max_length=255,
        blank=True,
        help_text="The office's street address, for visitors' e-mails and calendars.",
    )
    manager = person_field(related_name="managed_teams", help_text="Team Manager.")
    service_manager = person_field(
        related_name="service_managed_teams",
        help_text="The Service Manager responsible for this team.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["service__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="team_unique_name_in_service")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person: a member of staff, or a councillor on the scrutiny panel."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.PRACTITIONER)
    job_title = models.CharField(max_length=120, blank=True)
    teams = models.ManyToManyField(Team, blank=True, related_name="members")
    line_manager = person_field(related_name="reports")

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(line_manager=F("pk")), name="user_not_own_line_manager"
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_qa_admin(self) -> bool:
        return self.role == Role.QA_ADMIN or self.is_superuser

    @property
    def is_scrutiny_member(self) -> bool:
        return self.role == Role.SCRUTINY_MEMBER and not self.is_superuser

    @property
    def is_visitor(self) -> bool:
        return self.role in VISITOR_ROLES or self.is_superuser


class Theme(models.Model):
    """A focus theme of a week or a recurring finding (neglect, supervision, ...)."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PracticeWeekQuerySet(models.QuerySet["PracticeWeek"]):
    def live(self) -> "PracticeWeekQuerySet":
        return self.filter(status=PracticeWeek.Status.LIVE)

    def covering(self, day: date) -> "PracticeWeekQuerySet":
        return self.filter(start_date__lte=day, end_date__gte=day)


class PracticeWeek(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        LIVE = "live", "Live"
        CLOSED = "closed", "Closed"
        REPORTED = "reported", "Reported"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    start_date = models.DateField()
    end_date = models.DateField(help_text="A practice week may span two calendar weeks.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    themes = models.ManyToManyField(Theme, blank=True, related_name="weeks")
    services = models.ManyToManyField(
        Service, related_name="practice_weeks", help_text="The services taking part."
    )
    purpose = models.TextField(blank=True, help_text="What this week sets out to learn.")
    observation_framework = models.ForeignKey(
        "observations.ObservationFramework",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="weeks",
        help_text="The categories observers write under; empty means the default framework.",
    )
    observations_graded = models.BooleanField(
        "Observations are graded",
        default=True,
        help_text="Graded on the four-point scale, or ungraded: strengths and areas for "
        "development only.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PracticeWeekQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="week_dates_in_order",
                violation_error_message="The week cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practiceweek:week_detail", kwargs={"slug": self.slug})


class Session(models.TextChoices):
    MORNING = "am", "Morning"
    AFTERNOON = "pm", "Afternoon"
    ALL_DAY = "day", "All day"


class Visit(models.Model):
    """One slot of the timetable: a visitor (auditor or observer) in a team on a date."""

    class Purpose(models.TextChoices):
        AUDIT = "audit", "Audit case files"
        OBSERVE = "observe", "Observe practice"
        BOTH = "both", "Audit and observe"

    week = models.ForeignKey(PracticeWeek, on_delete=models.CASCADE, related_name="visits")
    visitor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="visits")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="visits")
    date = models.DateField()
    session = models.CharField(max_length=3, choices=Session.choices, default=Session.ALL_DAY)
    purpose = models.CharField(max_length=8, choices=Purpose.choices, default=Purpose.BOTH)
    contact = person_field(
        related_name="visits_hosted", help_text="Who meets and greets the visitor in the team."
    )
    notes = models.CharField(
        max_length=255, blank=True, help_text="Logistics only: no case details."
    )

    class Meta:
        ordering = ["date", "session", "team__name"]
        constraints = [
            # "All day" overlaps both halves: these two partial indexes refuse any overlap.
            models.UniqueConstraint(
                fields=["visitor", "date"],
                condition=Q(session__in=["am", "day"]),
                name="visit_one_per_visitor_morning",
                violation_error_message="This person is already booked that morning.",
            ),
            models.UniqueConstraint(
                fields=["visitor", "date"],
                condition=Q(session__in=["pm", "day"]),
                name="visit_one_per_visitor_afternoon",
                violation_error_message="This person is already booked that afternoon.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visitor} in {self.team}, {self.date:%a %d %b} ({self.get_session_display()})"

    @property
    def includes_audits(self) -> bool:
        return self.purpose in (self.Purpose.AUDIT, self.Purpose.BOTH)

    @property
    def includes_observations(self) -> bool:
        return self.purpose in (self.Purpose.OBSERVE, self.Purpose.BOTH)


class CaseType(models.TextChoices):
    CIN = "cin", "Child in need"
    CP = "cp", "Child protection"
    CLA = "cla", "Child looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"
    EARLY_HELP = "early_help", "Early help"
    YOT = "yot", "Youth offending"
    FOSTERING = "fostering", "Fostering"
    ADOPTION = "adoption", "Adoption"
    DISABILITY = "disability", "Children with disabilities"
    NOT_RECORDED = "not_recorded", "Not recorded"  # historical imports that did not say


class CaseFileQuerySet(models.QuerySet["CaseFile"]):
    def open(self) -> "CaseFileQuerySet":
        return self.filter(is_open=True)


class CaseFile(models.Model):
    """A child's case file, known only by the council's own reference: never a name."""

    case_reference = models.CharField(
        max_length=40,
        unique=True,
        help_text="The council's own ID from its case management system. Never a name.",
    )
    case_type = models.CharField(max_length=16, choices=CaseType.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="case_files")
    allocated_worker = person_field(related_name="allocated_cases")
    is_open = models.BooleanField(default=True)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    last_audited_on = models.DateField(
        null=True, blank=True, help_text="Date of the most recent audit of this file."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseFileQuerySet.as_manager()

    class Meta:
        ordering = ["case_reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(is_open=False),
                name="case_file_open_has_no_closed_date",
                violation_error_message="An open file cannot have a closed date.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=F("opened_on")),
                name="case_file_dates_in_order",
                violation_error_message="A file cannot close before it opens.",
            ),
        ]
        indexes = [models.Index(fields=["team", "is_open"], name="case_file_team_open")]

    def __str__(self) -> str:
        return self.case_reference


class FileSelection(models.Model):
    """A record of "pick N files at random": the seed and the pool make it reproducible."""

    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, related_name="selections", null=True, blank=True
    )
    week = models.ForeignKey(
        PracticeWeek, on_delete=models.PROTECT, related_name="selections", null=True, blank=True
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="selections")
    auditor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="selections")
    requested = models.PositiveSmallIntegerField()
    seed = models.BigIntegerField()
    excluded_since = models.DateField(
        help_text="Files audited on or after this date were left out."
    )
    candidate_references = models.JSONField(
        default=list, help_text="The pool the files were drawn from, in draw order."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested__gte=1), name="selection_requests_at_least_one"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requested} files from {self.team} (seed {self.seed})"

    def get_absolute_url(self) -> str:
        return reverse("practiceweek:selection_detail", kwargs={"pk": self.pk})


class SelectedFile(models.Model):
    selection = models.ForeignKey(FileSelection, on_delete=models.CASCADE, related_name="items")
    case_file = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="selections")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["selection", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "case_file"], name="selected_file_once_per_selection"
            ),
            models.UniqueConstraint(
                fields=["selection", "position"], name="selected_file_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.case_file}"


class RecordedChange(models.Model):
    """One change to a grade or text of a submitted record: who, when, before, after.

    The change history of every kind of recorded work (audits, observations): a subclass adds
    only the foreign key to its record, named by `record_field`.
    """

    record_field = ""  # the subclass's foreign key to its record, e.g. "audit"
    LABEL_MAX_LENGTH = 120  # `field`: practiceweek.history.label cuts a longer label to fit

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    field = models.CharField(max_length=LABEL_MAX_LENGTH, help_text="What changed, in words.")
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.field} changed"

    @classmethod
    def record_all(
        cls, *, record: models.Model, editor: User, changes: Iterable[tuple[str, str, str]]
    ) -> None:
        """Keep each (what changed in words, before, after) of one save, in one query."""
        cls._default_manager.bulk_create(
            cls(**{cls.record_field: record}, changed_by=editor, field=what, before=b, after=a)
            for what, b, a in changes
        )


class RecordedWorkQuerySet[M: models.Model](models.QuerySet[M]):
    """Filters every kind of recorded work shares (audits, observations)."""

    def submitted(self) -> Self:
        return self.filter(status=RecordedWork.Status.SUBMITTED)

    def drafts(self) -> Self:
        return self.filter(status=RecordedWork.Status.DRAFT)

    def from_app(self) -> Self:
        """Recorded in the app: the only ones that e-mail or ask for acknowledgement (imported
        and demo records never do)."""
        return self.filter(source=RecordSource.APP)


class RecordedWork(models.Model):
    """A graded, autosaved record that a person starts, drafts and submits (an audit, an
    observation): the fields the versioned-draft kernel (practiceweek/drafts.py) and the
    feedback loop (practiceweek/feedback.py) work on. A subclass adds its own fields and a
    `source` made by record_source_field (its help text says what an imported record does)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Optimistic locking: every save must name the version it read.
    version = models.PositiveIntegerField(default=1)
    # Makes "start" idempotent: a resent request finds the draft it already made.
    client_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # When the feedback e-mails went; empty = still to send (the sweeper re-queues it if the
    # broker was down at submit).
    feedback_sent_at = models.DateTimeField(null=True, blank=True)

    source: "models.CharField[str, str]"  # RecordSource, declared by each subclass

    class Meta:
        abstract = True
        # A subclass's Meta extends this one and lists these first: `class Meta(RecordedWork.Meta)`
        # with `constraints = [*RecordedWork.Meta.constraints, ...]`.
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="%(class)s_submitted_has_time",
            ),
        ]

    def get_absolute_url(self) -> str:
        """A draft opens to carry on writing; a submitted record to read."""
        page = "edit" if self.status == self.Status.DRAFT else "detail"
        return reverse(f"{self._meta.app_label}:{page}", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_from_app(self) -> bool:
        return self.source == RecordSource.APP
