"""Case file audits: templates of graded sections, audits and their answers, case actions,
escalations of Inadequate audits, and the history of changes to submitted audits."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from practiceweek.models import (
    CaseFile,
    Grade,
    PracticeWeek,
    RecordedChange,
    RecordedWork,
    RecordedWorkQuerySet,
    Team,
    Theme,
    Visit,
    person_field,
    record_source_field,
)

EVIDENCE_MAX_LENGTH = 4000  # characters per evidence box: about a page
SUMMARY_MAX_LENGTH = 8000  # "working well", "needs to improve", reasons


class AuditType(models.TextChoices):
    PRACTICE_WEEK = "practice_week", "Practice week"
    CORE = "core", "Core (monthly)"
    THEMATIC = "thematic", "Thematic"
    MINIMUM_STANDARDS = "minimum_standards", "Minimum standards"


class AuditTemplate(models.Model):
    """An audit form. A template in use is never edited: a new version is made instead."""

    name = models.CharField(max_length=120)
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(
        default=True, help_text="New audits use the current version of a template."
    )
    is_graded = models.BooleanField(
        default=True, help_text="Minimum standards templates are not graded."
    )
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="audit_template_version"),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(is_current=True),
                name="audit_template_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class AuditSection(models.Model):
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    question = models.TextField()
    is_graded = models.BooleanField(default=True)
    guidance_outstanding = models.TextField("What Outstanding looks like", blank=True)
    guidance_good = models.TextField("What Good looks like", blank=True)
    guidance_requires_improvement = models.TextField(
        "What Requires improvement looks like", blank=True
    )
    guidance_inadequate = models.TextField("What Inadequate looks like", blank=True)

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="audit_section_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class AuditQuerySet(RecordedWorkQuerySet["Audit"]):
    pass


class Audit(RecordedWork):
    audit_type = models.CharField(max_length=20, choices=AuditType.choices)
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="audits")
    case_file = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="audits")
    # The team and worker at the time of the audit: files move, the finding stays put.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="audits")
    practitioner = person_field(related_name="audits_of_my_cases", on_delete=models.PROTECT)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audits_done"
    )
    week = models.ForeignKey(
        PracticeWeek, on_delete=models.PROTECT, null=True, blank=True, related_name="audits"
    )
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="audits"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="audits"
    )
    audited_on = models.DateField(help_text="The day of the audit; core audits count by month.")
    is_collaborative = models.BooleanField("Collaborative (practitioner present)", default=False)
    overall_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    suggested_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    departure_reason = models.TextField(
        "Why the overall grade differs from the suggested one", blank=True
    )
    working_well = models.TextField("What is working well", blank=True)
    needs_to_improve = models.TextField("What needs to improve", blank=True)
    source = record_source_field(
        "Imported and demo audits e-mail nobody and wait for no acknowledgement."
    )
    # The practitioner's side of the feedback loop.
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reflection = models.TextField("Your reflection", blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta(RecordedWork.Meta):
        ordering = ["-audited_on", "-pk"]
        constraints = [
            *RecordedWork.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(audit_type="practice_week") | Q(week__isnull=False),
                name="audit_practice_week_has_week",
                violation_error_message="A practice week audit belongs to a practice week.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | ~Q(overall_grade="")
                | Q(audit_type="minimum_standards"),
                name="audit_submitted_has_overall_grade",
                violation_error_message="A submitted audit needs an overall grade.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "audited_on"], name="audit_status_day"),
            models.Index(fields=["practitioner", "status"], name="audit_practitioner_status"),
        ]

    def __str__(self) -> str:
        return f"Audit of {self.case_file} ({self.get_audit_type_display()})"


class SectionAnswer(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    section = models.ForeignKey(AuditSection, on_delete=models.PROTECT, related_name="answers")
    grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["audit", "section__order"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "section"], name="answer_once_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.section}: {self.get_grade_display() or 'not graded'}"


class CaseActionQuerySet(models.QuerySet["CaseAction"]):
    def open(self) -> "CaseActionQuerySet":
        return self.filter(completed_at__isnull=True)

    def overdue(self, today: date) -> "CaseActionQuerySet":
        return self.open().filter(due_on__lt=today)


class CaseAction(models.Model):
    """What must happen on the case, for whom, by when: followed up in supervision."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("What needs to happen")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_actions"
    )
    due_on = models.DateField("By when")
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = person_field()
    overdue_flagged_on = models.DateField(
        null=True, blank=True, help_text="When the team manager was last told it is overdue."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "completed_at"], name="action_owner_open")]

    def __str__(self) -> str:
        return f"Action due {self.due_on:%d %b %Y}"

    def status_on(self, today: date) -> str:
        """'done', 'overdue' or 'open' on the given day."""
        if self.completed_at:
            return "done"
        return "overdue" if self.due_on < today else "open"


class Escalation(models.Model):
    """An Inadequate audit, reported at once to the responsible managers."""

    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="escalation")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"Escalation of {self.audit.case_file}"


class EscalationRecipient(models.Model):
    """One manager who must acknowledge an escalation (the Service Manager, the Head of Service)."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="escalations"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    times_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["escalation", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["escalation", "person"], name="escalation_recipient_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.escalation}"


class AuditChange(RecordedChange):
    """One change to a grade or text of a submitted audit: who, when, before, after."""

    record_field = "audit"

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="changes")
