"""`grade_summary --kind observations`: the grade table of graded observations, and the count
per setting of an ungraded week's observations."""

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.management import CommandError, call_command

from audits.summary import grade_summary
from observations.summary import observation_counts, observation_counts_csv
from practiceweek.grades import grade_table
from practiceweek.models import PracticeWeek, Role, Team
from tests.factories import (
    ObservationFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SETTINGS = [
    "home_visit",
    "cp_conference",
    "cla_review",
    "supervision",
    "team_meeting",
    "taf_meeting",
    "front_door",
    "other",
]


def counts(outstanding: int, good: int, ri: int, inadequate: int, na: int = 0) -> dict:
    return {
        "outstanding": outstanding,
        "good": good,
        "requires_improvement": ri,
        "inadequate": inadequate,
        "not_applicable": na,
    }


def settings(**found: int) -> dict[str, int]:
    return {setting: found.get(setting, 0) for setting in SETTINGS}


@pytest.fixture
def graded_week() -> PracticeWeek:
    return PracticeWeekFactory(slug="autumn-2026", observations_graded=True)


@pytest.fixture
def ungraded_week() -> PracticeWeek:
    return PracticeWeekFactory(
        slug="spring-2026", observations_graded=False, start_date=date(2026, 3, 2)
    )


@pytest.fixture
def observe(db):
    """observe(week, team, grade, setting, ...): a submitted observation, sharing one observer
    so that a test builds dozens cheaply."""
    observer = UserFactory(role=Role.HEAD_OF_SERVICE)

    def make(
        week: PracticeWeek, team: Team, grade: str = "", setting: str = "home_visit", **fields
    ):
        fields = {
            "status": "submitted",
            "submitted_at": datetime(2026, 11, 24, 10, tzinfo=UTC),
            "is_graded": week.observations_graded,
        } | fields
        return ObservationFactory(
            week=week,
            team=team,
            observer=observer,
            setting=setting,
            overall_grade=grade,
            **fields,
        )

    return make


@pytest.fixture
def graded(graded_week, observe):
    """Social Work: Alders 1 O, 3 G, 1 RI; Birches 2 G, 1 RI, 1 I. Early Help: Cedars 1 G and
    one given no grade. Not counted: a draft, and one recorded ungraded."""
    social_work, early_help = ServiceFactory(name="Social Work"), ServiceFactory(name="Early Help")
    alders = TeamFactory(name="Alders", service=social_work)
    birches = TeamFactory(name="Birches", service=social_work)
    cedars = TeamFactory(name="Cedars", service=early_help)
    for team, grade, setting in [
        (alders, "outstanding", "home_visit"),
        (alders, "good", "cp_conference"),
        (alders, "good", "cp_conference"),
        (alders, "good", "home_visit"),
        (alders, "requires_improvement", "supervision"),
        (birches, "good", "home_visit"),
        (birches, "good", "team_meeting"),
        (birches, "requires_improvement", "home_visit"),
        (birches, "inadequate", "home_visit"),
        (cedars, "good", "taf_meeting"),
        (cedars, "", "taf_meeting"),
    ]:
        observe(graded_week, team, grade, setting)
    observe(graded_week, alders, "inadequate", status="draft", submitted_at=None)
    observe(graded_week, alders, "", is_graded=False)
    return {"teams": (alders, birches, cedars)}


def test_graded_observations_by_service(graded):
    summary = grade_summary(kind="observations", by="service")

    assert summary.rows == [
        ("Early Help", grade_table(counts(0, 1, 0, 0, na=1))),
        ("Social Work", grade_table(counts(1, 5, 2, 1))),
    ]
    early_help, social_work = (table for _, table in summary.rows)
    assert early_help.percent == counts(0, 50, 0, 0, na=50)
    assert early_help.adjusted_percent["good"] == 100
    # 1, 5, 2, 1 of 9: the point still missing after the floors goes to Good (55.56).
    assert social_work.percent == counts(11, 56, 22, 11)
    assert social_work.good_or_outstanding.percent == 67
    assert social_work.requires_improvement_or_inadequate.percent == 33
    assert summary.overall.counts == counts(1, 6, 2, 1, na=1)
    assert summary.overall.total == 11


def test_graded_observations_by_team_and_by_setting(graded):
    by_team = dict(grade_summary(kind="observations", by="team").rows)
    by_setting = dict(grade_summary(kind="observations", by="setting").rows)

    assert list(by_team) == ["Alders", "Birches", "Cedars"]
    assert by_team["Birches"].counts == counts(0, 2, 1, 1)
    assert list(by_setting) == [
        "cp_conference",
        "home_visit",
        "supervision",
        "taf_meeting",
        "team_meeting",
    ]
    assert by_setting["home_visit"].counts == counts(1, 2, 1, 1)
    assert by_setting["taf_meeting"].counts == counts(0, 1, 0, 0, na=1)


def test_graded_table_filters_by_week_and_dates(graded, graded_week, observe):
    other = PracticeWeekFactory(slug="other", observations_graded=True)
    observe(other, graded["teams"][0], "inadequate")
    observe(graded_week, graded["teams"][0], "outstanding", observed_on=date(2026, 11, 27))

    week_only = grade_summary(kind="observations", by="service", week=graded_week)
    friday = grade_summary(kind="observations", by="service", date_from=date(2026, 11, 27))

    assert week_only.overall.counts == counts(2, 6, 2, 1, na=1)
    assert friday.overall.counts == counts(1, 0, 0, 0)


@pytest.mark.parametrize("per_team", [1, 12])
def test_graded_table_runs_one_query(graded_week, observe, django_assert_num_queries, per_team):
    for name in ("Alders", "Birches"):
        team = TeamFactory(name=name)
        for _ in range(per_team):
            observe(graded_week, team, "good")

    with django_assert_num_queries(1):
        summary = grade_summary(kind="observations", by="team")

    assert summary.overall.total == 2 * per_team


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "observations", "by": "audit_type"}, "cannot group by 'audit_type'"),
        ({"kind": "audits", "by": "setting"}, "cannot group by 'setting'"),
        ({"kind": "files", "by": "team"}, "unknown kind 'files'"),
        ({"kind": "observations", "by": "team", "audit_type": "core"}, "only audits have"),
    ],
)
def test_grade_summary_refuses_bad_arguments(db, kwargs, message):
    with pytest.raises(ValueError, match=message):
        grade_summary(**kwargs)


# --- Ungraded weeks: counted per setting ------------------------------------------------------


@pytest.fixture
def ungraded(ungraded_week, observe):
    """Social Work: 2 home visits, 1 CLA review (Alders); Early Help: 3 TAF meetings, 1 other
    (Cedars). Not counted: a draft, and another week's."""
    social_work, early_help = ServiceFactory(name="Social Work"), ServiceFactory(name="Early Help")
    alders = TeamFactory(name="Alders", service=social_work)
    cedars = TeamFactory(name="Cedars", service=early_help)
    for team, setting, times in [
        (alders, "home_visit", 2),
        (alders, "cla_review", 1),
        (cedars, "taf_meeting", 3),
        (cedars, "other", 1),
    ]:
        for _ in range(times):
            observe(ungraded_week, team, "", setting)
    observe(ungraded_week, alders, "", "front_door", status="draft", submitted_at=None)
    observe(PracticeWeekFactory(observations_graded=False), alders, "", "front_door")
    return ungraded_week


def test_ungraded_week_counts_observations_per_service_and_setting(ungraded):
    result = observation_counts(week=ungraded, by="service").as_dict()

    assert result == {
        "kind": "observations",
        "graded": False,
        "week": "spring-2026",
        "by": "service",
        "settings": SETTINGS,
        "rows": [
            {"group": "Early Help", "counts": settings(taf_meeting=3, other=1), "total": 4},
            {"group": "Social Work", "counts": settings(home_visit=2, cla_review=1), "total": 3},
        ],
        "overall": {
            "group": "All",
            "counts": settings(home_visit=2, cla_review=1, taf_meeting=3, other=1),
            "total": 7,
        },
    }


def test_ungraded_week_by_setting(ungraded):
    rows = dict(observation_counts(week=ungraded, by="setting").rows)

    assert {group: row.total for group, row in rows.items()} == {
        "cla_review": 1,
        "home_visit": 2,
        "other": 1,
        "taf_meeting": 3,
    }


def test_ungraded_week_of_no_observations(ungraded_week):
    result = observation_counts(week=ungraded_week, by="team")

    assert result.rows == []
    assert (result.overall.total, result.overall.counts) == (0, settings())


def test_ungraded_counts_run_one_query(ungraded, django_assert_num_queries):
    with django_assert_num_queries(1):
        observation_counts(week=ungraded, by="team")


def test_ungraded_counts_csv(ungraded):
    text = observation_counts_csv(observation_counts(week=ungraded, by="team"))

    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["group", "total", *SETTINGS],
        ["Alders", "3", "2", "0", "1", "0", "0", "0", "0", "0"],
        ["Cedars", "4", "0", "0", "0", "0", "0", "3", "0", "1"],
        ["All", "7", "2", "0", "1", "0", "0", "3", "0", "1"],
    ]


# --- The command ------------------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("grade_summary", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_command_prints_the_graded_table_of_observations(graded):
    data = json.loads(run("--kind", "observations", "--by", "service", "--week", "autumn-2026"))

    assert list(data) == ["by", "rows", "overall"]
    assert [row["group"] for row in data["rows"]] == ["Early Help", "Social Work"]
    assert data["rows"][1]["counts"] == counts(1, 5, 2, 1)
    assert data["rows"][1]["percent"] == counts(11, 56, 22, 11)
    assert data["overall"]["total"] == 11
    assert data["overall"]["good_or_outstanding"] == {"percent": 64, "adjusted_percent": 70}


def test_command_prints_the_graded_table_as_csv(graded):
    printed = run("--kind=observations", "--by=setting", "--format=csv")

    assert printed.splitlines()[0].startswith("group,total,outstanding,outstanding_percent,")
    assert printed.splitlines()[-1].startswith("All,11,1,9,10,6,55,60,")


def test_command_counts_an_ungraded_week(ungraded):
    data = json.loads(run("--kind", "observations", "--by", "service", "--week", "spring-2026"))
    text = run("--kind", "observations", "--by", "team", "--week", "spring-2026", "--format=csv")

    assert data == observation_counts(week=ungraded, by="service").as_dict()
    assert text == observation_counts_csv(observation_counts(week=ungraded, by="team"))


def test_command_default_kind_is_still_audits(graded):
    data = json.loads(run("--by", "service"))

    assert data["rows"] == []  # the observations are not audits
    assert list(data) == ["by", "rows", "overall"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "files", "--by", "team"], "invalid choice: 'files'"),
        (
            ["--kind", "observations", "--by", "team", "--audit-type", "core"],
            "--audit-type is for audits only: observations have no audit type.",
        ),
        (
            ["--kind", "observations", "--by", "audit_type"],
            "--by audit_type is not for observations: use one of service, team, setting.",
        ),
        (["--by", "setting"], "--by setting is not for audits: use one of service, team"),
        (["--kind", "observations", "--by", "team", "--week", "nope"], "unknown practice week"),
    ],
)
def test_command_refuses_bad_input(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
