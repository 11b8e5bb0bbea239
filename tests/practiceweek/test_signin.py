"""Locking out: a username at one address, never everyone behind the council's proxy (issue 9)."""

import logging

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from practiceweek.models import Role
from practiceweek.signin import client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"  # noqa: S105
PROXY = "10.0.0.5"


def _sign_in(client, username, password, **headers):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=PROXY, **headers
    )


def _fail(client, username, times, **headers):
    for _ in range(times):
        assert _sign_in(client, username, "wrong", **headers).status_code in (400, 429)


def test_lock_settings_are_username_and_address_together(settings):
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_ten_failures_for_one_user_do_not_lock_another_behind_the_same_address(client):
    UserFactory(username="alice", password=PASSWORD)
    UserFactory(username="bob", password=PASSWORD)
    _fail(client, "alice", 10)
    assert _sign_in(client, "alice", PASSWORD).status_code == 429
    response = _sign_in(client, "bob", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_x_forwarded_for_is_ignored_unless_behind_the_proxy(client, settings):
    settings.BEHIND_HTTPS_PROXY = False
    UserFactory(username="alice", password=PASSWORD)
    # A client inventing a new address each time must not escape its lock.
    for n in range(10):
        _sign_in(client, "alice", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}
    response = _sign_in(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


def test_behind_the_proxy_the_address_it_added_counts(client, settings):
    settings.BEHIND_HTTPS_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="alice", password=PASSWORD)
    _fail(client, "alice", 10, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    assert (
        _sign_in(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    )
    # The same person from another office is not locked out.
    response = _sign_in(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("behind", "count", "header", "expected"),
    [
        (False, 1, "203.0.113.9", PROXY),
        (True, 1, "", PROXY),
        (True, 1, "203.0.113.9", "203.0.113.9"),
        (True, 1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (True, 2, "6.6.6.6, 203.0.113.9, 10.0.0.4", "203.0.113.9"),
        (True, 2, "203.0.113.9", PROXY),  # shorter chain than configured: no guessing
    ],
)
def test_client_address(settings, behind, count, header, expected):
    settings.BEHIND_HTTPS_PROXY = behind
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    assert client_address(request) == expected


def test_failed_sign_in_is_logged_with_username_and_address_never_the_password(client, caplog):
    UserFactory(username="alice", password=PASSWORD)
    with caplog.at_level(logging.WARNING, logger="practiceweek.signin"):
        _sign_in(client, "alice", "Secret-guess-42")
    lines = [r.getMessage() for r in caplog.records if r.name == "practiceweek.signin"]
    assert lines == [f"Failed sign-in for username='alice' from address={PROXY}"]
    assert "Secret-guess-42" not in caplog.text


def test_qa_lead_sees_locked_sign_ins_and_unlocks_one(client, qa_admin, caplog):
    UserFactory(username="alice", password=PASSWORD)
    _fail(client, "alice", 10)
    client.force_login(qa_admin)
    page = client.get(reverse("practiceweek:locked_sign_ins"))
    assert page.status_code == 200
    assert "alice" in page.content.decode()
    assert PROXY in page.content.decode()
    with caplog.at_level(logging.WARNING, logger="practiceweek.signin"):
        response = client.post(
            reverse("practiceweek:locked_sign_ins"), {"username": "alice", "address": PROXY}
        )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="alice").exists()
    assert f"Sign-in unlocked for username='alice' at address={PROXY} by user id={qa_admin.pk}" in (
        caplog.text
    )
    client.logout()
    assert _sign_in(client, "alice", PASSWORD).status_code == 302


def test_unlocked_list_is_empty_below_the_limit(client, qa_admin):
    UserFactory(username="alice", password=PASSWORD)
    _fail(client, "alice", 3)
    client.force_login(qa_admin)
    page = client.get(reverse("practiceweek:locked_sign_ins"))
    assert page.context["locked"] == []
    assert "No one is locked out." in page.content.decode()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.DIRECTOR, Role.SERVICE_MANAGER])
def test_only_a_qa_lead_may_unlock(client, role):
    UserFactory(username="alice", password=PASSWORD)
    _fail(client, "alice", 10)
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("practiceweek:locked_sign_ins")).status_code == 403
    response = client.post(
        reverse("practiceweek:locked_sign_ins"), {"username": "alice", "address": PROXY}
    )
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username="alice").exists()


def test_the_people_list_in_the_admin_leads_to_locked_sign_ins(client, qa_admin):
    from django.contrib.auth.models import Permission

    qa_admin.is_staff = True
    qa_admin.save(update_fields=["is_staff"])
    qa_admin.user_permissions.set(Permission.objects.filter(codename="view_user"))
    client.force_login(qa_admin)
    page = client.get(reverse("admin:practiceweek_user_changelist"))
    assert f'href="{reverse("practiceweek:locked_sign_ins")}"' in page.content.decode()
