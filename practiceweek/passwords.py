"""A link to set a new password, sent to the person themselves: nobody else learns or sets it."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User

SUBJECT_TEMPLATE = "registration/password_set_link_subject.txt"
BODY_TEMPLATE = "registration/password_set_link_email.txt"


def password_set_link(user: User) -> str:
    """The one-use link (Django's reset token) to the page where `user` sets a new password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def password_set_link_send(*, user_id: int) -> bool:
    """E-mail an active person with an address a link to set a new password; False if not sent.

    The link stops working once the password is set, or after PASSWORD_RESET_TIMEOUT seconds.
    A retry sends a second, equally valid link: harmless.
    """
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    context = {
        "user": user,
        "link": password_set_link(user),
        "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
        "council_name": settings.COUNCIL_NAME,
    }
    # Django's own sender (renders, strips newlines from the subject, logs a failed send).
    PasswordResetForm().send_mail(
        SUBJECT_TEMPLATE, BODY_TEMPLATE, context, settings.DEFAULT_FROM_EMAIL, user.email
    )
    return True
