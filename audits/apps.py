from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Case file audits"

    def ready(self) -> None:
        from practiceweek import home_panels, navigation, worked_files
        from practiceweek.demo import registry as demo
        from practiceweek.navigation import NavLink

        from .demo import audit_counts, audits_sync
        from .selectors import files_audited_in_week, home_panel

        # Random picks leave out files audited or started (a draft) that week by anyone.
        worked_files.register(files_audited_in_week)
        # The home page's "Waiting for you": audit drafts, escalations, case actions, feedback.
        home_panels.register("audits", home_panel)
        # seed_demo's audits, after the core's records.
        demo.register("audits", sync=audits_sync, counts=audit_counts)
        # The top bar (practiceweek.navigation says who each audience is).
        for order, label, name, audience in (
            (10, "My audits", "audits:mine", navigation.recorders),
            (30, "My feedback", "audits:my_feedback", navigation.case_holders),
            (40, "Actions", "audits:actions", navigation.everyone),
            (60, "Escalations", "audits:escalations", navigation.escalated_to),
        ):
            navigation.register(NavLink(label, name, name), order=order, audience=audience)
