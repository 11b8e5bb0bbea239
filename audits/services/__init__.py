"""Writes of the audits app: starting an audit, saving drafts, submitting and changing it.

Forms validate first (audits/forms.py); these functions write what they are given. Every
save names the `version` it was based on: a stale one is refused with `AuditConflict`.
"""

from .saving import audit_save_draft, audit_submit, audit_update_submitted
from .start import audit_start
from .values import (
    WEEK_CLOSED_START,
    WEEK_CLOSED_SUBMIT,
    ActionInput,
    AnswerInput,
    AuditConflict,
    AuditInput,
    SaveResult,
    hhmm,
)

__all__ = [
    "WEEK_CLOSED_START",
    "WEEK_CLOSED_SUBMIT",
    "ActionInput",
    "AnswerInput",
    "AuditConflict",
    "AuditInput",
    "SaveResult",
    "audit_save_draft",
    "audit_start",
    "audit_submit",
    "audit_update_submitted",
    "hhmm",
]
