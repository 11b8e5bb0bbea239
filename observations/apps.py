from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "observations"
    verbose_name = "Observations of practice"

    def ready(self) -> None:
        from audits import extras, summary
        from practiceweek import home_panels, navigation
        from practiceweek.access import Action
        from practiceweek.demo import registry as demo
        from practiceweek.navigation import NavLink

        from .case_examples import audit_page_case_example
        from .demo import observation_counts, observations_sync
        from .selectors import feedback_rows_for_practitioner, home_panel
        from .summary import OBSERVATION_KIND, OBSERVATIONS

        # The home page's "Waiting for you": observation drafts, and feedback with the audits'.
        home_panels.register("observations", home_panel)
        # seed_demo's observations, after the audits: one case example is from an audit.
        demo.register("observations", sync=observations_sync, counts=observation_counts)
        # The audit page's case example, and My feedback's rows (audits import no observations).
        extras.register_audit_page_part(
            "case_example", audit_page_case_example, select_related=("case_example",)
        )
        extras.register_feedback_source("observations", feedback_rows_for_practitioner)
        # Grade summaries count graded observations as they count audits.
        summary.register_kind(OBSERVATIONS, OBSERVATION_KIND)
        # The top bar.
        for order, label, name, audience in (
            (20, "My observations", "observations:mine", navigation.recorders),
            (50, "Team", "observations:team", navigation.team_leaders),
            # Approved case examples are shared across the service; pending ones with the
            # people they concern (the case examples pages decide which).
            (70, "Case examples", "observations:case_examples", navigation.everyone),
            (80, "Themes", "observations:themes", navigation.allowed(Action.TAG_THEMES)),
        ):
            navigation.register(NavLink(label, name, name), order=order, audience=audience)
