"""Audit templates: the defaults the migration ships, versioning, and the audits admin."""

from datetime import UTC, datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from audits.models import Audit, AuditSection, AuditTemplate, AuditType
from audits.selectors import current_template
from audits.template_versions import template_is_in_use, template_new_version
from practiceweek.models import User
from tests.factories import (
    AuditFactory,
    AuditTemplateFactory,
    CaseActionFactory,
    UserFactory,
)

DEFAULTS = import_module("audits.migrations.0002_default_templates")
AREAS = [
    "Assessment quality and analysis",
    "Planning",
    "The voice and lived experience of the child",
    "Management oversight and supervision",
    "Multi-agency working",
    "Recording",
    "Impact and outcomes",
]


@pytest.fixture
def superuser(db) -> User:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client: Client, superuser: User) -> Client:
    client.force_login(superuser)
    return client


@pytest.fixture
def qa_staff(qa_admin: User) -> User:
    """A QA administrator with staff status and the audits app's model permissions."""
    qa_admin.is_staff = True
    qa_admin.save(update_fields=["is_staff"])
    qa_admin.user_permissions.set(Permission.objects.filter(content_type__app_label="audits"))
    return qa_admin


@pytest.fixture
def unused(db) -> AuditTemplate:
    return AuditTemplateFactory(name="Neglect audit", sections=2)


@pytest.fixture
def in_use(db) -> AuditTemplate:
    template = AuditTemplateFactory(name="Core audit", sections=2)
    AuditFactory(template=template, submitted=True)
    return template


def change_url(template: AuditTemplate) -> str:
    return reverse("admin:audits_audittemplate_change", args=[template.pk])


def form_data(template: AuditTemplate, **changes: object) -> dict[str, object]:
    """What the change form posts back: the template's fields and its sections inline."""
    sections = list(template.sections.order_by("order"))
    data: dict[str, object] = {
        "name": template.name,
        "is_graded": "on" if template.is_graded else "",
        "description": template.description,
        "sections-TOTAL_FORMS": len(sections),
        "sections-INITIAL_FORMS": len(sections),
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
    }
    if template.is_current:
        data["is_current"] = "on"
    for n, section in enumerate(sections):
        data |= {
            f"sections-{n}-id": section.pk,
            f"sections-{n}-template": template.pk,
            f"sections-{n}-order": section.order,
            f"sections-{n}-title": section.title,
            f"sections-{n}-question": section.question,
            f"sections-{n}-is_graded": "on" if section.is_graded else "",
        }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


# The defaults the migration ships ---------------------------------------------------------------


@pytest.mark.django_db
def test_default_case_file_audit_grades_the_seven_areas_in_order():
    template = current_template(AuditType.PRACTICE_WEEK)

    sections = list(template.sections.order_by("order"))
    assert (template.name, template.version, template.is_graded) == ("Case file audit", 1, True)
    assert [s.title for s in sections] == AREAS
    assert all(s.is_graded and s.question.endswith("?") for s in sections)
    for section in sections:
        guidance = [
            section.guidance_outstanding,
            section.guidance_good,
            section.guidance_requires_improvement,
            section.guidance_inadequate,
        ]
        assert all(len(text) > 60 for text in guidance), section.title


@pytest.mark.django_db
def test_default_minimum_standards_template_is_an_ungraded_checklist():
    template = current_template(AuditType.MINIMUM_STANDARDS)

    titles = list(template.sections.values_list("title", flat=True))
    assert (template.name, template.is_graded, template.is_current) == (
        "Minimum standards",
        False,
        True,
    )
    assert {"Visits within timescales", "Chronology", "Child seen alone"} <= set(titles)
    assert not template.sections.filter(is_graded=True).exists()


@pytest.mark.django_db
def test_core_and_thematic_audits_use_the_default_graded_template():
    assert current_template(AuditType.CORE).name == "Case file audit"
    assert current_template(AuditType.THEMATIC).name == "Case file audit"


@pytest.mark.django_db
def test_reversing_the_defaults_deletes_only_what_they_made():
    default = AuditTemplate.objects.get(name="Case file audit", version=1)
    second = template_new_version(template=default)
    minimum = AuditTemplate.objects.get(name="Minimum standards", version=1)
    AuditFactory(template=minimum, audit_type=AuditType.MINIMUM_STANDARDS)
    own = AuditTemplateFactory(name="Our own audit")

    DEFAULTS.delete_templates(apps, None)

    assert set(AuditTemplate.objects.all()) == {second, minimum, own}
    assert second.sections.count() == len(AREAS)


@pytest.mark.django_db
def test_applying_the_defaults_again_adds_nothing():
    count = AuditTemplate.objects.count()

    DEFAULTS.create_templates(apps, None)

    assert AuditTemplate.objects.count() == count


# Versions -------------------------------------------------------------------------------------


def test_new_version_copies_the_sections_and_becomes_current(in_use: AuditTemplate):
    AuditSection.objects.filter(template=in_use, order=1).update(guidance_good="Clear plan.")

    copy = template_new_version(template=in_use)

    in_use.refresh_from_db()
    assert (copy.name, copy.version, copy.is_current) == (in_use.name, 2, True)
    assert not in_use.is_current
    copied = list(copy.sections.values_list("order", "title", "question", "guidance_good"))
    original = list(in_use.sections.values_list("order", "title", "question", "guidance_good"))
    assert copied == original
    assert copied[0][3] == "Clear plan."


def test_new_version_leaves_the_old_version_and_its_audits_alone(in_use: AuditTemplate):
    audit = Audit.objects.get(template=in_use)
    section_ids = set(in_use.sections.values_list("pk", flat=True))

    copy = template_new_version(template=in_use)

    audit.refresh_from_db()
    assert audit.template_id == in_use.pk
    assert set(in_use.sections.values_list("pk", flat=True)) == section_ids
    assert not copy.sections.filter(pk__in=section_ids).exists()
    assert not template_is_in_use(copy)


def test_new_version_of_an_old_version_numbers_after_the_newest(in_use: AuditTemplate):
    second = template_new_version(template=in_use)

    third = template_new_version(template=in_use)

    second.refresh_from_db()
    assert third.version == 3
    assert list(
        AuditTemplate.objects.filter(name=in_use.name, is_current=True).values_list(
            "version", flat=True
        )
    ) == [3]


# The template admin ---------------------------------------------------------------------------


def test_template_list_counts_audits_in_a_fixed_number_of_queries(
    admin_client: Client, in_use: AuditTemplate, django_assert_max_num_queries
):
    url = reverse("admin:audits_audittemplate_changelist")
    with django_assert_max_num_queries(20) as few:
        response = admin_client.get(url)
    AuditFactory.create_batch(3, template=in_use, submitted=True)
    AuditTemplateFactory.create_batch(3, sections=1)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count == AuditTemplate.objects.count()
    counts = {t.pk: t.audit_count for t in response.context["cl"].result_list}
    assert counts[in_use.pk] == 4


def test_template_in_use_is_shown_read_only_with_the_reason(
    admin_client: Client, in_use: AuditTemplate
):
    response = admin_client.get(change_url(in_use))

    body = response.content.decode()
    assert response.status_code == 200
    assert "This version is in use and cannot be changed" in body
    assert "Make a new version to edit" in body
    assert 'name="sections-0-title"' not in body
    assert 'name="name"' not in body
    assert AuditSection.objects.get(template=in_use, order=1).title in body


def test_template_in_use_refuses_changes(admin_client: Client, in_use: AuditTemplate):
    data = form_data(in_use, name="Renamed", **{"sections-0-title": "Changed"})

    response = admin_client.post(change_url(in_use), data)

    assert response.status_code == 403
    in_use.refresh_from_db()
    assert in_use.name == "Core audit"
    assert not AuditSection.objects.filter(title="Changed").exists()


def test_template_in_use_cannot_be_deleted(admin_client: Client, in_use: AuditTemplate):
    url = reverse("admin:audits_audittemplate_delete", args=[in_use.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 403
    assert AuditTemplate.objects.filter(pk=in_use.pk).exists()


def test_template_in_use_sections_cannot_be_added_or_removed(
    admin_client: Client, in_use: AuditTemplate
):
    data = form_data(in_use, **{"sections-0-DELETE": "on", "sections-TOTAL_FORMS": 3})
    data |= {"sections-2-order": 3, "sections-2-title": "Extra", "sections-2-question": "?"}

    response = admin_client.post(change_url(in_use), data)

    assert response.status_code == 403
    assert list(in_use.sections.values_list("order", flat=True)) == [1, 2]


def test_template_not_in_use_can_be_edited(admin_client: Client, unused: AuditTemplate):
    data = form_data(unused, name="Neglect audit 2027", **{"sections-0-title": "Early help"})

    response = admin_client.post(change_url(unused), data)

    assert response.status_code == 302
    unused.refresh_from_db()
    assert unused.name == "Neglect audit 2027"
    assert unused.sections.get(order=1).title == "Early help"


def test_template_not_in_use_takes_a_new_section(admin_client: Client, unused: AuditTemplate):
    data = form_data(unused)
    data |= {
        "sections-TOTAL_FORMS": 3,
        "sections-2-order": 3,
        "sections-2-title": "Impact",
        "sections-2-question": "Is the child better off?",
        "sections-2-is_graded": "on",
        "sections-2-guidance_good": "The child is safer and says so.",
    }

    response = admin_client.post(change_url(unused), data)

    assert response.status_code == 302
    assert unused.sections.get(order=3).guidance_good == "The child is safer and says so."


def test_second_current_version_is_refused_with_400(admin_client: Client, in_use: AuditTemplate):
    template_new_version(template=in_use)
    spare = AuditTemplateFactory(name="Core audit", version=5, is_current=False, sections=1)

    response = admin_client.post(change_url(spare), form_data(spare, is_current="on"))

    assert response.status_code == 400
    assert AuditTemplate.objects.filter(name="Core audit", is_current=True).count() == 1


def test_new_version_action_from_the_list_opens_the_copy(
    admin_client: Client, in_use: AuditTemplate
):
    response = admin_client.post(
        reverse("admin:audits_audittemplate_changelist"),
        {"action": "make_new_version", "_selected_action": [in_use.pk], "index": 0},
    )

    copy = AuditTemplate.objects.get(name=in_use.name, version=2)
    assert response.status_code == 302
    assert response.url == change_url(copy)
    assert copy.is_current and copy.sections.count() == 2


def test_new_version_button_on_the_change_page_makes_an_editable_copy(
    admin_client: Client, in_use: AuditTemplate
):
    response = admin_client.post(
        change_url(in_use),
        {"CHANGE_FORM-action": "make_new_version", "_selected_action": in_use.pk, "index": 0},
    )

    copy = AuditTemplate.objects.get(name=in_use.name, version=2)
    assert response.url == change_url(copy)
    page = admin_client.get(change_url(copy)).content.decode()
    assert 'name="sections-0-title"' in page
    assert "cannot be changed" not in page


def test_new_version_action_wants_exactly_one_template(
    admin_client: Client, in_use: AuditTemplate, unused: AuditTemplate
):
    count = AuditTemplate.objects.count()

    admin_client.post(
        reverse("admin:audits_audittemplate_changelist"),
        {"action": "make_new_version", "_selected_action": [in_use.pk, unused.pk], "index": 0},
    )

    assert AuditTemplate.objects.count() == count


def test_qa_staff_can_make_a_new_version(client: Client, qa_staff: User, in_use: AuditTemplate):
    client.force_login(qa_staff)

    page = client.get(change_url(in_use))
    response = client.post(
        change_url(in_use),
        {"CHANGE_FORM-action": "make_new_version", "_selected_action": in_use.pk, "index": 0},
    )

    assert page.status_code == 200
    assert response.status_code == 302
    assert AuditTemplate.objects.filter(name=in_use.name, version=2, is_current=True).exists()


# Audits, escalations and case actions: read-only records ------------------------------------


@pytest.fixture
def audit(in_use: AuditTemplate) -> Audit:
    audit = Audit.objects.get(template=in_use)
    CaseActionFactory(audit=audit, owner=UserFactory())
    return audit


def test_audit_admin_cannot_add(admin_client: Client):
    response = admin_client.get(reverse("admin:audits_audit_add"))

    assert response.status_code == 403


def test_audit_admin_refuses_changes(admin_client: Client, audit: Audit):
    url = reverse("admin:audits_audit_change", args=[audit.pk])

    response = admin_client.post(url, {"overall_grade": "inadequate"})

    assert response.status_code == 403
    audit.refresh_from_db()
    assert audit.overall_grade == "good"


def test_audit_admin_cannot_delete(admin_client: Client, audit: Audit):
    response = admin_client.post(
        reverse("admin:audits_audit_delete", args=[audit.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Audit.objects.filter(pk=audit.pk).exists()


def test_audit_admin_shows_the_audit_with_its_actions_and_history_link(
    admin_client: Client, audit: Audit
):
    response = admin_client.get(reverse("admin:audits_audit_change", args=[audit.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("audits:history", kwargs={"pk": audit.pk}) in body
    assert "Update the chronology" in body
    assert audit.case_file.case_reference in body


def test_audit_list_filters_and_searches_by_case_reference(admin_client: Client, audit: Audit):
    AuditFactory(submitted=True)
    url = reverse("admin:audits_audit_changelist")

    found = admin_client.get(url, {"q": audit.case_file.case_reference})
    filtered = admin_client.get(url, {"status__exact": "draft"})

    assert list(found.context["cl"].result_list) == [audit]
    assert list(filtered.context["cl"].result_list) == []


@pytest.mark.parametrize("model", ["escalation", "caseaction", "audittemplate"])
def test_other_admin_lists_load(admin_client: Client, audit: Audit, model: str):
    response = admin_client.get(reverse(f"admin:audits_{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", ["escalation", "caseaction"])
def test_escalations_and_case_actions_cannot_be_added(admin_client: Client, model: str):
    response = admin_client.get(reverse(f"admin:audits_{model}_add"))

    assert response.status_code == 403


def test_case_action_list_filters_by_status(
    client: Client, superuser: User, audit: Audit, time_machine
):
    time_machine.move_to(datetime(2026, 12, 10, 12, 0, tzinfo=UTC), tick=False)
    client.force_login(superuser)
    late = audit.actions.get()  # due 7 December
    done = CaseActionFactory(audit=audit, completed_at=datetime(2026, 12, 1, tzinfo=UTC))
    url = reverse("admin:audits_caseaction_changelist")

    overdue = client.get(url, {"status": "overdue"})
    completed = client.get(url, {"status": "done"})

    assert list(overdue.context["cl"].result_list) == [late]
    assert list(completed.context["cl"].result_list) == [done]
    assert "Overdue" in overdue.content.decode()
