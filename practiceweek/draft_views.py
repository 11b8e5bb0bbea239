"""The edit page and autosave of a versioned draft (practiceweek/drafts.py): one flow for every
app's recording page. Each app keeps its own forms, services, URLs, templates and context."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from .drafts import DraftConflict, SaveResult, hhmm
from .views import warn_identifying_fields


class DraftForms(Protocol):
    """What the autosave and edit flows need of an app's bundle of edit forms."""

    @property
    def is_bound(self) -> bool: ...

    @property
    def expected_version(self) -> int: ...

    def is_valid(self) -> bool: ...

    def all_errors(self) -> list[str]: ...

    def add_errors(self, exc: ValidationError) -> None: ...

    def show_anonymity_warnings(self) -> list[str]: ...


def not_saved(errors: list[str]) -> JsonResponse:
    """The 400 autosave.js shows as "Not saved: ..." and keeps the text on the device."""
    return JsonResponse({"error": f"Not saved: {errors[0]}", "errors": errors}, status=400)


def autosave_response(forms: DraftForms, save: Callable[[], SaveResult]) -> JsonResponse:
    """Validate the posted draft, save it, and answer autosave.js.

    200: the save's JSON plus the anonymity warnings; 400: not saved, with the reasons; 409:
    someone else saved or submitted it meanwhile (the script stops and keeps the text).
    """
    if not forms.is_valid():
        return not_saved(forms.all_errors())
    try:
        result = save()
    except DraftConflict as exc:
        return JsonResponse({"error": exc.message}, status=409)
    except ValidationError as exc:
        return not_saved(exc.messages)
    return JsonResponse({**result.as_json(), "warnings": forms.show_anonymity_warnings()})


# --- The edit page ---------------------------------------------------------------------------


@dataclass
class EditAttempt:
    """How a posted edit page went when it was not redirected: the conflict message (409), or
    the service's refusal shown beside the fields (400)."""

    conflict: str = ""
    status: int = 200
    refusal: ValidationError | None = None


def try_save(forms: DraftForms, save: Callable[[], HttpResponse]) -> HttpResponse | EditAttempt:
    """Save a bound, valid page (the redirect), or say why not; the page keeps what was typed."""
    attempt = EditAttempt(status=400 if forms.is_bound else 200)
    if not (forms.is_bound and forms.is_valid()):
        return attempt
    try:
        return save()
    except DraftConflict as exc:
        attempt.conflict, attempt.status = exc.message, 409
    except ValidationError as exc:
        forms.add_errors(exc)
        attempt.refusal = exc
    return attempt


@dataclass(frozen=True)
class Recording:
    """One app's edit page: its three services (each takes the record under `kwarg`, plus
    editor, data and expected_version) and where each outcome goes."""

    kwarg: str  # "audit", "observation"
    submit: Callable[..., object]
    update_submitted: Callable[..., object]
    save_draft: Callable[..., SaveResult]
    submitted_url: str  # URL name, given pk
    detail_url: str
    edit_url: str
    changes_saved: str  # the message after a change to a submitted record


def save_and_redirect(
    request: HttpRequest, *, record: Any, forms: Any, recording: Recording
) -> HttpResponse:
    """Submit (idempotently), change a submitted record, or save a draft; then redirect."""
    kwargs = {
        recording.kwarg: record,
        "editor": request.user,
        "data": forms.to_input(),
        "expected_version": forms.expected_version,
    }
    if "submit" in request.POST:
        recording.submit(**kwargs)
        warn_identifying_fields(request, forms.show_anonymity_warnings(), record=recording.kwarg)
        return redirect(recording.submitted_url, pk=record.pk)
    if record.is_submitted:
        recording.update_submitted(**kwargs)
        messages.success(request, recording.changes_saved)
        warn_identifying_fields(request, forms.show_anonymity_warnings(), record=recording.kwarg)
        return redirect(recording.detail_url, pk=record.pk)
    result = recording.save_draft(**kwargs)
    messages.success(request, f"Draft saved at {hhmm(result.saved_at)}.")
    return redirect(recording.edit_url, pk=record.pk)
