from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Case file audits"

    def ready(self) -> None:
        from practiceweek import home_panels, worked_files
        from practiceweek.demo import registry as demo

        from .demo import audit_counts, audits_sync
        from .selectors import files_audited_in_week, home_panel

        # Random picks leave out files audited or started (a draft) that week by anyone.
        worked_files.register(files_audited_in_week)
        # The home page's "Waiting for you": audit drafts, escalations, case actions, feedback.
        home_panels.register("audits", home_panel)
        # seed_demo's audits, after the core's records.
        demo.register("audits", sync=audits_sync, counts=audit_counts)
