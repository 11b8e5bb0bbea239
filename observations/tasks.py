"""Background work of the observations app: the feedback e-mail after submit, and its sweeper."""

from celery import shared_task
from django.utils import timezone

from practiceweek.queueing import RETRY, requeue

from .notifications import (
    observation_feedback_notify,
    observation_feedback_notify_added,
    observation_feedback_pending,
)


@shared_task(**RETRY)
def observation_feedback_notify_task(observation_id: int) -> int:
    return observation_feedback_notify(observation_id=observation_id)


@shared_task(**RETRY)
def observation_feedback_notify_added_task(observation_id: int, practitioner_ids: list[int]) -> int:
    return observation_feedback_notify_added(
        observation_id=observation_id, practitioner_ids=practitioner_ids
    )


@shared_task
def observation_feedback_sweep_task() -> int:
    """Queue again every feedback e-mail still unsent some minutes after its submit."""
    return requeue(
        observation_feedback_notify_task, observation_feedback_pending(now=timezone.now())
    )
