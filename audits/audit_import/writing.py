"""Saving a checked import: everything in one transaction, parents first."""

from datetime import date

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from practiceweek.models import CaseFile

from ..models import Audit, AuditTemplate
from .catalogue import Catalogue

HISTORICAL_TEMPLATE = "Historical import"


def save_audits(audits: list[Audit], catalogue: Catalogue) -> None:
    """Save the new audits, what create_missing made, and the case files' last_audited_on."""
    # Worked out before the new case files get their primary keys.
    newest = _newest_days(audits)
    for case_file, day in newest:
        if case_file.pk is None:
            case_file.last_audited_on = day
    stale = [
        (case_file, day)
        for case_file, day in newest
        if case_file.pk is not None
        and (case_file.last_audited_on is None or case_file.last_audited_on < day)
    ]
    with transaction.atomic():
        template = _historical_template()
        catalogue.new.save()
        for audit in audits:
            audit.template = template
        Audit.objects.bulk_create(audits, batch_size=500)
        _raise_last_audited_on(stale)


def _newest_days(audits: list[Audit]) -> list[tuple[CaseFile, date]]:
    """Each case file with the newest day it is audited on in this import."""
    newest: dict[int, tuple[CaseFile, date]] = {}
    for audit in audits:
        # Keyed by id(): new case files have no primary key to hash yet.
        _, day = newest.get(id(audit.case_file), (audit.case_file, audit.audited_on))
        newest[id(audit.case_file)] = (audit.case_file, max(day, audit.audited_on))
    return list(newest.values())


def _raise_last_audited_on(stale: list[tuple[CaseFile, date]]) -> None:
    now = timezone.now()
    for case_file, day in stale:
        # Greatest in SQL: an audit submitted on site meanwhile keeps its newer date.
        case_file.last_audited_on = Greatest(Coalesce(F("last_audited_on"), Value(day)), Value(day))
        case_file.updated_at = now  # bulk_update skips auto_now
    CaseFile.objects.bulk_update(
        [case_file for case_file, _ in stale], ["last_audited_on", "updated_at"], batch_size=500
    )


def _historical_template() -> AuditTemplate:
    """The template imported audits hang on: never current, so never offered for new audits."""
    template, _ = AuditTemplate.objects.get_or_create(
        name=HISTORICAL_TEMPLATE,
        version=1,
        defaults={
            "is_current": False,
            "description": "Audits imported from spreadsheets: overall grade only, no sections.",
        },
    )
    return template
