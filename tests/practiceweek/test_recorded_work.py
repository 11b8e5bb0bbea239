"""The rest of the core kernel of recorded work: the change history (model, rule, page), the
feedback loop (e-mail, sweeper, acknowledgement), requeueing, and rule errors on forms."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from audits.models import Audit, AuditChange
from observations.models import Observation, ObservationChange
from practiceweek import feedback, history
from practiceweek.forms import EditForms, add_rule_errors, known_row_id
from practiceweek.models import (
    RecordedChange,
    RecordedWork,
    RecordSource,
    record_source_field,
)
from practiceweek.queueing import requeue
from tests.factories import AuditFactory, ObservationFactory, PracticeWeekFactory, UserFactory

SUBMITTED = datetime(2026, 11, 24, 10, tzinfo=UTC)


# --- The record itself -----------------------------------------------------------------------


@pytest.mark.parametrize(("model", "name"), [(Audit, "audit"), (Observation, "observation")])
def test_every_kind_of_record_keeps_the_kernel_constraint_under_its_own_name(model, name):
    names = [c.name for c in model._meta.constraints]
    assert f"{name}_submitted_has_time" in names
    assert len(names) > len(RecordedWork.Meta.constraints)  # its own constraints as well


def test_the_source_field_is_set_by_whatever_made_the_record_and_never_edited():
    field = record_source_field("Imported ones e-mail nobody.")
    assert (field.max_length, field.default, field.editable) == (6, RecordSource.APP, False)
    assert field.choices == RecordSource.choices
    assert field.help_text == "Imported ones e-mail nobody."


@pytest.mark.parametrize(("model", "said"), [(Audit, "audits"), (Observation, "observations")])
def test_each_kind_of_record_says_what_its_own_imported_or_demo_records_do_not_do(model, said):
    field = model._meta.get_field("source")
    assert said in field.help_text and "e-mail nobody" in field.help_text
    assert not field.editable and field.default == RecordSource.APP


@pytest.mark.parametrize("factory", [AuditFactory, ObservationFactory])
def test_a_submitted_record_without_a_submission_time_is_refused(db, factory):
    record = factory(submitted=True)
    record.submitted_at = None
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save(update_fields=["submitted_at"])


# --- Change history --------------------------------------------------------------------------


def test_both_histories_are_the_one_model_with_their_own_key():
    for model, key in ((AuditChange, "audit"), (ObservationChange, "observation")):
        assert issubclass(model, RecordedChange) and model.record_field == key
        own = {f.name for f in model._meta.fields} - {"id", key}
        assert own == {"changed_by", "changed_at", "field", "before", "after"}


def test_record_all_keeps_every_change_of_a_save(db):
    observation = ObservationFactory(submitted=True)
    editor = UserFactory()

    ObservationChange.record_all(
        record=observation,
        editor=editor,
        changes=[("Setting", "Home visit", "School"), ("Overall grade", "Good", "Inadequate")],
    )

    rows = ObservationChange.objects.filter(observation=observation, changed_by=editor)
    assert sorted(rows.values_list("field", "before", "after")) == [
        ("Overall grade", "Good", "Inadequate"),
        ("Setting", "Home visit", "School"),
    ]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("requires_improvement", "Requires improvement"), ("Good", "Good"), ("", "")],
)
def test_grade_codes_are_shown_as_words(stored: str, shown: str):
    assert history.readable(stored) == shown


def test_the_history_page_is_forbidden_when_the_rule_says_no(db):
    """The app's access rule decides (audits.access.can_see_audit_history); the page answers
    its refusal with 403, the record having been found through the user's scoped queryset."""
    audit = AuditFactory(submitted=True)
    request = RequestFactory().get("/")
    request.user = UserFactory()

    with pytest.raises(PermissionDenied):
        history.history_page(
            request, record=audit, allowed=False, changes=AuditChange.objects.filter(audit=audit)
        )


def test_the_history_page_shows_the_changes_when_the_rule_says_yes(db):
    audit = AuditFactory(submitted=True)
    AuditChange.objects.create(
        audit=audit, changed_by=audit.auditor, field="Overall grade", before="good", after=""
    )
    request = RequestFactory().get("/")
    request.user = audit.auditor

    response = history.history_page(
        request, record=audit, allowed=True, changes=AuditChange.objects.filter(audit=audit)
    )

    assert response.status_code == 200
    assert "Good" in response.content.decode()


# --- The feedback loop -----------------------------------------------------------------------


def test_a_letter_greets_by_first_name_and_ends_with_the_link():
    person = SimpleNamespace(first_name="Sam", username="sam", email="sam@example.org")

    subject, body, _, to = feedback.letter(person, "Subject", "Please read it:", "https://x/1")

    assert (subject, to) == ("Subject", ["sam@example.org"])
    assert body == "Dear Sam,\n\nPlease read it:\nhttps://x/1\n"


def test_feedback_pending_finds_only_what_waited_long_enough(db, settings):
    settings.NOTIFY_SWEEP_DAYS = 7
    waited = AuditFactory(submitted=True)
    AuditFactory(submitted=True, feedback_sent_at=SUBMITTED)  # already sent
    now = SUBMITTED + feedback.FEEDBACK_SWEEP_AFTER + timedelta(seconds=1)

    assert feedback.feedback_pending(Audit.objects.all(), now=now) == [waited.pk]
    assert feedback.feedback_pending(Audit.objects.all(), now=SUBMITTED) == []
    assert feedback.feedback_pending(Audit.objects.all(), now=now + timedelta(days=8)) == []


def test_feedback_is_sent_once(db, mailoutbox):
    audit = AuditFactory(submitted=True)
    person = SimpleNamespace(first_name="", username="pat", email="pat@example.org")

    def letters(link: str) -> list[feedback.Message]:
        return [feedback.letter(person, "Feedback", "Read it:", link)]

    first = feedback.feedback_notify(audit, link_name="audits:detail", letters=letters)
    audit.refresh_from_db()
    again = feedback.feedback_notify(audit, link_name="audits:detail", letters=letters)

    assert (first, again) == (1, 0)
    assert len(mailoutbox) == 1 and f"/audits/{audit.pk}/" in mailoutbox[0].body


def test_a_draft_sends_no_feedback(db, mailoutbox):
    draft = AuditFactory()

    sent = feedback.feedback_notify(draft, link_name="audits:detail", letters=lambda link: [])

    assert sent == 0 and Audit.objects.get(pk=draft.pk).feedback_sent_at is None


def test_a_reflection_is_trimmed_and_kept_to_its_length():
    assert feedback.clean_reflection("  Thanks.  ") == "Thanks."
    with pytest.raises(ValidationError) as caught:
        feedback.clean_reflection("x" * (feedback.REFLECTION_MAX_LENGTH + 1))
    assert "reflection" in caught.value.message_dict


def test_an_acknowledgement_is_kept_once(db):
    audit = AuditFactory(submitted=True)

    feedback.acknowledge_once(audit, reflection=" First. ")
    first_time = audit.acknowledged_at
    feedback.acknowledge_once(audit, reflection="Second.")

    assert audit.reflection == "First." and audit.acknowledged_at == first_time


# --- Requeueing and rule errors --------------------------------------------------------------


def test_requeue_publishes_each_id_and_counts_them():
    published: list[int] = []
    task = SimpleNamespace(delay=published.append)

    assert requeue(task, [3, 5]) == 2  # type: ignore[arg-type]
    assert published == [3, 5]


class TwoFields(forms.Form):
    grade = forms.ChoiceField(choices=[("good", "Good")], required=False)
    reason = forms.CharField(required=False, max_length=3)


def test_rule_errors_go_beside_their_fields_and_the_rest_is_returned():
    form = TwoFields({"grade": "good", "reason": ""})
    form.is_valid()

    left = add_rule_errors(form, {"reason": "Say why.", "notes": "Write something."})

    assert form.errors["reason"] == ["Say why."]
    assert left == {"notes": "Write something."}


def test_a_rule_error_does_not_pile_on_a_field_that_already_failed():
    form = TwoFields({"grade": "good", "reason": "far too long"})
    form.is_valid()

    add_rule_errors(form, {"reason": "Say why."})

    assert form.errors["reason"] == ["Ensure this value has at most 3 characters (it has 12)."]


def test_a_known_row_id_passes_and_a_new_row_has_none():
    assert known_row_id(7, {7, 8}, "action") == 7
    assert known_row_id(None, {7, 8}, "action") is None


def test_a_row_removed_meanwhile_is_refused_in_words():
    with pytest.raises(ValidationError, match="This row was removed meanwhile: reload the page."):
        known_row_id(9, {7, 8}, "row")


# --- Recorded work ---------------------------------------------------------------------------


def test_a_draft_links_to_its_edit_page_and_a_submitted_record_to_its_page(db):
    draft, done = ObservationFactory(), ObservationFactory(submitted=True)

    assert draft.get_absolute_url() == f"/observations/{draft.pk}/edit/"
    assert done.get_absolute_url() == f"/observations/{done.pk}/"


def test_recorded_work_filters_by_status_and_source(db):
    draft, done = AuditFactory(), AuditFactory(submitted=True)
    AuditFactory(submitted=True, source=RecordSource.IMPORT)

    assert list(Audit.objects.drafts()) == [draft]
    assert list(Audit.objects.submitted().from_app()) == [done]


@pytest.mark.parametrize(
    ("code", "words"), [("requires_improvement", "Requires improvement"), ("", "Not graded")]
)
def test_a_grade_in_the_history_is_in_words(code: str, words: str):
    assert history.grade_words(code) == words


class VersionForm(forms.Form):
    version = forms.IntegerField(label="Version")
    grade = forms.CharField(required=False)


class PageForms(EditForms):
    def __init__(self, data: dict[str, str], *, strict: bool) -> None:
        super().__init__(strict=strict)
        self.main = VersionForm(data)


def test_edit_forms_put_a_refusal_beside_its_field_or_above_the_form():
    page = PageForms({"version": "4"}, strict=True)
    page.main.is_valid()

    page.add_errors(ValidationError({"grade": "Choose one.", "week": "Closed."}))
    page.add_errors(ValidationError("Reload the page."))

    assert page.is_bound and page.expected_version == 4
    assert page.main.errors["grade"] == ["Choose one."]
    assert page.errors == ["Closed.", "Reload the page."]


def test_edit_forms_refuse_submitting_in_a_week_no_longer_live(db):
    closed = PracticeWeekFactory(status="closed")
    draft, submitted = AuditFactory(week=closed), AuditFactory(week=closed, submitted=True)

    PageForms({}, strict=False).check_week(draft, closed, "Closed.")  # a draft save: fine
    changing = PageForms({}, strict=True)
    changing.check_week(submitted, closed, "Closed.")  # a change after submission: fine
    submitting = PageForms({}, strict=True)
    submitting.check_week(draft, closed, "Closed.")

    assert (changing.errors, submitting.errors) == ([], ["Closed."])


def test_edit_forms_list_every_message_for_autosave_and_the_summary():
    page = PageForms({"version": "x"}, strict=False)
    page.main.is_valid()
    page.errors.append("The week is closed.")

    assert page.all_errors() == ["The week is closed.", "Version: Enter a whole number."]
    assert [(line.text, line.field_id) for line in page.error_links()] == [
        ("The week is closed.", ""),
        ("Version: Enter a whole number.", "id_version"),
    ]
