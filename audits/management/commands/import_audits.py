"""Import historical audits from a council's CSV spreadsheet."""

from typing import IO, Any

from django.core.management.base import CommandParser

from audits.audit_import import IMPORT_COLUMNS_HELP, audits_import
from practiceweek.management.csv_command import CsvImportCommand, ImportOutcome


class Command(CsvImportCommand):
    help = f"Import historical audits from a CSV file. {IMPORT_COLUMNS_HELP}"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create unknown services, teams, people, case files, practice weeks and themes.",
        )

    def run_import(
        self, file: IO[bytes], *, dry_run: bool, create_missing: bool = False, **options: Any
    ) -> ImportOutcome:
        return audits_import(file=file, create_missing=create_missing, dry_run=dry_run)
