"""The history page of an audit: every change since it was submitted, for the auditor and the
QA lead (one rule with observations: practiceweek.access.may_change_record, asked through
audits.access.can_see_audit_history); a reader who may not change the audit gets 403."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from audits.models import Audit, AuditChange
from practiceweek.models import Role, User
from tests.factories import AuditFactory, CaseFileFactory, TeamFactory, UserFactory

SUBMITTED = datetime(2026, 11, 24, 10, tzinfo=UTC)
LONG_BEFORE = "The plan has no timescales. " * 6
LONG_AFTER = "The plan's actions need owners and timescales; review at the next core group. " * 3


@pytest.fixture
def team_manager(db) -> User:
    return UserFactory(role=Role.TEAM_MANAGER)


@pytest.fixture
def audit(practitioner: User, team_manager: User) -> Audit:
    team = TeamFactory(manager=team_manager)
    case_file = CaseFileFactory(team=team, allocated_worker=practitioner)
    return AuditFactory(case_file=case_file, submitted=True)


def change(audit: Audit, minutes: int, **fields: str) -> AuditChange:
    """A change made `minutes` after the audit was submitted, by its auditor."""
    made = AuditChange.objects.create(audit=audit, changed_by=audit.auditor, **fields)
    AuditChange.objects.filter(pk=made.pk).update(changed_at=SUBMITTED + timedelta(minutes=minutes))
    return made


def url(audit: Audit) -> str:
    return reverse("audits:history", kwargs={"pk": audit.pk})


def test_history_lists_changes_newest_first_with_before_and_after(
    client: Client, qa_admin: User, audit: Audit
):
    change(audit, 5, field="Overall grade", before="good", after="requires_improvement")
    change(audit, 90, field="Planning: evidence", before=LONG_BEFORE, after=LONG_AFTER)
    client.force_login(qa_admin)

    response = client.get(url(audit))

    body = response.content.decode()
    assert response.status_code == 200
    assert [c.field for c in response.context["changes"]] == [
        "Planning: evidence",
        "Overall grade",
    ]
    assert "<strong>Before:</strong> Good" in body
    assert "<strong>After:</strong> Requires improvement" in body
    assert body.index("Planning: evidence") < body.index("Overall grade")
    assert "review at the next core group" in body
    assert str(audit.auditor) in body
    assert "Tuesday 24 November 2026, 11:30" in body  # London is on GMT in November


def test_history_shows_long_text_in_blocks_headed_before_and_after(
    client: Client, qa_admin: User, audit: Audit
):
    change(audit, 5, field="What needs to improve", before=LONG_BEFORE, after=LONG_AFTER)
    client.force_login(qa_admin)

    body = client.get(url(audit)).content.decode()

    assert '<h3 class="h6">Before</h3>' in body
    assert '<h3 class="h6">After</h3>' in body
    assert "<strong>Before:</strong>" not in body


def test_history_shows_a_blank_value_as_blank_in_words(
    client: Client, qa_admin: User, audit: Audit
):
    change(audit, 5, field="What is working well", before="", after="Direct work with the child.")
    client.force_login(qa_admin)

    body = client.get(url(audit)).content.decode()

    assert "<strong>Before:</strong> (blank)" in body


def test_history_says_when_nothing_changed(client: Client, qa_admin: User, audit: Audit):
    client.force_login(qa_admin)

    body = client.get(url(audit)).content.decode()

    assert "No changes since it was submitted on 24 November 2026, 10:00" in body


@pytest.mark.parametrize("who", ["practitioner", "team_manager", "service_manager"])
def test_history_is_forbidden_to_readers_who_may_not_change_the_audit(
    client: Client, audit: Audit, request, who: str
):
    change(audit, 5, field="Overall grade", before="good", after="inadequate")
    person = request.getfixturevalue(who)
    if who == "service_manager":
        audit.team.service_manager = person
        audit.team.save(update_fields=["service_manager"])
    client.force_login(person)

    response = client.get(url(audit))

    assert response.status_code == 403  # they may read the audit, not its history (was 404)
    assert b"inadequate" not in response.content.lower()


def test_the_auditor_reads_the_history_of_their_audit(client: Client, audit: Audit):
    change(audit, 5, field="Overall grade", before="good", after="inadequate")
    client.force_login(audit.auditor)

    response = client.get(url(audit))

    assert response.status_code == 200  # history follows editing, as for observations
    assert "Inadequate" in response.content.decode()


def test_history_of_an_audit_someone_may_not_read_is_not_found(client: Client, audit: Audit):
    client.force_login(UserFactory(role=Role.TEAM_MANAGER))

    assert client.get(url(audit)).status_code == 404


def test_history_of_an_unknown_audit_is_not_found(client: Client, qa_admin: User):
    client.force_login(qa_admin)

    assert client.get(reverse("audits:history", kwargs={"pk": 999_999})).status_code == 404


def test_history_sends_the_anonymous_to_log_in(client: Client, audit: Audit):
    response = client.get(url(audit))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_history_runs_a_fixed_number_of_queries(
    client: Client, qa_admin: User, audit: Audit, django_assert_num_queries
):
    client.force_login(qa_admin)
    change(audit, 1, field="Overall grade", before="good", after="requires_improvement")
    with django_assert_num_queries(4):  # session, user, audit, its changes and who made them
        client.get(url(audit))
    for n in range(2, 12):
        change(audit, n, field=f"Section {n}: grade", before="good", after="outstanding")
    other = UserFactory(role=Role.QA_ADMIN)
    AuditChange.objects.create(audit=audit, changed_by=other, field="Reflection", after="Ok")

    with django_assert_num_queries(4):
        response = client.get(url(audit))

    assert len(response.context["changes"]) == 12
