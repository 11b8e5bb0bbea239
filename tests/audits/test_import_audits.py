"""The import of historical audits from a council's CSV file, and the `import_audits` command."""

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import Audit, AuditTemplate
from audits.selectors import current_template
from practiceweek.models import (
    CaseFile,
    CaseType,
    PracticeWeek,
    Role,
    Service,
    Team,
    Theme,
    User,
)
from tests.factories import (
    AuditFactory,
    AuditTemplateFactory,
    CaseFileFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    ThemeFactory,
    UserFactory,
)

HEADER = (
    "week,audit_type,service,team,case_reference,auditor_email,practitioner_email,"
    "overall_grade,audited_on"
)


@pytest.fixture
def council(db) -> dict:
    """Two services, three teams, two people, three case files, a week and a theme."""
    social_work = ServiceFactory(name="Social Work", slug="social-work")
    early_help = ServiceFactory(name="Early Help", slug="early-help")
    brambles = TeamFactory(name="Brambles", service=social_work)
    oaks = TeamFactory(name="Oaks", service=early_help)
    sam = UserFactory(username="sam", email="Sam.Worker@council.example", teams=[brambles])
    return {
        "social_work": social_work,
        "early_help": early_help,
        "brambles": brambles,
        "oaks": oaks,
        "alders": TeamFactory(name="Alders", service=social_work),
        "amy": UserFactory(
            username="amy", email="amy.boss@council.example", role=Role.HEAD_OF_SERVICE
        ),
        "sam": sam,
        "cr1": CaseFileFactory(case_reference="CR1", team=brambles, allocated_worker=sam),
        "cr2": CaseFileFactory(case_reference="CR2", team=brambles),
        "cr3": CaseFileFactory(case_reference="CR3", team=oaks),
        "week": PracticeWeekFactory(slug="spring-2026", services=[social_work]),
        "neglect": ThemeFactory(name="Neglect"),
    }


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "audits.csv"
    path.write_text(text, encoding="utf-8")
    return path


def run(tmp_path: Path, text: str, *flags: str) -> str:
    out = io.StringIO()
    call_command("import_audits", str(write(tmp_path, text)), *flags, stdout=out)
    return out.getvalue()


def errors(tmp_path: Path, text: str, *flags: str) -> list[str]:
    """The lines printed for a refused file; the command must fail."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_audits", str(write(tmp_path, text)), *flags, stdout=io.StringIO(), stderr=err
        )
    return err.getvalue().splitlines()


def snapshot() -> dict[str, int]:
    """How many of everything an import could write."""
    return {
        model.__name__: model.objects.count()
        for model in (Audit, AuditTemplate, CaseFile, PracticeWeek, Service, Team, Theme, User)
    } | {"memberships": User.teams.through.objects.count()}


# --- A good file ----------------------------------------------------------------------------


def test_good_file_creates_submitted_audits_with_every_field(tmp_path, council):
    printed = run(
        tmp_path,
        f"{HEADER},theme\n"
        "spring-2026,practice_week,Social Work,Brambles,CR1,amy.boss@council.example,,good,"
        "2026-06-01,\n"
        ",thematic,early-help,oaks,CR3,AMY.BOSS@council.example,sam.worker@council.example,"
        "Requires improvement,2026-01-15,neglect\n",
    )

    assert printed == "Imported 2 audits; 0 already there, skipped.\n"
    week_audit = Audit.objects.get(case_file=council["cr1"])
    assert week_audit.audit_type == "practice_week"
    assert week_audit.status == Audit.Status.SUBMITTED
    assert week_audit.team == council["brambles"]
    assert week_audit.practitioner is None  # the row names none: not the file's worker
    assert week_audit.auditor == council["amy"]
    assert week_audit.week == council["week"]
    assert (week_audit.visit, week_audit.theme) == (None, None)
    assert week_audit.audited_on == date(2026, 6, 1)
    assert week_audit.overall_grade == "good"
    # 09:00 in London on the day: British Summer Time in June.
    assert week_audit.submitted_at == datetime(2026, 6, 1, 8, tzinfo=UTC)
    assert (week_audit.suggested_grade, week_audit.departure_reason) == ("", "")
    assert (week_audit.is_collaborative, week_audit.version, week_audit.acknowledged_at) == (
        False,
        1,
        None,
    )
    template = week_audit.template
    assert (template.name, template.version, template.is_current) == ("Historical import", 1, False)
    assert not template.sections.exists()
    thematic = Audit.objects.get(case_file=council["cr3"])
    assert (thematic.audit_type, thematic.week, thematic.theme) == (
        "thematic",
        None,
        council["neglect"],
    )
    assert thematic.team == council["oaks"]
    assert thematic.practitioner == council["sam"]  # from the row
    assert thematic.overall_grade == "requires_improvement"
    assert thematic.submitted_at == datetime(2026, 1, 15, 9, tzinfo=UTC)  # GMT in January
    assert thematic.template == template


def test_columns_in_any_order_with_headers_in_any_case(tmp_path, council):
    run(
        tmp_path,
        "Audited On,OVERALL_GRADE,Case Reference,Team,Service,Auditor_Email,Audit_Type\n"
        "2026-02-02,inadequate,CR2,Brambles,Social Work,amy.boss@council.example,core\n",
    )

    audit = Audit.objects.get()
    assert (audit.case_file, audit.audit_type, audit.overall_grade, audit.practitioner) == (
        council["cr2"],
        "core",
        "inadequate",
        None,  # neither the row nor the file names a worker
    )


def test_minimum_standards_may_have_no_overall_grade(tmp_path, council):
    run(
        tmp_path,
        f"{HEADER}\n,minimum_standards,Social Work,Brambles,CR2,amy.boss@council.example,,,"
        "2026-02-02\n",
    )

    assert Audit.objects.get().overall_grade == ""


def test_historical_template_is_never_offered_for_new_audits(tmp_path, council):
    AuditTemplateFactory(name="Zz audit")  # a current template, last by name
    row = ",core,Social Work,Brambles,CR2,amy.boss@council.example,,good,2026-02-02"

    run(tmp_path, f"{HEADER}\n{row}\n")

    historical = Audit.objects.get().template
    assert historical.name == "Historical import"
    assert current_template("core") != historical


# --- Bad files --------------------------------------------------------------------------------


def test_every_bad_line_is_reported_with_its_number_and_nothing_is_written(tmp_path, council):
    before = snapshot()
    amy = "amy.boss@council.example"
    lines = [
        f"{HEADER},theme,case_type",
        f",core,Social Work,Brambles,CR2,{amy},,good,2026-02-02,,",  # 2: good
        f",weekly,Social Work,Brambles,CR2,{amy},,good,2026-02-03,,",
        f",core,Social Work,Brambles,CR2,{amy},,great,2026-02-04,,",
        f",core,Social Work,Brambles,CR2,{amy},,good,02/02/2026,,",  # 5
        f",core,Social Work,Brambles,CR2,{amy},,good,,,",
        f",core,Social Work,Brambles,CR2,{amy},,,2026-02-05,,",
        f"spring-2026,core,Social Work,Brambles,CR2,{amy},,good,2026-02-06,,",
        f",practice_week,Social Work,Brambles,CR2,{amy},,good,2026-02-07,,",
        f"winter-2020,practice_week,Social Work,Brambles,CR2,{amy},,good,2026-02-08,,",  # 10
        f",core,Youth Justice,Brambles,CR2,{amy},,good,2026-02-09,,",
        f",core,Social Work,Willows,CR2,{amy},,good,2026-02-10,,",
        f",core,Social Work,Oaks,CR3,{amy},,good,2026-02-11,,",
        ",core,Social Work,Brambles,CR2,nobody@council.example,,good,2026-02-12,,",
        f",core,Social Work,Brambles,CR2,{amy},ghost@council.example,good,2026-02-13,,",  # 15
        f",core,Social Work,Brambles,CR404,{amy},,good,2026-02-14,,",
        f",core,Social Work,Alders,CR1,{amy},,good,2026-02-15,,",
        f",core,Social Work,Brambles,CR2,{amy},,good,2026-02-02,,",  # the same as line 2
        f",thematic,Social Work,Brambles,CR2,{amy},,good,2026-02-16,Poverty,",
        ",core,Social Work,Brambles,CR2,amy.boss,,good,2026-02-17,,",  # 20
        f",core,Social Work,Brambles,CR2,{amy},,good,2026-02-18,,spaceship",
        f",core,,,,{amy},,good,2026-02-19,,",
    ]

    printed = errors(tmp_path, "\n".join(lines) + "\n")

    assert printed == [
        "line 3: unknown audit type 'weekly': use one of practice_week, core, thematic, "
        "minimum_standards",
        "line 4: unknown grade 'great': use one of outstanding, good, requires_improvement, "
        "inadequate, not_applicable",
        "line 5: audited_on '02/02/2026' is not a date in the form YYYY-MM-DD",
        "line 6: audited_on is blank",
        "line 7: overall_grade is blank",
        "line 8: week 'spring-2026' is given for a core audit: only practice_week audits "
        "belong to a week (leave it blank)",
        "line 9: week is blank: a practice_week audit belongs to a practice week",
        "line 10: unknown practice week 'winter-2020'",
        "line 11: unknown service 'Youth Justice'",
        "line 12: unknown team 'Willows' in service 'Social Work'",
        "line 13: team 'Oaks' is not in service 'Social Work' (it is in Early Help)",
        "line 14: unknown auditor_email 'nobody@council.example': nobody has this e-mail address",
        "line 15: unknown practitioner_email 'ghost@council.example': nobody has this e-mail "
        "address",
        "line 16: unknown case file 'CR404'",
        "line 17: case file 'CR1' belongs to team 'Brambles' in 'Social Work', not to 'Alders' "
        "in 'Social Work'",
        "line 18: the same audit as line 2 (duplicate row)",
        "line 19: unknown theme 'Poverty'",
        "line 20: auditor_email 'amy.boss' is not an e-mail address",
        "line 21: unknown case_type 'spaceship'",
        "line 22: service is blank",
        "line 22: team is blank",
        "line 22: case_reference is blank",
    ]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "week,audit_type,service,team,case_reference,auditor_email,overall_grade",
            "line 1: missing required column 'audited_on'",
        ),
        (f"{HEADER},notes", "line 1: unknown column 'notes'"),
        (f"{HEADER},team", "line 1: column 'team' appears twice"),
        (f"{HEADER},Child Name", "line 1: column 'child_name' looks like personal data"),
        (f"{HEADER},date_of_birth", "line 1: column 'date_of_birth' looks like personal data"),
        (f"{HEADER},Postcode", "line 1: column 'postcode' looks like personal data"),
    ],
)
def test_bad_headers_refuse_the_whole_file(tmp_path, council, header, message):
    row = ",core,Social Work,Brambles,CR2,amy.boss@council.example,,good,2026-02-02,x"

    printed = errors(tmp_path, f"{header}\n{row}\n")

    assert len(printed) == 1
    assert printed[0].startswith(message)
    assert not Audit.objects.exists()


def test_header_without_rows_is_refused(tmp_path, council):
    assert errors(tmp_path, f"{HEADER}\n,,,,,,,,\n") == [
        "line 1: the file has a header row but no audits below it"
    ]


def test_a_person_sharing_an_email_with_another_is_refused(tmp_path, council):
    UserFactory(username="amy2", email="AMY.BOSS@council.example")

    printed = errors(
        tmp_path,
        f"{HEADER}\n,core,Social Work,Brambles,CR2,amy.boss@council.example,,good,2026-02-02\n",
    )

    assert printed == [
        "line 2: auditor_email 'amy.boss@council.example' belongs to more than one person"
    ]


# --- Creating what is missing ---------------------------------------------------------------

NEW_COUNCIL = (
    f"{HEADER},theme,case_type\n"
    "autumn-2026,practice_week,Social-Work!,Brambles,NEW1,sam@elsewhere.example,"
    "pat.smith@council.example,good,2026-10-07,,cp\n"
    "autumn-2026,practice_week,Social-Work!,Brambles,NEW2,pat.smith@council.example,,"
    "inadequate,2026-10-05,,\n"
    "autumn-2026,practice_week,Social Work,Brambles,CR2,amy.boss@council.example,"
    "new.worker@council.example,outstanding,2026-10-06,,\n"
    ",thematic,Social Work,Brambles,CR2,amy.boss@council.example,,good,2026-09-01,Exploitation,\n"
)


def test_create_missing_creates_each_kind_of_record(tmp_path, council):
    printed = run(tmp_path, NEW_COUNCIL, "--create-missing")

    assert printed == (
        "Imported 4 audits; 0 already there, skipped. Created: services 1, teams 1, people 3, "
        "case files 2, practice weeks 1, themes 1.\n"
    )
    # The name differs from "Social Work", but its slug would not: made unique.
    service = Service.objects.get(name="Social-Work!")
    assert service.slug == "social-work-2"
    team = Team.objects.get(service=service)
    assert team.name == "Brambles"  # a team of that name in a new service
    # "sam" is taken: the new person's username is made unique.
    sam2 = User.objects.get(email="sam@elsewhere.example")
    assert (sam2.username, sam2.role, sam2.has_usable_password()) == (
        "sam-2",
        Role.SERVICE_MANAGER,
        False,
    )
    pat = User.objects.get(email="pat.smith@council.example")
    assert pat.username == "pat.smith"
    assert pat.role == Role.SERVICE_MANAGER  # audits on line 3: an auditor, though a worker too
    assert list(pat.teams.all()) == [team]
    newbie = User.objects.get(email="new.worker@council.example")
    assert (newbie.username, newbie.role) == ("new.worker", Role.PRACTITIONER)
    assert list(newbie.teams.all()) == [council["brambles"]]
    assert not sam2.teams.exists()
    new1, new2 = CaseFile.objects.filter(case_reference__startswith="NEW").order_by("pk")
    assert (new1.team, new1.allocated_worker, new1.case_type, new1.is_open) == (
        team,
        pat,
        CaseType.CP,
        True,
    )
    assert (new2.team, new2.allocated_worker, new2.case_type) == (
        team,
        None,
        CaseType.NOT_RECORDED,
    )
    week = PracticeWeek.objects.get(slug="autumn-2026")
    assert (week.title, week.start_date, week.end_date, week.status) == (
        "autumn-2026",
        date(2026, 10, 5),
        date(2026, 10, 7),
        PracticeWeek.Status.CLOSED,
    )
    assert set(week.services.all()) == {service, council["social_work"]}
    assert Theme.objects.filter(name="Exploitation").exists()
    audit = Audit.objects.get(case_file=new1)
    assert (audit.week, audit.team, audit.auditor, audit.practitioner) == (week, team, sam2, pat)


def test_dry_run_writes_nothing(tmp_path, council):
    before = snapshot()
    row = ",core,Social Work,Brambles,CR2,amy.boss@council.example,,good,2026-02-02\n"

    printed = run(tmp_path, f"{HEADER}\n{row}", "--dry-run")

    assert printed == (
        "Check passed, nothing was saved: 1 audit would be imported, 0 already there.\n"
    )
    assert snapshot() == before


def test_dry_run_with_create_missing_writes_nothing(tmp_path, council):
    before = snapshot()

    printed = run(tmp_path, NEW_COUNCIL, "--create-missing", "--dry-run")

    assert printed == (
        "Check passed, nothing was saved: 4 audits would be imported, 0 already there. "
        "Would create: services 1, teams 1, people 3, case files 2, practice weeks 1, themes 1.\n"
    )
    assert snapshot() == before


def test_create_missing_still_refuses_a_case_file_of_another_team(tmp_path, council):
    printed = errors(
        tmp_path,
        f"{HEADER}\n,core,Early Help,Willows,CR1,amy.boss@council.example,,good,2026-02-02\n",
        "--create-missing",
    )

    assert printed == [
        "line 2: case file 'CR1' belongs to team 'Brambles' in 'Social Work', not to 'Willows' "
        "in 'Early Help'"
    ]
    assert not Team.objects.filter(name="Willows").exists()


# --- Importing again, and the random selection's dates --------------------------------------


def test_reimport_skips_audits_already_there(tmp_path, council):
    run(tmp_path, NEW_COUNCIL, "--create-missing")
    before = snapshot()

    printed = run(tmp_path, NEW_COUNCIL, "--create-missing")

    assert printed == "Imported 0 audits; 4 already there, skipped.\n"
    assert snapshot() == before


def test_row_matching_a_submitted_audit_on_site_is_skipped_but_a_draft_is_not(tmp_path, council):
    day = date(2026, 2, 2)
    for case_file, status in [(council["cr1"], "submitted"), (council["cr2"], "draft")]:
        AuditFactory(
            case_file=case_file,
            auditor=council["amy"],
            audit_type="core",
            week=None,
            audited_on=day,
            status=status,
            overall_grade="good",
            submitted_at=datetime(2026, 2, 2, 10, tzinfo=UTC) if status == "submitted" else None,
        )
    text = (
        f"{HEADER}\n"
        ",core,Social Work,Brambles,CR1,amy.boss@council.example,,good,2026-02-02\n"
        ",core,Social Work,Brambles,CR2,amy.boss@council.example,,good,2026-02-02\n"
        # Another auditor on the same day: another audit.
        ",core,Social Work,Brambles,CR1,sam.worker@council.example,,good,2026-02-02\n"
    )

    printed = run(tmp_path, text)

    assert printed == "Imported 2 audits; 1 already there, skipped.\n"
    assert Audit.objects.submitted().count() == 3


def test_last_audited_on_becomes_the_newest_date(tmp_path, council):
    cr1, cr3 = council["cr1"], council["cr3"]
    CaseFile.objects.filter(pk=cr1.pk).update(last_audited_on=date(2025, 1, 1))
    CaseFile.objects.filter(pk=cr3.pk).update(last_audited_on=date(2026, 12, 1))
    amy = "amy.boss@council.example"

    run(
        tmp_path,
        f"{HEADER}\n"
        f",core,Social Work,Brambles,CR1,{amy},,good,2026-02-02\n"
        f",core,Social Work,Brambles,CR1,{amy},,good,2026-03-02\n"
        f",core,Social Work,Brambles,CR2,{amy},,good,2026-01-05\n"
        f",core,Early Help,Oaks,CR3,{amy},,good,2026-02-02\n"
        f",core,Early Help,Oaks,NEW9,{amy},,good,2026-04-04\n"
        f",core,Early Help,Oaks,NEW9,{amy},,good,2026-04-01\n",
        "--create-missing",
    )

    newest = dict(CaseFile.objects.values_list("case_reference", "last_audited_on"))
    assert newest == {
        "CR1": date(2026, 3, 2),  # the newer of its two rows
        "CR2": date(2026, 1, 5),  # had none
        "CR3": date(2026, 12, 1),  # already newer: left alone
        "NEW9": date(2026, 4, 4),
    }


# --- Queries --------------------------------------------------------------------------------


def rows_for(count: int, *, new: bool, prefix: str) -> str:
    """`count` rows for Brambles' existing files and people, or naming only new records."""
    if not new:
        files = [CaseFileFactory(team=Team.objects.get(name="Brambles")) for _ in range(count)]
        return "".join(
            f",core,Social Work,Brambles,{f.case_reference},amy.boss@council.example,"
            f"sam.worker@council.example,good,2026-02-02\n"
            for f in files
        )
    return "".join(
        f"{prefix}-week-{n},practice_week,{prefix} service {n},Team {n},{prefix}-ref-{n},"
        f"{prefix}.auditor{n}@council.example,{prefix}.worker{n}@council.example,theme,good,"
        "2026-02-02\n"
        for n in range(count)
    ).replace(",theme,", ",")


@pytest.mark.parametrize("new", [False, True], ids=["existing records", "create missing"])
def test_import_runs_a_fixed_number_of_queries(tmp_path, council, new):
    flags = ["--create-missing"] if new else []
    AuditTemplateFactory(name="Historical import", is_current=False)  # as on a second import
    three_rows = f"{HEADER}\n{rows_for(3, new=new, prefix='A')}"
    thirty_rows = f"{HEADER}\n{rows_for(30, new=new, prefix='B')}"

    with CaptureQueriesContext(connection) as three:
        run(tmp_path, three_rows, *flags)
    with CaptureQueriesContext(connection) as thirty:
        run(tmp_path, thirty_rows, *flags)

    assert Audit.objects.count() == 33
    assert len(thirty) == len(three), [q["sql"][:90] for q in thirty.captured_queries]


@pytest.mark.parametrize("reference", ["CR 2", "Jayden Smith", "C2", "CR2;drop"])
def test_a_case_reference_that_is_not_one_is_refused(tmp_path, council, reference):
    before = snapshot()
    row = f",core,Social Work,Brambles,{reference},amy.boss@council.example,,good,2026-02-02"
    assert errors(tmp_path, f"{HEADER}\n{row}\n") == [
        "line 2: case_reference: A case reference is 3 to 20 letters, digits, hyphens or "
        "slashes, with no spaces."
    ]
    assert snapshot() == before
