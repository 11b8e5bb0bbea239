"""Imported audits are history (issue 9, points 6 and 7): they name only the practitioner the
file names, and are marked as imported so they e-mail nobody and ask nobody to acknowledge."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from audits.models import Audit
from practiceweek.models import RecordSource
from tests.factories import CaseFileFactory, ServiceFactory, TeamFactory, UserFactory

HEADER = "audit_type,service,team,case_reference,auditor_email,practitioner_email,overall_grade"


@pytest.fixture
def file_of_today(db):
    """A case file now allocated to Sam, who may not have held it when it was audited."""
    team = TeamFactory(name="Brambles", service=ServiceFactory(name="Social Work"))
    UserFactory(email="amy.boss@council.example")
    sam = UserFactory(email="sam.worker@council.example", teams=[team])
    return CaseFileFactory(case_reference="CR1", team=team, allocated_worker=sam)


def run(tmp_path: Path, rows: str) -> str:
    path = tmp_path / "audits.csv"
    path.write_text(f"{HEADER},audited_on\n{rows}", encoding="utf-8")
    out = io.StringIO()
    call_command("import_audits", str(path), stdout=out)
    return out.getvalue()


def test_import_leaves_the_practitioner_empty_when_the_file_names_none(tmp_path, file_of_today):
    run(tmp_path, "core,Social Work,Brambles,CR1,amy.boss@council.example,,good,2026-02-02\n")

    audit = Audit.objects.get()
    assert audit.practitioner is None
    assert file_of_today.allocated_worker is not None  # there was a worker it could have taken


def test_import_takes_the_practitioner_the_file_names(tmp_path, file_of_today):
    other = UserFactory(email="kim.worker@council.example")
    run(
        tmp_path,
        "core,Social Work,Brambles,CR1,amy.boss@council.example,kim.worker@council.example,"
        "good,2026-02-02\n",
    )

    assert Audit.objects.get().practitioner == other


def test_imported_audits_are_marked_imported(tmp_path, file_of_today):
    run(tmp_path, "core,Social Work,Brambles,CR1,amy.boss@council.example,,good,2026-02-02\n")

    audit = Audit.objects.get()
    assert audit.source == RecordSource.IMPORT
    assert audit.feedback_sent_at is None  # never sent: the sweepers leave imports alone
