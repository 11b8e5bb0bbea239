from django.apps import AppConfig


class PracticeWeekConfig(AppConfig):
    name = "practiceweek"
    verbose_name = "Practice weeks"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the branding contrast check)
