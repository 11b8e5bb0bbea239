"""The shared CSV import pieces: iso_date cells and the CsvImportCommand shape."""

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

import pytest
from django.core.management import CommandError

from practiceweek.csv_import import LineError, iso_date
from practiceweek.management.csv_command import CsvImportCommand


@pytest.mark.parametrize(
    ("value", "required", "expected", "problems"),
    [
        ("2026-03-02", False, date(2026, 3, 2), []),
        ("", False, None, []),
        ("", True, None, ["opened_on is blank"]),
        ("2/3/2026", False, None, ["opened_on '2/3/2026' is not a date in the form YYYY-MM-DD"]),
        ("2026-02-30", True, None, ["opened_on '2026-02-30' is not a date in the form YYYY-MM-DD"]),
    ],
)
def test_iso_date(value: str, required: bool, expected: date | None, problems: list[str]) -> None:
    found: list[str] = []
    assert iso_date("opened_on", value, found, required=required) == expected
    assert found == problems


@dataclass(frozen=True)
class _Outcome:
    errors: tuple[LineError, ...] = ()

    def summary(self) -> str:
        return "Imported 1 thing."


class _Command(CsvImportCommand):
    def __init__(self, outcome: _Outcome) -> None:
        super().__init__(stdout=io.StringIO(), stderr=io.StringIO())
        self.outcome = outcome
        self.seen: list[tuple[bytes, bool]] = []

    def run_import(self, file: IO[bytes], *, dry_run: bool, **options: Any) -> _Outcome:
        self.seen.append((file.read(), dry_run))
        return self.outcome


def test_command_reads_the_file_and_prints_the_summary(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"x\n1\n")
    command = _Command(_Outcome())
    command.handle(csv_file=tmp_path / "a.csv", dry_run=True)
    assert command.seen == [(b"x\n1\n", True)]
    assert "Imported 1 thing." in command.stdout.getvalue()


def test_command_lists_every_problem_and_refuses(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"x\n")
    errors = (LineError(None, "empty"), LineError(3, "bad team"))
    command = _Command(_Outcome(errors=errors))
    with pytest.raises(CommandError, match="2 problems: nothing was imported"):
        command.handle(csv_file=tmp_path / "a.csv", dry_run=False)
    assert command.stderr.getvalue().splitlines() == ["file: empty", "line 3: bad team"]


def test_command_says_when_the_file_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        _Command(_Outcome()).handle(csv_file=tmp_path / "missing.csv", dry_run=False)
