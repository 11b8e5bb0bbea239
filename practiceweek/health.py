"""Probes behind /healthz. Each answers "ok" or "down" and never raises."""

import logging
import os

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
    url = str(celery_app.conf.broker_url)
    try:
        if url.startswith("filesystem://"):
            # The embedded broker is a folder: connecting always "works", so check the folder.
            options = celery_app.conf.broker_transport_options or {}
            folders = {options.get("data_folder_in"), options.get("data_folder_out")}
            if not all(f and os.path.isdir(f) and os.access(f, os.W_OK) for f in folders):
                raise OSError("broker folder missing or read-only")
        else:
            with celery_app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=1)
    except Exception:
        logger.warning("healthz: broker unreachable", exc_info=True)
        return "down"
    return "ok"
