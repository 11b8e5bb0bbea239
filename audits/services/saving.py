"""Saving drafts, submitting, and changing submitted audits.

Every save names the `version` of the audit it was based on (optimistic locking): a save based
on an older version is refused with `AuditConflict`, never silently overwritten.
"""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from practiceweek.grades import suggest_overall_grade
from practiceweek.models import CaseFile, PracticeWeek, User

from ..followup import escalation_open, submission_followup
from ..models import Audit, AuditChange, Grade
from ..selectors import audit_actions, audit_answers
from .changes import (
    SavePlan,
    apply_plan,
    bump_version,
    conflict_for,
    describe_plan,
    plan_save,
    suggested_code,
)
from .values import WEEK_CLOSED_SUBMIT, AuditConflict, AuditInput, SaveResult

logger = logging.getLogger(__name__)  # ids and events only: never form contents


def audit_save_draft(
    *,
    audit: Audit,
    editor: User,
    data: AuditInput,
    expected_version: int,
    now: datetime | None = None,
) -> SaveResult:
    """Save what a draft holds so far (autosave and "Save draft").

    Only complete actions (what, who, by when) are saved; incomplete ones stay on the page.
    A save that changes nothing succeeds whatever its version (a resent autosave whose answer
    was lost), and writes nothing. Raises AuditConflict when `expected_version` is stale or
    the audit was submitted meanwhile.
    """
    now = now or timezone.now()
    with transaction.atomic():
        plan = plan_save(
            audit=audit,
            answers=audit_answers(audit=audit),
            actions=audit_actions(audit=audit),
            data=data,
        )
        if plan.is_empty:
            suggested = suggest_overall_grade(plan.grades)
            return SaveResult(audit.version, audit.updated_at, suggested, {})
        fields = {**plan.fields, "suggested_grade": suggested_code(plan)}
        # Submitting bumps the version too, so a draft save cannot undo a submission.
        if audit.is_submitted or not bump_version(
            audit=audit, from_version=expected_version, now=now, **fields
        ):
            raise conflict_for(audit)
        new_ids = apply_plan(audit=audit, plan=plan)
    logger.debug("audit %s draft saved by user %s (v%s)", audit.pk, editor.pk, audit.version)
    return SaveResult(audit.version, now, audit.suggested_grade or None, new_ids)


def _lock(audit: Audit) -> Audit:
    return (
        Audit.objects.select_for_update(of=("self",))
        .select_related("week", "template", "team")
        .get(pk=audit.pk)
    )


def _fresh_version(locked: Audit, expected_version: int, plan: SavePlan) -> int:
    """The version to save over: a stale page may only go on if it changes nothing."""
    if locked.version != expected_version and not plan.is_empty:
        raise AuditConflict(saved_at=locked.updated_at)
    return locked.version


def audit_submit(
    *,
    audit: Audit,
    editor: User,
    data: AuditInput,
    expected_version: int,
    now: datetime | None = None,
) -> Audit:
    """Submit a draft: save it, mark it submitted, tell the practitioner, escalate Inadequate.

    Idempotent: an audit already submitted is returned unchanged (a double click is one
    submission and one set of e-mails). Raises AuditConflict for a stale version and
    ValidationError when the practice week has closed; either way nothing is saved.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(audit)
        if locked.is_submitted:
            return locked
        if locked.week and locked.week.status != PracticeWeek.Status.LIVE:
            raise ValidationError(WEEK_CLOSED_SUBMIT)
        if locked.template.is_graded and not data.overall_grade:
            raise ValidationError({"overall_grade": "Choose the overall grade."})
        plan = plan_save(
            audit=locked,
            answers=audit_answers(audit=locked),
            actions=audit_actions(audit=locked),
            data=data,
        )
        bump_version(
            audit=locked,
            from_version=_fresh_version(locked, expected_version, plan),
            now=now,
            **plan.fields,
            suggested_grade=suggested_code(plan),
            status=Audit.Status.SUBMITTED,
            submitted_at=now,
        )
        apply_plan(audit=locked, plan=plan)
        CaseFile.objects.filter(pk=locked.case_file_id).filter(
            Q(last_audited_on__isnull=True) | Q(last_audited_on__lt=locked.audited_on)
        ).update(last_audited_on=locked.audited_on)
        submission_followup(audit=locked)
    logger.info("audit %s submitted by user %s", locked.pk, editor.pk)
    return locked


def audit_update_submitted(
    *,
    audit: Audit,
    editor: User,
    data: AuditInput,
    expected_version: int,
    now: datetime | None = None,
) -> Audit:
    """Change a submitted audit, recording every changed grade and text in its history.

    A change of the overall grade to Inadequate opens the escalation. Raises AuditConflict
    for a stale version that changes something.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(audit)
        if not locked.is_submitted:
            raise AuditConflict(saved_at=locked.updated_at)
        plan = plan_save(
            audit=locked,
            answers=audit_answers(audit=locked),
            actions=audit_actions(audit=locked),
            data=data,
        )
        from_version = _fresh_version(locked, expected_version, plan)
        if plan.is_empty:
            return locked
        was_inadequate = locked.overall_grade == Grade.INADEQUATE
        changes = describe_plan(plan=plan, audit=locked)
        bump_version(
            audit=locked,
            from_version=from_version,
            now=now,
            **plan.fields,
            suggested_grade=suggested_code(plan),
        )
        apply_plan(audit=locked, plan=plan)
        AuditChange.objects.bulk_create(
            AuditChange(audit=locked, changed_by=editor, field=name, before=before, after=after)
            for name, before, after in changes
        )
        if locked.overall_grade == Grade.INADEQUATE and not was_inadequate:
            escalation_open(audit=locked)
    logger.info("audit %s changed by user %s: %s changes", locked.pk, editor.pk, len(changes))
    return locked
