"""The themes page: every strength and area for development of a week's observations per
category, the tag counts the report reads (`week_themes`), filters, tagging and permissions."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from observations.models import (
    CategoryNote,
    NoteTag,
    Observation,
    ObservationCategory,
    PointKind,
    ThemeTag,
)
from observations.themes import TagCount, week_themes
from practiceweek.models import PracticeWeek, Role, Team, User
from tests.factories import (
    ObservationCategoryFactory,
    ObservationFactory,
    ObservationFrameworkFactory,
    PracticeWeekFactory,
    ServiceFactory,
    TeamFactory,
    ThemeTagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

THEMES = reverse("observations:themes")
LEADERSHIP, VOICE = "Leadership", "The voice of the child"


@pytest.fixture
def week() -> PracticeWeek:
    return PracticeWeekFactory(title="Autumn 2026", slug="autumn-2026")


def category(title: str) -> ObservationCategory:
    return ObservationCategory.objects.get(framework__is_default=True, title=title)


def observe(week: PracticeWeek, team: Team, *, submitted: bool = True, **notes) -> Observation:
    """An observation with notes: observe(week, team, Leadership=("strength", "area"))."""
    observation = ObservationFactory(week=week, team=team, submitted=submitted)
    for title, (strengths, areas) in notes.items():
        CategoryNote.objects.create(
            observation=observation,
            category=category(title.replace("_", " ")),
            strengths=strengths,
            areas_for_development=areas,
        )
    return observation


def tag(observation: Observation, title: str, kind: str, theme: ThemeTag) -> NoteTag:
    note = observation.notes.get(category__title=title)
    return NoteTag.objects.create(note=note, kind=kind, tag=theme)


@pytest.fixture
def world(week):
    """Three submitted observations in three teams of two services, a draft and another week's.

    Social Work: Alders (obs1), Birches (obs2); Early Help: Cedars (obs3).
    """
    social_work, early_help = ServiceFactory(name="Social Work"), ServiceFactory(name="Early Help")
    alders = TeamFactory(name="Alders", service=social_work)
    birches = TeamFactory(name="Birches", service=social_work)
    cedars = TeamFactory(name="Cedars", service=early_help)
    obs1 = observe(
        week,
        alders,
        Leadership=("Clear agenda and pace.", "Plan not shared in writing."),
        The_voice_of_the_child=("Child seen alone.", ""),
    )
    obs2 = observe(week, birches, Leadership=("Strong supervision record.", "   "))
    obs3 = observe(
        week,
        cedars,
        Leadership=("", "Caseload too high to visit weekly."),
        The_voice_of_the_child=("Used a three houses tool.", "Views not in the plan."),
    )
    draft = observe(week, alders, submitted=False, Leadership=("A draft strength.", "Draft."))
    other_week = PracticeWeekFactory(title="Spring 2026", slug="spring-2026")
    elsewhere = observe(other_week, alders, Leadership=("Another week.", "Another week."))
    supervision = ThemeTagFactory(week=week, name="Supervision quality")
    caseloads = ThemeTagFactory(week=week, name="caseloads")
    tag(obs1, LEADERSHIP, "strength", supervision)
    tag(obs2, LEADERSHIP, "strength", supervision)
    tag(obs3, VOICE, "strength", supervision)
    tag(obs1, LEADERSHIP, "area", caseloads)
    tag(obs3, LEADERSHIP, "area", caseloads)
    tag(obs3, VOICE, "area", caseloads)
    tag(obs1, LEADERSHIP, "strength", caseloads)
    tag(obs2, LEADERSHIP, "area", caseloads)  # its text is blank: does not count
    tag(draft, LEADERSHIP, "strength", supervision)  # a draft: does not count
    tag(elsewhere, LEADERSHIP, "strength", ThemeTagFactory(week=other_week, name="caseloads"))
    return {
        "obs": (obs1, obs2, obs3),
        "draft": draft,
        "teams": (alders, birches, cedars),
        "services": (social_work, early_help),
        "tags": {"supervision": supervision, "caseloads": caseloads},
        "other_week": other_week,
    }


def counts(tags: list[TagCount]) -> list[tuple[str, int]]:
    return [(t.name, t.observations) for t in tags]


# --- week_themes: what the report reads -------------------------------------------------------


def test_week_themes_counts_observations_per_tag_and_kind(week, world):
    themes = week_themes(week)

    assert themes.observation_count == 3
    assert themes.do_well.heading == "What we do well"
    assert themes.do_well.observations == 3
    assert counts(themes.do_well.tags) == [("Supervision quality", 3), ("caseloads", 1)]
    assert themes.improve.heading == "Where we need to improve"
    assert themes.improve.observations == 2  # obs2's areas are only spaces
    assert counts(themes.improve.tags) == [("caseloads", 2)]  # obs1 and obs3, once each


def test_week_themes_counts_per_category_in_framework_order(week, world):
    categories = week_themes(week).categories

    assert [c.category.title for c in categories] == [
        "Leadership",
        "The voice of the child",
        "The parent/carer experience",
        "Good or innovative practice",
    ]
    leadership, voice, parents, _ = categories
    assert (leadership.strengths.observations, leadership.areas.observations) == (2, 2)
    assert counts(leadership.strengths.tags) == [("Supervision quality", 2), ("caseloads", 1)]
    assert counts(leadership.areas.tags) == [("caseloads", 2)]
    assert (voice.strengths.observations, voice.areas.observations) == (2, 1)
    assert counts(voice.strengths.tags) == [("Supervision quality", 1)]
    assert counts(voice.areas.tags) == [("caseloads", 1)]
    assert (parents.strengths.observations, parents.areas.tags) == (0, [])


@pytest.mark.parametrize(
    ("by", "index", "expected"),
    [
        ("service", 0, (2, [("Supervision quality", 2), ("caseloads", 1)], [("caseloads", 1)])),
        ("service", 1, (1, [("Supervision quality", 1)], [("caseloads", 1)])),
        ("team", 1, (1, [("Supervision quality", 1)], [])),
    ],
)
def test_week_themes_filters_by_service_and_team(week, world, by, index, expected):
    chosen = world["services" if by == "service" else "teams"][index]

    themes = week_themes(week, **{f"{by}_id": chosen.pk})

    assert (themes.observation_count, counts(themes.do_well.tags)) == expected[:2]
    assert counts(themes.improve.tags) == expected[2]


def test_week_themes_of_a_week_without_observations(week):
    themes = week_themes(week)

    assert (themes.observation_count, themes.do_well.observations) == (0, 0)
    assert (themes.do_well.tags, themes.improve.tags) == ([], [])
    assert len(themes.categories) == 4


def test_week_themes_adds_categories_of_other_frameworks_used(week, world):
    other = ObservationFrameworkFactory(name="Thematic framework")
    extra = ObservationCategoryFactory(framework=other, order=1, title="Neglect")
    observation = ObservationFactory(week=week, framework=other, submitted=True)
    CategoryNote.objects.create(observation=observation, category=extra, strengths="Noticed.")

    categories = week_themes(week).categories

    assert [c.category.title for c in categories][-1] == "Neglect"
    assert categories[-1].strengths.observations == 1


def test_week_themes_uses_the_weeks_chosen_framework(week):
    chosen = ObservationFrameworkFactory(name="Our own", categories=2)
    week.observation_framework = chosen
    week.save(update_fields=["observation_framework"])

    assert [c.category.framework for c in week_themes(week).categories] == [chosen, chosen]


@pytest.mark.parametrize("size", [1, 8])
def test_week_themes_runs_five_queries_whatever_the_size(week, django_assert_num_queries, size):
    team = TeamFactory()
    tags = ThemeTagFactory.create_batch(size, week=week)
    for _ in range(size):
        observation = observe(week, team, Leadership=("Good.", "Better."))
        for theme in tags:
            tag(observation, LEADERSHIP, "strength", theme)

    with django_assert_num_queries(5):
        themes = week_themes(week)

    assert themes.do_well.tags[0].observations == size


# --- The page ---------------------------------------------------------------------------------


@pytest.fixture
def qa_client(client: Client, qa_admin: User) -> Client:
    client.force_login(qa_admin)
    return client


def test_page_lists_every_point_with_its_team_setting_and_tags(qa_client, week, world):
    html = qa_client.get(THEMES, {"week": week.slug}).content.decode()

    for text in [
        "Clear agenda and pace.",
        "Plan not shared in writing.",
        "Strong supervision record.",
        "Caseload too high to visit weekly.",
        "Used a three houses tool.",
        "Alders (Social Work) · Home visit · 23 Nov 2026",
        "3 submitted observations in Autumn 2026",
        "3 observations recorded strengths.",
    ]:
        assert text in html, text
    for absent in ["A draft strength.", "Another week."]:
        assert absent not in html, absent
    obs1 = world["obs"][0]
    note = obs1.notes.get(category__title=LEADERSHIP)
    assert f'id="point-{note.pk}-strength"' in html
    assert reverse("observations:detail", args=[obs1.pk]) in html


def test_page_defaults_to_the_live_week_or_else_the_latest(qa_client, week):
    PracticeWeekFactory(title="Later, planned", start_date=date(2027, 5, 3), status="planned")

    assert qa_client.get(THEMES).context["shown"].week == week
    week.status = PracticeWeek.Status.CLOSED
    week.save(update_fields=["status"])
    assert qa_client.get(THEMES).context["shown"].week.title == "Later, planned"


def test_page_without_any_week_says_so(qa_client):
    response = qa_client.get(THEMES)

    assert response.status_code == 200
    assert "There are no practice weeks yet." in response.content.decode()


def test_page_filters_by_team(qa_client, week, world):
    cedars = world["teams"][2]

    html = qa_client.get(THEMES, {"week": week.slug, "team": cedars.pk}).content.decode()

    assert "Caseload too high to visit weekly." in html
    assert "Clear agenda and pace." not in html
    assert "1 submitted observation in Autumn 2026, for the service or team chosen" in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"week": "no-such-week"}, "week", "Select a valid choice."),
        ({"week": "autumn-2026", "service": "abc"}, "service", "Select a valid choice."),
        ({"week": "autumn-2026", "team": "CEDARS", "service": "x"}, "team", "Select a valid"),
    ],
)
def test_page_refuses_a_bad_filter_beside_its_field(qa_client, week, world, params, field, message):
    response = qa_client.get(THEMES, params)

    assert response.status_code == 400
    assert response.context["filter_form"].errors[field][0].startswith(message)
    assert "page" not in response.context


def test_page_refuses_a_team_of_another_service(qa_client, week, world):
    social_work, cedars = world["services"][0], world["teams"][2]

    response = qa_client.get(
        THEMES, {"week": week.slug, "service": social_work.pk, "team": cedars.pk}
    )

    assert response.status_code == 400
    assert response.context["filter_form"].errors["team"] == [
        "This team is not in the service chosen."
    ]


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.SERVICE_MANAGER, Role.DIRECTOR])
def test_page_is_for_qa_admins_only(client, week, role):
    client.force_login(UserFactory(role=role))

    assert client.get(THEMES).status_code == 403


def test_page_sends_the_anonymous_to_log_in(client):
    response = client.get(THEMES)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def add_observations(week: PracticeWeek, count: int) -> None:
    team = TeamFactory(service=ServiceFactory(name="Youth Offending"))
    tags = [ThemeTagFactory(week=week) for _ in range(count)]
    for _ in range(count):
        observation = observe(
            week, team, Leadership=("Good.", "Better."), The_voice_of_the_child=("Yes.", "")
        )
        tag(observation, LEADERSHIP, "area", tags[0])
        tag(observation, LEADERSHIP, "strength", tags[-1])


def test_page_query_count_does_not_grow(qa_client, week, django_assert_max_num_queries):
    add_observations(week, 2)
    with django_assert_max_num_queries(16) as few:
        qa_client.get(THEMES, {"week": week.slug})
    add_observations(week, 15)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = qa_client.get(THEMES, {"week": week.slug})

    assert response.context["page"].themes.observation_count == 17


# --- Tags -------------------------------------------------------------------------------------


def attach_url(note: CategoryNote, kind: str) -> str:
    return reverse("observations:themes_tag_attach", args=[note.pk, kind])


def leadership_note(observation: Observation) -> CategoryNote:
    return observation.notes.get(category__title=LEADERSHIP)


def test_attach_a_tag_of_the_week(qa_client, week, world):
    obs2 = world["obs"][1]
    note = leadership_note(obs2)
    caseloads = world["tags"]["caseloads"]

    response = qa_client.post(f"{attach_url(note, 'strength')}?team=7", {"tag": caseloads.pk})

    assert response.status_code == 302
    assert response.url == f"{THEMES}?week=autumn-2026&team=7#point-{note.pk}-strength"
    assert NoteTag.objects.filter(note=note, kind="strength", tag=caseloads).exists()


def test_attach_twice_keeps_one(qa_client, week, world):
    note = leadership_note(world["obs"][1])
    caseloads = world["tags"]["caseloads"]

    for _ in range(2):
        qa_client.post(attach_url(note, "strength"), {"tag": caseloads.pk})

    assert NoteTag.objects.filter(note=note, kind="strength", tag=caseloads).count() == 1


def test_attach_refuses_a_tag_of_another_week(qa_client, week, world):
    note = leadership_note(world["obs"][0])
    elsewhere = ThemeTag.objects.get(week=world["other_week"])

    response = qa_client.post(f"{attach_url(note, 'area')}?service=x", {"tag": elsewhere.pk})

    html = response.content.decode()
    assert response.status_code == 400
    assert response.context["refused"].errors["tag"] == [
        "This tag belongs to another practice week: use one of this week's."
    ]
    assert not note.tags.filter(tag=elsewhere).exists()
    assert f'aria-describedby="error_1_id_tag_{note.pk}_area"' in html
    assert f'id="error_1_id_tag_{note.pk}_area"' in html
    assert response.context["shown"].service_id is None  # a bad id in the query is dropped


@pytest.mark.parametrize(
    ("tag_id", "message"),
    [
        ("", "Choose a tag."),
        ("999999", "This tag no longer exists: reload the page."),
        ("x", "Enter a whole number."),
    ],
)
def test_attach_refuses_bad_input_beside_its_field(qa_client, week, world, tag_id, message):
    note = leadership_note(world["obs"][0])
    before = NoteTag.objects.count()

    response = qa_client.post(attach_url(note, "area"), {"tag": tag_id})

    assert response.status_code == 400
    assert response.context["refused"].errors["tag"] == [message]
    assert NoteTag.objects.count() == before


def test_attach_refuses_a_point_with_nothing_written(qa_client, week, world):
    note = leadership_note(world["obs"][1])  # areas: only spaces

    response = qa_client.post(attach_url(note, "area"), {"tag": world["tags"]["supervision"].pk})

    assert response.status_code == 400
    assert response.context["refused"].non_field_errors() == [
        "There is nothing written here to tag."
    ]
    assert not note.tags.filter(kind="area", tag=world["tags"]["supervision"]).exists()


def test_attach_to_a_draft_or_a_bad_kind_is_404(qa_client, week, world):
    draft_note = leadership_note(world["draft"])
    note = leadership_note(world["obs"][0])

    caseloads = world["tags"]["caseloads"].pk
    assert qa_client.post(attach_url(draft_note, "area"), {"tag": caseloads}).status_code == 404
    assert qa_client.post(attach_url(note, "other"), {"tag": caseloads}).status_code == 404


def test_tagging_is_for_qa_admins_only(client, week, world):
    note = leadership_note(world["obs"][0])
    note_tag = note.tags.first()
    client.force_login(UserFactory(role=Role.SERVICE_MANAGER))

    attach = client.post(attach_url(note, "area"), {"tag": world["tags"]["supervision"].pk})
    detach = client.post(reverse("observations:themes_tag_detach", args=[note_tag.pk]))
    new = client.post(reverse("observations:themes_tag_new"), {"week": week.slug, "name": "x"})

    assert (attach.status_code, detach.status_code, new.status_code) == (403, 403, 403)
    assert NoteTag.objects.filter(pk=note_tag.pk).exists()
    assert not note.tags.filter(kind="area", tag=world["tags"]["supervision"]).exists()
    assert not ThemeTag.objects.filter(name="x").exists()


def test_detach_takes_the_tag_off_and_goes_back(qa_client, week, world):
    note = leadership_note(world["obs"][0])
    note_tag = note.tags.get(kind="area")
    service = world["services"][0]

    response = qa_client.post(
        f"{reverse('observations:themes_tag_detach', args=[note_tag.pk])}?service={service.pk}"
    )

    assert response.status_code == 302
    assert response.url == f"{THEMES}?week=autumn-2026&service={service.pk}#point-{note.pk}-area"
    assert not NoteTag.objects.filter(pk=note_tag.pk).exists()
    assert ThemeTag.objects.filter(pk=note_tag.tag_id).exists()


def test_tagging_forms_are_posts_only(qa_client, week, world):
    note = leadership_note(world["obs"][0])

    assert qa_client.get(attach_url(note, "area")).status_code == 405
    assert qa_client.get(reverse("observations:themes_tag_new")).status_code == 405


def test_create_a_tag(qa_client, week):
    response = qa_client.post(
        reverse("observations:themes_tag_new"), {"week": week.slug, "name": " Supervision "}
    )

    assert response.status_code == 302
    assert response.url == f"{THEMES}?week=autumn-2026#tags"
    assert list(week.theme_tags.values_list("name", flat=True)) == ["Supervision"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("CASELOADS", "This week already has the tag “CASELOADS”."),
        ("", "This field is required."),
        ("n" * 81, "Ensure this value has at most 80 characters"),
    ],
)
def test_create_refuses_a_bad_name_beside_the_field(qa_client, week, world, name, message):
    response = qa_client.post(
        reverse("observations:themes_tag_new"), {"week": week.slug, "name": name}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert response.context["refused"].errors["name"][0].startswith(message)
    assert week.theme_tags.count() == 2
    assert "There is a problem: nothing was saved" in html
    assert f'value="{name}"' in html or not name  # the name typed is kept


def test_create_in_an_unknown_week_is_404(qa_client):
    response = qa_client.post(
        reverse("observations:themes_tag_new"), {"week": "nope", "name": "caseloads"}
    )

    assert response.status_code == 404


def test_point_forms_have_unique_ids(qa_client, week, world):
    html = qa_client.get(THEMES, {"week": week.slug}).content.decode()

    ids = [part.split('"')[0] for part in html.split(' id="')[1:]]
    assert len(ids) == len(set(ids))
    assert PointKind.STRENGTH in "".join(ids)
