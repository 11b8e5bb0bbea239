"""The yearly quality assurance report's snapshot (`reports.gather.annual_snapshot`): all
submitted audits of the period by audit type, team and month, the practice weeks, the themes,
the self-evaluation drafts, and a query count that does not grow with the data."""

import json
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import AuditSection, SectionAnswer
from observations.models import CategoryNote, NoteTag
from practiceweek.models import PracticeWeek, Role, Team
from reports.gather import annual_snapshot, snapshot_for
from reports.models import ActionPlanItem, Report, ThemeWording
from reports.snapshot import AnnualSnapshot
from tests.factories import (
    AuditFactory,
    AuditTemplateFactory,
    CaseFileFactory,
    ObservationFactory,
    PracticeWeekFactory,
    ServiceFactory,
    ServiceUserFeedbackFactory,
    TeamFactory,
    ThemeTagFactory,
    UserFactory,
    VisitFactory,
)
from tests.reports.shape import shape_errors

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 4, 2, 8, tzinfo=UTC)
START, END = date(2026, 1, 1), date(2026, 3, 31)
GRADES = ("outstanding", "good", "requires_improvement", "inadequate", "not_applicable")


def counts(o: int = 0, g: int = 0, ri: int = 0, i: int = 0, na: int = 0) -> dict[str, int]:
    return dict(zip(GRADES, (o, g, ri, i, na), strict=True))


def audit(team: Team, grade: str, on: date, audit_type: str = "core", **fields):
    fields = {
        "status": "submitted",
        "submitted_at": datetime(2026, 1, 1, tzinfo=UTC),
        "week": None,
    } | fields
    return AuditFactory(
        case_file=CaseFileFactory(team=team),
        overall_grade=grade,
        audited_on=on,
        audit_type=audit_type,
        **fields,
    )


def make_report(**fields) -> Report:
    report = Report.objects.create(
        kind=Report.Kind.ANNUAL,
        date_from=START,
        date_to=END,
        title="Quality assurance 2026",
        created_by=UserFactory(role=Role.QA_ADMIN),
        **fields,
    )
    return Report.objects.get(pk=report.pk)


@pytest.fixture
def teams() -> dict[str, Team]:
    return {
        "assessment": TeamFactory(service=ServiceFactory(name="Social Work"), name="Assessment"),
        "family": TeamFactory(service=ServiceFactory(name="Early Help"), name="Family Support"),
    }


@pytest.fixture
def week(teams) -> PracticeWeek:
    """The March practice week, with audits, an observation, feedback and tagged themes."""
    week = PracticeWeekFactory(title="March 2026", start_date=date(2026, 3, 2))
    template = AuditTemplateFactory()
    planning = AuditSection.objects.create(
        template=template, order=1, title="Planning", question="?"
    )
    good = audit(
        teams["assessment"], "good", date(2026, 3, 3), "practice_week", week=week, template=template
    )
    poor = audit(
        teams["assessment"],
        "inadequate",
        date(2026, 3, 3),
        "practice_week",
        week=week,
        template=template,
    )
    audit(teams["assessment"], "not_applicable", date(2026, 3, 4), "practice_week", week=week)
    SectionAnswer.objects.create(audit=good, section=planning, grade="good")
    SectionAnswer.objects.create(audit=poor, section=planning, grade="inadequate")
    VisitFactory(week=week, team=teams["assessment"], date=date(2026, 3, 3))
    observation = ObservationFactory(
        week=week, team=teams["family"], submitted=True, practitioners=[UserFactory()]
    )
    ServiceUserFeedbackFactory(observation=observation)
    note = CategoryNote.objects.create(
        observation=observation,
        category=observation.framework.categories.get(title="Leadership"),
        strengths="Visible managers.",
        areas_for_development="Caseloads are high.",
    )
    NoteTag.objects.create(note=note, kind="area", tag=ThemeTagFactory(week=week, name="planning"))
    NoteTag.objects.create(
        note=note, kind="strength", tag=ThemeTagFactory(week=week, name="Leadership")
    )
    return week


@pytest.fixture
def year(teams, week) -> None:
    """January: 2 core Good; February: none; March: the week's 3, 1 thematic Requires
    improvement and 1 ungraded minimum standards check. Outside: December and April."""
    audit(teams["family"], "good", date(2026, 1, 5))
    audit(teams["family"], "good", date(2026, 1, 31))
    audit(teams["family"], "requires_improvement", date(2026, 3, 20), "thematic")
    audit(teams["family"], "", date(2026, 3, 31), "minimum_standards")
    audit(teams["family"], "inadequate", date(2025, 12, 31))
    audit(teams["family"], "inadequate", date(2026, 4, 1))
    AuditFactory(team=teams["family"], week=None, audit_type="core", audited_on=date(2026, 2, 2))
    PracticeWeekFactory(title="April 2026", start_date=date(2026, 4, 6))


@pytest.fixture
def snapshot(year) -> dict:
    report = make_report()
    ActionPlanItem.objects.create(
        report=report,
        category="Planning",
        issue="Plans are not SMART",
        action="Training",
        risk="Drift",
        priority="high",
        due_on=date(2026, 6, 30),
        responsible="Head of Service",
    )
    ThemeWording.objects.create(report=report, kind="area", tag_name="Planning", wording="Plans.")
    return annual_snapshot(Report.objects.get(pk=report.pk), now=NOW)


def test_by_audit_type_lists_every_type_in_order(snapshot):
    assert [(r["group"], r["counts"]) for r in snapshot["by_audit_type"]] == [
        ("Practice week", counts(g=1, i=1, na=1)),
        ("Core (monthly)", counts(g=2)),
        ("Thematic", counts(ri=1)),
        ("Minimum standards", counts(na=1)),  # ungraded checks count as Not applicable
    ]


def test_overall_has_the_headlines_with_adjusted_percentages(snapshot):
    overall = snapshot["overall"]
    assert overall["group"] == "All"
    assert overall["counts"] == counts(g=3, ri=1, i=1, na=2)
    # 3 of 7 files = 42.9% good or outstanding; 3 of the 5 graded = 60%.
    assert overall["good_or_outstanding"] == {"percent": 43, "adjusted_percent": 60}
    # 2 of 7 = 28.6%; 2 of 5 = 40%.
    assert overall["requires_improvement_or_inadequate"] == {"percent": 29, "adjusted_percent": 40}
    assert overall["percent"] == counts(g=43, ri=14, i=14, na=29)
    assert snapshot["activity"]["files_audited"] == 7


def test_by_team(snapshot):
    assert [(r["group"], r["total"]) for r in snapshot["by_team"]] == [
        ("Assessment", 3),
        ("Family Support", 4),
    ]


def test_by_month_has_every_month_in_order(snapshot):
    assert [(r["group"], r["counts"]) for r in snapshot["by_month"]] == [
        ("2026-01", counts(g=2)),
        ("2026-02", counts()),  # only a draft
        ("2026-03", counts(g=1, ri=1, i=1, na=2)),
    ]
    assert snapshot["by_month"][1]["percent"] == counts()
    summed = {g: sum(r["counts"][g] for r in snapshot["by_month"]) for g in GRADES}
    assert summed == snapshot["overall"]["counts"]  # the same rule as audits.summary


def test_weeks_are_those_starting_in_the_period(snapshot):
    assert snapshot["weeks"] == [
        {"title": "March 2026", "start": "2026-03-02", "end": "2026-03-06"}
    ]
    assert snapshot["period"] == {"start": "2026-01-01", "end": "2026-03-31"}


def test_activity_of_the_year(snapshot):
    assert snapshot["activity"] == {
        "start": "2026-01-01",
        "end": "2026-03-31",
        "services": ["Early Help", "Social Work"],
        "teams": ["Assessment", "Family Support"],
        "visits": 1,
        "files_audited": 7,
        "observations": 1,
        "practitioners_seen": 1,  # audited files have no allocated worker here
        "service_user_voices": 1,
    }


def test_themes_merge_tags_and_audit_sections_by_name(snapshot):
    # "planning" tagged on 1 observation and "Planning" graded Inadequate in 1 audit: one theme.
    assert snapshot["areas"] == [
        {"theme": "planning", "wording": "Plans.", "observations": 1, "audits": 1, "total": 2}
    ]
    assert [(r["theme"], r["total"]) for r in snapshot["strengths"]] == [
        ("Leadership", 1),
        ("Planning", 1),
    ]


def test_self_evaluation_is_drafted_from_the_evidence(snapshot):
    drafts = snapshot["sef_drafts"]
    assert set(drafts) == {"quality", "evidence", "plans"}
    assert (
        "Between 1 January 2026 and 31 March 2026 we audited 7 case files: 43% (60% adjusted) "
        "were good or outstanding and 29% (40% adjusted) required improvement or were "
        "inadequate." in drafts["quality"]
    )
    assert "1 practice week (March 2026)" in drafts["evidence"]
    assert "1 action under 1 heading: Planning (1); 1 is high priority." in drafts["plans"]
    # Nothing written by the QA lead: the narrative carries the drafts.
    assert snapshot["narrative"]["sef_quality"] == drafts["quality"]
    assert snapshot["moderation"] is None


def test_the_qa_leads_words_override_the_drafts(year):
    report = make_report(sef_plans="Our own plans.")
    snapshot = annual_snapshot(report, now=NOW)
    assert snapshot["narrative"]["sef_plans"] == "Our own plans."
    assert snapshot["sef_drafts"]["plans"].startswith("The action plan for this period is still")


def test_an_empty_year_gives_zeros(db):
    snapshot = annual_snapshot(make_report(), now=NOW)
    assert snapshot["overall"]["total"] == 0
    assert [r["total"] for r in snapshot["by_audit_type"]] == [0, 0, 0, 0]
    assert [r["group"] for r in snapshot["by_month"]] == ["2026-01", "2026-02", "2026-03"]
    assert snapshot["by_team"] == snapshot["weeks"] == snapshot["strengths"] == []
    assert snapshot["sef_drafts"]["quality"].startswith("No case files were audited")
    assert json.loads(json.dumps(snapshot)) == snapshot


def test_snapshot_is_plain_json_and_chosen_by_kind(year):
    snapshot = snapshot_for(make_report(), now=NOW)
    assert snapshot["kind"] == "annual"
    assert json.loads(json.dumps(snapshot)) == snapshot


def test_a_yearly_report_without_dates_is_refused(db):
    report = make_report()
    report.date_from = None
    with pytest.raises(ValueError, match="needs its dates"):
        annual_snapshot(report, now=NOW)


def test_queries_do_not_grow_with_the_data(year, teams, django_assert_num_queries):
    report = make_report()
    with CaptureQueriesContext(connection) as small:
        annual_snapshot(report, now=NOW)
    week = PracticeWeekFactory(title="February 2026", start_date=date(2026, 2, 2))
    for i in range(15):
        team = TeamFactory(service=ServiceFactory(name=f"Grown {i}"))
        for month in (1, 2, 3):
            audit(team, GRADES[i % 5], date(2026, month, 10), practitioner=UserFactory())
        observation = ObservationFactory(week=week, team=team, submitted=True)
        ServiceUserFeedbackFactory(observation=observation)
        VisitFactory(week=week, team=team, date=date(2026, 2, 3))
        note = CategoryNote.objects.create(
            observation=observation,
            category=observation.framework.categories.first(),
            strengths="Yes.",
        )
        NoteTag.objects.create(note=note, kind="strength", tag=ThemeTagFactory(week=week))
    with django_assert_num_queries(len(small.captured_queries)):
        bigger = annual_snapshot(report, now=NOW)
    assert bigger["overall"]["total"] == 7 + 45
    assert len(small.captured_queries) == 13  # 12, and the quotes the QA lead chose


def test_the_snapshot_fits_its_typed_shape_as_stored(snapshot):
    # reports.snapshot's TypedDicts are what rendering and exports are checked against.
    assert shape_errors(json.loads(json.dumps(snapshot)), AnnualSnapshot) == []
