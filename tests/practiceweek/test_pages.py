"""The core pages: what each person sees, bad input, permissions and fixed query counts."""

from datetime import date

import pytest
from django.urls import reverse

from practiceweek.models import FileSelection, Role, Session
from tests.factories import (
    CaseFileFactory,
    PracticeWeekFactory,
    TeamFactory,
    ThemeFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 11, 23)


@pytest.fixture
def week():
    team = TeamFactory(name="Assessment Team 1")
    week = PracticeWeekFactory(title="November practice week", slug="nov", services=[team.service])
    week.themes.add(ThemeFactory(name="Neglect"))
    return week


def _visit(week, **kwargs):
    kwargs.setdefault("date", week.start_date)
    return VisitFactory(week=week, **kwargs)


def test_week_page_shows_dates_themes_and_timetable(client, practitioner, week):
    visit = _visit(week, visitor=UserFactory(first_name="Ada", last_name="Okafor"))
    client.force_login(practitioner)
    response = client.get(week.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Monday 23 November 2026" in html
    assert "Neglect" in html
    assert "Ada Okafor" in html
    assert visit.team.name in html
    assert html.count("<h1") == 1


def test_week_page_query_count_does_not_grow_with_visits(
    client, qa_admin, week, django_assert_max_num_queries
):
    client.force_login(qa_admin)
    for n in range(3):
        _visit(week, date=date(2026, 11, 23 + n))
    with django_assert_max_num_queries(14) as small:
        client.get(week.get_absolute_url())
    for n in range(25):
        _visit(
            week, team=TeamFactory(service=week.services.first()), date=date(2026, 11, 23 + n % 5)
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(week.get_absolute_url())
    assert response.status_code == 200


def test_week_page_shows_setup_flags_to_qa_admin_only(client, qa_admin, practitioner, week):
    client.force_login(qa_admin)
    assert "nobody visits" in client.get(week.get_absolute_url()).content.decode()
    client.force_login(practitioner)
    assert "nobody visits" not in client.get(week.get_absolute_url()).content.decode()


def test_unknown_week_is_404(client, practitioner):
    client.force_login(practitioner)
    response = client.get(reverse("practiceweek:week_detail", args=["no-such-week"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_week_list_counts_visits(client, practitioner, week, django_assert_max_num_queries):
    _visit(week)
    client.force_login(practitioner)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("practiceweek:week_list"))
    assert [w.visit_count for w in response.context["weeks"]] == [1]


@pytest.mark.parametrize("user_role", [Role.SERVICE_MANAGER, Role.DIRECTOR])
def test_home_lists_my_visits_this_week(client, week, user_role, time_machine):
    time_machine.move_to("2026-11-24 09:00")
    me = UserFactory(role=user_role)
    _visit(week, visitor=me, session=Session.MORNING)
    _visit(week, session=Session.MORNING)  # somebody else's
    client.force_login(me)
    response = client.get(reverse("home"))
    assert [v.visitor for v in response.context["my_visits"]] == [me]


def test_home_tells_practitioner_who_visits_their_team(client, week, time_machine):
    time_machine.move_to("2026-11-24 09:00")
    team = week.services.first().teams.first()
    me = UserFactory(teams=[team])
    visitor = UserFactory(first_name="Grace", last_name="Visitor", role=Role.HEAD_OF_SERVICE)
    _visit(week, visitor=visitor, team=team)
    client.force_login(me)
    html = client.get(reverse("home")).content.decode()
    assert "Who is visiting your team" in html
    assert "Grace Visitor" in html


def test_home_shows_setup_status_to_qa_admin(client, qa_admin, week, time_machine):
    time_machine.move_to("2026-11-24 09:00")
    client.force_login(qa_admin)
    html = client.get(reverse("home")).content.decode()
    assert "set-up status" in html
    assert "Assessment Team 1" in html  # flagged: nobody visits it


def test_scrutiny_member_sees_reports_home_and_nothing_else(client, week):
    councillor = UserFactory(role=Role.SCRUTINY_MEMBER)
    client.force_login(councillor)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Published reports" in home.content.decode()
    assert client.get(week.get_absolute_url()).status_code == 403
    assert client.get(reverse("practiceweek:week_list")).status_code == 403


def test_auditor_day_lists_the_days_visits(client, week):
    me = UserFactory(role=Role.HEAD_OF_SERVICE)
    visit = _visit(week, visitor=me, session=Session.AFTERNOON)
    client.force_login(me)
    url = reverse("practiceweek:auditor_day", args=[week.slug, "2026-11-23"])
    response = client.get(url)
    assert list(response.context["visits"]) == [visit]
    assert "Pick files at random" in response.content.decode()


def test_auditor_day_rejects_a_bad_date(client, practitioner, week):
    client.force_login(practitioner)
    url = reverse("practiceweek:auditor_day", args=[week.slug, "not-a-date"])
    assert client.get(url).status_code == 404


def test_auditor_day_of_someone_else_is_for_qa_admin_only(client, qa_admin, practitioner, week):
    other = UserFactory(role=Role.SERVICE_MANAGER)
    _visit(week, visitor=other)
    url = (
        reverse("practiceweek:auditor_day", args=[week.slug, "2026-11-23"]) + f"?visitor={other.pk}"
    )
    client.force_login(practitioner)
    assert list(client.get(url).context["visits"]) == []  # their own day, not the other's
    client.force_login(qa_admin)
    assert len(client.get(url).context["visits"]) == 1


class TestSelectFiles:
    def test_picks_files_and_shows_them(self, client, week):
        visit = _visit(week)
        CaseFileFactory.create_batch(5, team=visit.team)
        client.force_login(visit.visitor)
        url = reverse("practiceweek:visit_select_files", args=[visit.pk])
        response = client.post(url, {"count": 3})
        selection = FileSelection.objects.get()
        assert response.status_code == 302
        assert response.url == selection.get_absolute_url()
        assert selection.items.count() == 3
        detail = client.get(response.url).content.decode()
        assert selection.items.first().case_file.case_reference in detail

    @pytest.mark.parametrize("count", ["0", "21", "three", ""])
    def test_bad_count_is_refused_beside_the_field(self, client, week, count):
        visit = _visit(week)
        CaseFileFactory(team=visit.team)
        client.force_login(visit.visitor)
        url = reverse("practiceweek:visit_select_files", args=[visit.pk])
        response = client.post(url, {"count": count})
        assert response.status_code == 400
        assert response.context["form"].errors["count"]
        assert not FileSelection.objects.exists()

    def test_team_with_no_open_files_says_so(self, client, week):
        visit = _visit(week)
        CaseFileFactory(team=visit.team, is_open=False)
        client.force_login(visit.visitor)
        url = reverse("practiceweek:visit_select_files", args=[visit.pk])
        response = client.post(url, {"count": 2})
        assert response.status_code == 400
        assert "no open files left" in response.content.decode()
        assert not FileSelection.objects.exists()

    def test_someone_elses_visit_is_404(self, client, week, service_manager):
        visit = _visit(week)
        client.force_login(service_manager)
        url = reverse("practiceweek:visit_select_files", args=[visit.pk])
        assert client.post(url, {"count": 1}).status_code == 404
        assert not FileSelection.objects.exists()

    def test_observation_only_visit_is_refused(self, client, week):
        visit = _visit(week, purpose="observe")
        client.force_login(visit.visitor)
        url = reverse("practiceweek:visit_select_files", args=[visit.pk])
        assert client.get(url).status_code == 403

    def test_selection_of_someone_else_is_404(self, client, week, service_manager):
        visit = _visit(week)
        CaseFileFactory(team=visit.team)
        client.force_login(visit.visitor)
        client.post(reverse("practiceweek:visit_select_files", args=[visit.pk]), {"count": 1})
        selection = FileSelection.objects.get()
        client.force_login(service_manager)
        assert client.get(selection.get_absolute_url()).status_code == 404


def test_error_pages_are_friendly(client, practitioner):
    client.force_login(practitioner)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "go back to your home page" in response.content.decode()


def test_home_runs_a_fixed_number_of_queries(
    client, qa_admin, week, time_machine, django_assert_max_num_queries
):
    """The home page shows at most HOME_WEEKS_SHOWN weeks, so its queries have a fixed ceiling."""
    time_machine.move_to("2026-11-24 09:00")
    service = week.services.first()
    qa_admin.teams.add(service.teams.first())
    client.force_login(qa_admin)
    _visit(week, visitor=qa_admin)
    for _ in range(2):  # fill the home page's quota of weeks, each with visits like the rest
        planned = PracticeWeekFactory(status="planned", services=[service])
        _visit(planned, date=date(2026, 11, 23), team=TeamFactory(service=service))
    with django_assert_max_num_queries(25) as small:
        client.get(reverse("home"))
    for n in range(4):
        extra = PracticeWeekFactory(status="planned", services=[service])
        for d in range(3):
            _visit(extra, date=date(2026, 11, 23 + d), team=TeamFactory(service=service))
        _visit(week, date=date(2026, 11, 24 + n % 3), session="pm")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("home"))
    assert len(response.context["setups"]) == 3


def test_repeated_wrong_passwords_lock_the_account(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="target")
    for _ in range(3):
        client.post(reverse("login"), {"username": "target", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "target", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()


def test_pages_carry_a_strict_content_security_policy(client, practitioner):
    client.force_login(practitioner)
    response = client.get(reverse("home"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "frame-ancestors 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">' in response.content.decode()


def test_expired_form_token_gets_a_friendly_page_that_keeps_nothing_half_done(practitioner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)
    response = strict.post(reverse("logout"))
    assert response.status_code == 403
    assert "page was open too long" in response.content.decode()


def test_home_lists_what_is_waiting(client, week, time_machine):
    from tests.factories import AuditFactory, CaseActionFactory

    time_machine.move_to("2026-11-24 09:00")
    me = UserFactory(role=Role.PRACTITIONER)
    AuditFactory(submitted=True, practitioner=me)
    CaseActionFactory(owner=me, due_on=date(2026, 11, 20))
    CaseActionFactory(owner=me, due_on=date(2026, 12, 20))
    client.force_login(me)
    html = client.get(reverse("home")).content.decode()
    assert "1 new piece of feedback" in html
    assert "2 open case actions" in html
    assert "1 overdue" in html


def test_home_offers_to_continue_a_draft(client, week, time_machine):
    from tests.factories import AuditFactory

    time_machine.move_to("2026-11-24 09:00")
    me = UserFactory(role=Role.HEAD_OF_SERVICE)
    draft = AuditFactory(auditor=me)
    client.force_login(me)
    html = client.get(reverse("home")).content.decode()
    assert reverse("audits:edit", args=[draft.pk]) in html
    assert draft.case_file.case_reference in html
