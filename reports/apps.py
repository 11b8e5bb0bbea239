from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Scrutiny and quality assurance reports"

    def ready(self) -> None:
        from practiceweek import navigation
        from practiceweek.access import Action
        from practiceweek.demo import registry as demo
        from practiceweek.navigation import NavLink

        from .demo import report_counts, reports_sync

        # seed_demo's reports, last: they are drawn from everything below them.
        demo.register("reports", sync=reports_sync, counts=report_counts)
        # The top bar: the QA lead's reports, and the published ones for the scrutiny panel.
        navigation.register(
            NavLink("Reports", "reports:list", "reports"),
            order=90,
            audience=navigation.allowed(Action.DRAFT_REPORTS),
        )
        navigation.register_for_scrutiny_panel(
            NavLink("Reports", "reports:published", "reports"), order=90
        )
