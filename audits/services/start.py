"""Starting an audit."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from practiceweek import access, drafts
from practiceweek.models import CaseFile, PracticeWeek, Theme, User, Visit

from ..models import Audit, AuditTemplate, AuditType, SectionAnswer
from ..selectors import current_template
from .values import WEEK_CLOSED_START


def audit_start(
    *,
    auditor: User,
    case_file: CaseFile,
    audit_type: str,
    client_token: uuid.UUID,
    visit: Visit | None = None,
    theme: Theme | None = None,
    today: date | None = None,
) -> Audit:
    """Create a draft audit with one empty answer per section of the current template.

    Idempotent on `client_token`: a token already used by this auditor returns the audit it
    made (a double click or a resent request makes one audit). Raises ValidationError keyed by
    field for a file this person may not audit (practiceweek.access), a closed week, a file of
    another team, a thematic audit without a theme, or a type with no template.
    """
    token = drafts.StartToken(Audit, client_token, "auditor", auditor)
    existing = token.started()
    if existing is not None:
        return existing
    _check_start(
        auditor=auditor, case_file=case_file, audit_type=audit_type, visit=visit, theme=theme
    )
    try:
        template = current_template(audit_type)
    except AuditTemplate.DoesNotExist as exc:
        raise ValidationError(
            {"audit_type": "No audit form is set up for this type yet: ask the QA team."}
        ) from exc

    def create() -> Audit:
        audit = Audit.objects.create(
            audit_type=audit_type,
            template=template,
            case_file=case_file,
            team_id=case_file.team_id,
            practitioner_id=case_file.allocated_worker_id,
            auditor=auditor,
            week=visit.week if visit else None,
            visit=visit,
            theme=theme if audit_type == AuditType.THEMATIC else None,
            audited_on=today or timezone.localdate(),
            client_token=client_token,
        )
        SectionAnswer.objects.bulk_create(
            SectionAnswer(audit=audit, section=section) for section in template.sections.all()
        )
        return audit

    return token.create_once(create)


def _check_start(
    *,
    auditor: User,
    case_file: CaseFile,
    audit_type: str,
    visit: Visit | None,
    theme: Theme | None,
) -> None:
    if not access.may_audit(auditor, case_file):
        # The words of a reference that does not exist: whether it does is not said.
        raise ValidationError({"case_file": access.NO_FILE_YOU_CAN_AUDIT})
    if audit_type == AuditType.PRACTICE_WEEK:
        if visit is None:
            raise ValidationError({"visit": "A practice week audit starts from a visit."})
        if visit.week.status != PracticeWeek.Status.LIVE:
            raise ValidationError({"week": WEEK_CLOSED_START})
        if case_file.team_id != visit.team_id:
            raise ValidationError(
                {"case_file": f"This file belongs to {case_file.team}, not to {visit.team}"}
            )
    if audit_type == AuditType.THEMATIC and theme is None:
        raise ValidationError({"theme": "Choose the theme of this thematic audit."})
