from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Case file audits"

    def ready(self) -> None:
        from practiceweek import worked_files

        from .selectors import files_audited_in_week

        # Random picks leave out files audited or started (a draft) that week by anyone.
        worked_files.register(files_audited_in_week)
