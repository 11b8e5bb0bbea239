"""The QA lead's choice of families' words: which consented quotes of the report's period go
into it, each as said or shortened. None reaches a built report until included here."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from observations.models import ServiceUserFeedback
from practiceweek.models import User

from ..gather.common import period_observations
from ..models import Report, ReportQuote

logger = logging.getLogger(__name__)  # ids and counts only: never what was said

NOT_IN_PERIOD = "A quote is no longer in this report's period: reload the page."


@dataclass(frozen=True)
class QuoteChoice:
    feedback_id: int
    is_included: bool
    text_shortened: str  # "" keeps the words as said


def quotes_review(
    *, report: Report, user: User, choices: list[QuoteChoice], now: datetime | None = None
) -> int:
    """Record the QA lead's choice for each quote listed (each is then reviewed); returns how
    many are included. The feedback's own words are never changed. Raises ValidationError,
    nothing saved, when a quote is not a consented one of the report's period.

    The form checked each included quote (reports.quoting.quote_errors) before this is called.
    """
    now = now or timezone.now()
    ids = {c.feedback_id for c in choices}
    originals = dict(
        ServiceUserFeedback.objects.filter(
            pk__in=ids, consent_given=True, observation__in=period_observations(report)
        ).values_list("pk", "words")
    )
    if set(originals) != ids:
        raise ValidationError(NOT_IN_PERIOD)
    rows = [
        ReportQuote(
            report=report,
            feedback_id=choice.feedback_id,
            is_included=choice.is_included,
            # The words as said are kept as "not shortened".
            text_shortened=""
            if choice.text_shortened.strip() == originals[choice.feedback_id].strip()
            else choice.text_shortened.strip(),
            reviewed_by=user,
            reviewed_at=now,
        )
        for choice in choices
    ]
    # One statement for every quote listed, however many (report_quote_once is the key).
    ReportQuote.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["report", "feedback"],
        update_fields=["is_included", "text_shortened", "reviewed_by", "reviewed_at"],
    )
    included = sum(1 for c in choices if c.is_included)
    logger.info(
        "report %s: %s quotes reviewed, %s included, by user %s",
        report.pk,
        len(choices),
        included,
        user.pk,
    )
    return included
