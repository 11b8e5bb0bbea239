"""The practice week scrutiny report's snapshot (`reports.gather.week_snapshot`): every
section's numbers against hand-computed ones, a week with no audits, and a query count that
does not grow with the data."""

import json
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import AuditSection, AuditTemplate, SectionAnswer
from observations.models import CategoryNote, NoteTag, Observation, ObservationPractitioner
from practiceweek.models import PracticeWeek, Role, Team, User
from reports.gather import snapshot_for, week_snapshot
from reports.models import ActionPlanItem, Report, ReportQuote, ThemeWording
from reports.snapshot import WeekSnapshot
from tests.factories import (
    AuditFactory,
    AuditTemplateFactory,
    CaseExampleFactory,
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

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
SUBMITTED_AT = datetime(2026, 11, 24, 10, tzinfo=UTC)
GRADES = ("outstanding", "good", "requires_improvement", "inadequate", "not_applicable")
VOICE, OVERSIGHT = "Voice of the child", "Management oversight"


def counts(o: int = 0, g: int = 0, ri: int = 0, i: int = 0, na: int = 0) -> dict[str, int]:
    return dict(zip(GRADES, (o, g, ri, i, na), strict=True))


def audit(week: PracticeWeek | None, team: Team, grade: str, **fields):
    """A submitted audit of a new file in `team`."""
    fields = {"status": "submitted", "submitted_at": SUBMITTED_AT, "week": week} | fields
    return AuditFactory(case_file=CaseFileFactory(team=team), overall_grade=grade, **fields)


def audits(week: PracticeWeek, team: Team, **per_grade: int) -> None:
    for grade, many in per_grade.items():
        for _ in range(many):
            audit(week, team, grade)


def answer(audit_, template: AuditTemplate, **grades: str) -> None:
    """answer(audit, template, voice="good", oversight="inadequate")"""
    titles = {"voice": VOICE, "oversight": OVERSIGHT}
    for key, grade in grades.items():
        section = template.sections.get(title=titles[key])
        SectionAnswer.objects.create(audit=audit_, section=section, grade=grade)


def tag_note(observation: Observation, kind: str, tag) -> None:
    note, _ = CategoryNote.objects.get_or_create(
        observation=observation,
        category=observation.framework.categories.get(title="Leadership"),
        defaults={"strengths": "Clear plan.", "areas_for_development": "Record more."},
    )
    NoteTag.objects.create(note=note, kind=kind, tag=tag)


def make_report(week: PracticeWeek, **fields) -> Report:
    author = User.objects.filter(role=Role.QA_ADMIN).first() or UserFactory(role=Role.QA_ADMIN)
    report = Report.objects.create(
        kind=Report.Kind.WEEK, week=week, title=f"{week.title} report", created_by=author, **fields
    )
    return Report.objects.get(pk=report.pk)  # as the task reads it: the week not yet loaded


@pytest.fixture
def places() -> dict[str, Team]:
    social_work = ServiceFactory(name="Social Work")
    return {
        "assessment": TeamFactory(service=social_work, name="Assessment"),
        "in_care": TeamFactory(service=social_work, name="Children in Care"),
        "family": TeamFactory(service=ServiceFactory(name="Early Help"), name="Family Support"),
    }


@pytest.fixture
def week(places) -> PracticeWeek:
    """Autumn 2026 after Spring 2026 (with audits) and Summer 2026 (drafts only)."""
    spring = PracticeWeekFactory(title="Spring 2026", slug="spring", start_date=date(2026, 3, 2))
    summer = PracticeWeekFactory(title="Summer 2026", slug="summer", start_date=date(2026, 6, 1))
    autumn = PracticeWeekFactory(title="Autumn 2026", slug="autumn", start_date=date(2026, 11, 23))
    later = PracticeWeekFactory(title="Spring 2027", slug="later", start_date=date(2027, 3, 1))
    # Spring: Social Work 1 Good + 1 Requires improvement = 50%; Early Help had none.
    audits(spring, places["assessment"], good=1, requires_improvement=1)
    AuditFactory(week=summer, team=places["family"], case_file=CaseFileFactory())  # a draft
    audits(later, places["family"], outstanding=3)
    return autumn


@pytest.fixture
def people() -> dict[str, User]:
    return {name: UserFactory() for name in ("p1", "p2", "p3", "p4")}


@pytest.fixture
def full_week(week, places, people) -> PracticeWeek:
    """Autumn's audits, observations, feedback, themes and case examples (see the tests)."""
    template = AuditTemplateFactory()
    AuditSection.objects.create(template=template, order=1, title=VOICE, question="?")
    AuditSection.objects.create(template=template, order=2, title=OVERSIGHT, question="?")
    AuditSection.objects.create(
        template=template, order=3, title="Recording", question="?", is_graded=False
    )
    # Assessment: 3 Good + 1 Inadequate + 1 Not applicable; Children in Care: 1 Outstanding.
    a1 = audit(week, places["assessment"], "good", template=template, practitioner=people["p1"])
    a2 = audit(week, places["assessment"], "good", template=template, practitioner=people["p1"])
    a3 = audit(week, places["assessment"], "good", template=template, practitioner=people["p2"])
    audit(week, places["assessment"], "inadequate")
    audit(week, places["assessment"], "not_applicable")
    audit(week, places["in_care"], "outstanding")
    # Early Help, Family Support: 1 Requires improvement.
    audit(week, places["family"], "requires_improvement")
    AuditFactory(week=week, team=places["family"], practitioner=people["p4"])  # a draft
    answer(a1, template, voice="good", oversight="requires_improvement")
    answer(a2, template, voice="outstanding", oversight="inadequate")
    answer(a3, template, voice="requires_improvement", oversight="not_applicable")
    SectionAnswer.objects.create(
        audit=a1, section=template.sections.get(title="Recording"), grade="good"
    )
    a1.acknowledged_at, a1.reflection = SUBMITTED_AT, "I will record the child's words."
    a1.save(update_fields=["acknowledged_at", "reflection"])
    VisitFactory(week=week, team=places["assessment"])
    VisitFactory(week=week, team=places["assessment"])
    VisitFactory(week=week, team=places["family"])
    VisitFactory(week=PracticeWeek.objects.get(slug="spring"), team=places["in_care"])

    home = ObservationFactory(
        week=week,
        team=places["assessment"],
        submitted=True,
        practitioners=[people["p1"], people["p3"]],
    )
    conference = ObservationFactory(
        week=week,
        team=places["family"],
        submitted=True,
        setting="cp_conference",
        overall_grade="outstanding",
    )
    ObservationFactory(week=week, team=places["family"], practitioners=[people["p4"]])  # draft
    ObservationPractitioner.objects.filter(observation=home).update(
        acknowledged_at=SUBMITTED_AT, reflection="Useful."
    )
    ObservationPractitioner.objects.filter(observation=home, practitioner=people["p3"]).update(
        reflection="   "
    )
    ServiceUserFeedbackFactory(observation=home, relationship="mother", rating=5, words="Kind.")
    ServiceUserFeedbackFactory(observation=home, relationship="child", rating=3, words="OK.")
    ServiceUserFeedbackFactory(
        observation=conference, relationship="father", rating=4, words="Fair"
    )

    voice, oversight = (
        ThemeTagFactory(week=week, name=VOICE),
        ThemeTagFactory(week=week, name=OVERSIGHT),
    )
    tag_note(home, "strength", voice)
    tag_note(conference, "strength", voice)
    tag_note(home, "area", oversight)

    CaseExampleFactory(observation=home, status="approved", title="Life-story work")
    CaseExampleFactory(observation=conference, title="Still pending")
    return week


@pytest.fixture
def report(full_week) -> Report:
    report = make_report(full_week, meeting_date=date(2027, 1, 16), purpose="Why we looked.")
    ThemeWording.objects.create(
        report=report, kind="strength", tag_name="voice of the child", wording="Heard clearly."
    )
    for category, order, issue in (
        ("Voice of the child", 1, "Plans lack the child's words"),
        ("Supervision", 2, "Supervision is not monthly"),
        ("Supervision", 1, "Oversight is not recorded"),
    ):
        ActionPlanItem.objects.create(
            report=report,
            category=category,
            issue=issue,
            action="Do it",
            risk="Drift",
            priority="high",
            due_on=date(2027, 3, 31),
            responsible="Head of Service",
            order=order,
        )
    return Report.objects.get(pk=report.pk)


@pytest.fixture
def snapshot(report) -> dict:
    return week_snapshot(report, now=NOW)


def test_cover_and_narrative_come_from_the_report_and_settings(snapshot, settings):
    assert snapshot["schema"] == 1 and snapshot["kind"] == "week"
    assert snapshot["generated_at"] == "2026-12-01T09:30:00+00:00"
    assert snapshot["council"] == settings.COUNCIL_NAME
    assert snapshot["week"] == {
        "title": "Autumn 2026",
        "slug": "autumn",
        "start": "2026-11-23",
        "end": "2026-11-27",
    }
    narrative = snapshot["narrative"]
    assert narrative["title"] == "Autumn 2026 report"
    assert narrative["panel_name"] == settings.SCRUTINY_PANEL_NAME
    assert narrative["meeting_date"] == "2027-01-16"
    assert narrative["purpose"] == "Why we looked."


def test_panel_name_of_the_report_wins(full_week):
    report = make_report(full_week, panel_name="Children's Scrutiny Board")
    assert week_snapshot(report, now=NOW)["narrative"]["panel_name"] == "Children's Scrutiny Board"


def test_what_happened_counts_the_week(snapshot):
    assert snapshot["activity"] == {
        "start": "2026-11-23",
        "end": "2026-11-27",
        "services": ["Early Help", "Social Work"],
        "teams": ["Assessment", "Family Support"],  # visited; Children in Care was not
        "visits": 3,
        "files_audited": 7,  # the draft and other weeks' audits do not count
        "observations": 2,
        "practitioners_seen": 3,  # p1 and p2 audited, p1 and p3 observed; p4 only in drafts
        "service_user_voices": 3,
    }


def test_audit_grade_table_by_service_with_percentages(snapshot):
    social_work, early_help = (
        next(r for r in snapshot["audit_grades"]["by_service"] if r["group"] == name)
        for name in ("Social Work", "Early Help")
    )
    # Social Work: 1 Outstanding, 3 Good, 1 Inadequate, 1 Not applicable = 6 files.
    assert social_work["counts"] == counts(o=1, g=3, i=1, na=1)
    assert social_work["total"] == 6
    # 16.7 / 50 / 0 / 16.7 / 16.7: the two spare points go to the ties in scale order.
    assert social_work["percent"] == {**counts(o=17, g=50, i=17, na=16)}
    assert social_work["adjusted_percent"] == {
        "outstanding": 20,
        "good": 60,
        "requires_improvement": 0,
        "inadequate": 20,
    }
    assert social_work["good_or_outstanding"] == {"percent": 67, "adjusted_percent": 80}
    assert social_work["requires_improvement_or_inadequate"] == {
        "percent": 17,
        "adjusted_percent": 20,
    }
    assert early_help["counts"] == counts(ri=1)
    assert [r["group"] for r in snapshot["audit_grades"]["by_service"]] == [
        "Early Help",
        "Social Work",
    ]


def test_audit_grade_table_by_team_and_overall(snapshot):
    by_team = {r["group"]: r for r in snapshot["audit_grades"]["by_team"]}
    assert list(by_team) == ["Assessment", "Children in Care", "Family Support"]
    # Assessment: 3 Good + 1 Inadequate + 1 Not applicable: 60% (75% adjusted) good.
    assert by_team["Assessment"]["counts"] == counts(g=3, i=1, na=1)
    assert by_team["Assessment"]["percent"] == counts(g=60, i=20, na=20)
    assert by_team["Assessment"]["good_or_outstanding"] == {"percent": 60, "adjusted_percent": 75}
    overall = snapshot["audit_grades"]["overall"]
    assert overall["group"] == "All"
    assert overall["counts"] == counts(o=1, g=3, ri=1, i=1, na=1)
    # 4 of 7 = 57.1% good or outstanding; 4 of the 6 graded = 66.7%.
    assert overall["good_or_outstanding"] == {"percent": 57, "adjusted_percent": 67}
    assert overall["requires_improvement_or_inadequate"] == {"percent": 29, "adjusted_percent": 33}


def test_trajectory_against_the_latest_earlier_week_with_audits(snapshot):
    # Summer 2026 had only a draft; Spring 2027 is later: Spring 2026 is the previous week.
    assert snapshot["previous_week"] == "Spring 2026"
    assert snapshot["trajectory"] == [
        {
            "group": "Early Help",
            "previous": None,
            "current": 0,
            "direction": "new",
            "words": "New: 0%, no audits in the previous week",
            "previous_adjusted": None,
            "current_adjusted": 0,
        },
        {
            "group": "Social Work",
            "previous": 50,
            "current": 67,
            "direction": "up",
            "words": "Up from 50% to 67%",
            "previous_adjusted": 50,
            "current_adjusted": 80,
        },
        {
            "group": "All",
            "previous": 50,
            "current": 57,
            "direction": "up",
            "words": "Up from 50% to 57%",
            "previous_adjusted": 50,
            "current_adjusted": 67,
        },
    ]


def test_trajectory_series_has_the_weeks_with_audits_oldest_first(snapshot):
    series = snapshot["trajectory_series"]
    assert series["weeks"] == ["Spring 2026", "Autumn 2026"]
    assert [(s["group"], s["values"]) for s in series["series"]] == [
        ("Early Help", [None, 0]),
        ("Social Work", [50, 67]),
        ("All", [50, 57]),
    ]


def test_series_keeps_the_last_four_weeks(places):
    for n, month in enumerate((1, 3, 5, 7, 9), start=1):
        earlier = PracticeWeekFactory(title=f"W{n}", start_date=date(2026, month, 5))
        audits(earlier, places["family"], good=n % 2, requires_improvement=1)
    week = PracticeWeekFactory(title="Now", start_date=date(2026, 11, 23))
    audits(week, places["family"], good=1)
    series = week_snapshot(make_report(week), now=NOW)["trajectory_series"]
    assert series["weeks"] == ["W3", "W4", "W5", "Now"]
    assert series["series"][-1]["values"] == [50, 0, 50, 100]


def test_observation_grades_and_counts_of_a_graded_week(snapshot):
    assert snapshot["observations_graded"] is True
    grades = snapshot["observation_grades"]
    assert {r["group"]: r["counts"] for r in grades["by_service"]} == {
        "Early Help": counts(o=1),
        "Social Work": counts(g=1),
    }
    assert grades["overall"]["good_or_outstanding"] == {"percent": 100, "adjusted_percent": 100}
    assert snapshot["observation_counts"] == [
        {"service": "Early Help", "setting": "Child protection conference", "count": 1},
        {"service": "Social Work", "setting": "Home visit", "count": 1},
    ]


def test_an_ungraded_week_has_counts_but_no_grade_tables(places):
    week = PracticeWeekFactory(observations_graded=False)
    for setting in ("home_visit", "home_visit", "supervision"):
        ObservationFactory(week=week, team=places["in_care"], submitted=True, setting=setting)
    snapshot = week_snapshot(make_report(week), now=NOW)
    assert snapshot["observations_graded"] is False
    assert snapshot["observation_grades"] is None
    assert snapshot["observation_counts"] == [
        {"service": "Social Work", "setting": "Home visit", "count": 2},
        {"service": "Social Work", "setting": "Supervision", "count": 1},
    ]


def test_strengths_merge_observation_tags_and_audit_sections(snapshot):
    # Voice of the child: tagged on 2 observations; graded Good/Outstanding in 2 audits.
    assert snapshot["strengths"] == [
        {
            "theme": VOICE,
            "wording": "Heard clearly.",
            "observations": 2,
            "audits": 2,
            "total": 4,
        }
    ]


def test_areas_are_most_frequent_first(snapshot):
    # Oversight: 1 observation + 2 audits (Requires improvement, Inadequate); Voice: 1 audit.
    # The ungraded "Recording" section and a Not applicable grade raise nothing.
    assert [
        (r["theme"], r["observations"], r["audits"], r["total"]) for r in snapshot["areas"]
    ] == [
        (OVERSIGHT, 1, 2, 3),
        (VOICE, 0, 1, 1),
    ]
    assert {r["wording"] for r in snapshot["areas"]} == {""}  # the wording was for strengths


def test_case_examples_are_the_approved_ones_of_the_week(snapshot):
    assert snapshot["case_examples"] == [
        {
            "title": "Life-story work",
            "kind": "Good practice",
            "service": "Social Work",
            "team": "Assessment",
            "source": "observation",
            "write_up": "The worker used a life-story book to help a young person make sense of "
            "moves.",
        }
    ]


def test_voices_count_ratings_best_first_and_who_spoke(snapshot):
    voices = snapshot["voices"]
    assert voices["ratings"] == [
        {"rating": "Very well", "count": 1},
        {"rating": "Well", "count": 1},
        {"rating": "Okay", "count": 1},
        {"rating": "Not well", "count": 0},
        {"rating": "Badly", "count": 0},
    ]
    assert voices["by_relationship"] == [
        {"relationship": "The child or young person", "count": 1},
        {"relationship": "Mother", "count": 1},
        {"relationship": "Father", "count": 1},
    ]
    assert voices["quotes"] == []  # none is quoted until the QA lead includes it
    # p1 reflected on an audit and an observation: one practitioner; p3's was blank.
    assert voices["reflections"] == 1


def test_only_the_quotes_the_qa_lead_included_reach_the_snapshot_shortened_if_shortened(
    week, places
):
    observation = ObservationFactory(week=week, team=places["family"], submitted=True)
    said = [
        ServiceUserFeedbackFactory(observation=observation, rating=rating, words=words)
        for rating, words in (
            (5, "She listened to us and came back when she said."),
            (1, "Never came back."),
            (4, "Fair, mostly."),
        )
    ]
    report = make_report(week)
    qa = report.created_by
    ReportQuote.objects.create(
        report=report,
        feedback=said[0],
        is_included=True,
        text_shortened="She listened to us.",
        reviewed_by=qa,
        reviewed_at=NOW,
    )
    ReportQuote.objects.create(report=report, feedback=said[1], is_included=True)
    ReportQuote.objects.create(
        report=report, feedback=said[2], is_included=False, reviewed_by=qa, reviewed_at=NOW
    )

    snapshot = week_snapshot(report, now=NOW)

    assert snapshot["voices"]["quotes"] == [
        {"relationship": "Mother", "rating": "Very well", "words": "She listened to us."},
        {"relationship": "Mother", "rating": "Badly", "words": "Never came back."},
    ]
    said[0].refresh_from_db()
    assert said[0].words == "She listened to us and came back when she said."  # kept whole
    # One quote has an included row but no review: still counted as not reviewed.
    assert {"key": "quotes", "words": "1 family's quote is not reviewed"} in (
        snapshot["readiness"]["unfinished"]
    )


def test_action_plan_is_grouped_by_category_in_order(snapshot):
    plan = snapshot["action_plan"]
    assert [(g["category"], [r["issue"] for r in g["rows"]]) for g in plan] == [
        ("Supervision", ["Oversight is not recorded", "Supervision is not monthly"]),
        ("Voice of the child", ["Plans lack the child's words"]),
    ]
    assert plan[0]["rows"][0] == {
        "issue": "Oversight is not recorded",
        "action": "Do it",
        "risk": "Drift",
        "priority": "High",
        "due_on": "2027-03-31",
        "responsible": "Head of Service",
    }


def test_snapshot_is_plain_json(snapshot):
    assert json.loads(json.dumps(snapshot)) == snapshot


def test_a_week_with_no_audits_gives_zeros_not_a_crash(places):
    week = PracticeWeekFactory(title="Quiet week")
    snapshot = week_snapshot(make_report(week), now=NOW)
    assert snapshot["activity"]["files_audited"] == 0
    assert snapshot["activity"]["observations"] == 0
    assert snapshot["activity"]["services"] == []
    assert snapshot["audit_grades"]["by_service"] == []
    assert snapshot["audit_grades"]["by_team"] == []
    assert snapshot["audit_grades"]["overall"]["total"] == 0
    assert snapshot["audit_grades"]["overall"]["percent"] == counts()
    assert snapshot["trajectory"] == []
    assert snapshot["previous_week"] is None
    assert snapshot["trajectory_series"] == {
        "weeks": ["Quiet week"],
        "series": [{"group": "All", "values": [None], "adjusted_values": [None]}],
    }
    assert snapshot["observation_grades"]["overall"]["total"] == 0
    assert snapshot["strengths"] == snapshot["areas"] == snapshot["case_examples"] == []
    assert snapshot["voices"]["quotes"] == []
    assert snapshot["action_plan"] == []
    assert json.loads(json.dumps(snapshot)) == snapshot


def test_first_week_ever_is_new_everywhere(places):
    week = PracticeWeekFactory()
    audits(week, places["family"], good=2, requires_improvement=1)
    snapshot = week_snapshot(make_report(week), now=NOW)
    assert [(r["group"], r["direction"], r["words"]) for r in snapshot["trajectory"]] == [
        ("Early Help", "new", "New: 67%, no previous week"),
        ("All", "new", "New: 67%, no previous week"),
    ]


def test_snapshot_for_chooses_by_kind(report):
    assert snapshot_for(report, now=NOW)["kind"] == "week"


def test_a_week_report_without_its_week_is_refused(report):
    report.kind = Report.Kind.ANNUAL
    with pytest.raises(ValueError, match="needs its practice week"):
        week_snapshot(report, now=NOW)


def grow(week: PracticeWeek, places: dict[str, Team], n: int) -> None:
    """More of everything in the week, in new services and teams too."""
    for i in range(n):
        team = TeamFactory(service=ServiceFactory(name=f"Grown service {n}-{i}"))
        VisitFactory(week=week, team=team)
        a = audit(week, team, GRADES[i % 5], practitioner=UserFactory())
        tag = ThemeTagFactory(week=week, name=f"Grown tag {n}-{i}")
        observation = ObservationFactory(
            week=week, team=team, submitted=True, practitioners=[UserFactory()]
        )
        tag_note(observation, "area", tag)
        ServiceUserFeedbackFactory(observation=observation, rating=1 + i % 5)
        CaseExampleFactory(observation=observation, status="approved")
        SectionAnswer.objects.create(
            audit=a,
            section=AuditSection.objects.create(template=a.template, order=1, title=f"S{i}"),
            grade="good",
        )
        ActionPlanItem.objects.create(
            report=Report.objects.get(week=week),
            category=f"C{i}",
            issue="i",
            action="a",
            risk="r",
            due_on=date(2027, 1, 1),
            responsible="r",
        )


def test_queries_do_not_grow_with_the_data(report, places, django_assert_num_queries):
    week = report.week
    report = Report.objects.get(pk=report.pk)
    with CaptureQueriesContext(connection) as small:
        week_snapshot(report, now=NOW)
    grow(week, places, 12)
    report = Report.objects.get(pk=report.pk)
    with django_assert_num_queries(len(small.captured_queries)):
        bigger = week_snapshot(report, now=NOW)
    assert bigger["activity"]["files_audited"] == 7 + 12
    assert len(small.captured_queries) == 23  # 21 for an ungraded week


def test_an_unsaved_report_can_be_previewed(full_week):
    report = Report(kind=Report.Kind.WEEK, week=full_week, title="Draft")
    snapshot = week_snapshot(report, now=NOW)
    assert snapshot["activity"]["files_audited"] == 7
    assert snapshot["action_plan"] == []
    assert snapshot["strengths"][0]["wording"] == ""


def test_the_snapshot_fits_its_typed_shape_as_stored(snapshot):
    # reports.snapshot's TypedDicts are what rendering and exports are checked against.
    assert shape_errors(json.loads(json.dumps(snapshot)), WeekSnapshot) == []
