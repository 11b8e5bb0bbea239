"""Forms of the observation reading pages: the practitioner's acknowledgement (the audits' form,
worded for an observation) and what a child, parent or carer said. They validate only; the
services in observations.followup save."""

from typing import Any

from django import forms

from audits.feedback_forms import AcknowledgeForm
from practiceweek.anonymity import CONFIRM_LABEL
from practiceweek.feedback import REFLECTION_MAX_LENGTH
from practiceweek.forms import posting_helper

from .followup import (
    CONSENT_LABEL,
    CONSENT_REQUIRED,
    RATING_REQUIRED,
    RELATIONSHIP_REQUIRED,
    WORDS_REQUIRED,
)
from .models import TEXT_MAX_LENGTH, Rating, Relationship


class ObservationAcknowledgeForm(AcknowledgeForm):
    """The audits' acknowledgement, with help text that speaks of the observer."""

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, action=action, **kwargs)
        self.fields["reflection"].help_text = (
            "What you take from this feedback, or anything the observer missed. "
            f"Up to {REFLECTION_MAX_LENGTH:,} characters. The observer and your managers can "
            "read it; colleagues observed with you cannot."
        )


class ServiceUserFeedbackForm(forms.Form):
    relationship = forms.ChoiceField(
        label="Who gave this feedback",
        choices=Relationship.choices,
        widget=forms.RadioSelect,
        help_text="Who they are in relation to the child. Never write a name.",
        error_messages={"required": RELATIONSHIP_REQUIRED, "invalid_choice": RELATIONSHIP_REQUIRED},
    )
    consent_given = forms.BooleanField(
        label=CONSENT_LABEL,
        help_text="Record their views only with their consent. Tell them first.",
        error_messages={"required": CONSENT_REQUIRED},
    )
    words = forms.CharField(
        label="What they said, in their words",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Up to {TEXT_MAX_LENGTH:,} characters. Leave out names, addresses, dates, "
        "phone numbers and anything else that could identify the family: they are checked "
        "before the words are saved. The practitioner observed will read it.",
        error_messages={"required": WORDS_REQUIRED},
    )
    anonymised_confirmed = forms.BooleanField(
        label=CONFIRM_LABEL,
        required=False,
        help_text="Tick only if the check found something that looks like a name, an address "
        "or a date and you have made sure it does not identify the family. A case reference, "
        "the name of anyone on the case or in the team, a date of birth, a phone number, an "
        "e-mail address or an NHS number is never let through.",
    )
    rating = forms.TypedChoiceField(
        label="How they felt the worker treated them",
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": RATING_REQUIRED, "invalid_choice": RATING_REQUIRED},
    )

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = posting_helper(
            "relationship",
            "consent_given",
            "words",
            "anonymised_confirmed",
            "rating",
            action=action,
            button="Save their feedback",
        )
