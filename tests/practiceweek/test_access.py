"""Anonymous people are sent to log in from every page but login and /healthz."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from practiceweek.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
OPEN_VIEWS = {"login", "healthz", "password_reset_confirm", "password_reset_complete"}


def _app_url_names(patterns, namespace=""):
    """Every named URL of our own apps (the admin has its own login, tested below)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _app_url_names(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern.converters


SAMPLE_ARGS = {"IntConverter": 1, "SlugConverter": "x", "StringConverter": "2026-11-23"}


def _sample_url(name, converters):
    return reverse(name, args=[SAMPLE_ARGS[type(c).__name__] for c in converters.values()])


ALL_NAMES = sorted(_app_url_names(get_resolver().url_patterns))


@pytest.mark.parametrize(("name", "converters"), ALL_NAMES, ids=[n for n, _ in ALL_NAMES])
def test_anonymous_is_sent_to_login(client, name, converters):
    url = _sample_url(name, converters)
    response = client.get(url)
    if name in OPEN_VIEWS:
        assert response.status_code in (200, 503)
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")


def test_every_app_page_is_covered():
    names = {n for n, _ in ALL_NAMES}
    assert {"home", "practiceweek:week_detail", "practiceweek:visit_select_files"} <= names


def test_admin_sends_anonymous_to_admin_login(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_admin_refuses_non_staff(client):
    client.force_login(UserFactory(role=Role.SERVICE_MANAGER))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_login_page_renders_a_labelled_form(client):
    html = client.get(reverse("login")).content.decode()
    assert 'for="id_username"' in html
    assert 'for="id_password"' in html


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(username="sam.worker")
    response = client.post(reverse("login"), {"username": "sam.worker", "password": "nope"})
    assert response.status_code == 400
    assert "enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_right_password_logs_in(client):
    UserFactory(username="sam.worker")
    response = client.post(
        reverse("login"), {"username": "sam.worker", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")
