"""The demo council's scrutiny reports: the past week's written, built (through the task's code)
and published by the QA lead; the live week's in draft; both left alone by a second run."""

from collections import Counter
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from audits.models import Audit
from observations.models import Observation, ServiceUserFeedback
from practiceweek.demo import LIVE_WEEK_SLUG, PAST_WEEK_SLUG, QA_STAFF_USERNAME, demo_seed
from practiceweek.models import PracticeWeek, User, Visit
from reports import rendering
from reports.demo import panel_meets
from reports.models import ActionPlanItem, Report, ReportBuild, ReportQuote, ThemeWording

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)
REPORT_MODELS = (Report, ReportBuild, ThemeWording, ActionPlanItem, ReportQuote)


def seed(at: datetime = WEDNESDAY) -> None:
    with time_machine.travel(at, tick=False):
        demo_seed()


def report(slug: str) -> Report:
    return Report.objects.get(week__slug=slug)


def published(slug: str = PAST_WEEK_SLUG) -> ReportBuild:
    return ReportBuild.objects.published().get(report__week__slug=slug)


def report_rows() -> dict[str, object]:
    rows: dict[str, object] = {m.__name__: m.objects.count() for m in REPORT_MODELS}
    rows["versions"] = list(Report.objects.order_by("pk").values_list("version", "updated_at"))
    rows["builds"] = list(
        ReportBuild.objects.values_list("pk", "number", "status", "finished_at", "published_at")
    )
    return rows


def test_seeding_twice_leaves_one_published_version_and_one_draft(db):
    seed()
    rows = report_rows()
    seed()

    assert report_rows() == rows
    build = published()
    assert (build.number, build.status) == (1, ReportBuild.Status.READY)
    assert bytes(build.pdf).startswith(b"%PDF") and build.page_count > 5
    assert build.published_by.username == QA_STAFF_USERNAME
    assert ReportBuild.objects.count() == 1
    assert not report(LIVE_WEEK_SLUG).builds.exists()


def test_the_published_demo_report_quotes_the_families_words_its_qa_lead_included(db, quick_pdf):
    seed()
    build = published()
    chosen = ReportQuote.objects.filter(report=build.report)
    included = chosen.filter(is_included=True).select_related("feedback")
    quotes = [q["words"] for q in build.snapshot["voices"]["quotes"]]
    assert 0 < len(quotes) == included.count() <= 6
    assert sorted(quotes) == sorted(q.feedback.words for q in included)
    # Every consented quote of the week was reviewed: publishing needed no confirmation.
    assert not chosen.filter(reviewed_at__isnull=True).exists()
    assert build.snapshot["readiness"]["unfinished"] == []
    assert build.is_draft is False


def test_published_snapshot_counts_what_the_week_holds(db, quick_pdf):
    seed()
    week = PracticeWeek.objects.get(slug=PAST_WEEK_SLUG)
    audits = Audit.objects.submitted().filter(week=week)
    observations = Observation.objects.submitted().filter(week=week)

    snapshot = published().snapshot
    activity = snapshot["activity"]
    assert activity["files_audited"] == audits.count() > 0
    assert activity["observations"] == observations.count() > 0
    assert activity["visits"] == Visit.objects.filter(week=week).count()
    voices = ServiceUserFeedback.objects.filter(observation__in=observations).count()
    assert activity["service_user_voices"] == voices > 0
    overall = snapshot["audit_grades"]["overall"]["counts"]
    grades = Counter(audits.values_list("overall_grade", flat=True))
    assert {grade: n for grade, n in overall.items() if n} == dict(grades)
    assert snapshot["week"]["start"] == week.start_date.isoformat()


def test_past_report_has_the_narrative_themes_and_an_action_plan(db, quick_pdf):
    seed()
    past = report(PAST_WEEK_SLUG)
    snapshot = published().snapshot

    for field in ("asked_to_consider", "purpose", "voices_summary", "what_next"):
        assert len(getattr(past, field)) > 100, field
    assert past.meeting_date > past.week.end_date
    for kind in ("strengths", "areas"):
        assert all(row["wording"] for row in snapshot[kind][:3]), kind
    items = list(past.action_items.all())
    assert 4 <= len(items) <= 6
    assert 2 <= len({item.category for item in items}) <= 3
    assert {item.priority for item in items} >= {"high", "medium"}
    assert all(item.due_on > past.week.end_date for item in items)
    assert "Head of Service, Social Work" in {item.responsible for item in items}
    assert [g["category"] for g in snapshot["action_plan"]] == sorted(
        {item.category for item in items}
    )


def test_live_report_is_a_draft_begun(db, quick_pdf):
    seed()
    live = report(LIVE_WEEK_SLUG)

    assert live.asked_to_consider and live.purpose
    assert not live.what_next and not live.action_items.exists()
    assert live.created_by.username == QA_STAFF_USERNAME


def test_past_report_was_built_and_published_after_the_week_not_today(db, quick_pdf):
    seed()
    build = published()
    week_end = build.report.week.end_date

    assert build.queued_at == build.started_at <= build.finished_at < build.published_at
    assert week_end < build.started_at.date() < build.published_at.date() < WEDNESDAY.date()
    assert datetime.fromisoformat(build.snapshot["generated_at"]) == build.started_at
    assert build.report.created_at.date() < build.started_at.date()


def test_something_written_in_the_demo_stands(db, quick_pdf):
    seed()
    Report.objects.filter(week__slug=LIVE_WEEK_SLUG).update(what_next="Our own words.")
    seed()

    assert report(LIVE_WEEK_SLUG).what_next == "Our own words."


def test_a_week_later_the_dates_move_and_a_new_version_is_published(db, quick_pdf):
    seed()
    before = report(PAST_WEEK_SLUG)
    due = sorted(before.action_items.values_list("due_on", flat=True))
    seed(WEDNESDAY + timedelta(weeks=1))
    after = report(PAST_WEEK_SLUG)
    week = after.week

    assert after.pk == before.pk and Report.objects.count() == 2
    assert list(after.builds.published().values_list("number", flat=True)) == [2, 1]
    assert published_latest().snapshot["week"]["start"] == week.start_date.isoformat()
    assert after.title == "Practice week report: Practice Week, June 2026"  # May moved on
    assert after.meeting_date == panel_meets(week.end_date)
    moved = sorted(after.action_items.values_list("due_on", flat=True))
    assert moved == [day + timedelta(weeks=1) for day in due]
    live = report(LIVE_WEEK_SLUG)
    assert live.meeting_date == panel_meets(live.week.end_date)  # past Christmas, not + 7 days


def published_latest() -> ReportBuild:
    return ReportBuild.objects.published().filter(report__week__slug=PAST_WEEK_SLUG).first()


def test_a_failed_build_is_kept_with_its_reason_and_the_next_run_builds_again(
    db, monkeypatch, quick_pdf
):
    def broken(snapshot):
        raise ValueError("no fonts")

    monkeypatch.setattr(rendering, "render_pdf", broken)
    seed()
    failed = ReportBuild.objects.get()
    assert failed.status == ReportBuild.Status.FAILED and "PDF could not be drawn" in failed.error

    monkeypatch.setattr(rendering, "render_pdf", lambda snapshot: (b"%PDF-1.7 demo", 3))
    seed()
    assert published().number == 2


def test_seed_demo_prints_the_reports(db, quick_pdf):
    out = StringIO()
    with time_machine.travel(WEDNESDAY, tick=False):
        call_command("seed_demo", stdout=out)

    assert "scrutiny reports: 2" in out.getvalue()
    assert "published versions: 1" in out.getvalue()
    assert "pages of the latest published version: 3" in out.getvalue()


@pytest.mark.parametrize(
    ("last_day", "meeting"),
    [
        (date(2026, 5, 29), date(2026, 7, 2)),  # five weeks on, a Thursday
        (date(2026, 11, 13), date(2026, 12, 17)),  # just before the break
        (date(2026, 11, 20), date(2027, 1, 14)),  # 24 December: three weeks later
        (date(2026, 11, 27), date(2027, 1, 21)),  # 31 December
        (date(2026, 12, 4), date(2027, 1, 7)),  # after the break
    ],
)
def test_panel_meets_five_weeks_on_but_not_at_christmas(last_day, meeting):
    assert panel_meets(last_day) == meeting


def test_the_scrutiny_member_sees_the_published_report_and_not_the_draft(db, quick_pdf, client):
    seed()
    client.force_login(User.objects.get(username="margaret.hughes"))

    page = client.get(reverse("reports:published"))
    assert page.status_code == 200
    assert report(PAST_WEEK_SLUG).title in page.text
    assert report(LIVE_WEEK_SLUG).title not in page.text
    download = client.get(reverse("reports:download", kwargs={"pk": published().pk}))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
