"""The grade summary of submitted audits, and the `grade_summary` command around it."""

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command

from audits.summary import grade_summary, grade_summary_csv
from practiceweek.grades import grade_table
from practiceweek.models import PracticeWeek, Role, Team
from tests.factories import (
    DEMO_MONDAY,
    AuditFactory,
    AuditTemplateFactory,
    CaseFileFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)

GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
ROW_KEYS = [
    "group",
    "counts",
    "total",
    "percent",
    "adjusted_percent",
    "good_or_outstanding",
    "requires_improvement_or_inadequate",
]


@pytest.fixture
def week(db) -> PracticeWeek:
    return PracticeWeekFactory(slug="spring-2026")


@pytest.fixture
def make_audits(db, week):
    """make_audits(team, outstanding, good, ri, inadequate, ...): submitted audits of new files
    in the team, sharing one template and auditor so that a test builds dozens cheaply."""
    template = AuditTemplateFactory()
    auditor = UserFactory(role=Role.HEAD_OF_SERVICE)

    def make(team: Team, *counts: int, **fields: object) -> None:
        fields = {
            "template": template,
            "auditor": auditor,
            "week": week,
            "status": "submitted",
            "submitted_at": datetime(2026, 11, 24, 10, tzinfo=UTC),
        } | fields
        for grade, count in zip(GRADES, counts, strict=False):
            for _ in range(count):
                AuditFactory(case_file=CaseFileFactory(team=team), overall_grade=grade, **fields)

    return make


def counts(outstanding: int, good: int, ri: int, inadequate: int, na: int = 0) -> dict:
    return {
        "outstanding": outstanding,
        "good": good,
        "requires_improvement": ri,
        "inadequate": inadequate,
        "not_applicable": na,
    }


def test_by_service_reproduces_the_worked_example(make_audits):
    # Social Work's 31 files sit in two teams: the service row adds them up.
    social_work = ServiceFactory(name="Social Work")
    make_audits(TeamFactory(service=social_work, name="Assessment"), 1, 10, 5, 2)
    make_audits(TeamFactory(service=social_work, name="Children in Care"), 0, 7, 6, 0)
    make_audits(TeamFactory(service=ServiceFactory(name="Early Intervention")), 3, 5, 4, 0)
    make_audits(TeamFactory(service=ServiceFactory(name="Specialist Support")), 0, 5, 1, 0)

    summary = grade_summary(by="service").as_dict()

    assert summary["by"] == "service"
    assert summary["rows"] == [
        grade_table(counts(3, 5, 4, 0)).as_dict("Early Intervention"),
        grade_table(counts(1, 17, 11, 2)).as_dict("Social Work"),
        grade_table(counts(0, 5, 1, 0)).as_dict("Specialist Support"),
    ]
    overall = summary["overall"]
    assert overall["group"] == "All"
    assert overall["total"] == 49
    assert overall["percent"] == counts(8, 55, 33, 4)
    assert overall["good_or_outstanding"] == {"percent": 63, "adjusted_percent": 63}
    assert overall["requires_improvement_or_inadequate"] == {"percent": 37, "adjusted_percent": 37}


def test_by_team_names_teams_of_one_name_by_their_service(make_audits):
    brambles_ei = TeamFactory(name="Brambles", service=ServiceFactory(name="Early Intervention"))
    brambles_sw = TeamFactory(name="Brambles", service=ServiceFactory(name="Social Work"))
    make_audits(brambles_sw, 0, 9, 6, 1)
    make_audits(brambles_ei, 1, 0, 0, 0)
    make_audits(TeamFactory(name="alders"), 0, 1, 0, 0)

    summary = grade_summary(by="team")

    assert [group for group, _ in summary.rows] == [
        "alders",
        "Brambles (Early Intervention)",
        "Brambles (Social Work)",
    ]
    assert summary.rows[2][1] == grade_table(counts(0, 9, 6, 1))
    assert summary.overall.counts == counts(1, 10, 6, 1)


def test_by_audit_type_counts_ungraded_minimum_standards_as_not_applicable(make_audits):
    team = TeamFactory()
    make_audits(team, 0, 2, 1, 0)
    make_audits(team, 1, 0, 0, 0, audit_type="core", week=None)
    AuditFactory(
        case_file=CaseFileFactory(team=team),
        audit_type="minimum_standards",
        week=None,
        submitted=True,
        overall_grade="",
    )
    AuditFactory(
        case_file=CaseFileFactory(team=team),
        audit_type="minimum_standards",
        week=None,
        submitted=True,
        overall_grade="not_applicable",
    )

    rows = dict(grade_summary(by="audit_type").rows)

    assert list(rows) == ["core", "minimum_standards", "practice_week"]
    assert rows["core"].counts == counts(1, 0, 0, 0)
    assert rows["minimum_standards"].counts == counts(0, 0, 0, 0, na=2)
    assert rows["practice_week"].counts == counts(0, 2, 1, 0)


def test_drafts_do_not_count(make_audits):
    team = TeamFactory(name="Oaks")
    make_audits(team, 0, 1, 0, 0)
    make_audits(team, 0, 0, 0, 3, status="draft", submitted_at=None)

    summary = grade_summary(by="team")

    assert summary.overall.counts == counts(0, 1, 0, 0)


def test_week_filter_keeps_that_weeks_audits(make_audits, week):
    team = TeamFactory()
    make_audits(team, 0, 1, 0, 0)
    make_audits(team, 0, 0, 1, 0, week=PracticeWeekFactory(slug="autumn-2026"))

    summary = grade_summary(by="team", week=week)

    assert summary.overall.counts == counts(0, 1, 0, 0)


def test_date_filters_are_inclusive(make_audits):
    team = TeamFactory()
    first, last = date(2026, 3, 2), date(2026, 3, 6)
    for day, grade_counts in [
        (first - timedelta(days=1), (1, 0, 0, 0)),
        (first, (0, 1, 0, 0)),
        (last, (0, 0, 1, 0)),
        (last + timedelta(days=1), (0, 0, 0, 1)),
    ]:
        make_audits(team, *grade_counts, audited_on=day)

    summary = grade_summary(by="team", date_from=first, date_to=last)

    assert summary.overall.counts == counts(0, 1, 1, 0)
    assert grade_summary(by="team", date_from=last).overall.counts == counts(0, 0, 1, 1)
    assert grade_summary(by="team", date_to=first).overall.counts == counts(1, 1, 0, 0)


def test_audit_type_filter(make_audits):
    team = TeamFactory()
    make_audits(team, 0, 1, 0, 0)
    make_audits(team, 0, 0, 2, 0, audit_type="core", week=None)

    summary = grade_summary(by="service", audit_type="core")

    assert summary.overall.counts == counts(0, 0, 2, 0)


def test_no_audits_give_no_rows_and_an_overall_of_zeros(db):
    summary = grade_summary(by="service").as_dict()

    assert summary["rows"] == []
    assert summary["overall"] == grade_table({}).as_dict("All")


def test_unknown_grouping_is_refused(db):
    with pytest.raises(ValueError, match="cannot group by 'month'"):
        grade_summary(by="month")


@pytest.mark.parametrize("audits_per_team", [1, 10])
def test_grade_summary_runs_one_query_whatever_the_number_of_audits(
    make_audits, django_assert_num_queries, audits_per_team
):
    for name in ("Alders", "Brambles", "Cedars"):
        make_audits(TeamFactory(name=name), 0, audits_per_team, 0, 0)

    with django_assert_num_queries(1):
        summary = grade_summary(by="team", date_from=DEMO_MONDAY)

    assert summary.overall.total == 3 * audits_per_team


# --- CSV ------------------------------------------------------------------------------------


def test_csv_has_a_row_per_group_and_an_all_row(make_audits):
    make_audits(TeamFactory(name="Brambles"), 0, 9, 6, 1)
    make_audits(TeamFactory(name="Oaks"), 1, 0, 0, 0, audit_type="minimum_standards", week=None)

    text = grade_summary_csv(grade_summary(by="team"))

    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "group",
        "total",
        "outstanding",
        "outstanding_percent",
        "outstanding_adjusted_percent",
        "good",
        "good_percent",
        "good_adjusted_percent",
        "requires_improvement",
        "requires_improvement_percent",
        "requires_improvement_adjusted_percent",
        "inadequate",
        "inadequate_percent",
        "inadequate_adjusted_percent",
        "not_applicable",
        "not_applicable_percent",
        "good_or_outstanding_percent",
        "good_or_outstanding_adjusted_percent",
        "requires_improvement_or_inadequate_percent",
        "requires_improvement_or_inadequate_adjusted_percent",
    ]
    assert rows[1] == (
        ["Brambles", "16", "0", "0", "0", "9", "56", "56", "6", "38", "38", "1", "6", "6"]
        + ["0", "0", "56", "56", "44", "44"]
    )
    assert rows[2][:2] == ["Oaks", "1"]
    # 1, 9, 6, 1 of 17 = 5.88, 52.94, 35.29, 5.88 %: the three missing points go to the
    # largest remainders, Good (.94) then Outstanding and Inadequate (.88 each).
    assert rows[3][:14] == ["All", "17", "1", "6", "6", "9", "53", "53", "6", "35", "35"] + [
        "1",
        "6",
        "6",
    ]
    assert len(rows) == 4


def test_csv_defuses_group_names_a_spreadsheet_would_run(make_audits):
    make_audits(TeamFactory(name="=HYPERLINK(1)"), 0, 1, 0, 0)

    text = grade_summary_csv(grade_summary(by="team"))

    assert text.splitlines()[1].startswith("'=HYPERLINK(1),1,")


def test_csv_defuses_a_group_name_starting_with_a_tab_as_the_report_exports_do(make_audits):
    make_audits(TeamFactory(name="\t=HYPERLINK(1)"), 0, 1, 0, 0)

    text = grade_summary_csv(grade_summary(by="team"))

    assert text.splitlines()[1].startswith("'\t=HYPERLINK(1),1,")


# --- The command ----------------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("grade_summary", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_command_prints_the_json_shape_of_the_issue(make_audits):
    make_audits(TeamFactory(name="Brambles"), 0, 9, 6, 1)
    make_audits(TeamFactory(name="Oaks"), 0, 1, 0, 0)

    printed = run("--by", "team")

    data = json.loads(printed)
    assert list(data) == ["by", "rows", "overall"]
    assert data["by"] == "team"
    assert [list(row) for row in data["rows"]] == [ROW_KEYS, ROW_KEYS]
    assert list(data["overall"]) == ROW_KEYS
    brambles = data["rows"][0]
    assert brambles["group"] == "Brambles"
    assert brambles["counts"] == counts(0, 9, 6, 1)
    assert brambles["total"] == 16
    assert brambles["percent"] == counts(0, 56, 38, 6)
    assert brambles["adjusted_percent"] == {
        "outstanding": 0,
        "good": 56,
        "requires_improvement": 38,
        "inadequate": 6,
    }
    assert brambles["good_or_outstanding"] == {"percent": 56, "adjusted_percent": 56}
    assert brambles["requires_improvement_or_inadequate"] == {
        "percent": 44,
        "adjusted_percent": 44,
    }
    assert data["overall"]["group"] == "All"
    assert data["overall"]["total"] == 17
    assert printed.startswith('{\n  "by": "team",')  # indent=2


def test_command_applies_every_filter(make_audits, week):
    team = TeamFactory()
    make_audits(team, 0, 1, 0, 0, audited_on=date(2026, 3, 2))
    make_audits(team, 0, 0, 1, 0, audited_on=date(2026, 3, 9))
    make_audits(team, 0, 0, 0, 1, audited_on=date(2026, 3, 2), audit_type="core", week=None)

    data = json.loads(
        run(
            "--by=service",
            "--week=spring-2026",
            "--from=2026-03-01",
            "--to=2026-03-02",
            "--audit-type=practice_week",
        )
    )

    assert data["overall"]["counts"] == counts(0, 1, 0, 0)


def test_command_prints_csv(make_audits):
    make_audits(TeamFactory(name="Brambles"), 0, 9, 6, 1)

    printed = run("--by", "team", "--format", "csv")

    assert printed == grade_summary_csv(grade_summary(by="team"))
    assert printed.splitlines()[-1].startswith("All,16,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "no-such-week"], "unknown practice week 'no-such-week'"),
        (["--from", "2026-13-01"], "--from '2026-13-01' is not a date in the form YYYY-MM-DD"),
        (["--to", "yesterday"], "--to 'yesterday' is not a date"),
        (["--from", "2026-03-09", "--to", "2026-03-02"], "--from 2026-03-09 is after --to"),
        (["--audit-type", "weekly"], "unknown audit type 'weekly': use one of practice_week"),
    ],
)
def test_command_refuses_bad_options(db, args, message):
    with pytest.raises(CommandError, match=message):
        run("--by", "team", *args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "month"], "invalid choice: 'month'"),
        ([], "the following arguments are required: --by"),
        (["--by", "team", "--format", "xlsx"], "invalid choice: 'xlsx'"),
    ],
)
def test_command_refuses_bad_grouping_or_format(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
