"""The edit page and autosave of a versioned draft (practiceweek/drafts.py): one flow for every
app's recording page. Each app keeps its own forms, services, URLs, templates and context."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect

from .drafts import DraftConflict, Edit, SaveResult, hhmm
from .views import AuthedRequest, warn_identifying_fields


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
class Recording[S: SaveResult]:
    """One app's recording pages: its edit forms, its three services (each takes the record
    under `kwarg`, plus the forms' data and the `Edit`) and where each outcome goes."""

    app: str  # the URL namespace: "<app>:edit" and "<app>:detail" pages, given pk
    kwarg: str  # "audit", "observation": the services' keyword and the record's noun
    forms: Callable[[Any, Any, bool], Any]  # (posted data or None, record, strict): DraftForms
    submit: Callable[..., object]
    update_submitted: Callable[..., object]
    save_draft: Callable[..., S]
    after_submit: str  # the page a submission goes to, in `app`
    changes_saved: str  # the message after a change to a submitted record

    def _kwargs(self, request: AuthedRequest, record: Any, forms: Any) -> dict[str, Any]:
        return {
            self.kwarg: record,
            "data": forms.to_input(),
            "edit": Edit(editor=request.user, expected_version=forms.expected_version),
        }

    def draft(self, request: AuthedRequest, record: Any, forms: Any) -> S:
        """Save the posted draft (the forms are valid)."""
        return self.save_draft(**self._kwargs(request, record, forms))

    def page_forms(self, request: AuthedRequest, record: Any) -> Any:
        """The edit page's forms, bound to a POST: checked in full for a submission or a change
        to a submitted record, else as a draft (lengths and values only)."""
        strict = "submit" in request.POST or record.is_submitted
        data = request.POST if request.method == "POST" else None
        return self.forms(data, record, strict)

    def autosave(self, request: AuthedRequest, record: Any) -> JsonResponse:
        """The autosave's answer for the posted draft (autosave_response)."""
        forms = self.forms(request.POST, record, False)
        return autosave_response(forms, lambda: self.draft(request, record, forms))

    def edit(self, request: AuthedRequest, record: Any, forms: Any) -> HttpResponse | EditAttempt:
        """A posted edit page: the redirect of a good save, or how it went (try_save)."""
        return try_save(forms, lambda: self.save_and_redirect(request, record, forms))

    def save_and_redirect(self, request: AuthedRequest, record: Any, forms: Any) -> HttpResponse:
        """Submit (idempotently), change a submitted record, or save a draft; then redirect."""
        kwargs = self._kwargs(request, record, forms)
        if "submit" in request.POST:
            self.submit(**kwargs)
            warn_identifying_fields(request, forms.show_anonymity_warnings(), record=self.kwarg)
            return redirect(f"{self.app}:{self.after_submit}", pk=record.pk)
        if record.is_submitted:
            self.update_submitted(**kwargs)
            messages.success(request, self.changes_saved)
            warn_identifying_fields(request, forms.show_anonymity_warnings(), record=self.kwarg)
            return redirect(f"{self.app}:detail", pk=record.pk)
        result = self.save_draft(**kwargs)
        messages.success(request, f"Draft saved at {hhmm(result.saved_at)}.")
        return redirect(f"{self.app}:edit", pk=record.pk)
