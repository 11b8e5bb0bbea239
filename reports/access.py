"""Who may do what with reports, in the core's vocabulary (practiceweek.access).

Drafting, the narrative, families' words, builds, publishing and withdrawing are the QA lead's:
anyone else gets 403 on those pages (they are not about an object the person may read).
Reading versions is for everyone signed in, scrutiny panel members included, published
versions only (`reports.selectors.build_for_reader`: anything else is a 404)."""

from practiceweek.access import Action, forbid_unless, may
from practiceweek.models import User


def can_draft_reports(user: User) -> bool:
    """Draft, edit, quote, build, publish and withdraw reports; read unpublished versions."""
    return may(user, Action.DRAFT_REPORTS)


def require_report_drafter(user: User) -> None:
    """403 for anyone who may not draft reports."""
    forbid_unless(can_draft_reports(user), "Reports are drafted and built by QA leads.")
