"""Forms of the feedback pages: the practitioner's acknowledgement and the team filter."""

from typing import Any

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms

from practiceweek.feedback import REFLECTION_MAX_LENGTH
from practiceweek.forms import posting_helper
from practiceweek.models import Team


class AcknowledgeForm(forms.Form):
    reflection = forms.CharField(
        label="Your reflection (optional)",
        required=False,
        max_length=REFLECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you take from this feedback, or anything the auditor missed. "
        f"Up to {REFLECTION_MAX_LENGTH:,} characters. Your auditor and managers can read it.",
    )

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = posting_helper(Field("reflection"), action=action, button="Acknowledge")


class TeamFilterForm(forms.Form):
    """Narrows the team audits page to one of the person's teams (a GET form)."""

    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices from the teams already loaded: no second query for the <select>.
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.TypedChoiceField)
        team_field.choices = [("", "All your teams")] + [
            (str(t.pk), f"{t.name} ({t.service.name})") for t in teams
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_class = "d-flex flex-wrap align-items-end gap-2 mb-3"
        self.helper.layout = Layout(
            Field("team", wrapper_class="mb-0"),
            StrictButton("Show", type="submit", css_class="btn-outline-primary"),
        )
