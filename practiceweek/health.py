"""Probes behind /healthz. Each answers "ok" or "down" and never raises."""

import logging

from django.db.backends.base.base import BaseDatabaseWrapper

from .celery import app as celery_app

logger = logging.getLogger(__name__)


def database_status(connection: BaseDatabaseWrapper) -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "down"; the reason goes to the log, not the reply
        logger.warning("healthz: database unreachable", exc_info=True)
        return "down"
    return "ok"


def broker_status() -> str:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
            if conn.transport_cls == "filesystem" or conn.transport.driver_type == "filesystem":
                conn.default_channel  # the filesystem transport fails here on a missing folder
    except Exception:
        logger.warning("healthz: broker unreachable", exc_info=True)
        return "down"
    return "ok"
