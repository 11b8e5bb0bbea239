"""Exports: every table of a report as CSV and XLSX with the snapshot's numbers, safe cells."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from audits.summary import safe_cell
from practiceweek.models import Role
from reports.exports import (
    ExportTable,
    export_tables,
    find_table,
    table_csv,
    table_xlsx,
    workbook_xlsx,
)
from reports.gather import annual_snapshot, week_snapshot
from reports.models import ActionPlanItem, Report
from tests.factories import (
    AuditFactory,
    CaseFileFactory,
    ObservationFactory,
    PracticeWeekFactory,
    ServiceFactory,
    ServiceUserFeedbackFactory,
    TeamFactory,
    UserFactory,
)

NOW = datetime(2026, 12, 1, tzinfo=UTC)
WEEK_SLUGS = [
    "what-happened",
    "audits-by-service",
    "audits-by-team",
    "trajectory",
    "trajectory-series",
    "observations-by-service",
    "observations-by-team",
    "observation-counts",
    "strengths",
    "areas",
    "voices-ratings",
    "voices-relationships",
    "action-plan",
]


def audit(week, team, grade: str) -> None:
    AuditFactory(
        week=week,
        case_file=CaseFileFactory(team=team),
        status="submitted",
        overall_grade=grade,
        submitted_at=NOW,
    )


@pytest.fixture
def snapshot(db) -> dict:
    """Spring: Social Work 1 Good + 1 Inadequate. Autumn: Social Work 3 Good + 1 Inadequate +
    1 Not applicable; "=Early Help" (an imported name) 1 Requires improvement."""
    social_work = TeamFactory(service=ServiceFactory(name="Social Work"), name="Assessment")
    tricky = TeamFactory(service=ServiceFactory(name="=Early Help"), name="+Hub")
    spring = PracticeWeekFactory(title="Spring 2026", start_date=date(2026, 3, 2))
    week = PracticeWeekFactory(title="Autumn 2026", slug="autumn-2026")
    for grade in ("good", "inadequate"):
        audit(spring, social_work, grade)
    for grade in ("good", "good", "good", "inadequate", "not_applicable"):
        audit(week, social_work, grade)
    audit(week, tricky, "requires_improvement")
    ServiceUserFeedbackFactory(observation=ObservationFactory(week=week, submitted=True))
    report = Report.objects.create(
        kind="week", week=week, title="Autumn", created_by=UserFactory(role=Role.QA_ADMIN)
    )
    ActionPlanItem.objects.create(
        report=report,
        category="Supervision",
        issue="@SUM(A1) is\x0b pasted",
        action="Monthly supervision",
        risk="Drift",
        priority="high",
        due_on=date(2027, 3, 31),
        responsible="Head of Service",
    )
    return week_snapshot(report, now=NOW)


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def read_sheets(data: bytes) -> dict[str, list[list]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def test_week_tables_come_in_report_order(snapshot):
    assert [t.slug for t in export_tables(snapshot)] == WEEK_SLUGS


def test_ungraded_week_has_no_observation_grade_tables(snapshot):
    ungraded = snapshot | {"observation_grades": None}
    slugs = [t.slug for t in export_tables(ungraded)]
    assert "observations-by-service" not in slugs and "observation-counts" in slugs


def test_grade_table_rows_are_the_snapshots_numbers(snapshot):
    table = find_table(snapshot, "audits-by-service")
    assert table.header[:7] == [
        "Group",
        "Files",
        "Outstanding",
        "Outstanding %",
        "Outstanding adjusted %",
        "Good",
        "Good %",
    ]
    assert table.header[-4:] == [
        "Good or outstanding %",
        "Good or outstanding adjusted %",
        "Requires improvement or inadequate %",
        "Requires improvement or inadequate adjusted %",
    ]
    rows = {row[0]: dict(zip(table.header, row, strict=True)) for row in table.rows}
    assert list(rows) == ["=Early Help", "Social Work", "All"]
    social_work = rows["Social Work"]
    # 3 Good + 1 Inadequate + 1 Not applicable: 60/20/20; adjusted 75/25; headline 60 (75).
    assert (social_work["Files"], social_work["Good"], social_work["Good %"]) == (5, 3, 60)
    assert social_work["Good adjusted %"] == 75
    assert social_work["Not applicable %"] == 20
    assert social_work["Good or outstanding %"] == 60
    assert social_work["Good or outstanding adjusted %"] == 75
    # All 6: 3 of 6 = 50%; 3 of 5 graded = 60%.
    assert (rows["All"]["Files"], rows["All"]["Good or outstanding %"]) == (6, 50)
    assert rows["All"]["Good or outstanding adjusted %"] == 60
    overall = snapshot["audit_grades"]["overall"]
    assert (
        rows["All"]["Good or outstanding adjusted %"]
        == overall["good_or_outstanding"]["adjusted_percent"]
    )


def test_trajectory_table_says_which_figure(snapshot):
    table = find_table(snapshot, "trajectory")
    assert table.title == (
        "Trajectory: good or outstanding, percent of all files, against Spring 2026"
    )
    assert table.rows == [
        ["=Early Help", None, 0, "new", "New: 0%, no audits in the previous week", None, 0],
        ["Social Work", 50, 60, "up", "Up from 50% to 60%", 50, 75],
        ["All", 50, 50, "same", "No change at 50%", 50, 60],
    ]


def test_series_table_has_a_column_per_week(snapshot):
    table = find_table(snapshot, "trajectory-series")
    assert table.header == ["Group", "Spring 2026", "Autumn 2026"]
    assert table.rows == [["=Early Help", None, 0], ["Social Work", 50, 60], ["All", 50, 50]]


def test_csv_has_the_same_numbers_and_safe_cells(snapshot):
    rows = read_csv(table_csv(find_table(snapshot, "audits-by-service")))
    assert rows[0][:2] == ["Group", "Files"]
    assert [row[0] for row in rows[1:]] == ["'=Early Help", "Social Work", "All"]
    assert rows[2][1:4] == ["5", "0", "0"]
    assert rows[3][-4:] == ["50", "60", "33", "40"]


def test_csv_leaves_empty_cells_for_nothing_to_divide_by(snapshot):
    rows = read_csv(table_csv(find_table(snapshot, "trajectory")))
    assert rows[1][:3] == ["'=Early Help", "", "0"]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Social Work", "Social Work"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_safe_cell(text, safe):
    assert safe_cell(text) == safe


def test_workbook_has_a_sheet_per_table_with_the_same_cells(snapshot):
    tables = export_tables(snapshot)
    sheets = read_sheets(workbook_xlsx(snapshot))
    assert list(sheets) == WEEK_SLUGS
    for table in tables:
        expected = [table.header, *table.rows]
        if table.slug == "action-plan":
            expected[1][1] = "@SUM(A1) is pasted"  # control characters cannot go in XLSX
        assert sheets[table.slug] == expected, table.slug


def test_workbook_numbers_are_numbers_and_text_never_a_formula(snapshot):
    book = load_workbook(io.BytesIO(workbook_xlsx(snapshot)))
    sheet = book["audits-by-service"]
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == "=Early Help" and sheet["A2"].data_type == "s"
    assert sheet["B3"].value == 5 and sheet["B3"].data_type == "n"
    assert book["action-plan"]["B2"].data_type == "s"
    assert book.properties.title == "Autumn"


def test_one_table_as_xlsx():
    table = ExportTable(
        slug="t", title="T", header=["Name", "Count"], rows=[["=A", 3], ["B", None]]
    )
    assert read_sheets(table_xlsx(table)) == {"t": [["Name", "Count"], ["=A", 3], ["B", None]]}


def test_unknown_table_is_a_lookup_error(snapshot):
    with pytest.raises(LookupError, match="no table 'nope'"):
        find_table(snapshot, "nope")


@pytest.mark.django_db
def test_annual_tables_equal_the_snapshot():
    team = TeamFactory(service=ServiceFactory(name="Social Work"), name="Assessment")
    for grade, day in (("good", date(2026, 1, 5)), ("requires_improvement", date(2026, 3, 9))):
        AuditFactory(
            week=None,
            audit_type="core",
            audited_on=day,
            case_file=CaseFileFactory(team=team),
            status="submitted",
            overall_grade=grade,
            submitted_at=NOW,
        )
    report = Report.objects.create(
        kind="annual",
        date_from=date(2026, 1, 1),
        date_to=date(2026, 3, 31),
        title="QA 2026",
        created_by=UserFactory(role=Role.QA_ADMIN),
    )
    snapshot = annual_snapshot(report, now=NOW)
    tables = {t.slug: t for t in export_tables(snapshot)}
    assert list(tables) == [
        "what-happened",
        "audits-by-type",
        "audits-by-team",
        "audits-by-month",
        "practice-weeks",
        "strengths",
        "areas",
        "action-plan",
    ]
    by_month = tables["audits-by-month"]
    assert [(row[0], row[1]) for row in by_month.rows] == [
        ("2026-01", 1),
        ("2026-02", 0),
        ("2026-03", 1),
        ("All", 2),
    ]
    assert [row[1] for row in tables["audits-by-type"].rows] == [0, 2, 0, 0, 2]
    sheets = read_sheets(workbook_xlsx(snapshot))
    assert sheets["audits-by-month"] == [by_month.header, *by_month.rows]
    assert sheets["what-happened"][6] == ["Files audited", 2]
