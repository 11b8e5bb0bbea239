"""The demo council's audits: both weeks, a year of core audits, drafts, escalations, actions."""

import re
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import F
from django.utils import timezone

from audits.models import (
    Audit,
    AuditChange,
    AuditType,
    CaseAction,
    Escalation,
    EscalationRecipient,
    SectionAnswer,
)
from audits.selectors import current_template
from practiceweek.demo import LIVE_WEEK_SLUG, PAST_WEEK_SLUG, demo_seed
from practiceweek.demo.data import FIRST_NAMES, LAST_NAMES
from practiceweek.models import CaseFile, PracticeWeek, User

# The demo builds a report: its PDF is drawn for real in tests/reports only.
pytestmark = pytest.mark.usefixtures("quick_pdf")

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)
TODAY = WEDNESDAY.date()
AUDIT_MODELS = (Audit, SectionAnswer, CaseAction, Escalation, EscalationRecipient, AuditChange)


def seed(at: datetime = WEDNESDAY) -> None:
    with time_machine.travel(at, tick=False):
        demo_seed()


@pytest.fixture
def seeded(db) -> None:
    seed()


def week(slug: str) -> PracticeWeek:
    return PracticeWeek.objects.get(slug=slug)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in AUDIT_MODELS}


def test_past_week_audits_were_done_by_its_visitors_in_the_teams_they_visited(seeded):
    past = week(PAST_WEEK_SLUG)
    audits = Audit.objects.submitted().filter(week=past).select_related("visit")

    assert 45 <= audits.count() <= 80
    for audit in audits:
        assert audit.audit_type == AuditType.PRACTICE_WEEK
        assert (audit.auditor_id, audit.team_id) == (audit.visit.visitor_id, audit.visit.team_id)
        assert audit.audited_on == audit.visit.date
        assert past.start_date <= audit.audited_on <= past.end_date


def test_live_week_audits_stop_at_the_present(seeded):
    live = week(LIVE_WEEK_SLUG)
    audits = Audit.objects.submitted().filter(week=live)

    assert 25 <= audits.count() <= 50
    assert {a.audited_on for a in audits} == {date(2026, 11, 23), date(2026, 11, 24)}
    assert not Audit.objects.filter(submitted_at__gt=WEDNESDAY).exists()
    assert not Audit.objects.filter(audited_on__gt=TODAY).exists()


def test_a_year_of_core_audits_and_a_few_thematic_ones(seeded):
    core = Audit.objects.submitted().filter(audit_type=AuditType.CORE)
    thematic = Audit.objects.submitted().filter(audit_type=AuditType.THEMATIC)
    months = {(a.year, a.month) for a in core.values_list("audited_on", flat=True)}

    assert core.count() >= 150
    assert len(months) >= 12
    assert not core.filter(audited_on__lt=TODAY - timedelta(days=366)).exists()
    assert not core.filter(week__isnull=False).exists()
    assert 2 <= thematic.count() <= 6
    assert not thematic.filter(theme__isnull=True).exists()


def test_demo_audits_use_the_current_default_template(seeded):
    template = current_template(AuditType.PRACTICE_WEEK)

    assert set(Audit.objects.values_list("template", flat=True)) == {template.pk}
    sections = template.sections.count()
    for audit in Audit.objects.submitted().prefetch_related("answers")[:50]:
        assert len(audit.answers.all()) == sections


def test_drafts_in_progress_by_auditors_who_log_in_for_the_demo(seeded):
    drafts = Audit.objects.drafts().select_related("auditor")
    sections = current_template(AuditType.PRACTICE_WEEK).sections.count()

    assert {d.auditor.username for d in drafts} >= {"catherine.moss"}
    assert 2 <= drafts.count() <= 6
    for draft in drafts:
        assert draft.week == week(LIVE_WEEK_SLUG)
        assert (draft.overall_grade, draft.submitted_at) == ("", None)
        assert 1 <= draft.answers.count() < sections


def test_grades_spread_like_a_real_council(seeded):
    overall = Counter(Audit.objects.submitted().values_list("overall_grade", flat=True))
    total = sum(overall.values())
    sections = Counter(SectionAnswer.objects.values_list("grade", flat=True))

    assert set(overall) == {"outstanding", "good", "requires_improvement", "inadequate"}
    assert overall.most_common(1)[0][0] == "good"
    assert 0.25 <= overall["requires_improvement"] / total <= 0.45
    assert 0.02 <= overall["inadequate"] / total <= 0.12
    assert overall["outstanding"] < overall["inadequate"] * 3
    assert sections["not_applicable"] > 0


def test_a_departure_from_the_suggested_grade_has_a_reason(seeded):
    departed = (
        Audit.objects.submitted()
        .exclude(suggested_grade="")
        .exclude(overall_grade=F("suggested_grade"))
    )

    assert departed.exists()
    assert not departed.filter(departure_reason="").exists()


def test_every_inadequate_audit_is_escalated_to_its_managers(seeded):
    inadequate = Audit.objects.submitted().filter(overall_grade="inadequate")
    escalated = Audit.objects.filter(escalation__isnull=False)

    assert set(escalated) == set(inadequate)
    for audit in inadequate.select_related("team__service"):
        recipients = set(audit.escalation.recipients.values_list("person", flat=True))
        expected = {audit.team.service_manager_id, audit.team.service.head_of_service_id}
        assert recipients == expected
    assert EscalationRecipient.objects.filter(acknowledged_at__isnull=False).exists()
    assert EscalationRecipient.objects.filter(acknowledged_at__isnull=True).exists()


def test_case_actions_have_owners_and_due_dates_some_done_some_overdue(seeded):
    actions = CaseAction.objects.select_related("audit__team")

    for action in actions:
        assert action.owner_id in (action.audit.practitioner_id, action.audit.team.manager_id)
        assert action.due_on > action.audit.audited_on
    per_audit = Counter(actions.values_list("audit", flat=True))
    assert set(per_audit.values()) <= {1, 2}
    assert len(per_audit) == Audit.objects.submitted().count()
    assert CaseAction.objects.overdue(TODAY).exists()
    assert CaseAction.objects.filter(completed_at__isnull=False).count() > 100
    assert not CaseAction.objects.filter(completed_at__gt=WEDNESDAY).exists()


def test_practitioners_acknowledge_some_feedback_with_a_reflection(seeded):
    acknowledged = Audit.objects.filter(acknowledged_at__isnull=False)

    assert acknowledged.exclude(reflection="").exists()
    assert acknowledged.filter(reflection="").exists()
    assert Audit.objects.submitted().filter(acknowledged_at__isnull=True).exists()
    assert not acknowledged.filter(acknowledged_at__gt=WEDNESDAY).exists()


def test_moderation_left_a_history_of_regrades(seeded):
    changes = AuditChange.objects.select_related("audit")

    assert changes.exists()
    for change in changes:
        assert change.audit.overall_grade == change.after
        assert change.changed_at > change.audit.submitted_at


def test_audited_files_know_when_they_were_last_audited(seeded):
    for case_file in CaseFile.objects.filter(audits__status="submitted").distinct():
        latest = case_file.audits.submitted().latest("audited_on").audited_on
        assert case_file.last_audited_on >= latest


def test_free_text_has_no_names_or_case_references(seeded):
    names = set(FIRST_NAMES) | set(LAST_NAMES)
    for first, last in User.objects.values_list("first_name", "last_name"):
        names |= {first, last} - {""}
    name_like = re.compile(
        r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b"
        r"|\b(?:Mr|Mrs|Ms|Miss|Dr)\.? [A-Z]"
        r"|\b[A-Z]{2}\d{5,}\b"
    )
    texts = [
        *SectionAnswer.objects.values_list("evidence", flat=True),
        *CaseAction.objects.values_list("description", flat=True),
        *AuditChange.objects.values_list("before", flat=True),
        *AuditChange.objects.values_list("after", flat=True),
    ]
    for fields in Audit.objects.values_list(
        "working_well", "needs_to_improve", "departure_reason", "reflection"
    ):
        texts += fields

    assert len(texts) > 1000
    assert [t for t in texts if name_like.search(t)] == []


def test_a_second_run_adds_nothing(seeded):
    before = counts()
    tokens = set(Audit.objects.values_list("client_token", flat=True))

    seed()

    assert counts() == before
    assert set(Audit.objects.values_list("client_token", flat=True)) == tokens


def test_the_same_plan_gives_the_same_audits(seeded):
    def findings() -> dict[object, tuple[object, ...]]:
        return {
            token: rest
            for token, *rest in Audit.objects.values_list(
                "client_token", "overall_grade", "case_file", "auditor", "audited_on"
            )
        }

    first = findings()
    Audit.objects.all().delete()

    seed()

    assert findings() == first


def test_later_in_the_day_adds_only_what_has_happened_since(seeded):
    before = Audit.objects.filter(audited_on=TODAY).count()

    seed(WEDNESDAY + timedelta(hours=7))

    assert Audit.objects.filter(audited_on=TODAY).count() > before
    assert not Audit.objects.filter(submitted_at__gt=WEDNESDAY + timedelta(hours=7)).exists()


def test_a_week_later_the_audits_move_with_the_weeks(seeded):
    past_count = Audit.objects.filter(week__slug=PAST_WEEK_SLUG).count()
    later = WEDNESDAY + timedelta(weeks=1)

    seed(later)

    for slug in (PAST_WEEK_SLUG, LIVE_WEEK_SLUG):
        moved = week(slug)
        audits = Audit.objects.filter(week=moved)
        assert not audits.exclude(audited_on__range=(moved.start_date, moved.end_date)).exists()
    assert Audit.objects.filter(week__slug=PAST_WEEK_SLUG).count() == past_count
    assert not Audit.objects.filter(audited_on__gt=later.date()).exists()
    assert Audit.objects.filter(audited_on=later.date() - timedelta(days=1)).exists()


def test_the_demo_sends_no_email(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        seed()

    assert mailoutbox == []
    assert callbacks == []


def test_a_weekend_run_has_no_live_week_audits_yet(db):
    seed(datetime(2026, 11, 28, 12, 0, tzinfo=LONDON))

    live = week(LIVE_WEEK_SLUG)
    assert live.start_date > timezone.localdate(datetime(2026, 11, 28, 12, 0, tzinfo=LONDON))
    assert not Audit.objects.filter(week=live).exists()
    assert Audit.objects.filter(week__slug=PAST_WEEK_SLUG).exists()
