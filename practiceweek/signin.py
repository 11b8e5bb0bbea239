"""Signing in: whose address a request comes from, and a log line for every refused sign-in."""

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone

from .models import User

logger = logging.getLogger("practiceweek.signin")


def client_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind the proxy the entry it added to X-Forwarded-For.

    Each trusted proxy appends the address it was called from, so the client's own address is
    TRUSTED_PROXY_COUNT entries from the right; anything to its left was typed by the client
    and is never trusted. Without BEHIND_HTTPS_PROXY the header is ignored altogether.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.BEHIND_HTTPS_PROXY:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    count = max(settings.TRUSTED_PROXY_COUNT, 1)
    if len(forwarded) < count:
        return remote  # the proxy chain is shorter than configured: do not guess
    return forwarded[-count]


def log_failed_sign_in(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    """Log who tried and from where: the username and address only, never the password."""
    username = str(credentials.get("username", ""))[:150]
    address = client_address(request) if request is not None else None
    logger.warning("Failed sign-in for username=%r from address=%s", username, address)


@dataclass(frozen=True)
class LockedSignIn:
    username: str
    address: str
    failures: int
    last_attempt: datetime


def locked_sign_ins() -> list[LockedSignIn]:
    """Usernames locked at an address now: as many failures as the limit, within the cool-off."""
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off is not None:  # None: a lock lasts until someone lifts it
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    rows = (
        attempts.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )
    return [
        LockedSignIn(
            username=row["username"] or "",
            address=row["ip_address"] or "",
            failures=row["failures"],
            last_attempt=row["last_attempt"],
        )
        for row in rows
    ]


def sign_in_unlock(*, username: str, address: str, unlocked_by: User) -> int:
    """Forget the failed sign-ins of one username at one address; returns how many rows went."""
    count = AccessAttempt.objects.filter(username=username, ip_address=address).delete()[0]
    logger.warning(
        "Sign-in unlocked for username=%r at address=%s by user id=%s (%d attempt rows removed)",
        username,
        address,
        unlocked_by.pk,
        count,
    )
    return count
