"""Writes of the reports app: creating reports, saving the narrative, building and publishing.

Forms validate first (reports/forms.py); these functions write what they are given.
`drafting` owns the report and its narrative (optimistic locking by `Report.version`);
`builds` owns the PDF versions: request, run (the Celery task's and the command's body),
publish, and the sweeper that recovers builds whose worker died.
"""

from .builds import (
    DID_NOT_FINISH,
    MAX_ATTEMPTS,
    STALE_BUILDING,
    STALE_QUEUED,
    TRANSIENT_ERRORS,
    Recovery,
    build_fail,
    build_publish,
    build_request,
    build_run,
    build_unfinished,
    build_withdraw,
    builds_recover_stale,
)
from .drafting import (
    ActionItemInput,
    NarrativeInput,
    ReportInput,
    ThemeWordingInput,
    annual_title,
    report_create_annual,
    report_create_week,
    report_get_or_create_annual,
    report_get_or_create_week,
    report_save,
    week_title,
)
from .quotes import QuoteChoice, quotes_review

__all__ = [
    "DID_NOT_FINISH",
    "MAX_ATTEMPTS",
    "STALE_BUILDING",
    "STALE_QUEUED",
    "TRANSIENT_ERRORS",
    "ActionItemInput",
    "NarrativeInput",
    "QuoteChoice",
    "Recovery",
    "ReportInput",
    "ThemeWordingInput",
    "annual_title",
    "build_fail",
    "build_publish",
    "build_request",
    "build_run",
    "build_unfinished",
    "build_withdraw",
    "builds_recover_stale",
    "report_create_annual",
    "report_create_week",
    "report_get_or_create_annual",
    "report_get_or_create_week",
    "quotes_review",
    "report_save",
    "week_title",
]
