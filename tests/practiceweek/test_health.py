"""/healthz: JSON status of the database and the broker, 200 or 503, open to anyone."""

import pytest
from django.urls import reverse

from practiceweek import health

pytestmark = pytest.mark.django_db


def test_healthy_answers_200_with_both_ok(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_broker_down_answers_503(client, monkeypatch):
    monkeypatch.setattr(health, "broker_status", lambda: "down")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "down"}


def test_database_down_answers_503(client, monkeypatch):
    monkeypatch.setattr(health, "database_status", lambda connection: "down")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_database_status_reports_a_failing_connection_as_down():
    class Broken:
        def cursor(self):
            raise OSError("connection refused")

    assert health.database_status(Broken()) == "down"


def test_unreachable_redis_broker_is_down_quickly(monkeypatch):
    from practiceweek.celery import app

    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery reads it before its conf
    monkeypatch.setitem(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(app.conf, "broker_transport_options", {"socket_connect_timeout": 1})
    # broker_status opens its own connection from the current conf: the shared pool (which
    # the tasks use) is never touched, so nothing needs closing afterwards.
    assert health.broker_status() == "down"


def test_missing_filesystem_broker_folder_is_down(monkeypatch, tmp_path):
    from practiceweek.celery import app

    missing = str(tmp_path / "no-such-folder")
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery reads it before its conf
    monkeypatch.setitem(app.conf, "broker_url", "filesystem://")
    monkeypatch.setitem(
        app.conf,
        "broker_transport_options",
        {"data_folder_in": missing, "data_folder_out": missing},
    )
    # broker_status opens its own connection from the current conf: the shared pool (which
    # the tasks use) is never touched, so nothing needs closing afterwards.
    assert health.broker_status() == "down"


def test_healthz_reveals_nothing_else(client):
    body = client.get(reverse("healthz")).json()
    assert set(body) == {"status", "database", "broker"}
