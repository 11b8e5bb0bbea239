"""The observations admin: frameworks and their categories, the week's framework and grading
choice, and read-only lists of what the app records."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from observations.models import (
    CategoryNote,
    NoteTag,
    ObservationCategory,
    ObservationFramework,
)
from practiceweek.models import PracticeWeek, User
from tests.factories import (
    CaseExampleFactory,
    CategoryNoteFactory,
    ObservationFactory,
    ObservationFrameworkFactory,
    PracticeWeekFactory,
    ServiceUserFeedbackFactory,
    ThemeTagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def default() -> ObservationFramework:
    return ObservationFramework.objects.get(is_default=True)


@pytest.fixture
def one_of_each(db) -> dict[str, object]:
    observation = ObservationFactory(
        submitted=True, feedback_summary="Told her the plan was clear and kind."
    )
    CategoryNoteFactory(observation=observation, strengths="Calm, warm, child-centred.")
    feedback = ServiceUserFeedbackFactory(
        observation=observation, words="She really listened to us this time."
    )
    tag = ThemeTagFactory(week=observation.week, name="caseloads")
    return {
        "observationframework": ObservationFramework.objects.get(is_default=True),
        "observation": observation,
        "serviceuserfeedback": feedback,
        "caseexample": CaseExampleFactory(observation=observation),
        "themetag": tag,
    }


def admin_url(model: str, view: str, *args: object) -> str:
    return reverse(f"admin:observations_{model}_{view}", args=args)


@pytest.mark.parametrize(
    "model",
    ["observationframework", "observation", "serviceuserfeedback", "caseexample", "themetag"],
)
def test_changelist_and_change_page_render(admin_client, one_of_each, model):
    obj = one_of_each[model]

    changelist = admin_client.get(admin_url(model, "changelist"))
    change = admin_client.get(admin_url(model, "change", obj.pk))

    assert changelist.status_code == 200
    assert obj in changelist.context["cl"].result_list
    assert change.status_code == 200
    assert change.context["original"] == obj


def test_lists_hold_no_free_text(admin_client, one_of_each):
    observations = admin_client.get(admin_url("observation", "changelist")).content.decode()
    feedback = admin_client.get(admin_url("serviceuserfeedback", "changelist")).content.decode()

    assert "Told her the plan" not in observations
    assert "Calm, warm" not in observations
    assert "She really listened" not in feedback
    assert "Home visit" in observations and "Mother" in feedback


@pytest.mark.parametrize("model", ["observation", "serviceuserfeedback", "caseexample"])
def test_records_made_in_the_app_are_not_added_or_changed_here(admin_client, one_of_each, model):
    obj = one_of_each[model]

    assert admin_client.get(admin_url(model, "add")).status_code == 403
    change = admin_client.get(admin_url(model, "change", obj.pk))
    assert change.context["has_change_permission"] is False


def test_observation_changelist_queries_do_not_grow(admin_client, django_assert_max_num_queries):
    ObservationFactory.create_batch(2, submitted=True)
    admin_client.get(admin_url("observation", "changelist"))  # fills per-process caches
    with CaptureQueriesContext(connection) as few:
        admin_client.get(admin_url("observation", "changelist"))
    ObservationFactory.create_batch(20, submitted=True)

    with django_assert_max_num_queries(len(few)):
        response = admin_client.get(admin_url("observation", "changelist"))

    assert response.context["cl"].result_count == 22


# --- Frameworks and their categories ----------------------------------------------------------


def framework_post(
    framework: ObservationFramework | None, categories: list[dict], **fields: object
) -> dict:
    data: dict[str, object] = {
        "name": framework.name if framework else "Thematic observation",
        "description": "",
        "categories-TOTAL_FORMS": str(len(categories)),
        "categories-INITIAL_FORMS": str(sum(1 for c in categories if c.get("id"))),
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    } | fields
    if framework is not None and framework.is_default:
        data.setdefault("is_default", "on")
    for index, category in enumerate(categories):
        data.update({f"categories-{index}-{k}": v for k, v in category.items()})
        data[f"categories-{index}-framework"] = framework.pk if framework else ""
    return data


def rows(framework: ObservationFramework, delete: set[str] = frozenset()) -> list[dict]:
    return [
        {
            "id": c.pk,
            "order": c.order,
            "title": c.title,
            "prompts": c.prompts,
            **({"DELETE": "on"} if c.title in delete else {}),
        }
        for c in framework.categories.order_by("order")
    ]


def test_add_a_framework_with_its_categories(admin_client, default):
    categories = [
        {"order": 1, "title": "Neglect", "prompts": "Was the home safe?"},
        {"order": 2, "title": "Relationships", "prompts": ""},
    ]

    response = admin_client.post(
        admin_url("observationframework", "add"), framework_post(None, categories)
    )

    framework = ObservationFramework.objects.get(name="Thematic observation")
    assert response.status_code == 302
    assert [c.title for c in framework.categories.all()] == ["Neglect", "Relationships"]
    assert framework.is_default is False


def test_change_page_explains_the_default_and_where_it_is_used(admin_client, default):
    ObservationFactory(submitted=True)
    PracticeWeekFactory(observation_framework=default)

    html = admin_client.get(admin_url("observationframework", "change", default.pk))
    html = html.content.decode()

    assert "Weeks that choose no framework use the default one." in html
    assert "1 observation was recorded with it; 1 practice week chose it" in html
    assert "A category that holds notes cannot be deleted" in html


def test_a_category_with_notes_is_not_deleted(admin_client, default):
    CategoryNoteFactory(observation=ObservationFactory(submitted=True))  # under Leadership

    response = admin_client.post(
        admin_url("observationframework", "change", default.pk),
        framework_post(default, rows(default, delete={"Leadership"})),
    )

    assert response.status_code == 400
    assert (
        "“Leadership” cannot be deleted: 1 observation holds notes written under it. Rename it, "
        "or leave it in place."
    ) in response.content.decode()
    assert default.categories.filter(title="Leadership").exists()


def test_a_category_without_notes_is_deleted(admin_client, default):
    response = admin_client.post(
        admin_url("observationframework", "change", default.pk),
        framework_post(default, rows(default, delete={"Good or innovative practice"})),
    )

    assert response.status_code == 302
    assert default.categories.count() == 3


def test_a_category_is_renamed(admin_client, default):
    categories = rows(default)
    categories[0]["title"] = "Leadership and management"

    admin_client.post(
        admin_url("observationframework", "change", default.pk),
        framework_post(default, categories),
    )

    assert default.categories.get(order=1).title == "Leadership and management"


def test_only_one_framework_is_the_default(admin_client, default):
    other = ObservationFrameworkFactory(name="Thematic observation")

    response = admin_client.post(
        admin_url("observationframework", "change", other.pk),
        framework_post(other, [], is_default="on"),
    )

    assert response.status_code == 400
    assert response.context["adminform"].form.errors["is_default"] == [
        "“Practice observation” is the default framework. Only one framework is the default: "
        "untick it there first, then tick it here."
    ]
    other.refresh_from_db()
    assert other.is_default is False


def test_the_default_framework_cannot_be_deleted(admin_client, default):
    response = admin_client.get(admin_url("observationframework", "delete", default.pk))

    assert response.status_code == 403
    assert ObservationFramework.objects.filter(pk=default.pk).exists()


def test_a_framework_in_use_is_protected_from_deletion(admin_client):
    framework = ObservationFrameworkFactory(categories=1)
    observation = ObservationFactory(submitted=True, framework=framework)
    CategoryNote.objects.create(observation=observation, category=framework.categories.get())

    response = admin_client.post(
        admin_url("observationframework", "delete", framework.pk), {"post": "yes"}
    )

    assert response.status_code == 200
    assert response.context["title"] == "Cannot delete observation framework"
    assert ObservationCategory.objects.filter(framework=framework).exists()


# --- The week's choice --------------------------------------------------------------------------


def week_post(week: PracticeWeek, **fields: object) -> dict:
    return {
        "title": week.title,
        "slug": week.slug,
        "start_date": week.start_date.isoformat(),
        "end_date": week.end_date.isoformat(),
        "services": [],
        "purpose": "",
        "visits-TOTAL_FORMS": "0",
        "visits-INITIAL_FORMS": "0",
        "visits-MIN_NUM_FORMS": "0",
        "visits-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    } | fields


def test_week_page_shows_the_observation_choices_with_their_help(admin_client):
    week = PracticeWeekFactory()

    response = admin_client.get(reverse("admin:practiceweek_practiceweek_change", args=[week.pk]))

    html = response.content.decode()
    assert '<h2 id="fieldset-0-2-heading" class="fieldset-heading">Observations</h2>' in html
    assert "The default framework</option>" in html
    assert "Councils do both." in html


def test_week_chooses_its_framework_and_ungraded_observations(admin_client):
    week = PracticeWeekFactory(services=[])
    chosen = ObservationFrameworkFactory(name="Thematic observation")
    url = reverse("admin:practiceweek_practiceweek_change", args=[week.pk])
    service = week.services.model.objects.create(name="Early Help", slug="early-help")

    response = admin_client.post(
        url, week_post(week, services=[service.pk], observation_framework=chosen.pk)
    )

    week.refresh_from_db()
    assert response.status_code == 302
    assert week.observation_framework == chosen
    assert week.observations_graded is False  # the box was not ticked
    admin_client.post(url, week_post(week, services=[service.pk], observations_graded="on"))
    week.refresh_from_db()
    assert (week.observation_framework, week.observations_graded) == (None, True)


# --- Tags ---------------------------------------------------------------------------------------


def test_tags_are_renamed_here_and_made_on_the_themes_page(admin_client):
    tag = ThemeTagFactory(name="caseload")
    note = CategoryNoteFactory(observation=ObservationFactory(week=tag.week, submitted=True))
    NoteTag.objects.create(note=note, kind="strength", tag=tag)

    renamed = admin_client.post(admin_url("themetag", "change", tag.pk), {"name": "Caseloads"})
    listed = admin_client.get(admin_url("themetag", "changelist")).content.decode()

    tag.refresh_from_db()
    assert renamed.status_code == 302
    assert tag.name == "Caseloads"
    assert admin_client.get(admin_url("themetag", "add")).status_code == 403
    assert '<td class="field-use_count">1</td>' in listed


def test_qa_staff_without_model_permissions_cannot_open_these_pages(client, qa_admin: User):
    qa_admin.is_staff = True
    qa_admin.save(update_fields=["is_staff"])
    client.force_login(qa_admin)

    assert client.get(admin_url("observation", "changelist")).status_code == 403
