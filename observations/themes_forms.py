"""Forms of the themes page: the filter (GET), a new tag, tagging one point. They validate only;
observations.themes writes."""

from typing import Any

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms

from practiceweek.models import PracticeWeek, Service, Team

from .models import ThemeTag
from .themes import TAG_NAME_MAX_LENGTH


def _inline_helper(action: str | None, *layout: Any, method: str = "post") -> FormHelper:
    helper = FormHelper()
    helper.form_method = method
    if action is not None:
        helper.form_action = action
    helper.attrs = {"novalidate": ""}  # messages beside the fields, not the browser's pop-ups
    helper.form_class = "d-flex flex-wrap align-items-end gap-2"
    helper.layout = Layout(*layout)
    return helper


class ThemesFilterForm(forms.Form):
    """Which week, and optionally which service or team (a GET form)."""

    week = forms.ChoiceField(label="Practice week")
    service = forms.TypedChoiceField(label="Service", coerce=int, required=False, empty_value=None)
    team = forms.TypedChoiceField(label="Team", coerce=int, required=False, empty_value=None)

    def __init__(
        self,
        *args: Any,
        weeks: list[PracticeWeek],
        services: list[Service],
        teams: list[Team],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Choices from the lists already loaded: no query per <select>.
        self.weeks = {w.slug: w for w in weeks}
        self.team_services = {t.pk: t.service_id for t in teams}
        self._choices("week", [(w.slug, _week_label(w)) for w in weeks])
        self._choices("service", [("", "All services")] + [(str(s.pk), s.name) for s in services])
        self._choices(
            "team",
            [("", "All teams")] + [(str(t.pk), f"{t.name} ({t.service.name})") for t in teams],
        )
        self.helper = _inline_helper(
            None,
            Field("week", wrapper_class="mb-0"),
            Field("service", wrapper_class="mb-0"),
            Field("team", wrapper_class="mb-0"),
            StrictButton("Show", type="submit", css_class="btn-outline-primary"),
            method="get",
        )
        self.helper.disable_csrf = True
        self.helper.form_class += " mb-4"

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        service, team = data.get("service"), data.get("team")
        if service is not None and team is not None and self.team_services[team] != service:
            self.add_error("team", "This team is not in the service chosen.")
        return data

    @property
    def chosen_week(self) -> PracticeWeek:
        return self.weeks[self.cleaned_data["week"]]


def _week_label(week: PracticeWeek) -> str:
    if week.status == PracticeWeek.Status.LIVE:
        return f"{week.title} (live)"
    return week.title


class ReturnToFilterForm(forms.Form):
    """The filter the page was showing (in the query string of each tagging form's action), to
    go back to it after the change: ids only."""

    service = forms.IntegerField(required=False)
    team = forms.IntegerField(required=False)


class ThemeTagForm(forms.Form):
    week = forms.SlugField(widget=forms.HiddenInput)
    name = forms.CharField(
        label="New tag",
        max_length=TAG_NAME_MAX_LENGTH,
        help_text="A short label for similar points, such as “caseloads”.",
    )

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_new_tag_%s")  # the filter form has a week field too
        super().__init__(*args, **kwargs)
        self.helper = _inline_helper(
            action,
            "week",
            Field("name", wrapper_class="mb-0"),
            StrictButton("Add the tag", type="submit", css_class="btn-outline-primary"),
        )


class NoteTagForm(forms.Form):
    """Tag one point (a note's strengths or areas for development) with a tag of the week. Its
    ids end with the note and kind, so that the page's many forms keep unique ids."""

    tag = forms.IntegerField(label="Add a tag", widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args: Any, note_id: int, kind: str, action: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_%s_{note_id}_{kind}")
        super().__init__(*args, **kwargs)
        self.note_id, self.kind = note_id, kind
        self.fields["tag"].error_messages["required"] = "Choose a tag."
        self.helper = _inline_helper(
            action,
            Field("tag", wrapper_class="mb-0"),
            StrictButton("Tag", type="submit", css_class="btn-outline-primary"),
        )
        self.helper.form_class += " mt-2"
        self.offer([], set())

    def offer(self, tags: list[ThemeTag], attached: set[int]) -> None:
        """The week's tags not on this point yet, as the <select>'s choices; called last, it
        also ties a refusal to the <select> for screen readers."""
        widget = self.fields["tag"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [("", "Choose a tag")] + [
            (t.pk, t.name) for t in tags if t.pk not in attached
        ]
        if self.is_bound and self.errors.get("tag"):
            widget.attrs |= {
                "class": "form-select is-invalid",
                "aria-invalid": "true",
                "aria-describedby": f"error_1_{self['tag'].auto_id}",  # crispy's id
            }

    @property
    def has_choices(self) -> bool:
        widget = self.fields["tag"].widget
        assert isinstance(widget, forms.Select)
        return len(list(widget.choices)) > 1
