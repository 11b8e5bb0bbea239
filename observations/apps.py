from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "observations"
    verbose_name = "Observations of practice"

    def ready(self) -> None:
        from practiceweek import home_panels
        from practiceweek.demo import registry as demo

        from .demo import observation_counts, observations_sync
        from .selectors import home_panel

        # The home page's "Waiting for you": observation drafts, and feedback with the audits'.
        home_panels.register("observations", home_panel)
        # seed_demo's observations, after the audits: one case example is from an audit.
        demo.register("observations", sync=observations_sync, counts=observation_counts)
