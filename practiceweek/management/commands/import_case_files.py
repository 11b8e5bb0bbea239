"""Import case files from a CSV file: the same checks and writes as the admin's upload page."""

from typing import IO, Any

from practiceweek.case_import import IMPORT_COLUMNS_HELP, case_files_import
from practiceweek.management.csv_command import CsvImportCommand, ImportOutcome


class Command(CsvImportCommand):
    help = f"Import case files from a CSV file. {IMPORT_COLUMNS_HELP}"

    def run_import(self, file: IO[bytes], *, dry_run: bool, **options: Any) -> ImportOutcome:
        return case_files_import(file=file, dry_run=dry_run)
