"""The settings helpers read the environment strictly; CI really runs on PostgreSQL."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from practiceweek.settings import env_bool, env_int, env_list
from tests.conftest import IN_CI


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("False", False), ("", None)]
)
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", default=None) is expected


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="FLAG: expected a boolean"):
        env_bool("FLAG")


def test_env_int_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("N", "six")
    with pytest.raises(ImproperlyConfigured, match="N: expected a whole number"):
        env_int("N", 1)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]


def test_settings_refuse_to_start_without_secret_key_when_not_debug(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "PYTEST_VERSION")
    }
    env["PRACTICEWEEK_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", "import practiceweek.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_ci_runs_on_postgresql():
    if not IN_CI:
        pytest.skip("only CI must run on PostgreSQL; locally SQLite is the default")
    assert connection.vendor == "postgresql"
