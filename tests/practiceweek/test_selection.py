"""Random file selection: the pure draw and the service that records it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from practiceweek.models import FileSelection
from practiceweek.selection import pick_files, selection_pool
from practiceweek.services import file_selection_create, months_before
from tests.factories import (
    AuditFactory,
    CaseFileFactory,
    PracticeWeekFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

TODAY = date(2026, 11, 24)
POOL = [f"NB{n}" for n in range(100, 140)]


class TestPickFiles:
    def test_same_pool_and_seed_give_the_same_files(self):
        assert pick_files(POOL, count=5, seed=42) == pick_files(POOL, count=5, seed=42)

    def test_order_of_the_pool_does_not_matter(self):
        assert pick_files(POOL, count=5, seed=7) == pick_files(reversed(POOL), count=5, seed=7)

    def test_another_seed_gives_another_draw(self):
        assert pick_files(POOL, count=5, seed=1) != pick_files(POOL, count=5, seed=2)

    def test_never_picks_a_file_twice(self):
        picked = pick_files(POOL, count=40, seed=3)
        assert sorted(picked) == sorted(POOL)

    def test_small_pool_gives_all_it_has(self):
        assert sorted(pick_files(["A", "B"], count=5, seed=3)) == ["A", "B"]

    def test_empty_pool_gives_nothing(self):
        assert pick_files([], count=3, seed=3) == []

    def test_count_below_one_is_refused(self):
        with pytest.raises(ValueError, match="at least 1"):
            pick_files(POOL, count=0, seed=3)


class TestSelectionPool:
    def test_leaves_out_files_taken_this_week(self):
        assert selection_pool(["C", "A", "B", "D"], taken=["B", "D", "Z"]) == ["A", "C"]

    def test_nothing_taken_keeps_every_candidate_once(self):
        assert selection_pool(["B", "A", "B"]) == ["A", "B"]

    def test_everything_taken_leaves_nothing(self):
        assert selection_pool(["A"], taken=["A"]) == []


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 24), 6, date(2026, 5, 24)),
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2028, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 3, 15), 6, date(2025, 9, 15)),
        (date(2026, 1, 10), 0, date(2026, 1, 10)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


@pytest.mark.django_db
class TestFileSelectionCreate:
    def test_never_picks_closed_files(self):
        team = TeamFactory()
        open_file = CaseFileFactory(team=team)
        CaseFileFactory.create_batch(5, team=team, is_open=False)
        selection = file_selection_create(auditor=UserFactory(), team=team, count=5, today=TODAY)
        assert [i.case_file for i in selection.items.all()] == [open_file]

    def test_leaves_out_files_audited_in_the_last_six_months(self):
        team = TeamFactory()
        CaseFileFactory(team=team, last_audited_on=date(2026, 5, 24))  # exactly six months ago
        old = CaseFileFactory(team=team, last_audited_on=date(2026, 5, 23))
        never = CaseFileFactory(team=team)
        selection = file_selection_create(auditor=UserFactory(), team=team, count=5, today=TODAY)
        assert {i.case_file for i in selection.items.all()} == {old, never}
        assert selection.excluded_since == date(2026, 5, 24)

    def test_exclusion_window_is_configurable(self, settings):
        settings.SELECTION_EXCLUDE_AUDITED_MONTHS = 1
        team = TeamFactory()
        recent = CaseFileFactory(team=team, last_audited_on=date(2026, 9, 1))
        selection = file_selection_create(auditor=UserFactory(), team=team, count=1, today=TODAY)
        assert selection.items.get().case_file == recent

    def test_leaves_out_other_teams_files(self):
        team = TeamFactory()
        CaseFileFactory.create_batch(3, team=TeamFactory())
        mine = CaseFileFactory(team=team)
        selection = file_selection_create(auditor=UserFactory(), team=team, count=3, today=TODAY)
        assert [i.case_file for i in selection.items.all()] == [mine]

    def test_leaves_out_files_already_picked_this_week(self):
        visit = VisitFactory()
        CaseFileFactory.create_batch(4, team=visit.team)
        first = file_selection_create(
            auditor=visit.visitor, team=visit.team, count=2, visit=visit, today=TODAY
        )
        second = file_selection_create(
            auditor=visit.visitor, team=visit.team, count=4, visit=visit, today=TODAY
        )
        first_refs = {i.case_file_id for i in first.items.all()}
        second_refs = {i.case_file_id for i in second.items.all()}
        assert len(second_refs) == 2
        assert not first_refs & second_refs

    def test_recorded_seed_and_pool_reproduce_the_draw(self):
        team = TeamFactory()
        CaseFileFactory.create_batch(12, team=team)
        selection = file_selection_create(auditor=UserFactory(), team=team, count=4, today=TODAY)
        replay = pick_files(selection.candidate_references, count=4, seed=selection.seed)
        assert [i.case_file.case_reference for i in selection.items.all()] == replay

    def test_given_seed_gives_the_same_files_on_the_same_data(self):
        team = TeamFactory()
        CaseFileFactory.create_batch(12, team=team)
        auditor = UserFactory()
        a = file_selection_create(auditor=auditor, team=team, count=4, seed=99, today=TODAY)
        b = file_selection_create(auditor=auditor, team=team, count=4, seed=99, today=TODAY)
        assert [i.case_file_id for i in a.items.all()] == [i.case_file_id for i in b.items.all()]

    def test_no_files_left_is_a_clear_error_and_saves_nothing(self):
        team = TeamFactory()
        CaseFileFactory(team=team, is_open=False)
        with pytest.raises(ValidationError, match="no open files left"):
            file_selection_create(auditor=UserFactory(), team=team, count=2, today=TODAY)
        assert not FileSelection.objects.exists()

    @pytest.mark.parametrize("count", [0, 21])
    def test_count_out_of_range_is_refused(self, count):
        with pytest.raises(ValidationError, match="between 1 and 20"):
            file_selection_create(auditor=UserFactory(), team=TeamFactory(), count=count)


@pytest.mark.django_db
def test_leaves_out_files_audited_or_started_this_week_by_anyone():
    """Issue 9, point 16: a file someone audited or started this week (even without picking it
    at random) is not drawn again; audits of other weeks do not count."""
    visit = VisitFactory()
    team, week = visit.team, visit.week
    submitted = CaseFileFactory(team=team)
    AuditFactory(case_file=submitted, week=week, submitted=True)  # another auditor's
    started = CaseFileFactory(team=team)
    AuditFactory(case_file=started, week=week)  # a draft
    last_week = CaseFileFactory(team=team)
    AuditFactory(case_file=last_week, week=PracticeWeekFactory())
    free = CaseFileFactory(team=team)
    selection = file_selection_create(
        auditor=visit.visitor, team=team, count=5, visit=visit, today=TODAY
    )
    assert {i.case_file for i in selection.items.all()} == {last_week, free}
    assert selection.candidate_references == sorted([last_week.case_reference, free.case_reference])


@pytest.mark.django_db
def test_no_file_left_after_this_weeks_audits_is_refused():
    visit = VisitFactory()
    AuditFactory(case_file=CaseFileFactory(team=visit.team), week=visit.week)
    with pytest.raises(ValidationError, match="picked or audited this week"):
        file_selection_create(
            auditor=visit.visitor, team=visit.team, count=1, visit=visit, today=TODAY
        )
    assert not FileSelection.objects.exists()
