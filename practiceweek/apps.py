from django.apps import AppConfig


class PracticeWeekConfig(AppConfig):
    name = "practiceweek"
    verbose_name = "Practice weeks"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from . import checks  # noqa: F401  (registers the branding contrast check)
        from .signin import log_failed_sign_in

        # A log line, not domain flow: the one place that hears of every refused sign-in,
        # the app's own page and the admin's alike.
        user_login_failed.connect(log_failed_sign_in, dispatch_uid="practiceweek.failed_sign_in")
