"""Import case files from a CSV file: the same checks and writes as the admin's upload page."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from practiceweek.case_import import IMPORT_COLUMNS_HELP, case_files_import


class Command(BaseCommand):
    help = f"Import case files from a CSV file. {IMPORT_COLUMNS_HELP}"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv_file", type=Path, help="The CSV file to import.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row; save nothing.")

    def handle(self, *args: Any, csv_file: Path, dry_run: bool, **options: Any) -> None:
        try:
            with csv_file.open("rb") as file:
                result = case_files_import(file=file, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"cannot read {csv_file}: {exc.strerror}") from exc
        if result.errors:
            for error in result.errors:
                where = f"line {error.line}" if error.line else "file"
                self.stderr.write(f"{where}: {error.message}")
            count = len(result.errors)
            raise CommandError(f"{count} problem{'s' if count != 1 else ''}: nothing was imported.")
        self.stdout.write(self.style.SUCCESS(result.summary()))
