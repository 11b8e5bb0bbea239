"""Enqueueing background work so that a broker outage never breaks what was already saved.

A task is published only after the transaction commits. If the broker cannot take it, the
user's request still succeeds (their work is saved), the failure is logged with ids only, and
the database record of pending work lets a beat "sweeper" publish it again later.
"""

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_after_commit(task: Task, *args: Any) -> None:
    """`task.delay(*args)` once the surrounding transaction commits; never raises."""

    def publish() -> None:
        try:
            task.delay(*args)
        except Exception:  # the broker is down or refused: the sweeper will publish it again
            logger.warning(
                "could not queue %s%r; it stays pending for the sweeper", task.name, args
            )

    transaction.on_commit(publish)
