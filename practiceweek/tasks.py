"""Background work of the core app."""

from celery import shared_task

from .notifications import week_timetable_notify


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=300, max_retries=5)
def week_timetable_notify_task(week_id: int) -> int:
    """E-mail each visitor of a week that has gone live a link to their timetable."""
    return week_timetable_notify(week_id=week_id)
