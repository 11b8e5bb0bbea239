"""Forms of the reports pages. They validate only; reports/services writes.

The narrative page is three forms in one <form>, one per concern: `NarrativeForm` (the report's
own fields), `ThemeWordingFormSet` (a text box per theme the data raises) and
`ActionPlanFormSet` (rows added and removed on the page). `ReportEditForms` binds them together
and hands the service one `ReportInput`.
"""

from datetime import date
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.urls import reverse

from practiceweek.forms import (
    known_row_id,
    labelled_errors,
    part_helper,
    posting_helper,
    text_field,
)
from practiceweek.models import PracticeWeek

from .models import NARRATIVE_MAX_LENGTH, ActionPlanItem, Report, ReportBuild, ThemeWording
from .quoting import CONFIRM_LABEL, quote_errors, text_errors
from .readiness import Unfinished
from .selectors import EditingState, QuoteRow, QuotesPage, ThemeToWord
from .services import (
    ActionItemInput,
    NarrativeInput,
    QuoteChoice,
    ReportInput,
    ThemeWordingInput,
)
from .services.drafting import DATES_OUT_OF_ORDER

WORDING_MAX_LENGTH = 2000  # characters: a theme's wording is a paragraph
ACTION_TEXT_MAX_LENGTH = 2000
MAX_ACTION_ROWS = 60
MAX_THEMES = 200
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _date_field(label: str, *, required: bool, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _helper(button: str) -> FormHelper:
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}  # messages beside the fields, not the browser's pop-ups
    helper.add_input(Submit("save", button))
    return helper


# --- Creating a report ------------------------------------------------------------------------


class WeekReportForm(forms.Form):
    week = forms.ModelChoiceField(
        label="Practice week",
        queryset=PracticeWeek.objects.none(),
        empty_label="Choose a practice week",
        help_text="Each practice week has one scrutiny report.",
    )

    def __init__(self, *args: Any, weeks: list[PracticeWeek], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["week"]
        assert isinstance(field, forms.ModelChoiceField)
        # Every week validates, so that the service can say why one with a report is refused.
        field.queryset = PracticeWeek.objects.all()
        field.choices = [("", "Choose a practice week")] + [
            (w.pk, f"{w.title} ({w.start_date:%d %b %Y})") for w in weeks
        ]
        self.fields["week"].error_messages["required"] = "Choose the practice week."
        self.helper = _helper("Create the report")


class AnnualReportForm(forms.Form):
    date_from = _date_field("From", required=True, help_text="For example 2025-04-01.")
    date_to = _date_field("To", required=True, help_text="For example 2026-03-31.")
    title = forms.CharField(
        label="Title (optional)",
        max_length=200,
        required=False,
        help_text="Left empty: “Quality assurance report: 1 April 2025 to 31 March 2026”.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_from"].error_messages["required"] = "Give the first day of the period."
        self.fields["date_to"].error_messages["required"] = "Give the last day of the period."
        self.helper = _helper("Create the report")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("date_to", DATES_OUT_OF_ORDER)
        return data


# --- The narrative page -----------------------------------------------------------------------

_SEF_FIELDS = {"sef_quality": "quality", "sef_evidence": "evidence", "sef_plans": "plans"}
# The narrative's text that reaches councillors, checked for identifying text when saved.
_CHECKED_NARRATIVE = [
    "title",
    "asked_to_consider",
    "purpose",
    "voices_summary",
    "what_next",
    *_SEF_FIELDS,
]


def _narrative_text(name: str, rows: int = 5) -> forms.CharField:
    label = str(getattr(Report._meta.get_field(name), "verbose_name", name))
    return text_field(label[0].upper() + label[1:], NARRATIVE_MAX_LENGTH, rows=rows)


class NarrativeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(label="Report title", max_length=200)
    panel_name = forms.CharField(label="Panel", max_length=200, required=False)
    meeting_date = _date_field("Panel meeting date", required=False)
    asked_to_consider = _narrative_text("asked_to_consider")
    purpose = _narrative_text("purpose")
    voices_summary = _narrative_text("voices_summary")
    what_next = _narrative_text("what_next")
    sef_quality = _narrative_text("sef_quality", rows=8)
    sef_evidence = _narrative_text("sef_evidence", rows=8)
    sef_plans = _narrative_text("sef_plans", rows=8)
    anonymised_confirmed = forms.BooleanField(
        label=CONFIRM_LABEL,
        required=False,
        help_text="Needed only when the check finds something that may identify someone.",
    )

    def __init__(self, *args: Any, report: Report, sef_drafts: dict[str, str], **kw: Any):
        names = [n for n in self.base_fields if n not in ("version", "anonymised_confirmed")]
        initial: dict[str, Any] = {name: getattr(report, name) for name in names}
        initial["version"] = report.version
        initial["panel_name"] = report.panel_name or settings.SCRUTINY_PANEL_NAME
        for name, key in _SEF_FIELDS.items():  # drafted from the evidence until written
            initial[name] = initial[name] or sef_drafts.get(key, "")
        kw["initial"] = initial
        super().__init__(*args, **kw)
        self.fields["title"].error_messages["required"] = "Give the report a title."
        self.is_annual = report.kind == Report.Kind.ANNUAL
        if not self.is_annual:
            for name in _SEF_FIELDS:
                del self.fields[name]
        self.cover_helper = part_helper("title", "panel_name", "meeting_date")
        self.text_helper = part_helper(
            "asked_to_consider", "purpose", "voices_summary", "what_next"
        )
        self.sef_helper = part_helper(*[n for n in _SEF_FIELDS if n in self.fields])
        self.confirm_helper = part_helper("anonymised_confirmed")

    def to_input(self) -> NarrativeInput:
        data = self.cleaned_data
        return NarrativeInput(
            title=data["title"].strip(),
            panel_name=data["panel_name"].strip(),
            meeting_date=data["meeting_date"],
            asked_to_consider=data["asked_to_consider"],
            purpose=data["purpose"],
            voices_summary=data["voices_summary"],
            what_next=data["what_next"],
            sef_quality=data.get("sef_quality"),
            sef_evidence=data.get("sef_evidence"),
            sef_plans=data.get("sef_plans"),
        )


class ThemeWordingForm(forms.Form):
    """The wording of one theme. The theme itself travels with the form (hidden), so that a
    theme the data raised since the page loaded cannot shift the wordings onto other themes."""

    kind = forms.ChoiceField(choices=ThemeWording.Kind.choices, widget=forms.HiddenInput)
    tag_name = forms.CharField(max_length=80, widget=forms.HiddenInput)
    wording = text_field("Wording", WORDING_MAX_LENGTH, rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.initial.get("theme")
        name = self["tag_name"].value() or ""
        self.fields["wording"].label = f"Wording for “{name}”"
        if isinstance(theme, ThemeToWord) and theme.tag_name == name:
            self.fields["wording"].help_text = (
                f"Raised by {_count(theme.audits, 'audit')} and "
                f"{_count(theme.observations, 'observation')}. "
                f"Up to {WORDING_MAX_LENGTH:,} characters."
            )
        self.helper = part_helper("kind", "tag_name", "wording")

    @property
    def kind_value(self) -> str:
        return str(self["kind"].value())


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class BaseThemeWordingFormSet(forms.BaseFormSet):
    def to_input(self) -> list[ThemeWordingInput]:
        return [
            ThemeWordingInput(
                kind=f.cleaned_data["kind"],
                tag_name=f.cleaned_data["tag_name"],
                wording=f.cleaned_data.get("wording", ""),
            )
            for f in self.forms
            if f.cleaned_data.get("kind") and f.cleaned_data.get("tag_name")
        ]

    @property
    def strength_forms(self) -> list[ThemeWordingForm]:
        return [f for f in self.forms if f.kind_value == ThemeWording.Kind.STRENGTH]

    @property
    def area_forms(self) -> list[ThemeWordingForm]:
        return [f for f in self.forms if f.kind_value == ThemeWording.Kind.AREA]


ThemeWordingFormSet = cast(
    type[BaseThemeWordingFormSet],
    forms.formset_factory(
        ThemeWordingForm,
        formset=BaseThemeWordingFormSet,
        extra=0,
        max_num=MAX_THEMES,
        validate_max=True,
    ),
)


class ActionPlanForm(forms.Form):
    """One row of the action plan. A row with anything in it needs all of it."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    category = forms.CharField(
        label="Category",
        max_length=120,
        required=False,
        help_text="Groups the rows in the report, for example “Supervision”.",
    )
    issue = text_field("Issue identified", ACTION_TEXT_MAX_LENGTH, rows=2, help_text="")
    action = text_field("Action to be taken", ACTION_TEXT_MAX_LENGTH, rows=2, help_text="")
    risk = text_field(
        "Anticipated risk if not completed", ACTION_TEXT_MAX_LENGTH, rows=2, help_text=""
    )
    priority = forms.ChoiceField(
        label="Priority",
        choices=ActionPlanItem.Priority.choices,
        initial=ActionPlanItem.Priority.MEDIUM,
    )
    due_on = _date_field("Date for completion", required=False)
    responsible = forms.CharField(label="Responsible person", max_length=160, required=False)

    REQUIRED = {
        "category": "Give the row a category.",
        "issue": "Say what issue was identified.",
        "action": "Say what action will be taken.",
        "risk": "Say what the risk is if it is not completed.",
        "due_on": "Give a date for completion.",
        "responsible": "Say who is responsible.",
    }

    def __init__(self, *args: Any, item_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item_ids = item_ids
        self.helper = part_helper(
            "id",
            "category",
            "issue",
            "action",
            "risk",
            "priority",
            "due_on",
            "responsible",
            DELETION_FIELD_NAME,
        )

    def clean_id(self) -> int | None:
        return known_row_id(self.cleaned_data["id"], self.item_ids, "row")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get(DELETION_FIELD_NAME):
            return data
        for name, message in self.REQUIRED.items():
            if name not in self.errors and not data.get(name):
                self.add_error(name, message)
        return data


class BaseActionPlanFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, items: list[ActionPlanItem], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            [
                {
                    "id": i.pk,
                    "category": i.category,
                    "issue": i.issue,
                    "action": i.action,
                    "risk": i.risk,
                    "priority": i.priority,
                    "due_on": i.due_on,
                    "responsible": i.responsible,
                }
                for i in items
            ],
        )
        self.item_ids = {i.pk for i in items}
        super().__init__(*args, **kwargs)

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields[DELETION_FIELD_NAME].label = "Remove this row"

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"item_ids": self.item_ids}

    def to_input(self) -> list[ActionItemInput]:
        """Every row that holds something; untouched new rows are left out."""
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            if not (data.get("id") or form.has_changed()):
                continue
            rows.append(
                ActionItemInput(
                    item_id=data.get("id"),
                    category=data.get("category", "").strip(),
                    issue=data.get("issue", ""),
                    action=data.get("action", ""),
                    risk=data.get("risk", ""),
                    priority=data.get("priority") or ActionPlanItem.Priority.MEDIUM,
                    due_on=data.get("due_on"),
                    responsible=data.get("responsible", "").strip(),
                    delete=bool(data.get(DELETION_FIELD_NAME)),
                )
            )
        return rows


ActionPlanFormSet = cast(
    type[BaseActionPlanFormSet],
    forms.formset_factory(
        ActionPlanForm,
        formset=BaseActionPlanFormSet,
        # One blank row: without JavaScript, one row can be added per save. Untouched new rows
        # are not checked (formsets permit them empty) and are not saved.
        extra=1,
        can_delete=True,
        max_num=MAX_ACTION_ROWS,
        validate_max=True,
    ),
)


class ReportEditForms:
    """The three forms of the narrative page, validated together."""

    def __init__(
        self,
        data: Any | None,
        *,
        report: Report,
        state: EditingState,
        people: tuple[list[str], list[str]] = ([], []),
    ) -> None:
        self.report = report
        self.names, self.case_references = people
        self.narrative = NarrativeForm(data, report=report, sef_drafts=state.sef_drafts)
        self.themes = ThemeWordingFormSet(
            data,
            prefix="themes",
            initial=[
                {
                    "kind": t.kind,
                    "tag_name": t.tag_name,
                    "wording": t.wording,
                    "theme": t,
                }
                for t in state.themes
            ],
        )
        self.actions = ActionPlanFormSet(
            data, prefix="actions", items=list(report.action_items.all())
        )
        self.errors: list[str] = []

    @property
    def is_bound(self) -> bool:
        return self.narrative.is_bound

    def is_valid(self) -> bool:
        valid = all([self.narrative.is_valid(), self.themes.is_valid(), self.actions.is_valid()])
        return valid and self._is_anonymised()

    def _is_anonymised(self) -> bool:
        """Every text that reaches councillors, checked by the core anonymity check: exact
        findings refused beside their field; others need the "I have checked" tick."""
        where: dict[str, tuple[forms.Form, str]] = {}
        texts: dict[str, str] = {}
        for name in _CHECKED_NARRATIVE:
            if name in self.narrative.fields:
                where[name] = (self.narrative, name)
                texts[name] = self.narrative.cleaned_data.get(name) or ""
        for n, form in enumerate(self.themes.forms):
            where[f"theme-{n}"] = (form, "wording")
            texts[f"theme-{n}"] = form.cleaned_data.get("wording") or ""
        for n, form in enumerate(self.actions.forms):
            if form.cleaned_data.get(DELETION_FIELD_NAME):
                continue
            for name in ("issue", "action", "risk"):
                where[f"action-{n}-{name}"] = (form, name)
                texts[f"action-{n}-{name}"] = form.cleaned_data.get(name) or ""
        found = text_errors(
            texts,
            confirmed=bool(self.narrative.cleaned_data.get("anonymised_confirmed")),
            names=self.names,
            case_references=self.case_references,
        )
        for key, messages in found.items():
            form, name = where.get(key, (self.narrative, "anonymised_confirmed"))
            form.add_error(name, messages)
        return not found

    @property
    def expected_version(self) -> int:
        return self.narrative.cleaned_data["version"]

    def to_input(self) -> ReportInput:
        return ReportInput(
            narrative=self.narrative.to_input(),
            wordings=self.themes.to_input(),
            actions=self.actions.to_input(),
        )

    def add_errors(self, exc: ValidationError) -> None:
        """A service's refusal: beside the narrative's field when it names one, else above."""
        errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for name, messages in errors.items():
            if name in self.narrative.fields:
                self.narrative.add_error(name, messages)
            else:
                self.errors.extend(messages)

    def all_errors(self) -> list[str]:
        """Every message, "label: message", for the summary above the form."""
        found = list(self.errors)
        found += labelled_errors([self.narrative, *self.themes.forms])
        for number, form in enumerate(self.actions.forms, start=1):
            found += [f"Action plan row {number}: {m}" for m in labelled_errors([form])]
        for formset in (self.themes, self.actions):
            found += [str(m) for m in formset.non_form_errors()]
        return found


# --- Publishing and withdrawing a version ---------------------------------------------------

WITHDRAWAL_REASON_MAX_LENGTH = 2000


class PublishForm(forms.Form):
    """A tick per item unfinished when the version was built; the service checks them all."""

    confirm = forms.MultipleChoiceField(
        label="Publish this version although it is unfinished",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, build: ReportBuild, unfinished: list[Unfinished], **kw: Any):
        super().__init__(*args, **kw)
        field = self.fields["confirm"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(item.key, f"I know: {item.words}") for item in unfinished]
        field.help_text = "Tick each one: the panel will read this version as it is."
        self.has_unfinished = bool(unfinished)
        layout = ["confirm"] if unfinished else []
        self.helper = posting_helper(
            *layout,
            action=reverse("reports:publish", args=[build.pk]),
            button=f"Publish version {build.number}",
        )

    @property
    def confirmed(self) -> list[str]:
        return list(self.cleaned_data.get("confirm") or [])


class WithdrawForm(forms.Form):
    reason = text_field(
        "Why is this version withdrawn?",
        WITHDRAWAL_REASON_MAX_LENGTH,
        rows=3,
        help_text="Kept with the version and shown to QA leads; the panel stops seeing it at once.",
    )

    def __init__(self, *args: Any, build: ReportBuild, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["reason"].required = True
        self.fields["reason"].error_messages["required"] = (
            "Say why this version is withdrawn: the reason is kept with it."
        )
        self.helper = posting_helper(
            "reason",
            action=reverse("reports:withdraw", args=[build.pk]),
            button=f"Withdraw version {build.number}",
        )


# --- Families' words ------------------------------------------------------------------------

QUOTE_MAX_LENGTH = 8000  # as the feedback's own words (observations.models.TEXT_MAX_LENGTH)


class QuoteForm(forms.Form):
    """The QA lead's choice for one quote; an included one is checked as it will be printed."""

    feedback_id = forms.IntegerField(widget=forms.HiddenInput)
    is_included = forms.BooleanField(label="Include in the report", required=False)
    text_shortened = text_field(
        "Shortened quote (optional)",
        QUOTE_MAX_LENGTH,
        rows=2,
        help_text="Leave words out only; the words as said are kept unchanged.",
    )
    anonymised_confirmed = forms.BooleanField(label=CONFIRM_LABEL, required=False)

    def __init__(self, *args: Any, quotes: dict[int, QuoteRow], page: QuotesPage, **kw: Any):
        super().__init__(*args, **kw)
        self.quotes, self.page = quotes, page
        self.row = quotes.get(int(self.initial.get("feedback_id") or 0))
        self.helper = part_helper(
            "feedback_id", "is_included", "text_shortened", "anonymised_confirmed"
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        row = self.quotes.get(data.get("feedback_id") or 0)
        if row is None:
            raise ValidationError(
                "This quote is no longer in the report's period: reload the page."
            )
        self.row = row
        if data.get("is_included"):
            found = quote_errors(
                original=row.words,
                shortened=data.get("text_shortened", ""),
                confirmed=bool(data.get("anonymised_confirmed")),
                names=self.page.names,
                case_references=self.page.case_references,
            )
            for name, messages in found.items():
                self.add_error(name, messages)
        return data

    def to_choice(self) -> QuoteChoice:
        data = self.cleaned_data
        return QuoteChoice(
            feedback_id=data["feedback_id"],
            is_included=bool(data.get("is_included")),
            text_shortened=data.get("text_shortened", ""),
        )


class BaseQuoteFormSet(forms.BaseFormSet):
    service_errors: list[str]

    def __init__(self, data: Any | None, *, page: QuotesPage) -> None:
        self.page = page
        self.quotes = {row.feedback_id: row for row in page.rows}
        initial = [
            {
                "feedback_id": row.feedback_id,
                "is_included": row.is_included,
                "text_shortened": row.text_shortened,
            }
            for row in page.rows
        ]
        super().__init__(data, prefix="quotes", initial=initial)
        self.service_errors = []

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"quotes": self.quotes, "page": self.page}

    def to_choices(self) -> list[QuoteChoice]:
        return [form.to_choice() for form in self.forms]


QuoteFormSet = cast(
    type[BaseQuoteFormSet],
    forms.formset_factory(
        QuoteForm, formset=BaseQuoteFormSet, extra=0, max_num=5000, validate_max=True
    ),
)
