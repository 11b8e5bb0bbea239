"""audits/access.py: the rules over one audit, case action or escalation. Unsaved objects."""

import pytest

from audits.access import (
    can_acknowledge_escalation,
    can_complete_case_action,
    can_edit_audit,
    can_see_audit_history,
)
from audits.models import Audit, CaseAction, EscalationRecipient
from practiceweek.models import Role, User

AUDITOR, OWNER, OTHER, QA = 1, 2, 3, 4


def person(pk: int) -> User:
    return User(pk=pk, username=f"p{pk}", role=Role.QA_ADMIN if pk == QA else Role.DIRECTOR)


@pytest.mark.parametrize(("pk", "expected"), [(AUDITOR, True), (QA, True), (OTHER, False)])
def test_the_auditor_or_a_qa_lead_edits_and_reads_the_history(pk, expected):
    audit = Audit(auditor_id=AUDITOR)
    assert can_edit_audit(person(pk), audit) is expected
    assert can_see_audit_history(person(pk), audit) is expected


@pytest.mark.parametrize(
    ("pk", "expected"), [(AUDITOR, True), (OWNER, True), (QA, True), (OTHER, False)]
)
def test_the_owner_the_auditor_or_a_qa_lead_completes_a_case_action(pk, expected):
    action = CaseAction(owner_id=OWNER, audit=Audit(auditor_id=AUDITOR))
    assert can_complete_case_action(person(pk), action) is expected


def test_only_the_recipient_acknowledges_an_escalation_not_a_qa_lead():
    recipient = EscalationRecipient(person_id=OWNER)
    assert can_acknowledge_escalation(person(OWNER), recipient)
    assert not can_acknowledge_escalation(person(QA), recipient)
