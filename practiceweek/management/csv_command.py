"""The shape of a command that imports one CSV file (import_case_files, import_audits): the
same arguments, the same refusal (every problem on stderr, nothing saved) and the same summary."""

from pathlib import Path
from typing import IO, Any, Protocol

from django.core.management.base import BaseCommand, CommandError, CommandParser

from practiceweek.csv_import import LineError


class ImportOutcome(Protocol):
    @property
    def errors(self) -> tuple[LineError, ...]: ...

    def summary(self) -> str: ...


class CsvImportCommand(BaseCommand):
    """Reads csv_file, runs run_import on it, then reports: override run_import."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv_file", type=Path, help="The CSV file to import.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row; save nothing.")

    def run_import(self, file: IO[bytes], *, dry_run: bool, **options: Any) -> ImportOutcome:
        raise NotImplementedError

    def handle(self, *args: Any, csv_file: Path, dry_run: bool, **options: Any) -> None:
        try:
            with csv_file.open("rb") as file:
                result = self.run_import(file, dry_run=dry_run, **options)
        except OSError as exc:
            raise CommandError(f"cannot read {csv_file}: {exc.strerror}") from exc
        if result.errors:
            for error in result.errors:
                where = f"line {error.line}" if error.line else "file"
                self.stderr.write(f"{where}: {error.message}")
            count = len(result.errors)
            raise CommandError(f"{count} problem{'s' if count != 1 else ''}: nothing was imported.")
        self.stdout.write(self.style.SUCCESS(result.summary()))
