"""Forms of the case example pages. They validate only; observations.case_examples writes (and
checks the write-up for identifying text)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from practiceweek.forms import PlainTextField, posting_helper

from .case_examples import DECISION_NOTE_MAX_LENGTH, TITLE_MAX_LENGTH, CaseExampleInput
from .models import TEXT_MAX_LENGTH, CaseExample


class CaseExampleForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of practice is it?",
        choices=CaseExample.Kind.choices,
        initial=CaseExample.Kind.GOOD,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX_LENGTH,
        help_text="A short title, with no names.",
    )
    write_up = PlainTextField(
        label="Anonymised write-up",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What was done and what difference it made, so that others can learn from it. "
        "No names, addresses, dates of birth, phone numbers or case references. "
        f"Up to {TEXT_MAX_LENGTH:,} characters.",
    )
    # Not required here: the service says why, listing anything that may identify someone.
    anonymised_confirmed = forms.BooleanField(
        label=CaseExample._meta.get_field("anonymised_confirmed").verbose_name,
        required=False,
    )

    def __init__(self, *args: Any, action: str, is_change: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = posting_helper(
            "kind",
            "title",
            "write_up",
            "anonymised_confirmed",
            action=action,
            button="Save the changes" if is_change else "Flag as a case example",
        )

    def to_input(self) -> CaseExampleInput:
        data = self.cleaned_data
        return CaseExampleInput(
            kind=data["kind"],
            title=data["title"],
            write_up=data["write_up"],
            anonymised_confirmed=data["anonymised_confirmed"],
        )


class CaseExampleDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("approve", "Approve: share it across the service and in the report"),
            ("decline", "Do not approve"),
        ],
        widget=forms.RadioSelect,
    )
    reason = PlainTextField(
        label="Why not approved",
        required=False,
        max_length=DECISION_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you do not approve it: its author reads this.",
    )

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = posting_helper(
            "decision", "reason", action=action, button="Record the decision"
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        declined = data.get("decision") == "decline"
        if declined and not data.get("reason", "").strip() and "reason" not in self.errors:
            self.add_error(
                "reason", ValidationError("Say why it is not approved: its author reads this.")
            )
        return data

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"
