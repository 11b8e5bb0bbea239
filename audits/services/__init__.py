"""Writes of the audits app: starting an audit, saving drafts, submitting and changing it.

Forms validate first (audits/forms.py); these functions write what they are given. Every
save names the `version` it was based on: a stale one is refused with
`practiceweek.drafts.DraftConflict`.
"""

from .saving import audit_save_draft, audit_submit, audit_update_submitted
from .start import audit_start
from .values import (
    WEEK_CLOSED_START,
    WEEK_CLOSED_SUBMIT,
    ActionInput,
    AnswerInput,
    AuditInput,
    AuditSaveResult,
)

__all__ = [
    "WEEK_CLOSED_START",
    "WEEK_CLOSED_SUBMIT",
    "ActionInput",
    "AnswerInput",
    "AuditInput",
    "AuditSaveResult",
    "audit_save_draft",
    "audit_start",
    "audit_submit",
    "audit_update_submitted",
]
