"""Saving drafts, submitting, and changing submitted observations.

Every save names the `version` of the observation it was based on (optimistic locking,
practiceweek.drafts): a save based on an older version is refused with `DraftConflict`, never
silently overwritten.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from practiceweek import drafts
from practiceweek.drafts import SaveResult
from practiceweek.models import User

from ..followup import practitioners_added_followup, submission_followup
from ..models import Observation, ObservationChange
from ..selectors import observation_notes, observation_practitioners
from .changes import SavePlan, apply_plan, describe_plan, plan_save
from .rules import submission_errors, value_errors
from .values import WEEK_NOT_LIVE_SUBMIT, ObservationInput

logger = logging.getLogger(__name__)  # ids and events only: never form contents


def _plan(observation: Observation, data: ObservationInput) -> tuple[SavePlan, list[User]]:
    practitioners = observation_practitioners(observation=observation)
    plan = plan_save(
        observation=observation,
        notes=observation_notes(observation=observation),
        practitioner_ids=[p.pk for p in practitioners],
        data=data,
    )
    return plan, practitioners


def _refuse_values(observation: Observation, data: ObservationInput) -> None:
    errors = value_errors(is_graded=observation.is_graded, overall_grade=data.overall_grade)
    if errors:
        raise ValidationError(errors)


def _refuse_incomplete(observation: Observation, data: ObservationInput, plan: SavePlan) -> None:
    errors = submission_errors(
        is_graded=observation.is_graded,
        overall_grade=data.overall_grade,
        setting=data.setting,
        setting_other=data.setting_other,
        practitioner_count=len(dict.fromkeys(data.practitioner_ids)),
        has_written=plan.written,
        feedback_given=data.feedback_given,
        feedback_summary=data.feedback_summary,
    )
    if errors:
        raise ValidationError(errors)


def observation_save_draft(
    *, observation: Observation, data: ObservationInput, edit: drafts.Edit
) -> SaveResult:
    """Save what a draft holds so far (autosave and "Save draft"): lengths and values only.

    A save that changes nothing succeeds whatever its version (a resent autosave whose answer
    was lost), and writes nothing. Raises ValidationError for a grade of an ungraded
    observation, and DraftConflict when `edit.expected_version` is stale or the observation
    was submitted meanwhile; either way nothing is saved.
    """
    _refuse_values(observation, data)
    with transaction.atomic():
        plan, _ = _plan(observation, data)
        if plan.is_empty:
            return SaveResult(observation.version, observation.updated_at)
        drafts.save_over(observation, edit, **plan.fields)
        apply_plan(observation=observation, plan=plan)
    version = observation.version
    logger.debug(
        "observation %s draft saved by user %s (v%s)", observation.pk, edit.editor.pk, version
    )
    return SaveResult(observation.version, edit.now)


def _lock(observation: Observation) -> Observation:
    return drafts.lock(Observation.objects.select_related("week", "team"), observation)


def observation_submit(
    *, observation: Observation, data: ObservationInput, edit: drafts.Edit
) -> Observation:
    """Submit a draft: save it, mark it submitted, tell the practitioners (after commit).

    Idempotent: an observation already submitted is returned unchanged (a double click is one
    submission and one e-mail). Raises DraftConflict for a stale version, and
    ValidationError (keyed by field) when the week is no longer live or something a
    submission needs is missing; either way nothing is saved.
    """
    _refuse_values(observation, data)
    with transaction.atomic():
        locked = _lock(observation)
        if locked.is_submitted:
            return locked
        drafts.refuse_unless_live(locked.week, WEEK_NOT_LIVE_SUBMIT)
        plan, _ = _plan(locked, data)
        _refuse_incomplete(locked, data, plan)
        drafts.mark_submitted(
            locked,
            edit,
            changes_nothing=plan.is_empty,
            **plan.fields,
        )
        apply_plan(observation=locked, plan=plan)
        submission_followup(observation=locked)
    logger.info("observation %s submitted by user %s", locked.pk, edit.editor.pk)
    return locked


def observation_update_submitted(
    *, observation: Observation, data: ObservationInput, edit: drafts.Edit
) -> Observation:
    """Change a submitted observation, recording every changed grade and text in its history
    (who, when, before and after, grades as words). Checked in full, like a submission.

    Raises DraftConflict for a stale version that changes something (or a draft), and
    ValidationError when something a submission needs is missing.
    """
    _refuse_values(observation, data)
    with transaction.atomic():
        locked = _lock(observation)
        drafts.require_submitted(locked)
        plan, practitioners = _plan(locked, data)
        _refuse_incomplete(locked, data, plan)
        from_version = drafts.fresh_version(
            locked, expected_version=edit.expected_version, changes_nothing=plan.is_empty
        )
        if plan.is_empty:
            return locked
        changes = describe_plan(plan=plan, observation=locked, practitioners=practitioners)
        drafts.bump_version(locked, from_version=from_version, now=edit.now, **plan.fields)
        apply_plan(observation=locked, plan=plan)
        if plan.added:
            practitioners_added_followup(observation=locked, practitioner_ids=plan.added)
        ObservationChange.record_all(record=locked, editor=edit.editor, changes=changes)
    logger.info(
        "observation %s changed by user %s: %s changes", locked.pk, edit.editor.pk, len(changes)
    )
    return locked
