"""Publishing is deliberate (every unfinished item confirmed by name) and a published version
can be withdrawn with a reason: councillors stop seeing it at once; who, when and why are kept."""

from datetime import timedelta

import pytest
from django.urls import reverse

from practiceweek.models import Role
from reports.exports import export_tables
from reports.models import ReportBuild
from tests.factories import UserFactory
from tests.reports.test_build_services import NOW, World, build_world
from tests.reports.test_pages import version

pytestmark = pytest.mark.django_db

UNFINISHED = [
    "The section “What the panel is asked to consider” is not written",
    "The section “Purpose and background” is not written",
    "The section “What practitioners and families said” is not written",
    "The section “What next” is not written",
    "The action plan has no rows",
]


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def councillor():
    return UserFactory(role=Role.SCRUTINY_MEMBER, username="cllr.khan")


def html(response) -> str:
    return response.content.decode()


def unfinished_version(world: World, **fields) -> ReportBuild:
    build = version(world, **fields)
    build.snapshot["readiness"] = {
        "is_draft": True,
        "unfinished": [
            {"key": "section:purpose", "words": UNFINISHED[1]},
            {"key": "actions", "words": UNFINISHED[4]},
        ],
    }
    build.save(update_fields=["snapshot"])
    return build


# --- Publishing ---------------------------------------------------------------------------------


def test_the_version_page_lists_what_was_unfinished_with_a_tick_for_each(client, world):
    build = unfinished_version(world)
    client.force_login(world.qa)
    page = html(client.get(reverse("reports:version", args=[build.pk])))
    assert "When this version was built, these were unfinished:" in page
    assert f"<li>{UNFINISHED[1]}</li>" in page and f"<li>{UNFINISHED[4]}</li>" in page
    assert 'value="section:purpose"' in page and 'value="actions"' in page
    assert f"I know: {UNFINISHED[4]}" in page


def test_publishing_without_ticking_each_unfinished_item_is_refused_beside_the_ticks(client, world):
    build = unfinished_version(world)
    client.force_login(world.qa)
    response = client.post(reverse("reports:publish", args=[build.pk]), {"confirm": ["actions"]})
    assert response.status_code == 400
    page = html(response)
    # Beside the ticks (the field's own error), with the ticked one kept ticked.
    assert (
        '<p id="error_1_id_confirm"><strong>Tick each unfinished item to publish this version '
        "anyway, or finish it and build again. Not confirmed: The section “Purpose and "
        "background” is not written.</strong></p>"
    ) in page
    assert 'value="actions"  id="id_confirm_1" aria-invalid="true" checked>' in page
    build.refresh_from_db()
    assert build.published_at is None and build.published_by is None


def test_publishing_with_every_item_ticked_publishes(client, world):
    build = unfinished_version(world)
    client.force_login(world.qa)
    response = client.post(
        reverse("reports:publish", args=[build.pk]), {"confirm": ["section:purpose", "actions"]}
    )
    assert response.status_code == 302
    build.refresh_from_db()
    assert build.published_by == world.qa


def test_a_finished_version_publishes_without_ticks(client, world):
    build = version(world)
    build.snapshot["readiness"] = {"is_draft": False, "unfinished": []}
    build.save(update_fields=["snapshot"])
    client.force_login(world.qa)
    page = html(client.get(reverse("reports:version", args=[build.pk])))
    assert "Nothing was unfinished when this version was built." in page
    assert client.post(reverse("reports:publish", args=[build.pk])).status_code == 302
    build.refresh_from_db()
    assert build.published_at is not None


def test_the_version_page_says_when_a_version_is_a_draft(client, world):
    build = version(world, is_draft=True)
    client.force_login(world.qa)
    assert "Yes: every page says DRAFT" in html(
        client.get(reverse("reports:version", args=[build.pk]))
    )


# --- Withdrawing --------------------------------------------------------------------------------


def withdraw(client, build: ReportBuild, reason: str = "The figures for Team 2 were wrong."):
    return client.post(reverse("reports:withdraw", args=[build.pk]), {"reason": reason})


def test_withdrawing_keeps_who_when_and_why_and_shows_them_to_the_qa_lead(client, world):
    build = version(world, published_at=NOW, published_by=world.qa)
    client.force_login(world.qa)
    response = withdraw(client, build)
    assert response.status_code == 302
    build.refresh_from_db()
    assert build.withdrawn_by == world.qa and build.withdrawn_at is not None
    assert build.withdrawal_reason == "The figures for Team 2 were wrong."
    page = html(client.get(reverse("reports:version", args=[build.pk])))
    assert "by Quinn Lead. Why: The figures for Team 2 were wrong." in page
    assert ": withdrawn" in page
    assert "Withdraw version" not in page  # once is enough
    assert "(withdrawn)" in html(client.get(reverse("reports:detail", args=[world.report.pk])))


def test_a_withdrawal_without_a_reason_is_refused_beside_the_field(client, world):
    build = version(world, published_at=NOW, published_by=world.qa)
    client.force_login(world.qa)
    response = withdraw(client, build, reason="   ")
    assert response.status_code == 400
    assert "Say why this version is withdrawn: the reason is kept with it." in html(response)
    build.refresh_from_db()
    assert build.withdrawn_at is None and build.withdrawal_reason == ""


def test_an_unpublished_version_cannot_be_withdrawn(client, world):
    build = version(world)
    client.force_login(world.qa)
    response = withdraw(client, build)
    assert response.status_code == 400
    assert "Only a published version can be withdrawn." in html(response)
    build.refresh_from_db()
    assert build.withdrawn_at is None


def test_a_withdrawn_version_cannot_be_published_again(client, world):
    build = version(
        world, published_at=NOW, published_by=world.qa, withdrawn_at=NOW, withdrawn_by=world.qa
    )
    client.force_login(world.qa)
    response = client.post(reverse("reports:publish", args=[build.pk]))
    assert response.status_code == 400
    assert "This version was withdrawn" in html(response)


def test_councillors_stop_seeing_a_withdrawn_version_at_once(client, world, councillor):
    build = version(world, published_at=NOW, published_by=world.qa)
    slug = export_tables(build.snapshot)[0].slug
    urls = [
        reverse("reports:version", args=[build.pk]),
        reverse("reports:download", args=[build.pk]),
        reverse("reports:export_csv", args=[build.pk, slug]),
        reverse("reports:export_xlsx", args=[build.pk, slug]),
        reverse("reports:export_workbook", args=[build.pk]),
    ]
    client.force_login(councillor)
    assert all(client.get(url).status_code == 200 for url in urls)
    assert world.report.title in html(client.get(reverse("reports:published")))

    client.force_login(world.qa)
    withdraw(client, build)

    client.force_login(councillor)
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert world.report.title not in html(client.get(reverse("reports:published")))
    assert world.report.title not in html(client.get(reverse("home")))


def test_an_earlier_published_version_becomes_current_again_when_the_later_is_withdrawn(
    client, world, councillor
):
    first = version(world, 1, published_at=NOW - timedelta(days=7), published_by=world.qa)
    second = version(world, 2, published_at=NOW, published_by=world.qa)
    client.force_login(world.qa)
    withdraw(client, second)
    client.force_login(councillor)
    rows = client.get(reverse("reports:published")).context["rows"]
    assert [b.pk for b in rows[0].builds] == [first.pk]


def test_only_a_qa_lead_withdraws(client, world, councillor):
    build = version(world, published_at=NOW, published_by=world.qa)
    for person in (councillor, UserFactory(role=Role.DIRECTOR)):
        client.force_login(person)
        assert withdraw(client, build).status_code == 403
    build.refresh_from_db()
    assert build.withdrawn_at is None


def test_anonymous_withdrawal_is_sent_to_log_in(client, world):
    build = version(world, published_at=NOW, published_by=world.qa)
    response = withdraw(client, build)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    build.refresh_from_db()
    assert build.withdrawn_at is None
