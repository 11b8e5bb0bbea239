"""Reports: the practice week scrutiny report and the yearly quality assurance report.

A `Report` holds what the QA lead writes (the narrative, the wording of themes, the action plan);
the numbers come from the data. Each "Build PDF" makes a `ReportBuild`: version 1, 2, ... each
kept, each with the exact data snapshot it was built from and its PDF, so a published version
never changes when later data does. The PDF is kept in the database: every web process and
worker sees it without a shared disk.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from observations.models import ServiceUserFeedback
from practiceweek.models import PracticeWeek, person_field

NARRATIVE_MAX_LENGTH = 8000  # characters per narrative section


class Report(models.Model):
    class Kind(models.TextChoices):
        WEEK = "week", "Practice week scrutiny report"
        ANNUAL = "annual", "Yearly quality assurance report"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    week = models.ForeignKey(
        PracticeWeek, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=200)
    panel_name = models.CharField("Panel", max_length=200, blank=True)
    meeting_date = models.DateField("Panel meeting date", null=True, blank=True)
    # The narrative: written and edited by the QA lead.
    asked_to_consider = models.TextField("What the panel is asked to consider", blank=True)
    purpose = models.TextField("Purpose and background", blank=True)
    voices_summary = models.TextField("What practitioners and families said", blank=True)
    what_next = models.TextField("What next", blank=True)
    # The yearly report's closing section: the Ofsted self-evaluation's three questions.
    sef_quality = models.TextField("What do we know about the quality of practice?", blank=True)
    sef_evidence = models.TextField("How do we know it?", blank=True)
    sef_plans = models.TextField("What are our plans?", blank=True)
    # Optimistic locking of the narrative, as for audits.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["week"],
                condition=Q(kind="week"),
                name="report_one_per_week",
                violation_error_message="This practice week already has a report.",
            ),
            models.CheckConstraint(
                condition=(Q(kind="week") & Q(week__isnull=False))
                | (
                    Q(kind="annual")
                    & Q(date_from__isnull=False)
                    & Q(date_to__isnull=False)
                    & Q(date_to__gte=models.F("date_from"))
                ),
                name="report_has_its_period",
                violation_error_message="A week report needs its week; a yearly report its dates.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", kwargs={"pk": self.pk})


class ThemeWording(models.Model):
    """The QA lead's wording of one theme (a tag of the week's themes) in the report."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", "What we do well"
        AREA = "area", "Where we need to improve"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="theme_wordings")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    tag_name = models.CharField(max_length=80)
    wording = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "kind", "tag_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "tag_name"], name="theme_wording_once"
            )
        ]

    def __str__(self) -> str:
        return self.tag_name


class ActionPlanItem(models.Model):
    class Priority(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="action_items")
    category = models.CharField(
        max_length=120, help_text="Groups the rows, e.g. Supervision, Voice of the child."
    )
    issue = models.TextField("Issue identified")
    action = models.TextField("Action to be taken")
    risk = models.TextField("Anticipated risk if not completed")
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    due_on = models.DateField("Date for completion")
    responsible = models.CharField("Responsible person", max_length=160)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "category", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.category}: action due {self.due_on:%d %b %Y}"


class ReportBuildQuerySet(models.QuerySet["ReportBuild"]):
    def active(self) -> "ReportBuildQuerySet":
        return self.filter(status__in=[ReportBuild.Status.QUEUED, ReportBuild.Status.BUILDING])

    def published(self) -> "ReportBuildQuerySet":
        """What the scrutiny panel reads: ready, published and not withdrawn."""
        return self.filter(
            status=ReportBuild.Status.READY, published_at__isnull=False, withdrawn_at__isnull=True
        )


class ReportBuild(models.Model):
    """One version of a report's PDF: queued → building → ready (or failed, with the reason)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="builds")
    number = models.PositiveIntegerField(help_text="v1, v2, ...: each version is kept.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True, help_text="Why the build failed, in words.")
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The exact data and narrative the PDF was built from (JSON), and the PDF itself.
    snapshot = models.JSONField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = person_field(on_delete=models.PROTECT)
    # Built while the week was live or with narrative sections unwritten: every page says DRAFT.
    is_draft = models.BooleanField(default=False)
    # Withdrawn from the panel: who, when and why are kept; the panel no longer sees it.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = person_field(on_delete=models.PROTECT)
    withdrawal_reason = models.TextField(blank=True)

    objects = ReportBuildQuerySet.as_manager()

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_build_number"),
            # A second "Build" while one is queued or running does not start a duplicate.
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(status__in=["queued", "building"]),
                name="report_one_active_build",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="ready"),
                name="report_build_published_when_ready",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(published_at__isnull=False),
                name="report_build_withdrawn_when_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class ReportQuote(models.Model):
    """The QA lead's decision on one family's words for one report: none reaches a built
    report until included. The words themselves stay on the feedback, untouched; a shortened
    version (made only of the original's words) is kept here."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="quotes")
    feedback = models.ForeignKey(
        ServiceUserFeedback, on_delete=models.CASCADE, related_name="report_quotes"
    )
    is_included = models.BooleanField(default=False)
    text_shortened = models.TextField(blank=True, help_text="Empty: the words as they were said.")
    reviewed_by = person_field(on_delete=models.PROTECT)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["report", "feedback"]
        constraints = [
            models.UniqueConstraint(fields=["report", "feedback"], name="report_quote_once")
        ]

    def __str__(self) -> str:
        return f"Quote {self.feedback_id} in report {self.report_id}"
