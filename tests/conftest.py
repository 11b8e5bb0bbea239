"""Shared fixtures. Services the tests need (PostgreSQL, Redis, Chromium) skip with a reason on
a machine without them, and fail instead when CI is set."""

import os

import pytest

from practiceweek.models import Role
from tests.factories import UserFactory

IN_CI = bool(os.environ.get("CI"))


def require(available: bool, reason: str) -> None:
    """Skip a test whose service is missing; in CI a missing service is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI is set but {reason}")
    pytest.skip(reason)


@pytest.fixture
def qa_admin(db):
    return UserFactory(role=Role.QA_ADMIN, username="qa.lead")


@pytest.fixture
def practitioner(db):
    return UserFactory(role=Role.PRACTITIONER)


@pytest.fixture
def service_manager(db):
    return UserFactory(role=Role.SERVICE_MANAGER)
