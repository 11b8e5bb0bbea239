"""Forms of the core pages, and the pieces every app's forms share: long text counted as the
browser counts it, crispy helpers for part of a bigger form, and a service's refusal shown
beside its field."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from .anonymity import anonymity_warnings
from .models import PracticeWeek, RecordedWork
from .services import MAX_FILES_PER_SELECTION

# --- Shared by the audit and observation forms ----------------------------------------------


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError beside its field, or above the form when the form has
    no such field (the week, say)."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, messages in errors.items():
        form.add_error(name if name in form.fields else None, messages)


def add_rule_errors(form: forms.Form, errors: dict[str, str]) -> dict[str, str]:
    """Show the messages of an app's rules module (plain values in, messages by field out)
    beside their fields, except where the field's own check already failed (its value is then
    missing, not forgotten). Returns the messages that belong to no field of this form."""
    left = {}
    for name, message in errors.items():
        if name not in form.fields:
            left[name] = message
        elif name not in form.errors:
            form.add_error(name, message)
    return left


# A formset's hidden counts (TOTAL_FORMS...) missing or not numbers: Django's own message speaks
# of "ManagementForm data"; this one says what happened and what to do.
PAGE_INCOMPLETE = (
    "Part of the page was not sent (a network cut or an old copy of the page): nothing was "
    "saved. Reload the page and try again."
)
FORMSET_ERROR_MESSAGES: dict[str, Any] = {"missing_management_form": PAGE_INCOMPLETE}


class FixedRowsFormSet(forms.BaseFormSet):
    """One form per row of a record (an audit's answers, an observation's notes), in their
    order, whatever the page posts: the rows are fixed when the record starts. Each form takes
    its row under `row_kwarg`, plus what `row_form_kwargs` adds."""

    default_error_messages = FORMSET_ERROR_MESSAGES
    row_kwarg = "row"

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        self.rows = rows
        super().__init__(*args, **kwargs)

    def total_form_count(self) -> int:
        return len(self.rows)

    def initial_form_count(self) -> int:
        return len(self.rows)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {self.row_kwarg: self.rows[index or 0], **self.row_form_kwargs()}

    def row_form_kwargs(self) -> dict[str, Any]:
        return {}


def posting_helper(*layout: Any, action: str, button: str) -> FormHelper:
    """A whole form that posts to `action`: its fields, then one primary button. No browser
    pop-ups (`novalidate`): every message shows beside its field, the same on every device."""
    helper = FormHelper()
    helper.form_action = action
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*layout, StrictButton(button, type="submit", css_class="btn-primary"))
    return helper


def show_anonymity_warnings(
    form: forms.Form,
    *,
    fields: Iterable[str],
    names: Iterable[str],
    case_references: Iterable[str],
) -> list[str]:
    """Warn beside each of `fields` (free text, as posted or as saved) that may identify
    someone (practiceweek.anonymity): above its help text, announced with the field. A warning,
    never an error: the form stays valid. Returns the warnings as "label: message"."""
    texts = {name: str(form[name].value() or "") for name in fields if name in form.fields}
    found = anonymity_warnings(fields=texts, names=names, case_references=case_references)
    shown = []
    for name, messages in found.items():
        field, message = form.fields[name], " ".join(messages)
        field.help_text = form[name].help_text = format_html(  # the bound field keeps a copy
            '<span class="d-block text-warning-emphasis" data-anonymity-warning>'
            "<strong>Check:</strong> {}</span>{}",
            message,
            field.help_text,
        )
        shown.append(f"{field.label}: {message}")
    return shown


def known_row_id(row_id: int | None, known_ids: set[int], what: str) -> int | None:
    """The hidden id of a formset row, refused when that row is no longer in the database
    (removed in another tab or by someone else since the page was drawn)."""
    if row_id is not None and row_id not in known_ids:
        raise ValidationError(f"This {what} was removed meanwhile: reload the page.")
    return row_id


def part_helper(*fields: str) -> FormHelper:
    """A helper for part of a bigger form: no <form> tag, the page holds that and the token."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if fields:
        helper.layout = Layout(*fields)
    return helper


class PlainTextField(forms.CharField):
    """Text whose length counts a line break as one character, as the browser's counter does
    (a textarea sends CRLF, which would otherwise count twice).

    No `maxlength` attribute: the browser would silently cut a long paste, losing text. The
    limit goes in `data-maxlength` for the page's counter and is checked on the server, which
    refuses the save and keeps the text on screen.
    """

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return text.replace("\r\n", "\n") if text else ""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if "maxlength" in attrs:
            attrs["data-maxlength"] = attrs.pop("maxlength")
        return attrs


def text_field(
    label: str, max_length: int, rows: int = 4, help_text: str | None = None
) -> PlainTextField:
    """An optional text box with a counted limit ("Up to N characters." unless told)."""
    return PlainTextField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=f"Up to {max_length:,} characters." if help_text is None else help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Boxes to tick over rows with integer ids. An id past what a 64-bit column holds is
    refused as an unknown choice: Django would pass it to the database, where SQLite raises
    OverflowError (a 500)."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number: Django refuses it itself
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


def labelled_errors(forms_: Iterable[forms.Form]) -> list[str]:
    """Every field's messages as "label: message" (bare when the field has no label), for an
    error summary above a page of several forms and for an autosave's answer."""
    found: list[str] = []
    for form in forms_:
        for name, messages in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            found += [f"{label}: {m}" if label else str(m) for m in messages]
    return found


@dataclass(frozen=True)
class ErrorLink:
    """One line of an error summary: the message, and the id of the input it is about ("" for
    a message about the whole form)."""

    text: str
    field_id: str = ""


def linked_errors(forms_: Iterable[forms.Form], *, others: Iterable[str] = ()) -> list[ErrorLink]:
    """The messages of `labelled_errors`, each with the id of its input so the summary can
    link to it (the first choice of a group of radios or boxes); `others` come first, unlinked.
    """
    found = [ErrorLink(str(m)) for m in others]
    for form in forms_:
        for name, messages in form.errors.items():
            if name not in form.fields:
                found += [ErrorLink(str(m)) for m in messages]
                continue
            field = form[name]
            label = form.fields[name].label
            multiple = isinstance(
                field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
            )
            field_id = f"{field.auto_id}_0" if multiple else field.auto_id
            found += [ErrorLink(f"{label}: {m}" if label else str(m), field_id) for m in messages]
    return found


# --- The core pages -------------------------------------------------------------------------


class FileSelectionForm(forms.Form):
    count = forms.IntegerField(
        label="How many files?",
        min_value=1,
        max_value=MAX_FILES_PER_SELECTION,
        initial=3,
        help_text=f"Between 1 and {MAX_FILES_PER_SELECTION}. Closed files, files audited in the "
        "last months and files already picked this week are left out.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # Server-side messages beside the field read better with screen readers than the
        # browser's own pop-ups, and say the same on every device.
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("pick", "Pick files at random"))


class EditForms:
    """The forms of a recording page (an audit, an observation), validated together: `main`
    holds the record's own fields and the `version` the page was loaded at; `errors` above the
    form hold what belongs to no field. Subclasses add their rows and their rules."""

    main: forms.Form

    def __init__(self, *, strict: bool) -> None:
        self.strict = strict  # everything is checked (a submission, or a submitted record)
        self.errors: list[str] = []

    @property
    def is_bound(self) -> bool:
        return self.main.is_bound

    @property
    def expected_version(self) -> int:
        version: int = self.main.cleaned_data["version"]
        return version

    def check_week(self, record: RecordedWork, week: PracticeWeek | None, message: str) -> None:
        """A submission of a record of a week that is no longer live is refused above the form
        (the service refuses it too)."""
        submitting = self.strict and not record.is_submitted
        if submitting and week is not None and week.status != PracticeWeek.Status.LIVE:
            self.errors.append(message)

    def add_errors(self, exc: ValidationError) -> None:
        """A service's refusal: beside the record's own field when it names one, else where
        `place_error` puts it (above the form)."""
        errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for name, messages in errors.items():
            if name in self.main.fields:
                self.main.add_error(name, messages)
            else:
                self.place_error(name, messages)

    def place_error(self, name: str | None, messages: list[str]) -> None:
        self.errors.extend(messages)

    def parts(self) -> list[forms.Form]:
        """Every form of the page in order: `main`, then the rows."""
        return [self.main]

    def more_errors(self) -> list[str]:
        """Messages that belong to no field besides `errors` (a formset's own, say)."""
        return []

    def all_errors(self) -> list[str]:
        """Every message, "label: message", for the autosave's answer and the error summary."""
        return [*self.errors, *labelled_errors(self.parts()), *self.more_errors()]

    def error_links(self) -> list[ErrorLink]:
        """The error summary's lines, each linked to its input where it has one."""
        return linked_errors(self.parts(), others=[*self.errors, *self.more_errors()])
