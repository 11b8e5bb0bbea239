from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "observations"
    verbose_name = "Observations of practice"

    def ready(self) -> None:
        from practiceweek import home_panels

        from .selectors import home_panel

        # The home page's "Waiting for you": observation drafts, and feedback with the audits'.
        home_panels.register("observations", home_panel)
