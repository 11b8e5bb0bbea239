"""The admin: scheduling a week's timetable, its set-up checks and actions, the case-file import."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from practiceweek import services
from practiceweek.models import (
    CaseFile,
    FileSelection,
    PracticeWeek,
    Role,
    Service,
    Session,
    Team,
    User,
    Visit,
)
from tests.factories import (
    DEMO_MONDAY,
    CaseFileFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    ThemeFactory,
    UserFactory,
    VisitFactory,
)

IMPORT_URL = "/admin/practiceweek/casefile/import/"


@pytest.fixture
def superuser(db) -> User:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def qa_staff(qa_admin: User) -> User:
    """A QA administrator with staff status and the core app's model permissions."""
    qa_admin.is_staff = True
    qa_admin.save(update_fields=["is_staff"])
    qa_admin.user_permissions.set(Permission.objects.filter(content_type__app_label="practiceweek"))
    return qa_admin


@pytest.fixture
def admin_client(client: Client, superuser: User) -> Client:
    client.force_login(superuser)
    return client


@pytest.fixture
def service(db) -> Service:
    return ServiceFactory(name="Early Help")


@pytest.fixture
def team(service: Service) -> Team:
    return TeamFactory(name="Family Support", service=service)


@pytest.fixture
def week(service: Service) -> PracticeWeek:
    # Monday 23 to Friday 27 November 2026
    return PracticeWeekFactory(title="Autumn 2026", services=[service])


@pytest.fixture
def visitor(db) -> User:
    return UserFactory(first_name="Ada", last_name="Auditor", role=Role.SERVICE_MANAGER)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# Pages load -------------------------------------------------------------------------------------


@pytest.fixture
def one_of_each(week: PracticeWeek, team: Team, visitor: User) -> dict[str, object]:
    visit = VisitFactory(week=week, team=team, visitor=visitor)
    CaseFileFactory(team=team)
    selection = services.file_selection_create(
        auditor=visitor, team=team, count=1, visit=visit, seed=1, today=DEMO_MONDAY
    )
    return {
        "service": team.service,
        "team": team,
        "user": visitor,
        "theme": ThemeFactory(),
        "practiceweek": week,
        "visit": visit,
        "casefile": CaseFile.objects.get(),
        "fileselection": selection,
    }


@pytest.mark.parametrize("person", ["superuser", "qa_staff"])
@pytest.mark.parametrize(
    "model",
    ["service", "team", "user", "theme", "practiceweek", "visit", "casefile", "fileselection"],
)
def test_changelist_and_change_page_load(
    client: Client, one_of_each: dict[str, object], request, person: str, model: str
):
    client.force_login(request.getfixturevalue(person))
    obj = one_of_each[model]

    changelist = client.get(reverse(f"admin:practiceweek_{model}_changelist"))
    change = client.get(reverse(f"admin:practiceweek_{model}_change", args=[obj.pk]))

    assert changelist.status_code == 200
    assert obj in changelist.context["cl"].result_list
    assert change.status_code == 200
    assert change.context["original"] == obj


@pytest.mark.parametrize("model", ["service", "team", "user", "theme", "practiceweek", "visit"])
def test_add_page_loads(admin_client: Client, model: str):
    response = admin_client.get(reverse(f"admin:practiceweek_{model}_add"))

    assert response.status_code == 200


def test_user_admin_shows_role_and_teams(admin_client: Client, visitor: User):
    response = admin_client.get(reverse("admin:practiceweek_user_change", args=[visitor.pk]))

    form = response.context["adminform"].form
    assert {"role", "job_title", "teams", "line_manager"} <= set(form.fields)


def test_file_selections_cannot_be_added_or_changed_in_the_admin(
    admin_client: Client, one_of_each: dict[str, object]
):
    selection = one_of_each["fileselection"]
    change_url = reverse("admin:practiceweek_fileselection_change", args=[selection.pk])

    add = admin_client.get(reverse("admin:practiceweek_fileselection_add"))
    post = admin_client.post(change_url, {"requested": "5"})

    assert add.status_code == 403
    assert post.status_code == 403
    assert FileSelection.objects.get().requested == 1


def test_week_changelist_counts_visits_without_a_query_per_row(
    admin_client: Client, team: Team, visitor: User
):
    url = reverse("admin:practiceweek_practiceweek_changelist")
    VisitFactory(team=team, visitor=visitor)
    with CaptureQueriesContext(connection) as one_week:
        admin_client.get(url)
    for n in range(1, 5):
        VisitFactory(team=team, visitor=visitor, date=DEMO_MONDAY + timedelta(days=n))

    with CaptureQueriesContext(connection) as five_weeks:
        response = admin_client.get(url)

    assert len(five_weeks) == len(one_week)
    assert [week.visit_count for week in response.context["cl"].result_list] == [1] * 5


# The timetable inline ---------------------------------------------------------------------------


def row(week: PracticeWeek, *, visitor: User, team: Team, day: date, session: str, pk=""):
    return {
        "id": pk,
        "week": week.pk,
        "date": day.isoformat(),
        "session": session,
        "team": team.pk,
        "visitor": visitor.pk,
        "purpose": Visit.Purpose.BOTH,
        "contact": "",
        "notes": "",
    }


def week_post(week: PracticeWeek, rows: list[dict[str, object]], *, initial: int = 0) -> dict:
    data: dict[str, object] = {
        "title": week.title,
        "slug": week.slug,
        "start_date": week.start_date.isoformat(),
        "end_date": week.end_date.isoformat(),
        "status": week.status,
        "services": [service.pk for service in week.services.all()],
        "purpose": "",
        "visits-TOTAL_FORMS": str(len(rows)),
        "visits-INITIAL_FORMS": str(initial),
        "visits-MIN_NUM_FORMS": "0",
        "visits-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, fields in enumerate(rows):
        data.update({f"visits-{index}-{name}": value for name, value in fields.items()})
    return data


def change_url(week: PracticeWeek) -> str:
    return reverse("admin:practiceweek_practiceweek_change", args=[week.pk])


def inline_forms(response) -> list:
    return response.context["inline_admin_formsets"][0].formset.forms


def test_inline_saves_a_morning_and_an_afternoon_of_one_visitor(
    admin_client: Client, week: PracticeWeek, team: Team, visitor: User
):
    rows = [
        row(week, visitor=visitor, team=team, day=DEMO_MONDAY, session=Session.MORNING),
        row(week, visitor=visitor, team=team, day=DEMO_MONDAY, session=Session.AFTERNOON),
    ]

    response = admin_client.post(change_url(week), week_post(week, rows))

    assert response.status_code == 302
    assert sorted(week.visits.values_list("session", flat=True)) == ["am", "pm"]


def test_inline_refuses_two_rows_that_book_one_visitor_twice(
    admin_client: Client, week: PracticeWeek, team: Team, visitor: User
):
    other_team = TeamFactory(name="Duty", service=team.service)
    rows = [
        row(week, visitor=visitor, team=team, day=DEMO_MONDAY, session=Session.ALL_DAY),
        row(week, visitor=visitor, team=other_team, day=DEMO_MONDAY, session=Session.MORNING),
    ]

    response = admin_client.post(change_url(week), week_post(week, rows))

    message = (
        "Ada Auditor is already booked in Family Support on Mon 23 Nov 2026 (all day): "
        "nobody can be in two places in the same half-day."
    )
    assert response.status_code == 400
    assert inline_forms(response)[1].non_field_errors() == [message]
    assert inline_forms(response)[0].errors == {}
    assert escape(message) in response.content.decode()
    assert not Visit.objects.exists()


def test_inline_refuses_a_clash_with_a_visit_already_saved(
    admin_client: Client, week: PracticeWeek, team: Team, visitor: User
):
    saved = VisitFactory(week=week, team=team, visitor=visitor, session=Session.ALL_DAY)
    rows = [
        row(week, visitor=visitor, team=team, day=DEMO_MONDAY, session="day", pk=saved.pk),
        row(week, visitor=visitor, team=team, day=DEMO_MONDAY, session=Session.MORNING),
    ]

    response = admin_client.post(change_url(week), week_post(week, rows, initial=1))

    assert response.status_code == 400
    assert inline_forms(response)[1].non_field_errors() == [
        "This person is already booked that morning."
    ]
    assert "row-form-errors" in response.content.decode()  # the error row above the visit
    assert list(Visit.objects.all()) == [saved]


def test_inline_refuses_a_date_outside_the_week(
    admin_client: Client, week: PracticeWeek, team: Team, visitor: User
):
    saturday = week.end_date + timedelta(days=1)
    rows = [row(week, visitor=visitor, team=team, day=saturday, session=Session.MORNING)]

    response = admin_client.post(change_url(week), week_post(week, rows))

    assert response.status_code == 400
    assert inline_forms(response)[0].errors["date"] == [
        "Choose a date within the week: Mon 23 Nov 2026 to Fri 27 Nov 2026."
    ]
    assert not Visit.objects.exists()


def test_inline_checks_dates_against_the_week_dates_sent_with_it(
    admin_client: Client, week: PracticeWeek, team: Team, visitor: User
):
    saturday = week.end_date + timedelta(days=1)
    data = week_post(week, [row(week, visitor=visitor, team=team, day=saturday, session="am")])
    data["end_date"] = saturday.isoformat()

    response = admin_client.post(change_url(week), data)

    assert response.status_code == 302
    assert week.visits.get().date == saturday


def test_visit_admin_refuses_a_date_outside_its_week(
    admin_client: Client, week: PracticeWeek, team: Team, visitor: User
):
    data = row(week, visitor=visitor, team=team, day=date(2026, 12, 1), session="am")

    response = admin_client.post(reverse("admin:practiceweek_visit_add"), data)

    assert response.status_code == 400
    assert response.context["adminform"].form.errors["date"] == [
        "Choose a date within the week: Mon 23 Nov 2026 to Fri 27 Nov 2026."
    ]
    assert not Visit.objects.exists()


def test_visit_admin_refuses_a_clash_with_a_saved_visit(
    admin_client: Client, week: PracticeWeek, team: Team, visitor: User
):
    VisitFactory(week=week, team=team, visitor=visitor, session=Session.AFTERNOON)
    data = row(week, visitor=visitor, team=team, day=DEMO_MONDAY, session=Session.ALL_DAY)

    response = admin_client.post(reverse("admin:practiceweek_visit_add"), data)

    assert response.context["adminform"].form.non_field_errors() == [
        "This person is already booked that afternoon."
    ]
    assert Visit.objects.count() == 1


# Set-up checks ----------------------------------------------------------------------------------


def test_setup_checks_show_unvisited_team_and_own_service_only_visitor(
    admin_client: Client, service: Service, team: Team
):
    social_work = ServiceFactory(name="Social Work")
    visited = TeamFactory(name="Assessment", service=social_work)
    unvisited = TeamFactory(name="Disabled Children", service=social_work)
    week = PracticeWeekFactory(services=[service, social_work])
    homebody = UserFactory(first_name="Hana", last_name="Home", teams=[team])
    VisitFactory(week=week, visitor=homebody, team=team)
    VisitFactory(week=week, team=visited)

    response = admin_client.get(change_url(week))

    content = response.content.decode()
    assert "Set-up checks" in content
    assert "Disabled Children (Social Work)" in content
    assert "Hana Home" in content
    assert response.context["setup"].unvisited_teams == [unvisited]
    assert response.context["setup"].own_service_only_visitors == [homebody]


def test_setup_checks_say_all_clear(
    admin_client: Client, week: PracticeWeek, team: Team, visitor: User
):
    VisitFactory(week=week, team=team, visitor=visitor)

    response = admin_client.get(change_url(week))

    assert "All clear" in response.content.decode()


# Actions ----------------------------------------------------------------------------------------


CHANGELIST = "/admin/practiceweek/practiceweek/"


def test_advance_status_moves_a_week_on(admin_client: Client, week: PracticeWeek):
    PracticeWeek.objects.filter(pk=week.pk).update(status=PracticeWeek.Status.PLANNED)

    response = admin_client.post(
        CHANGELIST, {"action": "advance_status", "_selected_action": [week.pk], "index": "0"}
    )

    week.refresh_from_db()
    assert response.status_code == 302
    assert week.status == PracticeWeek.Status.LIVE
    assert messages_of(response) == ["Autumn 2026 is now Live."]


def test_advance_status_reports_a_finished_week(admin_client: Client, week: PracticeWeek):
    PracticeWeek.objects.filter(pk=week.pk).update(status=PracticeWeek.Status.REPORTED)

    response = admin_client.post(
        CHANGELIST, {"action": "advance_status", "_selected_action": [week.pk], "index": "0"}
    )

    week.refresh_from_db()
    assert week.status == PracticeWeek.Status.REPORTED
    assert messages_of(response) == [
        "Autumn 2026: A reported week is finished: its status cannot move on."
    ]


@pytest.fixture
def spring(service: Service) -> PracticeWeek:
    """Monday 17 to Thursday 20 May 2027: one day shorter than the autumn week."""
    return PracticeWeekFactory(
        title="Spring 2027",
        start_date=date(2027, 5, 17),
        end_date=date(2027, 5, 20),
        services=[service],
    )


def test_copy_timetable_asks_which_week_to_copy(
    admin_client: Client, week: PracticeWeek, spring: PracticeWeek
):
    response = admin_client.post(
        CHANGELIST, {"action": "copy_timetable", "_selected_action": [spring.pk], "index": "0"}
    )

    assert response.status_code == 200
    assert '<label for="id_source">Copy the timetable of' in response.content.decode()
    assert list(response.context["form"].fields["source"].queryset) == [week]


def test_copy_timetable_creates_shifted_visits_and_skips_clashes(
    admin_client: Client, week: PracticeWeek, spring: PracticeWeek, team: Team, visitor: User
):
    VisitFactory(week=week, team=team, visitor=visitor, date=DEMO_MONDAY)
    VisitFactory(week=week, team=team, date=DEMO_MONDAY + timedelta(days=4))  # Friday: outside
    busy = UserFactory(role=Role.HEAD_OF_SERVICE)
    VisitFactory(week=week, team=team, visitor=busy, date=DEMO_MONDAY + timedelta(days=1))
    VisitFactory(week=spring, team=team, visitor=busy, date=date(2027, 5, 18), session="am")

    response = admin_client.post(
        CHANGELIST,
        {
            "action": "copy_timetable",
            "_selected_action": [spring.pk],
            "confirm": "yes",
            "source": week.pk,
        },
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        "Copied 1 visit from Autumn 2026 into Spring 2027. Skipped 1 visit outside this "
        "week's dates and 1 visit that would book someone twice."
    ]
    copied = spring.visits.exclude(visitor=busy).get()
    assert (copied.visitor, copied.team, copied.date) == (visitor, team, date(2027, 5, 17))
    assert spring.visits.count() == 2


def test_copy_timetable_refuses_more_than_one_target(
    admin_client: Client, week: PracticeWeek, spring: PracticeWeek
):
    response = admin_client.post(
        CHANGELIST,
        {"action": "copy_timetable", "_selected_action": [week.pk, spring.pk], "index": "0"},
    )

    assert response.status_code == 302
    assert messages_of(response) == ["Select exactly one week to copy a timetable into."]


# The case-file import page ----------------------------------------------------------------------


def csv_upload(text: str, name: str = "cases.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_import_redirects_the_anonymous_to_the_admin_login(client: Client):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={IMPORT_URL}"


def test_import_is_closed_to_people_without_staff_status(client: Client, practitioner: User):
    client.force_login(practitioner)

    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_import_needs_the_add_case_file_permission(client: Client, db):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_casefile"))
    client.force_login(viewer)

    page = client.get(IMPORT_URL)
    changelist = client.get(reverse("admin:practiceweek_casefile_changelist"))

    assert page.status_code == 403
    assert "Import case files (CSV)" not in changelist.content.decode()


def test_case_file_changelist_links_to_the_import(client: Client, qa_staff: User):
    client.force_login(qa_staff)

    response = client.get(reverse("admin:practiceweek_casefile_changelist"))

    assert f'href="{IMPORT_URL}"' in response.content.decode()


def test_import_page_shows_the_form(client: Client, qa_staff: User):
    client.force_login(qa_staff)

    response = client.get(IMPORT_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_file">CSV file of case files' in content
    assert "Check only (dry run)" in content
    assert "case_reference" in content


def test_import_of_a_bad_file_lists_every_error_by_line(client: Client, qa_staff: User, team: Team):
    client.force_login(qa_staff)
    upload = csv_upload(
        "case_reference,case_type,team\n"
        "CR1,cin,Family Support\n"
        "CR2,cin,Foo\n"
        "CR3,zzz,Family Support\n"
    )

    response = client.post(IMPORT_URL, {"file": upload})

    content = response.content.decode()
    assert response.status_code == 400
    assert escape("Line 3: unknown team 'Foo'") in content
    assert escape("Line 4: unknown case type 'zzz'") in content
    assert not CaseFile.objects.exists()


def test_import_refuses_a_file_that_is_not_csv(client: Client, qa_staff: User):
    client.force_login(qa_staff)

    response = client.post(IMPORT_URL, {"file": csv_upload("x", name="cases.xlsx")})

    assert response.status_code == 400
    assert response.context["form"].errors["file"]


def test_import_of_a_good_file_redirects_with_counts(client: Client, qa_staff: User, team: Team):
    client.force_login(qa_staff)
    upload = csv_upload("case_reference,case_type,team\nCR1,cin,Family Support\n")

    response = client.post(IMPORT_URL, {"file": upload})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:practiceweek_casefile_changelist")
    assert messages_of(response) == ["Imported case files: 1 new, 0 updated, 0 unchanged."]
    assert CaseFile.objects.get().team == team


def test_import_dry_run_saves_nothing(client: Client, qa_staff: User, team: Team):
    client.force_login(qa_staff)
    upload = csv_upload("case_reference,case_type,team\nCR1,cin,Family Support\n")

    response = client.post(IMPORT_URL, {"file": upload, "dry_run": "on"})

    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL
    assert messages_of(response)[0].startswith("Check passed, nothing was saved: 1 new")
    assert not CaseFile.objects.exists()


def test_qa_lead_cannot_make_anyone_a_superuser(client: Client, qa_staff: User):
    client.force_login(qa_staff)
    url = reverse("admin:practiceweek_user_change", args=[qa_staff.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "is_superuser" in page.context["adminform"].readonly_fields
    data = {
        "username": qa_staff.username,
        "first_name": "Q",
        "last_name": "A",
        "email": qa_staff.email,
        "role": qa_staff.role,
        "is_active": "on",
        "is_superuser": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }
    response = client.post(url, data)
    qa_staff.refresh_from_db()
    assert response.status_code == 302
    assert qa_staff.is_superuser is False
    assert qa_staff.first_name == "Q"


def test_superuser_may_grant_staff_status(admin_client: Client):
    url = reverse("admin:practiceweek_user_change", args=[UserFactory().pk])
    assert "is_staff" not in admin_client.get(url).context["adminform"].readonly_fields


def test_week_status_is_not_edited_by_hand(admin_client: Client, week: PracticeWeek):
    week.status = PracticeWeek.Status.PLANNED
    week.save(update_fields=["status"])
    data = week_post(week, [])
    data["status"] = PracticeWeek.Status.REPORTED
    response = admin_client.post(change_url(week), data)
    week.refresh_from_db()
    assert response.status_code == 302
    assert week.status == PracticeWeek.Status.PLANNED


# Queries of the timetable inline ----------------------------------------------------------------


def add_visits(week: PracticeWeek, count: int) -> None:
    """Visits of new visitors, in new teams, each with a new contact."""
    for n in range(count):
        VisitFactory(week=week, contact=UserFactory(), date=week.start_date + timedelta(days=n % 5))


def selected_option(person: User) -> str:
    return f'<option value="{person.pk}" selected>{escape(person)}</option>'


def test_week_change_page_runs_as_many_queries_for_33_visits_as_for_3(
    admin_client: Client,
    week: PracticeWeek,
    team: Team,
    visitor: User,
    django_assert_max_num_queries,
):
    VisitFactory(week=week, team=team, visitor=visitor, contact=UserFactory())
    add_visits(week, 2)
    admin_client.get(change_url(week))  # fills per-process caches (content types) first
    with CaptureQueriesContext(connection) as three_visits:
        admin_client.get(change_url(week))
    add_visits(week, 30)

    with django_assert_max_num_queries(len(three_visits)):
        response = admin_client.get(change_url(week))

    assert len(inline_forms(response)) == 33 + 1  # and the blank row
    assert selected_option(visitor) in response.content.decode()


def test_inline_keeps_the_visitor_chosen_in_a_refused_row(
    admin_client: Client, week: PracticeWeek, team: Team, visitor: User
):
    saturday = week.end_date + timedelta(days=1)
    rows = [row(week, visitor=visitor, team=team, day=saturday, session=Session.MORNING)]

    response = admin_client.post(change_url(week), week_post(week, rows))

    assert response.status_code == 400
    assert selected_option(visitor) in response.content.decode()


def test_inline_refuses_changing_a_saved_visit_to_clash_with_another(
    admin_client: Client, week: PracticeWeek, team: Team, visitor: User
):
    VisitFactory(week=week, team=team, visitor=visitor, session=Session.MORNING)
    afternoon = VisitFactory(week=week, team=team, visitor=visitor, session=Session.AFTERNOON)
    rows = [row(week, visitor=visitor, team=team, day=DEMO_MONDAY, session="day", pk=afternoon.pk)]

    response = admin_client.post(change_url(week), week_post(week, rows, initial=1))

    assert response.status_code == 400
    assert inline_forms(response)[0].non_field_errors() == [
        "This person is already booked that morning."
    ]
    afternoon.refresh_from_db()
    assert afternoon.session == Session.AFTERNOON


@pytest.mark.parametrize("reference", ["NB 102857", "Jayden Smith", "NB"])
def test_case_file_admin_refuses_a_reference_that_is_not_one(
    admin_client: Client, team: Team, reference: str
):
    response = admin_client.post(
        reverse("admin:practiceweek_casefile_add"),
        {"case_reference": reference, "case_type": "cin", "team": team.pk, "is_open": "on"},
    )
    assert response.status_code == 400
    assert response.context["adminform"].form.errors["case_reference"] == [
        "A case reference is 3 to 20 letters, digits, hyphens or slashes, with no spaces."
    ]
    assert not CaseFile.objects.exists()


def test_case_file_admin_saves_a_reference_with_a_slash(admin_client: Client, team: Team):
    response = admin_client.post(
        reverse("admin:practiceweek_casefile_add"),
        {"case_reference": "CIN/2026-14", "case_type": "cin", "team": team.pk, "is_open": "on"},
    )
    assert response.status_code == 302
    assert CaseFile.objects.get().case_reference == "CIN/2026-14"
