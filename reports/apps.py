from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Scrutiny and quality assurance reports"

    def ready(self) -> None:
        from practiceweek.demo import registry as demo

        from .demo import report_counts, reports_sync

        # seed_demo's reports, last: they are drawn from everything below them.
        demo.register("reports", sync=reports_sync, counts=report_counts)
