"""Background work of the core app."""

from celery import shared_task

from .notifications import week_timetable_notify
from .passwords import password_set_link_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=300, max_retries=5)
def week_timetable_notify_task(week_id: int) -> int:
    """E-mail each visitor of a week that has gone live a link to their timetable."""
    return week_timetable_notify(week_id=week_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=300, max_retries=5)
def password_set_link_send_task(user_id: int) -> bool:
    """E-mail one person a link to set a new password (the admin's action asks for it)."""
    return password_set_link_send(user_id=user_id)
