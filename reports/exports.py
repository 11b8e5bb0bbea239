"""Every table of a report as CSV and XLSX, drawn from its snapshot (`reports.snapshot`): the
same numbers as the PDF, because both read the same stored snapshot.

`export_tables(snapshot)` lists the tables (slug, title, header, rows); `table_csv` and
`table_xlsx` write one; `workbook_xlsx` writes them all, a sheet each. Counts and percentages
are whole numbers and stay numbers in the spreadsheet; an empty cell means "nothing to divide
by" (a group with no files that week). Text that a spreadsheet would run as a formula is made
safe (CSV) or stored as text (XLSX): team names come from imports, the action plan is free text.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from audits.summary import safe_cell
from practiceweek.grades import ALL_GRADES, SCALE, GradeTableRow
from practiceweek.models import Grade
from reports.snapshot import (
    ActionGroup,
    Activity,
    AnnualSnapshot,
    GradeTables,
    Snapshot,
    ThemeRow,
    TrajectoryRow,
    TrajectorySeries,
    WeekSnapshot,
)

Cell = str | int | None
SHEET_TITLE_MAX = 31  # Excel's limit
_HEADLINES: tuple[
    tuple[Literal["good_or_outstanding", "requires_improvement_or_inadequate"], str], ...
] = (
    ("good_or_outstanding", "Good or outstanding"),
    ("requires_improvement_or_inadequate", "Requires improvement or inadequate"),
)


@dataclass(frozen=True)
class ExportTable:
    slug: str  # unique within the report; names the file and the sheet
    title: str
    header: list[str]
    rows: list[list[Cell]]


def export_tables(snapshot: Snapshot) -> list[ExportTable]:
    """Every table of a week or yearly report's snapshot, in the report's order."""
    if snapshot["kind"] == "annual":
        return _annual_tables(snapshot)
    return _week_tables(snapshot)


def find_table(snapshot: Snapshot, slug: str) -> ExportTable:
    """The table of `slug`; LookupError when the report has no such table."""
    for table in export_tables(snapshot):
        if table.slug == slug:
            return table
    raise LookupError(f"this report has no table {slug!r}")


# --- Writing ----------------------------------------------------------------------------------


def table_csv(table: ExportTable) -> str:
    """The table as CSV text: the header, then its rows; empty cells for None."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(name) for name in table.header])
    writer.writerows(
        [safe_cell(cell) if isinstance(cell, str) else cell for cell in row] for row in table.rows
    )
    return out.getvalue()


def table_xlsx(table: ExportTable) -> bytes:
    """The table as an XLSX workbook of one sheet."""
    return _workbook([table], title=table.title)


def workbook_xlsx(snapshot: Snapshot) -> bytes:
    """Every table of the report as an XLSX workbook, one sheet per table."""
    return _workbook(export_tables(snapshot), title=str(snapshot["narrative"]["title"]))


def _workbook(tables: Sequence[ExportTable], *, title: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    book.properties.title = _clean(title)
    for table in tables:
        _write_sheet(book.create_sheet(title=table.slug[:SHEET_TITLE_MAX]), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(sheet: Worksheet, table: ExportTable) -> None:
    bold = Font(bold=True)
    widths = [len(name) for name in table.header]
    lines: list[Sequence[Cell]] = [table.header, *table.rows]
    for row_number, row in enumerate(lines, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            if isinstance(value, str):
                cell.value = _clean(value)
                cell.data_type = "s"  # text, even when it starts with "=": never a formula
                widths[column - 1] = max(widths[column - 1], min(len(value), 60))
            else:
                cell.value = value
            if row_number == 1:
                cell.font = bold
    sheet.freeze_panes = "A2"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(width, 8) + 2


def _clean(text: str) -> str:
    # XML cannot hold control characters (pasted from Word, say): openpyxl refuses them.
    return ILLEGAL_CHARACTERS_RE.sub("", text)


# --- The tables -------------------------------------------------------------------------------


def _week_tables(s: WeekSnapshot) -> list[ExportTable]:
    tables = [
        _activity_table(s["activity"]),
        _grade_table("audits-by-service", "Audits by service", s["audit_grades"]),
        _grade_table("audits-by-team", "Audits by team", s["audit_grades"], by="by_team"),
        _trajectory_table(s["trajectory"], s["previous_week"]),
        _series_table(s["trajectory_series"]),
    ]
    if s["observation_grades"] is not None:
        grades = s["observation_grades"]
        tables += [
            _grade_table("observations-by-service", "Observations by service", grades),
            _grade_table("observations-by-team", "Observations by team", grades, by="by_team"),
        ]
    tables += [
        ExportTable(
            slug="observation-counts",
            title="Observations by service and setting",
            header=["Service", "Setting", "Observations"],
            rows=[[r["service"], r["setting"], r["count"]] for r in s["observation_counts"]],
        ),
        *_themes_tables(s["strengths"], s["areas"]),
        ExportTable(
            slug="voices-ratings",
            title="How children, parents and carers felt the worker treated them",
            header=["Rating", "Count"],
            rows=[[r["rating"], r["count"]] for r in s["voices"]["ratings"]],
        ),
        ExportTable(
            slug="voices-relationships",
            title="Who gave feedback",
            header=["Who", "Count"],
            rows=[[r["relationship"], r["count"]] for r in s["voices"]["by_relationship"]],
        ),
        _action_table(s["action_plan"]),
    ]
    return tables


def _annual_tables(s: AnnualSnapshot) -> list[ExportTable]:
    overall = s["overall"]
    return [
        _activity_table(s["activity"]),
        _grade_rows_table("audits-by-type", "Audits by type", s["by_audit_type"], overall),
        _grade_rows_table("audits-by-team", "Audits by team", s["by_team"], overall),
        _grade_rows_table("audits-by-month", "Audits by month", s["by_month"], overall),
        ExportTable(
            slug="practice-weeks",
            title="Practice weeks",
            header=["Practice week", "Start", "End"],
            rows=[[w["title"], w["start"], w["end"]] for w in s["weeks"]],
        ),
        *_themes_tables(s["strengths"], s["areas"]),
        _action_table(s["action_plan"]),
    ]


def _activity_table(activity: Activity) -> ExportTable:
    return ExportTable(
        slug="what-happened",
        title="What happened",
        header=["Measure", "Value"],
        rows=[
            ["From", activity["start"]],
            ["To", activity["end"]],
            ["Services visited", len(activity["services"])],
            ["Teams visited", len(activity["teams"])],
            ["Visits", activity["visits"]],
            ["Files audited", activity["files_audited"]],
            ["Observations of practice", activity["observations"]],
            ["Practitioners seen", activity["practitioners_seen"]],
            ["Service-user voices heard", activity["service_user_voices"]],
        ],
    )


def _grade_header(first: str) -> list[str]:
    header = [first, "Files"]
    for grade in ALL_GRADES:
        label = Grade(grade).label
        header += [label, f"{label} %"]
        if grade in SCALE:
            header.append(f"{label} adjusted %")
    for _, label in _HEADLINES:
        header += [f"{label} %", f"{label} adjusted %"]
    return header


def _grade_row(table: GradeTableRow) -> list[Cell]:
    row: list[Cell] = [table["group"], table["total"]]
    for grade in ALL_GRADES:
        row += [table["counts"][grade], table["percent"][grade]]
        if grade in SCALE:
            row.append(table["adjusted_percent"][grade])
    for key, _ in _HEADLINES:
        row += [table[key]["percent"], table[key]["adjusted_percent"]]
    return row


def _grade_table(
    slug: str,
    title: str,
    tables: GradeTables,
    *,
    by: Literal["by_service", "by_team"] = "by_service",
) -> ExportTable:
    return _grade_rows_table(slug, title, tables[by], tables["overall"])


def _grade_rows_table(
    slug: str, title: str, rows: Iterable[GradeTableRow], overall: GradeTableRow
) -> ExportTable:
    """One row per group, then the "All" row."""
    return ExportTable(
        slug=slug,
        title=title,
        header=_grade_header("Group"),
        rows=[_grade_row(table) for table in [*rows, overall]],
    )


def _trajectory_table(rows: Sequence[TrajectoryRow], previous: str | None) -> ExportTable:
    against = f"against {previous}" if previous else "(no previous practice week)"
    return ExportTable(
        slug="trajectory",
        title=f"Trajectory: good or outstanding, percent of all files, {against}",
        header=[
            "Group",
            "Previous week %",
            "This week %",
            "Direction",
            "In words",
            "Previous week adjusted %",
            "This week adjusted %",
        ],
        rows=[
            [
                r["group"],
                r["previous"],
                r["current"],
                r["direction"],
                r["words"],
                r.get("previous_adjusted"),
                r.get("current_adjusted"),
            ]
            for r in rows
        ],
    )


def _series_table(series: TrajectorySeries) -> ExportTable:
    return ExportTable(
        slug="trajectory-series",
        title="Good or outstanding over the last practice weeks, percent of all files",
        header=["Group", *series["weeks"]],
        rows=[[s["group"], *s["values"]] for s in series["series"]],
    )


def _themes_tables(strengths: Sequence[ThemeRow], areas: Sequence[ThemeRow]) -> list[ExportTable]:
    """What we do well, then where we need to improve: both kinds of report end with them."""
    return [
        ExportTable(
            slug=slug,
            title=title,
            header=["Theme", "Wording", "Observations", "Audits", "Total"],
            rows=[
                [r["theme"], r["wording"], r["observations"], r["audits"], r["total"]] for r in rows
            ],
        )
        for slug, title, rows in (
            ("strengths", "What we do well", strengths),
            ("areas", "Where we need to improve", areas),
        )
    ]


def _action_table(groups: Sequence[ActionGroup]) -> ExportTable:
    return ExportTable(
        slug="action-plan",
        title="Action plan",
        header=[
            "Category",
            "Issue identified",
            "Action to be taken",
            "Anticipated risk if not completed",
            "Priority",
            "Date for completion",
            "Responsible person",
        ],
        rows=[
            [
                group["category"],
                row["issue"],
                row["action"],
                row["risk"],
                row["priority"],
                row["due_on"],
                row["responsible"],
            ]
            for group in groups
            for row in group["rows"]
        ],
    )
