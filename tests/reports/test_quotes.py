"""The QA lead chooses which families' words reach the panel: every consented quote of the
period is listed with its anonymity check; none goes into a built report until included; an
included quote may be shortened (only by leaving words out), and is checked as printed."""

import pytest
from django.urls import reverse

from observations.models import ServiceUserFeedback
from practiceweek.models import Role
from reports import gather
from reports.models import ReportQuote
from tests.factories import ObservationFactory, ServiceUserFeedbackFactory, UserFactory
from tests.reports.test_build_services import NOW, World, build_world

pytestmark = pytest.mark.django_db

CLEAN = "She listened to us and explained what happens next."
NAMED = "Sam Patel listened to us and came back when she said."
DATED = "We met on 03/04/2026 and it helped."


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def said(world) -> list[ServiceUserFeedback]:
    worker = UserFactory(first_name="Sam", last_name="Patel")
    observation = ObservationFactory(
        week=world.week, team=world.team, submitted=True, practitioners=[worker]
    )
    return [
        ServiceUserFeedbackFactory(observation=observation, words=words, rating=rating)
        for words, rating in ((CLEAN, 5), (NAMED, 4), (DATED, 3))
    ]


def url(world: World) -> str:
    return reverse("reports:quotes", args=[world.report.pk])


def post_data(said, **choices) -> dict[str, str]:
    """choices: index -> dict(is_included=..., text_shortened=..., anonymised_confirmed=...)."""
    data = {
        "quotes-TOTAL_FORMS": str(len(said)),
        "quotes-INITIAL_FORMS": str(len(said)),
        "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "5000",
    }
    for n, feedback in enumerate(said):
        data[f"quotes-{n}-feedback_id"] = str(feedback.pk)
        data[f"quotes-{n}-text_shortened"] = ""
        for name, value in choices.get(f"q{n}", {}).items():
            if value is True:
                data[f"quotes-{n}-{name}"] = "on"
            elif value:
                data[f"quotes-{n}-{name}"] = value
    return data


def quotes_in_snapshot(world: World) -> list[str]:
    snapshot = gather.snapshot_for(world.report, now=NOW)
    return [q["words"] for q in snapshot["voices"]["quotes"]]


def test_the_page_lists_every_consented_quote_of_the_week_with_its_check(client, world, said):
    client.force_login(world.qa)
    page = client.get(url(world)).content.decode()
    for words in ("She listened to us and explained what happens next.", "We met on 03/04/2026"):
        assert words in page
    assert "Nothing found that may identify someone." in page
    assert "Identifies the family: the name “Sam Patel”." in page
    assert "May identify someone: a date “03/04/2026”." in page
    assert page.count("Not yet reviewed.") == 3
    assert 'name="quotes-0-is_included"' in page


def test_no_quote_reaches_the_report_until_included(client, world, said):
    assert quotes_in_snapshot(world) == []
    client.force_login(world.qa)
    response = client.post(url(world), post_data(said, q0={"is_included": True}))
    assert response.status_code == 302
    assert quotes_in_snapshot(world) == [CLEAN]
    chosen = {q.feedback_id: q for q in ReportQuote.objects.filter(report=world.report)}
    assert len(chosen) == 3  # all three reviewed
    assert chosen[said[0].pk].is_included and chosen[said[0].pk].reviewed_by == world.qa
    assert not chosen[said[1].pk].is_included and chosen[said[1].pk].reviewed_at is not None
    page = client.get(url(world)).content.decode()
    assert "Reviewed by Quinn Lead" in page and "included." in page


def test_a_quote_naming_a_person_involved_is_refused_beside_it_and_nothing_is_saved(
    client, world, said
):
    client.force_login(world.qa)
    data = post_data(
        said, q0={"is_included": True}, q1={"is_included": True, "anonymised_confirmed": True}
    )
    response = client.post(url(world), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "It holds the name “Sam Patel”, which identifies the family." in page
    assert 'id="error_1_id_quotes-1-text_shortened"' in page  # beside the quote's own field
    assert "<title>Error:" in page
    assert not ReportQuote.objects.exists()


def test_shortening_a_quote_leaves_the_name_out_and_keeps_the_words_as_said(client, world, said):
    client.force_login(world.qa)
    data = post_data(
        said, q1={"is_included": True, "text_shortened": "listened to us and came back"}
    )
    assert client.post(url(world), data).status_code == 302
    assert quotes_in_snapshot(world) == ["listened to us and came back"]
    said[1].refresh_from_db()
    assert said[1].words == NAMED
    assert ReportQuote.objects.get(feedback=said[1]).text_shortened == (
        "listened to us and came back"
    )


def test_a_shortened_quote_that_adds_words_is_refused_with_its_text_kept(client, world, said):
    client.force_login(world.qa)
    data = post_data(said, q0={"is_included": True, "text_shortened": "She never listened."})
    response = client.post(url(world), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "A shortened quote may only leave words out: “never” is not what they said" in page
    assert "She never listened.</textarea>" in page
    assert not ReportQuote.objects.exists()


def test_a_quote_with_a_date_needs_the_anonymised_tick(client, world, said):
    client.force_login(world.qa)
    response = client.post(url(world), post_data(said, q2={"is_included": True}))
    assert response.status_code == 400
    assert "Check a date “03/04/2026”, which may identify someone, then tick" in (
        response.content.decode()
    )
    assert not ReportQuote.objects.exists()
    data = post_data(said, q2={"is_included": True, "anonymised_confirmed": True})
    assert client.post(url(world), data).status_code == 302
    assert quotes_in_snapshot(world) == [DATED]


def test_a_quote_of_another_week_is_refused(client, world, said):
    elsewhere = ServiceUserFeedbackFactory(words="Elsewhere.")  # another week's observation
    client.force_login(world.qa)
    response = client.post(url(world), post_data([*said, elsewhere], q3={"is_included": True}))
    assert response.status_code == 400
    assert "no longer in the report&#x27;s period" in response.content.decode()
    assert not ReportQuote.objects.exists()


def test_only_qa_leads_choose_quotes(client, world, said):
    for role in (Role.SCRUTINY_MEMBER, Role.DIRECTOR, Role.PRACTITIONER):
        client.force_login(UserFactory(role=role))
        assert client.get(url(world)).status_code == 403
        assert client.post(url(world), post_data(said, q0={"is_included": True})).status_code == 403
    assert not ReportQuote.objects.exists()


def test_anonymous_people_are_sent_to_log_in(client, world, said):
    response = client.get(url(world))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_page_runs_a_fixed_number_of_queries_however_many_quotes(
    client, world, said, django_assert_max_num_queries
):
    client.force_login(world.qa)
    with django_assert_max_num_queries(6) as few:  # session, user, report, people, refs, quotes
        client.get(url(world))
    observation = said[0].observation
    for n in range(30):
        ServiceUserFeedbackFactory(observation=observation, words=f"Quote number {n}.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url(world)).content.decode()
    assert "Quote number 29." in page


def test_a_yearly_report_lists_and_quotes_the_periods_included_words(client, world, said):
    from datetime import date

    from reports import services

    annual = services.report_create_annual(
        date_from=date(2026, 1, 1), date_to=date(2026, 12, 31), user=world.qa
    )
    client.force_login(world.qa)
    page = client.get(reverse("reports:quotes", args=[annual.pk])).content.decode()
    assert CLEAN in page and page.count("Not yet reviewed.") == 3
    response = client.post(
        reverse("reports:quotes", args=[annual.pk]), post_data(said, q0={"is_included": True})
    )
    assert response.status_code == 302
    snapshot = gather.snapshot_for(annual, now=NOW)
    assert [q["words"] for q in snapshot["quotes"]] == [CLEAN]
    assert snapshot["readiness"]["unfinished"][-1] == {
        "key": "actions",
        "words": "The action plan has no rows",
    }


def test_saving_the_choices_runs_a_fixed_number_of_queries_however_many_quotes(
    client, world, said, django_assert_max_num_queries
):
    client.force_login(world.qa)
    with django_assert_max_num_queries(30) as few:
        client.post(url(world), post_data(said))
    observation = said[0].observation
    said += [
        ServiceUserFeedbackFactory(observation=observation, words=f"Quote number {n}.")
        for n in range(30)
    ]
    choices = {f"q{n}": {"is_included": True} for n in range(3, len(said))}
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.post(url(world), post_data(said, **choices))
    assert response.status_code == 302
    assert world.report.quotes.filter(is_included=True).count() == 30
    assert world.report.quotes.filter(reviewed_by=world.qa).count() == len(said)
