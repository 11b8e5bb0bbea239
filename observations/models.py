"""Observations of practice: the framework of categories observers write under, observations
and their notes per category, what children, parents and carers said afterwards, the themes a
QA lead tags across a week, and case examples of good or innovative practice (from an
observation or an audit) that a QA lead approves before they are shared.

Grades use the audits' `Grade` (Ofsted's four-point scale); a week decides whether its
observations are graded (`PracticeWeek.observations_graded`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from audits.models import Audit
from practiceweek.models import (
    CaseFile,
    Grade,
    PracticeWeek,
    RecordedChange,
    RecordedWork,
    RecordedWorkQuerySet,
    Team,
    Visit,
    person_field,
    record_source_field,
)

NOTE_MAX_LENGTH = 4000  # characters per strengths / areas box: about a page
TEXT_MAX_LENGTH = 8000  # "what was said", a service user's words, a case example write-up

__all__ = ["Grade"]  # re-exported: observations share the audits' scale


class ObservationFramework(models.Model):
    """The categories observers write under. A week chooses one; one is the default."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(
        default=False, help_text="Weeks that choose no framework use the default one."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="observation_framework_one_default",
                violation_error_message="Only one framework can be the default.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ObservationCategory(models.Model):
    framework = models.ForeignKey(
        ObservationFramework, on_delete=models.CASCADE, related_name="categories"
    )
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    prompts = models.TextField(
        blank=True, help_text="Questions to prompt the observer, one per line."
    )

    class Meta:
        ordering = ["framework", "order"]
        verbose_name_plural = "observation categories"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "order"], name="observation_category_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def prompt_list(self) -> list[str]:
        return [line.strip() for line in self.prompts.splitlines() if line.strip()]


class Setting(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    CP_CONFERENCE = "cp_conference", "Child protection conference"
    CLA_REVIEW = "cla_review", "Children in care review"
    SUPERVISION = "supervision", "Supervision"
    TEAM_MEETING = "team_meeting", "Team meeting"
    TAF_MEETING = "taf_meeting", "Team around the family meeting"
    FRONT_DOOR = "front_door", "Front door / MASH"
    OTHER = "other", "Other"


class ObservationQuerySet(RecordedWorkQuerySet["Observation"]):
    pass


class Observation(RecordedWork):
    week = models.ForeignKey(PracticeWeek, on_delete=models.PROTECT, related_name="observations")
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="observations"
    )
    # Copied from the week when the observation starts: a later change of the week's choice
    # does not change what was recorded.
    framework = models.ForeignKey(
        ObservationFramework, on_delete=models.PROTECT, related_name="observations"
    )
    is_graded = models.BooleanField()
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations_done"
    )
    # The team observed, at the time: people move, the finding stays put.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="observations")
    practitioners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ObservationPractitioner",
        related_name="observations_of_me",
    )
    setting = models.CharField(max_length=20, choices=Setting.choices)
    setting_other = models.CharField("Describe the setting", max_length=120, blank=True)
    observed_on = models.DateField()
    case_file = models.ForeignKey(
        CaseFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        help_text="Optional: the case the observed work was about.",
    )
    overall_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    feedback_given = models.BooleanField(
        "Immediate feedback given in person", null=True, blank=True
    )
    feedback_summary = models.TextField("What was said", blank=True)
    source = record_source_field("Demo observations e-mail nobody and wait for no acknowledgement.")

    objects = ObservationQuerySet.as_manager()

    class Meta(RecordedWork.Meta):
        ordering = ["-observed_on", "-pk"]
        constraints = [
            *RecordedWork.Meta.constraints,
            models.CheckConstraint(
                condition=Q(is_graded=True) | Q(overall_grade=""),
                name="observation_ungraded_has_no_grade",
                violation_error_message="Observations are not graded in this practice week.",
            ),
        ]
        indexes = [
            models.Index(fields=["week", "status"], name="observation_week_status"),
        ]

    def __str__(self) -> str:
        return f"Observation: {self.get_setting_display()}, {self.observed_on:%d %b %Y}"

    @property
    def setting_words(self) -> str:
        if self.setting == Setting.OTHER and self.setting_other:
            return f"Other: {self.setting_other}"
        return self.get_setting_display()


class ObservationPractitioner(models.Model):
    """One practitioner observed, and their own side of the feedback loop."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="observed")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observed_in"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reflection = models.TextField("Your reflection", blank=True)

    class Meta:
        ordering = ["observation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "practitioner"], name="observed_practitioner_once"
            )
        ]
        indexes = [
            models.Index(fields=["practitioner", "acknowledged_at"], name="observed_ack"),
        ]

    def __str__(self) -> str:
        return f"{self.practitioner} in {self.observation}"


class CategoryNote(models.Model):
    """What the observer saw under one category: strengths and areas for development."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="notes")
    category = models.ForeignKey(
        ObservationCategory, on_delete=models.PROTECT, related_name="notes"
    )
    strengths = models.TextField(blank=True)
    areas_for_development = models.TextField(blank=True)

    class Meta:
        ordering = ["observation", "category__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "category"], name="observation_note_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} notes"


class ObservationChange(RecordedChange):
    """One change to a grade or text of a submitted observation: who, when, before, after."""

    record_field = "observation"

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="changes")


class Relationship(models.TextChoices):
    """Who gave the feedback, in relation to the child. Never a name."""

    CHILD = "child", "The child or young person"
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    CARER = "carer", "Foster carer or other carer"
    KINSHIP = "kinship", "Kinship carer (family or friend)"
    FAMILY = "family", "Other family member"
    OTHER = "other", "Someone else"


class Rating(models.IntegerChoices):
    """How they felt the worker treated them."""

    VERY_WELL = 5, "Very well"
    WELL = 4, "Well"
    OKAY = 3, "Okay"
    NOT_WELL = 2, "Not well"
    BADLY = 1, "Badly"


class ServiceUserFeedback(models.Model):
    """What a child, parent or carer said after an observation, with their consent."""

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="service_user_feedback"
    )
    # The case it is about (copied from the observation when it names one).
    case_file = models.ForeignKey(
        CaseFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_user_feedback",
    )
    relationship = models.CharField(
        "Who gave this feedback", max_length=12, choices=Relationship.choices
    )
    consent_given = models.BooleanField(
        "They agreed to their views being recorded and shared, and to their words being quoted, "
        "anonymised, in a report to councillors",
        help_text="Record their views only with their consent.",
    )
    words = models.TextField("What they said, in their words")
    # Ticked by recorded_by at recorded_at: the check found something that may identify the
    # family (a name, an address, a date) and they checked it does not.
    anonymised_confirmed = models.BooleanField(
        "I have checked this is anonymised",
        default=False,
        help_text="The person who recorded it confirmed that the words identify no one.",
    )
    rating = models.PositiveSmallIntegerField(
        "How they felt the worker treated them", choices=Rating.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["observation", "recorded_at", "pk"]
        verbose_name_plural = "service user feedback"
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_given=True),
                name="service_user_feedback_has_consent",
                violation_error_message="Feedback is recorded only with consent.",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="service_user_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback from {self.get_relationship_display().lower()}"


class ThemeTag(models.Model):
    """A label a QA lead attaches to similar points across a week's observations
    ("caseloads", "supervision quality")."""

    week = models.ForeignKey(PracticeWeek, on_delete=models.CASCADE, related_name="theme_tags")
    name = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["week", "name"]
        constraints = [
            models.UniqueConstraint(fields=["week", "name"], name="theme_tag_name_per_week")
        ]

    def __str__(self) -> str:
        return self.name


class PointKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    AREA = "area", "Area for development"


class NoteTag(models.Model):
    """A tag on the strengths, or the areas for development, of one category note."""

    note = models.ForeignKey(CategoryNote, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=8, choices=PointKind.choices)
    tag = models.ForeignKey(ThemeTag, on_delete=models.CASCADE, related_name="uses")

    class Meta:
        ordering = ["note", "kind", "tag__name"]
        constraints = [
            models.UniqueConstraint(fields=["note", "kind", "tag"], name="note_tag_once")
        ]

    def __str__(self) -> str:
        return f"{self.tag} on {self.get_kind_display().lower()}"


class CaseExample(models.Model):
    """Good or innovative practice worth sharing, from one observation or one audit.

    Until a QA lead approves it, only its author, QA leads, the practitioner(s) and their
    managers see it.
    """

    class Kind(models.TextChoices):
        GOOD = "good", "Good practice"
        INNOVATIVE = "innovative", "Innovative practice"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Not approved"

    observation = models.OneToOneField(
        Observation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="case_example",
    )
    audit = models.OneToOneField(
        Audit, on_delete=models.CASCADE, null=True, blank=True, related_name="case_example"
    )
    # Copied from the observation or audit: whose managers may see it before approval.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="case_examples")
    week = models.ForeignKey(
        PracticeWeek,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_examples",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.GOOD)
    title = models.CharField(max_length=160, help_text="A short title, with no names.")
    write_up = models.TextField("Anonymised write-up")
    anonymised_confirmed = models.BooleanField(
        "I confirm this write-up is anonymised: no names, addresses, dates of birth or case "
        "references",
        default=False,
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    flagged_at = models.DateTimeField(auto_now_add=True)
    decided_by = person_field(on_delete=models.PROTECT)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField("Why not approved", blank=True)

    class Meta:
        ordering = ["-flagged_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(observation__isnull=False) & Q(audit__isnull=True))
                | (Q(observation__isnull=True) & Q(audit__isnull=False)),
                name="case_example_one_source",
                violation_error_message="A case example comes from one observation or audit.",
            ),
            models.CheckConstraint(
                condition=Q(anonymised_confirmed=True),
                name="case_example_anonymised",
                violation_error_message="Confirm that the write-up is anonymised.",
            ),
        ]
        indexes = [models.Index(fields=["status", "week"], name="case_example_status_week")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("observations:case_example", kwargs={"pk": self.pk})

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED
