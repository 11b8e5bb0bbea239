"""Import historical audits from a council's CSV spreadsheet."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audits.audit_import import IMPORT_COLUMNS_HELP, audits_import


class Command(BaseCommand):
    help = f"Import historical audits from a CSV file. {IMPORT_COLUMNS_HELP}"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv_file", type=Path, help="The CSV file to import.")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create unknown services, teams, people, case files, practice weeks and themes.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check every row; save nothing.")

    def handle(
        self, *args: Any, csv_file: Path, create_missing: bool, dry_run: bool, **options: Any
    ) -> None:
        try:
            with csv_file.open("rb") as file:
                result = audits_import(file=file, create_missing=create_missing, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"cannot read {csv_file}: {exc.strerror}") from exc
        if result.errors:
            for error in result.errors:
                where = f"line {error.line}" if error.line else "file"
                self.stderr.write(f"{where}: {error.message}")
            count = len(result.errors)
            raise CommandError(f"{count} problem{'s' if count != 1 else ''}: nothing was imported.")
        self.stdout.write(self.style.SUCCESS(result.summary()))
