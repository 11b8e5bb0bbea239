"""A broker outage at submit never loses the submission or the feedback e-mail."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse

from audits.followup import submission_followup
from audits.notifications import audit_feedback_notify, audit_feedback_pending
from audits.tasks import audit_feedback_notify_task, audit_feedback_sweep_task
from tests.factories import AuditFactory, CaseFileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit():
    worker = UserFactory(email="worker@council.example")
    return AuditFactory(submitted=True, case_file=CaseFileFactory(allocated_worker=worker))


def test_broker_down_at_submit_does_not_raise(
    audit, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(audit_feedback_notify_task, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        submission_followup(audit=audit)
    assert mail.outbox == []
    assert "pending for the sweeper" in caplog.text
    assert audit.case_file.case_reference not in caplog.text


def test_feedback_is_sent_once_even_if_delivered_twice(audit):
    assert audit_feedback_notify(audit_id=audit.pk) == 1
    assert audit_feedback_notify(audit_id=audit.pk) == 0
    audit.refresh_from_db()
    assert audit.feedback_sent_at is not None
    assert len(mail.outbox) == 1


def test_sweeper_sends_what_was_left_pending(audit, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 10, 3, tzinfo=UTC))
    assert audit_feedback_pending(now=datetime(2026, 11, 24, 10, 3, tzinfo=UTC)) == []  # too soon
    time_machine.move_to(datetime(2026, 11, 24, 10, 30, tzinfo=UTC))
    assert audit_feedback_sweep_task.delay().get() == 1
    assert len(mail.outbox) == 1
    assert audit_feedback_sweep_task.delay().get() == 0  # run again: nothing left to send
    assert len(mail.outbox) == 1


def test_auditor_sees_whether_the_email_went(client, audit):
    client.force_login(audit.auditor)
    url = reverse("audits:detail", args=[audit.pk])
    assert (
        "e-mail to the practitioner and team manager is queued" in client.get(url).content.decode()
    )
    audit_feedback_notify(audit_id=audit.pk)
    assert "E-mailed a link to the practitioner" in client.get(url).content.decode()
