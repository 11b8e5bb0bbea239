"""Reading the CSV files that councils upload: the part every importer shares.

A file is refused whole (CsvRefused) when it cannot be read, when its header names a column
that looks like a child's personal data, or when its columns are wrong; importers then check
its rows one by one and report each problem as a LineError.
"""

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO

# Headers that would bring a child's identity into the system: the whole file is refused.
PERSONAL_DATA_COLUMNS = frozenset(
    {"name", "child_name", "first_name", "forename", "last_name", "surname", "full_name"}
    | {"dob", "date_of_birth", "birth_date", "address", "postcode", "post_code", "nhs_number"}
)
_PERSONAL_WORDS = {"name", "forename", "surname", "dob", "birth", "address", "postcode", "nhs"}
_NOT_UTF8 = (
    "The file is not a CSV file in UTF-8. In Excel, save it as 'CSV UTF-8 (Comma delimited)'."
)


@dataclass(frozen=True)
class LineError:
    """One problem with an imported file, said so that the person who uploaded it can fix it."""

    line: int | None  # the header is line 1; None for the file as a whole
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


class CsvRefused(Exception):
    """The file as a whole cannot be read: nothing row by row is worth reporting."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.error = LineError(line, message)


def normalise_header(name: str) -> str:
    """A header cell as a column name: "Case Reference " and "case-reference" are case_reference."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def is_personal_data_header(name: str) -> bool:
    """Whether a column of this name would hold a child's name, date of birth or address."""
    column = normalise_header(name)
    return column in PERSONAL_DATA_COLUMNS or bool(set(column.split("_")) & _PERSONAL_WORDS)


def read_rows(
    file: IO[str] | IO[bytes],
    *,
    required: Sequence[str],
    optional: Sequence[str],
    rows_are: str,
    personal_data_rule: str,
    empty: str = "The file is empty.",
    not_csv: str = "The file is not a CSV file: save it as 'CSV UTF-8' and try again.",
) -> tuple[frozenset[str], list[tuple[int, dict[str, str]]]]:
    """The columns the header names, and the non-blank rows with their line numbers.

    Each row maps every known column (normalised: see normalise_header) to its stripped cell;
    a column the file leaves out reads as blank. Raises CsvRefused when the file is not UTF-8
    text (a byte-order mark is fine), is `empty`, holds NUL bytes (`not_csv`: a spreadsheet
    saved in another format), has a column that is personal data (`personal_data_rule` says
    what to upload instead), misses a required column, names an unknown one or one twice, or
    has no rows below the header (`rows_are` names what they would have been).
    """
    text = _decode(file.read())
    if not text.strip():
        raise CsvRefused(empty)
    if "\x00" in text:
        raise CsvRefused(not_csv)
    records = list(_records(text))
    header = [normalise_header(name) for name in records[0][1]]
    _check_header(header, required, optional, personal_data_rule)
    blank = dict.fromkeys((*required, *optional), "")
    rows = [
        (line, blank | {name: cell.strip() for name, cell in zip(header, cells, strict=False)})
        for line, cells in records[1:]
        if any(cell.strip() for cell in cells)  # Excel leaves rows of empty cells at the end
    ]
    if not rows:
        raise CsvRefused(f"the file has a header row but no {rows_are} below it", line=1)
    return frozenset(header), rows


def _decode(content: str | bytes) -> str:
    try:
        # utf-8-sig drops the byte-order mark that Excel puts at the start of "CSV UTF-8".
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    except UnicodeDecodeError as exc:
        raise CsvRefused(_NOT_UTF8) from exc
    return text.removeprefix("\ufeff")


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CsvRefused(f"not readable as CSV ({exc})", line=reader.line_num) from exc


def _check_header(
    header: list[str], required: Sequence[str], optional: Sequence[str], personal_data_rule: str
) -> None:
    personal = [name for name in header if is_personal_data_header(name)]
    if personal:
        raise CsvRefused(
            f"column {personal[0]!r} looks like personal data about a child. "
            f"{personal_data_rule}, never names, dates of birth or addresses: remove the column.",
            line=1,
        )
    problems = [f"missing required column {name!r}" for name in required if name not in header]
    known = {*required, *optional, ""}
    problems += [f"unknown column {name!r}" for name in header if name not in known]
    problems += [
        f"column {name!r} appears twice"
        for name in sorted(set(header))
        if name and header.count(name) > 1
    ]
    if problems:
        raise CsvRefused("; ".join(problems), line=1)


def iso_date(
    column: str, value: str, problems: list[str], *, required: bool = False
) -> date | None:
    """A YYYY-MM-DD cell as a date, or None with the problem added to problems.

    A blank cell is None; it is a problem ("is blank") only when the column is required.
    """
    if not value:
        if required:
            problems.append(f"{column} is blank")
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        problems.append(f"{column} {value!r} is not a date in the form YYYY-MM-DD")
        return None
