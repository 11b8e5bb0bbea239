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

# Transient failures (the mail server or network) are retried with backoff; anything else
# fails loudly and shows in the worker log with the task id. `@shared_task(**RETRY)`.
RETRY: dict[str, Any] = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 6,
}


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


def requeue(task: Task, ids: list[int]) -> int:
    """A sweeper's work: publish `task` again for each id still pending; returns how many."""
    for pk in ids:
        task.delay(pk)
    return len(ids)
