"""An audit page post whose hidden counts are missing or garbled (a network cut, an old copy
of the page) answers 400 with the same plain message as the observation page, and saves
nothing (issue 9, point 17; before, Django's "ManagementForm data is missing or has been
tampered with" was shown to the auditor)."""

import pytest

from audits.models import Audit
from practiceweek.forms import PAGE_INCOMPLETE
from tests.audits.test_audit_form import autosave_url, edit_url, form_data
from tests.audits.test_audit_services import build_world, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft() -> Audit:
    return start(build_world())


@pytest.fixture
def auditor_client(client, draft):
    client.force_login(draft.auditor)
    return client


def _stored(audit: Audit) -> tuple:
    fresh = Audit.objects.get(pk=audit.pk)
    evidence = list(fresh.answers.order_by("pk").values_list("evidence", flat=True))
    return fresh.version, fresh.working_well, evidence, fresh.actions.count()


@pytest.mark.parametrize("counts", ["answers-TOTAL_FORMS", "actions-TOTAL_FORMS"])
def test_autosave_with_garbled_counts_answers_400_in_plain_words(auditor_client, draft, counts):
    before = _stored(draft)
    data = {**form_data(draft, working_well="Typed on the train"), counts: "x"}
    response = auditor_client.post(autosave_url(draft), data)
    assert response.status_code == 400
    assert PAGE_INCOMPLETE in response.json()["errors"]
    assert "ManagementForm" not in response.content.decode()
    assert _stored(draft) == before


def test_a_save_with_no_counts_shows_the_form_with_the_message(auditor_client, draft):
    before = _stored(draft)
    data = {k: v for k, v in form_data(draft).items() if "_FORMS" not in k}
    response = auditor_client.post(edit_url(draft), data)
    assert response.status_code == 400
    assert PAGE_INCOMPLETE in response.content.decode()
    assert _stored(draft) == before
