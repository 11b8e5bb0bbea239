"""What follows a submitted observation: the feedback e-mail (after commit). Then the
practitioners' acknowledgements and service-user feedback (added by the reading pages).

`submission_followup` is called inside the transaction that submits an observation.
"""

from practiceweek.queueing import enqueue_after_commit

from .models import Observation


def submission_followup(*, observation: Observation) -> None:
    """Tell the practitioners observed and their team manager, after commit."""
    from .tasks import observation_feedback_notify_task

    enqueue_after_commit(observation_feedback_notify_task, observation.pk)
