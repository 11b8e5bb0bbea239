"""The versioned-draft kernel (practiceweek/drafts.py, draft_views.py): one optimistic lock,
one idempotent start, one conflict error and one autosave answer for every kind of record."""

import json
import uuid
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from audits.models import Audit
from practiceweek import drafts
from practiceweek.draft_views import EditAttempt, Recording, autosave_response, try_save
from practiceweek.drafts import DraftConflict, Edit, SaveResult, StartToken
from tests.factories import AuditFactory, PracticeWeekFactory, UserFactory

TEN_PAST = datetime(2026, 11, 24, 10, 10, tzinfo=UTC)  # 10:10 in London in November


# --- The one conflict error ------------------------------------------------------------------


def test_a_conflict_names_the_record_and_when_it_was_saved():
    message = DraftConflict(noun="report", saved_at=TEN_PAST).message

    assert message.startswith("Someone else saved this report at 10:10. ")
    assert "Your text is still here" in message


def test_a_conflict_with_a_submission_says_it_was_submitted():
    message = DraftConflict(noun="audit", saved_at=TEN_PAST, submitted=True).message

    assert message.startswith("This audit was submitted at 10:10. ")
    assert message.endswith("reload to see the submitted version.")


def test_a_conflict_without_a_time_says_a_moment_ago():
    assert "saved this observation at a moment ago" in str(
        DraftConflict(noun="observation", saved_at=None)
    )


# --- The optimistic lock ---------------------------------------------------------------------


@pytest.fixture
def audit(db) -> Audit:
    return AuditFactory()


def test_bump_version_wins_once_for_one_version(audit: Audit):
    stale = Audit.objects.get(pk=audit.pk)

    won = drafts.bump_version(audit, from_version=1, now=TEN_PAST, working_well="Plan")
    lost = drafts.bump_version(stale, from_version=1, now=TEN_PAST, working_well="Other")

    assert (won, lost) == (True, False)
    assert (audit.version, audit.working_well, audit.updated_at) == (2, "Plan", TEN_PAST)
    assert Audit.objects.values_list("version", "working_well").get(pk=audit.pk) == (2, "Plan")


def _edit(version: int) -> Edit:
    return Edit(editor=UserFactory.build(), expected_version=version, now=TEN_PAST)


def test_save_over_writes_at_the_edits_moment_over_the_version_it_names(audit: Audit):
    drafts.save_over(audit, _edit(1), working_well="Plan")

    saved = Audit.objects.get(pk=audit.pk)
    assert (saved.version, saved.updated_at, saved.working_well) == (2, TEN_PAST, "Plan")


def test_save_over_refuses_a_stale_version_naming_when_it_was_saved(audit: Audit):
    drafts.bump_version(audit, from_version=1, now=TEN_PAST)

    with pytest.raises(DraftConflict) as caught:
        drafts.save_over(audit, _edit(1), working_well="Late")

    assert caught.value.saved_at == TEN_PAST and not caught.value.submitted
    assert Audit.objects.get(pk=audit.pk).working_well == ""


def test_save_over_refuses_a_submitted_record_even_with_its_version(db):
    submitted = AuditFactory(submitted=True)

    with pytest.raises(DraftConflict) as caught:
        drafts.save_over(submitted, _edit(1), working_well="Late")

    assert caught.value.submitted
    assert Audit.objects.get(pk=submitted.pk).version == 1


def test_fresh_version_lets_a_stale_page_through_only_when_it_changes_nothing(audit: Audit):
    drafts.bump_version(audit, from_version=1, now=TEN_PAST)

    assert drafts.fresh_version(audit, expected_version=1, changes_nothing=True) == 2
    with pytest.raises(DraftConflict):
        drafts.fresh_version(audit, expected_version=1, changes_nothing=False)


def test_require_submitted_refuses_a_draft(audit: Audit):
    with pytest.raises(DraftConflict):
        drafts.require_submitted(audit)
    drafts.require_submitted(AuditFactory(submitted=True))  # no refusal


def test_lock_returns_the_row_from_the_queryset(audit: Audit):
    locked = drafts.lock(Audit.objects.select_related("team"), audit)

    assert locked.pk == audit.pk and locked is not audit


# --- Idempotent start ------------------------------------------------------------------------


def test_a_token_not_used_yet_has_started_nothing(audit: Audit):
    assert StartToken(Audit, uuid.uuid4(), "auditor", audit.auditor).started() is None


def test_a_used_token_returns_the_record_it_made(audit: Audit):
    token = StartToken(Audit, audit.client_token, "auditor", audit.auditor)

    assert token.started() == audit


def test_someone_elses_token_is_refused(audit: Audit):
    token = StartToken(Audit, audit.client_token, "auditor", UserFactory())

    with pytest.raises(ValidationError, match="already used"):
        token.started()


def test_create_once_returns_what_a_racing_copy_made(audit: Audit):
    """The copy that lost the race hits the unique token; it answers with the winner's record."""
    token = StartToken(Audit, audit.client_token, "auditor", audit.auditor)

    made = token.create_once(lambda: AuditFactory(client_token=audit.client_token))

    assert made == audit
    assert Audit.objects.count() == 1


def test_create_once_creates_with_a_new_token(audit: Audit):
    fresh = uuid.uuid4()
    token = StartToken(Audit, fresh, "auditor", audit.auditor)

    made = token.create_once(lambda: AuditFactory(client_token=fresh, auditor=audit.auditor))

    assert made.client_token == fresh and Audit.objects.count() == 2


# --- The autosave answers (the contract with static/practiceweek/autosave.js) ----------------


class FakeForms:
    """The parts of an app's edit forms the flows use."""

    def __init__(self, *, valid: bool = True, bound: bool = True) -> None:
        self.valid, self.bound, self.added = valid, bound, []

    @property
    def is_bound(self) -> bool:
        return self.bound

    @property
    def expected_version(self) -> int:
        return 3

    def is_valid(self) -> bool:
        return self.valid

    def all_errors(self) -> list[str]:
        return ["Evidence: too long", "Owner: choose one"]

    def add_errors(self, exc: ValidationError) -> None:
        self.added.append(exc)

    def show_anonymity_warnings(self) -> list[str]:
        return ["Evidence: may name someone"]


def _fail(exc: Exception):
    def save():
        raise exc

    return save


def test_an_edit_happens_now_unless_it_names_its_moment():
    editor = UserFactory.build()
    before = timezone.now()
    edit = Edit(editor=editor, expected_version=3)
    assert before <= edit.now <= timezone.now()
    assert Edit(editor=editor, expected_version=3, now=TEN_PAST).now == TEN_PAST


def test_save_result_json_is_the_version_and_the_local_time():
    assert SaveResult(4, TEN_PAST).as_json() == {"version": 4, "saved_at": "10:10"}


def test_autosave_answers_the_new_version_and_the_warnings():
    response = autosave_response(FakeForms(), lambda: SaveResult(4, TEN_PAST))

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "version": 4,
        "saved_at": "10:10",
        "warnings": ["Evidence: may name someone"],
    }


def test_autosave_of_an_invalid_page_is_a_400_with_every_reason():
    response = autosave_response(FakeForms(valid=False), _fail(AssertionError("not called")))

    assert response.status_code == 400
    assert json.loads(response.content) == {
        "error": "Not saved: Evidence: too long",
        "errors": ["Evidence: too long", "Owner: choose one"],
    }


def test_autosave_of_a_stale_page_is_a_409_with_the_conflict():
    response = autosave_response(FakeForms(), _fail(DraftConflict(noun="audit", saved_at=None)))

    assert response.status_code == 409
    assert json.loads(response.content)["error"].startswith("Someone else saved this audit")


def test_autosave_refused_by_the_service_is_a_400():
    response = autosave_response(FakeForms(), _fail(ValidationError("Not graded here.")))

    assert response.status_code == 400
    assert json.loads(response.content)["error"] == "Not saved: Not graded here."


# --- The edit page ---------------------------------------------------------------------------


def test_try_save_returns_the_redirect_of_a_good_save():
    done = HttpResponse(status=302)

    assert try_save(FakeForms(), lambda: done) is done


@pytest.mark.parametrize(("bound", "status"), [(False, 200), (True, 400)])
def test_try_save_shows_the_page_again_when_unbound_or_invalid(bound: bool, status: int):
    outcome = try_save(FakeForms(valid=False, bound=bound), _fail(AssertionError("not called")))

    assert outcome == EditAttempt(status=status)


def test_try_save_keeps_the_page_with_a_409_on_a_conflict():
    outcome = try_save(FakeForms(), _fail(DraftConflict(noun="audit", saved_at=TEN_PAST)))

    assert isinstance(outcome, EditAttempt)
    assert outcome.status == 409 and outcome.conflict.startswith("Someone else saved this audit")


def test_try_save_shows_a_refusal_beside_the_fields():
    forms, refusal = FakeForms(), ValidationError({"overall_grade": "Choose the overall grade."})

    outcome = try_save(forms, _fail(refusal))

    assert isinstance(outcome, EditAttempt)
    assert (outcome.status, outcome.refusal, forms.added) == (400, refusal, [refusal])


class Record:
    pk, is_submitted = 5, False


def _recording(calls: list[str]) -> Recording:
    def service(name: str):
        def call(*, audit, data, edit):
            calls.append(f"{name} v{edit.expected_version} {data} by {edit.editor.pk}")
            return SaveResult(edit.expected_version + 1, TEN_PAST)

        return call

    def forms(data, record, strict) -> "PostedForms":
        made = PostedForms()
        made.made_with = (data is not None, strict)
        return made

    return Recording(
        app="audits",
        kwarg="audit",
        forms=forms,
        submit=service("submit"),
        update_submitted=service("update"),
        save_draft=service("draft"),
        after_submit="submitted",
        changes_saved="Changes kept.",
    )


class PostedForms(FakeForms):
    def to_input(self) -> str:
        return "input"


def _post(**data: str):
    request = RequestFactory().post("/", data)
    request.user = SimpleNamespace(pk=1)
    request._messages = CookieStorage(request)
    return request


@pytest.mark.parametrize(
    ("post", "submitted", "call", "goes_to", "message"),
    [
        ({"submit": "1"}, False, "submit", "/audits/5/submitted/", None),
        ({"save": "1"}, True, "update", "/audits/5/", "Changes kept."),
        ({"save": "1"}, False, "draft", "/audits/5/edit/", "Draft saved at 10:10."),
    ],
)
def test_an_edit_page_calls_one_service_and_redirects(post, submitted, call, goes_to, message):
    calls: list[str] = []
    record = Record()
    record.is_submitted = submitted
    request = _post(**post)

    response = _recording(calls).save_and_redirect(request, record, PostedForms())

    assert calls == [f"{call} v3 input by 1"]
    assert (response.status_code, response.url) == (302, goes_to)
    assert [m.message for m in request._messages if "check" not in m.message] == (
        [message] if message else []
    )


def test_mark_submitted_writes_status_time_and_a_new_version(audit: Audit):
    drafts.mark_submitted(audit, _edit(1), changes_nothing=False, overall_grade="good")

    saved = Audit.objects.get(pk=audit.pk)
    assert (saved.status, saved.submitted_at, saved.version) == ("submitted", TEN_PAST, 2)
    assert saved.overall_grade == "good" and audit.is_submitted


def test_mark_submitted_refuses_a_stale_page_that_changes_something(audit: Audit):
    drafts.bump_version(audit, from_version=1, now=TEN_PAST)

    with pytest.raises(DraftConflict):
        drafts.mark_submitted(audit, _edit(1), changes_nothing=False)
    assert not Audit.objects.get(pk=audit.pk).is_submitted


def test_only_a_live_week_takes_a_submission(db):
    live, closed = PracticeWeekFactory(status="live"), PracticeWeekFactory(status="closed")

    drafts.refuse_unless_live(live, "Closed.")
    drafts.refuse_unless_live(None, "Closed.")  # free-standing work has no week
    with pytest.raises(ValidationError, match="Closed."):
        drafts.refuse_unless_live(closed, "Closed.")


@pytest.mark.parametrize(
    ("method", "post", "submitted", "made_with"),
    [
        ("get", {}, False, (False, False)),
        ("post", {"save": "1"}, False, (True, False)),
        ("post", {"submit": "1"}, False, (True, True)),
        ("post", {"save": "1"}, True, (True, True)),
    ],
)
def test_an_edit_page_checks_in_full_a_submission_or_a_submitted_record(
    method, post, submitted, made_with
):
    record = Record()
    record.is_submitted = submitted
    request = getattr(RequestFactory(), method)("/", post)

    assert _recording([]).page_forms(request, record).made_with == made_with


def test_an_autosave_checks_the_posted_draft_as_a_draft_and_saves_it():
    calls: list[str] = []
    record = Record()
    record.is_submitted = True  # a late autosave: still a draft's checks (the service refuses)

    response = _recording(calls).autosave(_post(save="1"), record)

    assert calls == ["draft v3 input by 1"]
    assert json.loads(response.content)["version"] == 4
