"""Accounts in the admin: nobody gains more power than they have (issue 9).

A QA lead (staff, not superuser) must not change, deactivate, delete or set the password of a
superuser or another staff account, by any path: the change form, the password form or a bulk
action. Ordinary accounts get a link to set their own password. A superuser may do it all.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse

from practiceweek import access
from practiceweek.models import Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
OLD = "correct-horse-battery"  # the factories' password
NEW = "a-fresh-long-pass-phrase-77"  # noqa: S105
REFUSED = "Only a superuser may change a staff account or a superuser."


@pytest.fixture
def root(db) -> User:
    return UserFactory(username="root", is_staff=True, is_superuser=True, email="root@x.example")


@pytest.fixture
def qa_staff(qa_admin: User) -> User:
    """A QA lead as the demo makes one: staff, every permission of the core app."""
    qa_admin.is_staff = True
    qa_admin.save(update_fields=["is_staff"])
    qa_admin.user_permissions.set(Permission.objects.filter(content_type__app_label="practiceweek"))
    return qa_admin


@pytest.fixture
def other_staff(db) -> User:
    return UserFactory(username="other.staff", role=Role.QA_ADMIN, is_staff=True)


@pytest.fixture
def worker(db) -> User:
    return UserFactory(username="sam.worker", email="sam@x.example", role=Role.PRACTITIONER)


@pytest.fixture
def qa_client(client: Client, qa_staff: User) -> Client:
    client.force_login(qa_staff)
    return client


@pytest.fixture
def root_client(client: Client, root: User) -> Client:
    client.force_login(root)
    return client


def change_url(user: User) -> str:
    return reverse("admin:practiceweek_user_change", args=[user.pk])


def password_url(user: User) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def change_data(user: User, **fields: str) -> dict[str, str]:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }
    if user.is_active:
        data["is_active"] = "on"
    if user.is_staff:
        data["is_staff"] = "on"
    if user.is_superuser:
        data["is_superuser"] = "on"
    return data | fields


def password_data() -> dict[str, str]:
    return {"password1": NEW, "password2": NEW, "usable_password": "true", "set-password": ""}


def act(client: Client, action: str, users: list[User], **extra: str):
    return client.post(
        reverse("admin:practiceweek_user_changelist"),
        {"action": action, "_selected_action": [u.pk for u in users], **extra},
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def snapshot(user: User) -> tuple:
    user.refresh_from_db()
    return (user.email, user.is_active, user.is_staff, user.is_superuser, user.password)


PROTECTED = ["root", "other_staff"]


# --- The change form -------------------------------------------------------------------------


def test_password_form_url_is_the_one_of_the_report():
    assert password_url(User(pk=7)) == "/admin/practiceweek/user/7/password/"


@pytest.mark.parametrize("target", PROTECTED)
def test_qa_lead_sees_a_more_powerful_account_read_only(qa_client, request, target):
    user = request.getfixturevalue(target)
    response = qa_client.get(change_url(user))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="email"' not in response.content.decode()
    assert password_url(user) not in response.content.decode()


@pytest.mark.parametrize("target", PROTECTED)
def test_qa_lead_cannot_change_or_deactivate_a_more_powerful_account(qa_client, request, target):
    user = request.getfixturevalue(target)
    before = snapshot(user)
    data = change_data(user, email="attacker@x.example")
    del data["is_active"]
    response = qa_client.post(change_url(user), data)
    assert response.status_code == 403
    assert snapshot(user) == before


def test_qa_lead_still_changes_an_ordinary_account(qa_client, worker):
    response = qa_client.post(change_url(worker), change_data(worker, email="new@x.example"))
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.email == "new@x.example"


# --- The password form -----------------------------------------------------------------------


@pytest.mark.parametrize("target", PROTECTED)
def test_qa_lead_cannot_open_the_password_form_of_a_more_powerful_account(
    qa_client, request, target
):
    user = request.getfixturevalue(target)
    assert qa_client.get(password_url(user)).status_code == 403


@pytest.mark.parametrize("target", PROTECTED)
def test_qa_lead_cannot_set_the_password_of_a_more_powerful_account(qa_client, request, target):
    user = request.getfixturevalue(target)
    before = snapshot(user)
    response = qa_client.post(password_url(user), password_data())
    assert response.status_code == 403
    assert snapshot(user) == before
    assert user.check_password(OLD)


# --- Bulk actions ----------------------------------------------------------------------------


def test_bulk_deactivate_leaves_more_powerful_accounts_alone(qa_client, root, other_staff, worker):
    before = {u.pk: snapshot(u) for u in (root, other_staff)}
    response = act(qa_client, "deactivate_accounts", [root, other_staff, worker])
    assert response.status_code == 302
    assert {u.pk: snapshot(u) for u in (root, other_staff)} == before
    worker.refresh_from_db()
    assert worker.is_active is False
    assert messages_of(response) == [
        f"Not changed: other.staff, root. {REFUSED}",
        "Deactivated: sam.worker. They can no longer sign in.",
    ]


def test_bulk_delete_offers_only_the_accounts_one_may_manage(qa_client, root, worker):
    page = act(qa_client, "delete_selected", [root, worker])
    assert page.status_code == 200
    assert [u.pk for u in page.context["queryset"]] == [worker.pk]
    assert f"Not changed: root. {REFUSED}" in page.content.decode()
    # Even a confirmation posted by hand with the superuser in it deletes only the worker.
    response = act(qa_client, "delete_selected", [root, worker], post="yes")
    assert response.status_code == 302
    assert User.objects.filter(pk=root.pk).exists()
    assert not User.objects.filter(pk=worker.pk).exists()


def test_bulk_delete_of_only_protected_accounts_does_nothing(qa_client, root, other_staff):
    response = act(qa_client, "delete_selected", [root, other_staff], post="yes")
    assert response.status_code == 302
    assert User.objects.filter(pk__in=[root.pk, other_staff.pk]).count() == 2
    assert messages_of(response) == [f"Not changed: other.staff, root. {REFUSED}"]


def test_bulk_password_link_goes_only_to_accounts_one_may_manage(
    qa_client, root, other_staff, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = act(qa_client, "send_password_set_link", [root, other_staff, worker])
    assert [m.to for m in mail.outbox] == [["sam@x.example"]]
    assert messages_of(response) == [
        f"Not changed: other.staff, root. {REFUSED}",
        "A link to set a new password is on its way to sam.worker.",
    ]
    assert snapshot(root)[4] == root.password


def test_no_link_for_a_deactivated_account_or_one_without_e_mail(
    qa_client, django_capture_on_commit_callbacks
):
    gone = UserFactory(username="gone", email="gone@x.example", is_active=False)
    silent = UserFactory(username="silent", email="")
    with django_capture_on_commit_callbacks(execute=True):
        response = act(qa_client, "send_password_set_link", [gone, silent])
    assert mail.outbox == []
    assert messages_of(response) == [
        "No link sent to gone, silent: deactivated or no e-mail address."
    ]


# --- The link --------------------------------------------------------------------------------


def _link(message) -> str:
    return re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)


def test_the_link_lets_the_person_set_their_own_password_once(
    qa_client, worker, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        act(qa_client, "send_password_set_link", [worker])
    (message,) = mail.outbox
    assert message.subject == "Practice Week: set a new password"
    assert "sam.worker" in message.body
    path = _link(message).removeprefix(settings.SITE_URL)
    person = Client()
    form_page = person.get(path, follow=True)
    assert form_page.status_code == 200
    assert (
        "<h1" in form_page.content.decode() and "Set a new password" in form_page.content.decode()
    )
    set_url = form_page.redirect_chain[-1][0]
    mismatch = person.post(set_url, {"new_password1": NEW, "new_password2": NEW + "x"})
    assert mismatch.status_code == 400
    done = person.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    worker.refresh_from_db()
    assert worker.check_password(NEW)
    again = Client().get(path, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_a_made_up_link_sets_nothing(worker):
    response = Client().get(reverse("password_reset_confirm", args=["MQ", "made-up-token"]))
    assert response.status_code == 200
    assert "This link no longer works" in response.content.decode()


# --- The superuser ---------------------------------------------------------------------------


def test_superuser_changes_and_deactivates_a_staff_account(root_client, other_staff):
    data = change_data(other_staff, email="moved@x.example")
    del data["is_active"]
    response = root_client.post(change_url(other_staff), data)
    assert response.status_code == 302
    other_staff.refresh_from_db()
    assert (other_staff.email, other_staff.is_active) == ("moved@x.example", False)


def test_superuser_sets_a_staff_accounts_password(root_client, other_staff):
    assert root_client.get(password_url(other_staff)).status_code == 200
    response = root_client.post(password_url(other_staff), password_data())
    assert response.status_code == 302
    other_staff.refresh_from_db()
    assert other_staff.check_password(NEW)


def test_superuser_bulk_actions_reach_staff_accounts(
    root_client, other_staff, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        act(root_client, "send_password_set_link", [other_staff, worker])
    assert len(mail.outbox) == 2 - (other_staff.email == "")
    response = act(root_client, "deactivate_accounts", [other_staff, worker])
    assert messages_of(response)[-1] == (
        "Deactivated: other.staff, sam.worker. They can no longer sign in."
    )
    response = act(root_client, "delete_selected", [other_staff, worker], post="yes")
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[other_staff.pk, worker.pk]).exists()


# --- The rule --------------------------------------------------------------------------------


def _person(pk: int, *, staff: bool = False, superuser: bool = False) -> User:
    return User(pk=pk, is_staff=staff or superuser, is_superuser=superuser)


@pytest.mark.parametrize(
    ("actor", "target", "expected"),
    [
        (_person(1, staff=True), _person(2), True),
        (_person(1, staff=True), _person(2, staff=True), False),
        (_person(1, staff=True), _person(2, superuser=True), False),
        (_person(1, staff=True), _person(1, staff=True), True),  # their own account
        (_person(1, superuser=True), _person(2, superuser=True), True),
        (_person(1, superuser=True), _person(2, staff=True), True),
    ],
    ids=["ordinary", "other staff", "superuser", "self", "root on root", "root on staff"],
)
def test_may_manage_account(actor, target, expected):
    assert access.may_manage_account(actor, target) is expected
