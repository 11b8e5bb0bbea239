"""Saving drafts, submitting, and changing submitted audits.

Every save names the `version` of the audit it was based on (optimistic locking,
practiceweek.drafts): a save based on an older version is refused with `DraftConflict`, never
silently overwritten.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from practiceweek import drafts
from practiceweek.grades import suggest_overall_grade
from practiceweek.models import CaseFile

from ..followup import escalation_open, submission_followup
from ..models import Audit, AuditChange, Grade
from ..selectors import audit_actions, audit_answers
from .changes import SavePlan, apply_plan, describe_plan, plan_save, suggested_code
from .rules import submission_errors
from .values import WEEK_CLOSED_SUBMIT, AuditInput, AuditSaveResult

logger = logging.getLogger(__name__)  # ids and events only: never form contents


def audit_save_draft(*, audit: Audit, data: AuditInput, edit: drafts.Edit) -> AuditSaveResult:
    """Save what a draft holds so far (autosave and "Save draft").

    Only complete actions (what, who, by when) are saved; incomplete ones stay on the page.
    A save that changes nothing succeeds whatever its version (a resent autosave whose answer
    was lost), and writes nothing. Raises DraftConflict when `edit.expected_version` is stale or
    the audit was submitted meanwhile.
    """
    with transaction.atomic():
        plan = _plan(audit, data)
        if plan.is_empty:
            suggested = suggest_overall_grade(plan.grades)
            return AuditSaveResult(audit.version, audit.updated_at, suggested, {})
        fields = {**plan.fields, "suggested_grade": suggested_code(plan)}
        drafts.save_over(audit, edit, **fields)
        new_ids = apply_plan(audit=audit, plan=plan)
    logger.debug("audit %s draft saved by user %s (v%s)", audit.pk, edit.editor.pk, audit.version)
    return AuditSaveResult(audit.version, edit.now, audit.suggested_grade or None, new_ids)


def _plan(audit: Audit, data: AuditInput) -> SavePlan:
    return plan_save(
        audit=audit,
        answers=audit_answers(audit=audit),
        actions=audit_actions(audit=audit),
        data=data,
    )


def _refuse_incomplete(audit: Audit, data: AuditInput, plan: SavePlan) -> None:
    errors = submission_errors(
        is_graded=audit.template.is_graded,
        overall_grade=data.overall_grade,
        suggested_grade=suggested_code(plan) or None,
        departure_reason=data.departure_reason,
    )
    if errors:
        raise ValidationError(errors)


def _lock(audit: Audit) -> Audit:
    return drafts.lock(Audit.objects.select_related("week", "template", "team"), audit)


def audit_submit(*, audit: Audit, data: AuditInput, edit: drafts.Edit) -> Audit:
    """Submit a draft: save it, mark it submitted, tell the practitioner, escalate Inadequate.

    Idempotent: an audit already submitted is returned unchanged (a double click is one
    submission and one set of e-mails). Raises DraftConflict for a stale version, and
    ValidationError when the practice week has closed or the submission rules are not met
    (services/rules.py); either way nothing is saved.
    """
    with transaction.atomic():
        locked = _lock(audit)
        if locked.is_submitted:
            return locked
        drafts.refuse_unless_live(locked.week, WEEK_CLOSED_SUBMIT)
        plan = _plan(locked, data)
        _refuse_incomplete(locked, data, plan)
        drafts.mark_submitted(
            locked,
            edit,
            changes_nothing=plan.is_empty,
            **plan.fields,
            suggested_grade=suggested_code(plan),
        )
        apply_plan(audit=locked, plan=plan)
        CaseFile.objects.filter(pk=locked.case_file_id).filter(
            Q(last_audited_on__isnull=True) | Q(last_audited_on__lt=locked.audited_on)
        ).update(last_audited_on=locked.audited_on)
        submission_followup(audit=locked)
    logger.info("audit %s submitted by user %s", locked.pk, edit.editor.pk)
    return locked


def audit_update_submitted(*, audit: Audit, data: AuditInput, edit: drafts.Edit) -> Audit:
    """Change a submitted audit, recording every changed grade and text in its history.

    A change of the overall grade to Inadequate opens the escalation. Raises DraftConflict
    for a stale version that changes something. The submission rules are the form's here
    (a change made by a service caller, e.g. a correction, is not held to them).
    """
    with transaction.atomic():
        locked = _lock(audit)
        drafts.require_submitted(locked)
        plan = _plan(locked, data)
        from_version = drafts.fresh_version(
            locked, expected_version=edit.expected_version, changes_nothing=plan.is_empty
        )
        if plan.is_empty:
            return locked
        was_inadequate = locked.overall_grade == Grade.INADEQUATE
        changes = describe_plan(plan=plan, audit=locked)
        drafts.bump_version(
            locked,
            from_version=from_version,
            now=edit.now,
            **plan.fields,
            suggested_grade=suggested_code(plan),
        )
        apply_plan(audit=locked, plan=plan)
        AuditChange.record_all(record=locked, editor=edit.editor, changes=changes)
        if locked.overall_grade == Grade.INADEQUATE and not was_inadequate:
            escalation_open(audit=locked)
    logger.info("audit %s changed by user %s: %s changes", locked.pk, edit.editor.pk, len(changes))
    return locked
