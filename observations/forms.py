"""Forms of the recording pages. They validate only; observations/services writes.

The observation form is two forms on one page: `ObservationForm` (the observation's own
fields, who was observed and the feedback given) and `CategoryNoteFormSet` (strengths and
areas for development per category). `ObservationEditForms` binds them together and hands the
services one `ObservationInput`.

Two levels of checking, as for audits: a draft (autosave, "Save draft") checks lengths and
values only, since a draft may be incomplete; submitting (or changing a submitted observation)
checks everything (observations/services/rules.py).
"""

import uuid
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as date_format

from practiceweek import access
from practiceweek.forms import (
    EditForms,
    FixedRowsFormSet,
    IdsChoiceField,
    PlainTextField,
    add_rule_errors,
    part_helper,
    show_anonymity_warnings,
    text_field,
)
from practiceweek.models import CaseFile, Grade, PracticeWeek, Team, User, Visit

from .models import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, CategoryNote, Observation, Setting
from .selectors import EditingState, practitioner_queryset
from .services import (
    WEEK_NOT_LIVE_SUBMIT,
    NoteInput,
    ObservationInput,
    setting_errors,
    submission_errors,
    value_errors,
)

SETTING_OTHER_MAX_LENGTH = Observation._meta.get_field("setting_other").max_length
CASE_REFERENCE_MAX_LENGTH = CaseFile._meta.get_field("case_reference").max_length
YES_NO = [("yes", "Yes"), ("no", "No")]


def _setting_fields() -> dict[str, forms.Field]:
    return {
        "setting": forms.ChoiceField(
            label="Setting", choices=Setting.choices, widget=forms.RadioSelect
        ),
        "setting_other": PlainTextField(
            label="Describe the setting",
            required=False,
            max_length=SETTING_OTHER_MAX_LENGTH,
            help_text="Needed when the setting is Other. No names.",
        ),
    }


def _person_label(person: User) -> str:
    return f"{person} ({person.job_title or person.get_role_display()})"


def _other_label(person: User) -> str:
    """Someone from another team, by name and team: their teams are prefetched."""
    teams = ", ".join(t.name for t in person.teams.all())
    return f"{person} ({teams or person.job_title or person.get_role_display()})"


def _week_label(week: PracticeWeek) -> str:
    first, last = date_format(week.start_date, "j M"), date_format(week.end_date, "j M Y")
    return f"{week.title} ({first} to {last})"


# --- Starting an observation ----------------------------------------------------------------


class ObservationStartForm(forms.Form):
    """Start an observation from one of the observer's visits (its week and team), or
    free-standing in a live week and a team of the observer's choosing."""

    # A fresh token per page: posting the same page twice makes one observation.
    client_token = forms.UUIDField(widget=forms.HiddenInput)
    observed_on = forms.DateField(
        label="Date observed",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="A day of the practice week.",
    )

    def __init__(self, *args: Any, visit: Visit | None, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("client_token", uuid.uuid4())
        initial.setdefault("observed_on", visit.date if visit else timezone.localdate())
        super().__init__(*args, **kwargs)
        self.visit = visit
        if visit is None:
            self._add_week_and_team()
        self.fields.update(_setting_fields())
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("start", "Start the observation"))

    def _add_week_and_team(self) -> None:
        # Any week or team validates, so that the service can say why a week is refused;
        # only live weeks and active teams are offered.
        week = forms.ModelChoiceField(label="Practice week", queryset=PracticeWeek.objects.all())
        week.choices = [("", "Choose the week")] + [
            (w.pk, _week_label(w)) for w in PracticeWeek.objects.live().order_by("start_date", "pk")
        ]
        team = forms.ModelChoiceField(
            label="Team observed", queryset=Team.objects.select_related("service")
        )
        team.choices = [("", "Choose the team")] + [
            (t.pk, f"{t.name} ({t.service.name})")
            for t in Team.objects.filter(is_active=True).select_related("service")
        ]
        self.fields["week"], self.fields["team"] = week, team

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "setting" in data:
            errors = setting_errors(
                setting=data["setting"], setting_other=data.get("setting_other", "")
            )
            add_rule_errors(self, errors)
        return data

    def start_kwargs(self) -> dict[str, Any]:
        """The arguments of services.observation_start besides the observer."""
        data = self.cleaned_data
        return {
            "week": self.visit.week if self.visit else data["week"],
            "team": self.visit.team if self.visit else data["team"],
            "visit": self.visit,
            "setting": data["setting"],
            "setting_other": data["setting_other"],
            "observed_on": data["observed_on"],
            "client_token": data["client_token"],
        }


# --- The observation form -------------------------------------------------------------------


class ObservationForm(forms.Form):
    """The observation's own fields. Practitioners: the team's active members as boxes to
    tick, and a list of others to add someone from another team."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    practitioners = IdsChoiceField(
        label="Practitioners observed",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone whose practice you observed.",
    )
    add_practitioner = forms.ModelChoiceField(
        label="Add someone from another team",
        queryset=User.objects.none(),
        required=False,
        help_text="They join the ticked practitioners when the form is saved.",
    )
    case_reference = forms.CharField(
        label="Linked case file (optional)",
        required=False,
        max_length=CASE_REFERENCE_MAX_LENGTH,
        help_text="The case reference from the case management system. Never a child's name.",
    )
    overall_grade = forms.ChoiceField(
        label="Overall grade", required=False, choices=Grade.choices, widget=forms.RadioSelect
    )
    feedback_given = forms.TypedChoiceField(
        label="Feedback given in person straight after",
        required=False,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
    )
    feedback_summary = text_field(
        "What was said",
        TEXT_MAX_LENGTH,
        help_text=f"Needed when you gave feedback. Up to {TEXT_MAX_LENGTH:,} characters.",
    )

    def __init__(
        self, *args: Any, observation: Observation, state: EditingState, **kw: Any
    ) -> None:
        given = observation.feedback_given
        kw["initial"] = {
            "version": observation.version,
            "setting": observation.setting,
            "setting_other": observation.setting_other,
            "practitioners": [p.pk for p in state.chosen],
            "case_reference": observation.case_file.case_reference if observation.case_file else "",
            "overall_grade": observation.overall_grade,
            "feedback_given": "" if given is None else ("yes" if given else "no"),
            "feedback_summary": observation.feedback_summary,
        }
        super().__init__(*args, **kw)
        self.fields.update(_setting_fields())
        self.observation = observation
        self._set_people(observation, state)
        if not observation.is_graded:
            del self.fields["overall_grade"]
        self.setting_helper = part_helper("setting", "setting_other")
        self.people_helper = part_helper("practitioners", "add_practitioner")
        self.case_helper = part_helper("case_reference")
        self.grade_helper = part_helper("overall_grade")
        self.feedback_helper = part_helper("feedback_given", "feedback_summary")

    def _set_people(self, observation: Observation, state: EditingState) -> None:
        # Choices from what the page already loaded; any observable person validates (one
        # query), so that someone added on the page from another team is accepted.
        chosen_ids = [p.pk for p in state.chosen]
        accepted = practitioner_queryset(team=observation.team, chosen_ids=chosen_ids)
        boxes = self.fields["practitioners"]
        extra = self.fields["add_practitioner"]
        assert isinstance(boxes, forms.ModelMultipleChoiceField)
        assert isinstance(extra, forms.ModelChoiceField)
        boxes.queryset = extra.queryset = accepted
        listed = state.team_members + [p for p in state.chosen if p not in state.team_members]
        boxes.choices = [(p.pk, _person_label(p)) for p in listed]
        extra.choices = [("", "Choose someone")] + [(p.pk, _other_label(p)) for p in state.others]
        if not state.team_members:
            boxes.help_text = (
                f"Nobody is listed in {observation.team.name} yet: add them from the list below."
            )

    def clean_case_reference(self) -> str:
        reference = self.cleaned_data["case_reference"].strip()
        self.cleaned_data["case_file_id"] = None
        if reference and (problem := access.case_reference_error(reference)):
            raise ValidationError(problem)
        if reference:
            case_file = CaseFile.objects.filter(case_reference__iexact=reference).first()
            if case_file is None:
                raise ValidationError(
                    "No case file has this reference: check it in the case management system."
                )
            self.cleaned_data["case_file_id"] = case_file.pk
            reference = case_file.case_reference
        return reference

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "practitioners" in data:
            added = data.get("add_practitioner")
            people = list(data["practitioners"])
            data["practitioner_ids"] = tuple(
                dict.fromkeys([p.pk for p in people] + ([added.pk] if added else []))
            )
        return data

    def check_submission(self, *, has_written: bool) -> dict[str, str]:
        """Add the submission rules' messages beside their fields; returns those that belong
        to no field of this form (the categories)."""
        data = self.cleaned_data
        errors = submission_errors(
            is_graded=self.observation.is_graded,
            overall_grade=data.get("overall_grade", ""),
            setting=data["setting"],
            setting_other=data["setting_other"],
            practitioner_count=len(data["practitioner_ids"]),
            has_written=has_written,
            feedback_given=data["feedback_given"],
            feedback_summary=data["feedback_summary"],
        )
        return add_rule_errors(self, errors)


class CategoryNoteForm(forms.Form):
    """What was seen under one category: strengths and areas for development."""

    strengths = text_field("Strengths", NOTE_MAX_LENGTH)
    areas_for_development = text_field("Areas for development", NOTE_MAX_LENGTH)

    def __init__(self, *args: Any, note: CategoryNote, **kwargs: Any) -> None:
        kwargs["initial"] = {
            "strengths": note.strengths,
            "areas_for_development": note.areas_for_development,
        }
        super().__init__(*args, **kwargs)
        self.note, self.category = note, note.category
        self.fields["strengths"].label = f"{self.category.title}: strengths"
        self.fields["areas_for_development"].label = f"{self.category.title}: areas for development"
        self.helper = part_helper("strengths", "areas_for_development")


class BaseCategoryNoteFormSet(FixedRowsFormSet):
    """One form per note of the observation, in category order."""

    row_kwarg = "note"

    def __init__(self, *args: Any, notes: list[CategoryNote], **kw: Any) -> None:
        self.notes = notes
        super().__init__(*args, rows=notes, **kw)

    def to_input(self) -> list[NoteInput]:
        return [
            NoteInput(
                note_id=form.note.pk,
                strengths=form.cleaned_data["strengths"],
                areas_for_development=form.cleaned_data["areas_for_development"],
            )
            for form in self.forms
        ]

    def has_written(self) -> bool:
        return any(text.strip() for note in self.to_input() for text in _texts(note))


def _texts(note: NoteInput) -> tuple[str, str]:
    return note.strengths, note.areas_for_development


CategoryNoteFormSet = cast(
    type[BaseCategoryNoteFormSet],
    forms.formset_factory(CategoryNoteForm, formset=BaseCategoryNoteFormSet, extra=0),
)


class ObservationEditForms(EditForms):
    """The two forms of the observation page, validated together.

    `strict` checks everything (submitting, or changing a submitted observation); otherwise
    only lengths and values (a draft). `errors` above the form hold what belongs to no field;
    `notes_errors` sit above the categories.
    """

    main: ObservationForm

    def __init__(
        self, data: Any | None, *, observation: Observation, state: EditingState, strict: bool
    ) -> None:
        super().__init__(strict=strict)
        self.observation, self.is_graded = observation, observation.is_graded
        self.main = ObservationForm(data, observation=observation, state=state)
        self.people = [*state.chosen, *state.team_members]  # loaded for the page already
        self.notes = CategoryNoteFormSet(data, prefix="notes", notes=state.notes)
        self.notes_errors: list[str] = []

    def is_valid(self) -> bool:
        valid = all([self.main.is_valid(), self.notes.is_valid()])
        # The notes' hidden counts missing or garbled: the formset's own message, above the
        # categories (every category form may be valid, so no field would say anything).
        self.notes_errors += [str(m) for m in self.notes.non_form_errors()]
        if not self.is_graded:
            # There is no grade to choose: a posted one is refused, never dropped in silence.
            posted = self.main.data.get("overall_grade", "")
            self.errors += value_errors(is_graded=False, overall_grade=posted).values()
        self.check_week(self.observation, self.observation.week, WEEK_NOT_LIVE_SUBMIT)
        if valid and self.strict:
            left = self.main.check_submission(has_written=self.notes.has_written())
            self.notes_errors += left.values()
        return valid and not (self.errors or self.notes_errors or self.main.errors)

    def to_input(self) -> ObservationInput:
        data = self.main.cleaned_data
        return ObservationInput(
            setting=data["setting"],
            setting_other=data["setting_other"],
            practitioner_ids=data["practitioner_ids"],
            case_file_id=data["case_file_id"],
            overall_grade=data.get("overall_grade", ""),
            feedback_given=data["feedback_given"],
            feedback_summary=data["feedback_summary"],
            notes=self.notes.to_input(),
        )

    def place_error(self, name: str | None, messages: list[str]) -> None:
        """A refusal about the categories as a whole ("notes") sits above the categories."""
        (self.notes_errors if name == "notes" else self.errors).extend(messages)

    def show_anonymity_warnings(self) -> list[str]:
        """Warn beside each free-text field (what was said in feedback, the strengths and areas
        for development) that may identify someone: the name of the observer, a practitioner
        observed or a member of the team, the case reference, or anything else
        practiceweek.anonymity finds. Never an error: the footer promises no child's name, but
        the text is internal. Returns the warnings as "label: message"."""
        observation = self.observation
        names = {p.get_full_name() for p in [observation.observer, *self.people]}
        case_file = observation.case_file
        references = [case_file.case_reference] if case_file is not None else []
        shown = []
        for form, fields in [
            (self.main, ("feedback_summary",)),
            *[(note, ("strengths", "areas_for_development")) for note in self.notes.forms],
        ]:
            shown += show_anonymity_warnings(
                form, fields=fields, names=names, case_references=references
            )
        return shown

    def parts(self) -> list[forms.Form]:
        return [self.main, *self.notes.forms]

    def more_errors(self) -> list[str]:
        return self.notes_errors
