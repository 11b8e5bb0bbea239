"""The CSV import of case files, and the management command around it."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practiceweek.case_import import ImportResult, LineError, case_files_import
from practiceweek.models import CaseFile, CaseType, Team, User
from tests.factories import CaseFileFactory, ServiceFactory, TeamFactory, UserFactory

HEADER = (
    "case_reference,case_type,team,service,allocated_worker,status,opened_on,closed_on,"
    "last_audited_on"
)


@pytest.fixture
def family_support(db) -> Team:
    return TeamFactory(name="Family Support", service=ServiceFactory(name="Early Help"))


@pytest.fixture
def assessment(db) -> Team:
    return TeamFactory(name="Assessment 1", service=ServiceFactory(name="Social Work"))


@pytest.fixture
def worker(db) -> User:
    return UserFactory(username="sam.worker", email="Sam.Worker@council.example")


REFERENCE_RULE = "A case reference is 3 to 20 letters, digits, hyphens or slashes, with no spaces."


def run(text: str, *, dry_run: bool = False) -> ImportResult:
    return case_files_import(file=io.BytesIO(text.encode()), dry_run=dry_run)


def messages(result: ImportResult) -> list[str]:
    return [str(error) for error in result.errors]


def test_good_file_creates_case_files_with_their_fields(family_support, assessment, worker):
    result = run(
        f"{HEADER}\n"
        "CR1,cin,Family Support,,sam.worker,,2026-01-05,,2026-06-01\n"
        "CR2,Child protection,assessment 1,,sam.worker@council.example,closed,"
        "2025-03-01,2026-02-01,\n"
    )

    assert result == ImportResult(created=2, updated=0, unchanged=0)
    first, second = CaseFile.objects.order_by("case_reference")
    assert (first.case_type, first.team, first.allocated_worker) == (
        CaseType.CIN,
        family_support,
        worker,
    )
    assert (first.is_open, first.opened_on, first.closed_on, first.last_audited_on) == (
        True,
        date(2026, 1, 5),
        None,
        date(2026, 6, 1),
    )
    assert (second.case_type, second.team, second.allocated_worker) == (
        CaseType.CP,
        assessment,
        worker,
    )
    assert (second.is_open, second.closed_on) == (False, date(2026, 2, 1))


def test_good_file_updates_existing_files_and_counts_unchanged(family_support, assessment, worker):
    moved = CaseFileFactory(case_reference="CR1", team=family_support, case_type=CaseType.CIN)
    CaseFileFactory(case_reference="CR2", team=assessment, case_type=CaseType.CLA)

    result = run(
        "case_reference,case_type,team,allocated_worker\n"
        "CR1,cp,Assessment 1,sam.worker\n"
        "CR2,cla,Assessment 1,\n"
        "CR3,yot,Family Support,\n"
    )

    assert result == ImportResult(created=1, updated=1, unchanged=1)
    moved.refresh_from_db()
    assert (moved.case_type, moved.team, moved.allocated_worker) == (
        CaseType.CP,
        assessment,
        worker,
    )
    assert CaseFile.objects.get(case_reference="CR3").team == family_support


def test_column_left_out_keeps_the_stored_value(family_support, worker):
    kept = CaseFileFactory(
        case_reference="CR1", team=family_support, allocated_worker=worker, is_open=False
    )

    run("case_reference,case_type,team\nCR1,cp,Family Support\n")

    kept.refresh_from_db()
    assert (kept.case_type, kept.allocated_worker, kept.is_open) == (CaseType.CP, worker, False)


def test_blank_cell_clears_an_optional_value(family_support, worker):
    cleared = CaseFileFactory(case_reference="CR1", team=family_support, allocated_worker=worker)

    result = run("case_reference,case_type,team,allocated_worker\nCR1,cin,Family Support,\n")

    cleared.refresh_from_db()
    assert result.updated == 1
    assert cleared.allocated_worker is None


def test_reopening_a_closed_file_clears_its_closed_date(family_support):
    reopened = CaseFileFactory(
        case_reference="CR1",
        team=family_support,
        is_open=False,
        opened_on=date(2025, 1, 1),
        closed_on=date(2025, 6, 1),
    )

    result = run("case_reference,case_type,team,status\nCR1,cin,Family Support,open\n")

    reopened.refresh_from_db()
    assert result.updated == 1
    assert (reopened.is_open, reopened.closed_on) == (True, None)


def test_headers_are_trimmed_case_insensitive_and_in_any_order(family_support):
    result = run(" Team , CASE TYPE,Case_Reference \nFamily Support,Early help,CR9\n")

    assert result.created == 1
    assert CaseFile.objects.get(case_reference="CR9").case_type == CaseType.EARLY_HELP


def test_ambiguous_team_is_resolved_by_the_service_column(db):
    TeamFactory(name="Duty", service=ServiceFactory(name="Social Work"))
    early_duty = TeamFactory(name="Duty", service=ServiceFactory(name="Early Help"))

    result = run("case_reference,case_type,team,service\nCR1,cin,Duty,early help\n")

    assert result.created == 1
    assert CaseFile.objects.get().team == early_duty


GOOD_ROW = "CR0,cin,Family Support,,,,,,"


@pytest.mark.usefixtures("family_support", "worker")
@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",cin,Family Support,,,,,,", "Line 3: case_reference is blank"),
        ("CR1,foo,Family Support,,,,,,", "Line 3: unknown case type 'foo'"),
        ("CR1,cin,Foo,,,,,,", "Line 3: unknown team 'Foo'"),
        ("CR1,cin,Family Support,Social Work,,,,,", "Line 3: unknown team 'Family Support' in"),
        ("CR1,cin,Family Support,,nobody,,,,", "Line 3: unknown worker 'nobody'"),
        ("CR1,cin,Family Support,,,shut,,,", "Line 3: status must be open or closed, not 'shut'"),
        ("CR1,cin,Family Support,,,,23/11/2026,,", "Line 3: opened_on '23/11/2026' is not a date"),
        ("CR1,cin,Family Support,,,,,,2026-13-01", "Line 3: last_audited_on '2026-13-01' is not"),
        (
            "CR1,cin,Family Support,,,closed,2026-02-01,2026-01-01,",
            "Line 3: closed_on 2026-01-01 is before opened_on 2026-02-01",
        ),
        ("CR1,cin,Family Support,,,open,,2026-01-01,", "Line 3: closed_on 2026-01-01 is given"),
        ("CR1,cin,Family Support,,,,,2026-01-01,", "Line 3: closed_on 2026-01-01 is given"),
        (f"{'X' * 41},cin,Family Support,,,,,,", "Line 3: case reference is longer than 40"),
        ("NB 102857,cin,Family Support,,,,,,", f"Line 3: case reference: {REFERENCE_RULE}"),
        ("Jayden Smith,cin,Family Support,,,,,,", f"Line 3: case reference: {REFERENCE_RULE}"),
        ("NB,cin,Family Support,,,,,,", f"Line 3: case reference: {REFERENCE_RULE}"),
        (f"{'X' * 21},cin,Family Support,,,,,,", f"Line 3: case reference: {REFERENCE_RULE}"),
    ],
)
def test_bad_row_is_reported_by_line_and_nothing_is_written(row: str, message: str):
    result = run(f"{HEADER}\n{GOOD_ROW}\n{row}\n")

    assert len(result.errors) == 1
    assert str(result.errors[0]).startswith(message)
    assert (result.created, result.updated) == (0, 0)
    assert not CaseFile.objects.exists()


def test_ambiguous_team_name_without_service_is_an_error(db):
    TeamFactory(name="Duty", service=ServiceFactory(name="Social Work"))
    TeamFactory(name="Duty", service=ServiceFactory(name="Early Help"))

    result = run("case_reference,case_type,team\nCR1,cin,Duty\n")

    assert messages(result) == [
        "Line 2: team 'Duty' is in more than one service (Early Help, Social Work): "
        "add a service column to say which"
    ]


def test_worker_email_shared_by_two_people_is_an_error(family_support):
    UserFactory(email="duty@council.example")
    UserFactory(email="DUTY@council.example")

    result = run(
        "case_reference,case_type,team,allocated_worker\n"
        "CR1,cin,Family Support,duty@council.example\n"
    )

    assert messages(result) == [
        "Line 2: worker 'duty@council.example' matches more than one person: give their username"
    ]


def test_repeated_reference_names_both_lines(family_support):
    result = run(
        "case_reference,case_type,team\n"
        "CR1,cin,Family Support\n"
        "CR2,cin,Family Support\n"
        "CR1,cp,Family Support\n"
    )

    assert messages(result) == ["Line 4: case reference 'CR1' is also on line 2"]
    assert not CaseFile.objects.exists()


def test_every_bad_row_is_reported_with_every_problem(family_support):
    result = run(
        "case_reference,case_type,team\n"
        "CR1,foo,Nowhere\n"
        "CR2,cin,Family Support\n"
        "\n"  # blank lines are skipped but still counted
        ",cin,Family Support\n"
    )

    assert result.errors == (
        LineError(2, "unknown case type 'foo'"),
        LineError(2, "unknown team 'Nowhere'"),
        LineError(5, "case_reference is blank"),
    )


def test_missing_required_columns_refuse_the_file(family_support):
    result = run("case_reference,teem\nCR1,Family Support\n")

    assert messages(result) == [
        "Line 1: missing required column 'case_type'; missing required column 'team'; "
        "unknown column 'teem'"
    ]


@pytest.mark.parametrize(
    "column",
    ["Child Name", "DOB", "postcode", "first_name", "NHS number", "Child's name", "Home address"],
)
def test_personal_data_column_refuses_the_whole_file(family_support, column: str):
    result = run(f"case_reference,case_type,team,{column}\nCR1,cin,Family Support,x\n")

    assert len(result.errors) == 1
    assert result.errors[0].line == 1
    assert "looks like personal data about a child" in result.errors[0].message
    assert "case references only, never names" in result.errors[0].message
    assert not CaseFile.objects.exists()


def test_excel_byte_order_mark_is_handled(family_support):
    content = "case_reference,case_type,team\r\nCR1,cin,Family Support\r\n".encode("utf-8-sig")

    result = case_files_import(file=io.BytesIO(content))

    assert result.created == 1
    assert CaseFile.objects.get().case_reference == "CR1"


def test_text_stream_is_accepted(family_support):
    text = io.StringIO("\ufeffcase_reference,case_type,team\nCR1,cin,Family Support\n")

    assert case_files_import(file=text).created == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n\r\n", "The file is empty."),
        ("case_reference,case_type,team\nCR1,cin,Équipe\n".encode("latin-1"), "not a CSV file"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "not a CSV file"),
        (b"case_reference,case_type,team\n", "Line 1: the file has a header row but no case"),
    ],
)
def test_unreadable_file_is_refused(db, content: bytes, message: str):
    result = case_files_import(file=io.BytesIO(content))

    assert len(result.errors) == 1
    assert message in str(result.errors[0])


def test_dry_run_counts_but_writes_nothing(family_support):
    existing = CaseFileFactory(case_reference="CR1", team=family_support, case_type=CaseType.CIN)

    result = run(
        "case_reference,case_type,team\nCR1,cp,Family Support\nCR2,cin,Family Support\n",
        dry_run=True,
    )

    assert result == ImportResult(created=1, updated=1, unchanged=0, dry_run=True)
    existing.refresh_from_db()
    assert existing.case_type == CaseType.CIN
    assert list(CaseFile.objects.values_list("case_reference", flat=True)) == ["CR1"]


def test_queries_do_not_grow_with_the_number_of_rows(family_support, worker):
    def queries_for(count: int, prefix: str) -> int:
        rows = "".join(f"{prefix}{n},cin,Family Support,sam.worker\n" for n in range(count))
        CaseFileFactory(case_reference=f"{prefix}0", team=family_support)  # one update each
        with CaptureQueriesContext(connection) as queries:
            result = run(f"case_reference,case_type,team,allocated_worker\n{rows}")
        assert result.created == count - 1
        return len(queries)

    assert queries_for(3, "RA") == queries_for(30, "RB")


def test_summary_says_what_happened():
    assert ImportResult(created=2, updated=1, unchanged=4).summary() == (
        "Imported case files: 2 new, 1 updated, 4 unchanged."
    )
    assert (
        ImportResult(created=2, dry_run=True)
        .summary()
        .startswith("Check passed, nothing was saved")
    )


def test_command_imports_and_prints_counts(family_support, tmp_path: Path):
    csv_file = tmp_path / "cases.csv"
    csv_file.write_text("case_reference,case_type,team\nCR1,cin,Family Support\n")
    out = io.StringIO()

    call_command("import_case_files", str(csv_file), stdout=out)

    assert "1 new, 0 updated, 0 unchanged" in out.getvalue()
    assert CaseFile.objects.filter(case_reference="CR1").exists()


def test_command_dry_run_writes_nothing(family_support, tmp_path: Path):
    csv_file = tmp_path / "cases.csv"
    csv_file.write_text("case_reference,case_type,team\nCR1,cin,Family Support\n")
    out = io.StringIO()

    call_command("import_case_files", str(csv_file), "--dry-run", stdout=out)

    assert "nothing was saved" in out.getvalue()
    assert not CaseFile.objects.exists()


def test_command_prints_each_error_and_fails(family_support, tmp_path: Path):
    csv_file = tmp_path / "cases.csv"
    csv_file.write_text("case_reference,case_type,team\nCR1,cin,Foo\nCR2,bar,Family Support\n")
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 problems: nothing was imported"):
        call_command("import_case_files", str(csv_file), stderr=err)

    assert err.getvalue().splitlines() == [
        "line 2: unknown team 'Foo'",
        "line 3: unknown case type 'bar'",
    ]
    assert not CaseFile.objects.exists()


def test_command_fails_on_a_missing_file(db, tmp_path: Path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_case_files", str(tmp_path / "missing.csv"))
