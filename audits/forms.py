"""Forms of the audit pages. They validate only; audits/services.py writes.

The audit form is three forms on one page, one per concern: `AuditForm` (the audit's own
fields), `SectionAnswerFormSet` (a grade and evidence per section) and `CaseActionFormSet`.
`AuditEditForms` binds them together and hands the services one `AuditInput`.

Two levels of checking: a draft (autosave, "Save draft") checks lengths and grade values
only, since a draft may be incomplete; submitting (or changing a submitted audit) checks
everything.
"""

import uuid
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME

from practiceweek import access
from practiceweek.forms import (
    FORMSET_ERROR_MESSAGES,
    EditForms,
    FixedRowsFormSet,
    add_rule_errors,
    known_row_id,
    part_helper,
    show_anonymity_warnings,
    text_field,
)
from practiceweek.grades import suggest_overall_grade
from practiceweek.models import CaseFile, Theme, User, Visit

from .models import (
    EVIDENCE_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    Audit,
    AuditType,
    CaseAction,
    Grade,
    SectionAnswer,
)
from .selectors import EditingState
from .services import WEEK_CLOSED_SUBMIT, ActionInput, AnswerInput, AuditInput, rules

ACTION_MAX_LENGTH = 2000  # characters: an action is a sentence or two, not a report
MAX_ACTIONS = 30
FREE_STANDING_TYPES = [(t.value, t.label) for t in AuditType if t != AuditType.PRACTICE_WEEK]


def _grade_field(label: str, **attrs: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, required=False, choices=Grade.choices, widget=forms.RadioSelect(attrs=attrs)
    )


# --- Starting an audit -------------------------------------------------------------------


class AuditStartForm(forms.Form):
    """Start an audit of a picked file (nothing to choose), of a file of the visit's team, or
    free-standing of any file by its reference (core, thematic, minimum standards)."""

    # A fresh token per page: posting the same page twice makes one audit.
    client_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        auditor: User,
        visit: Visit | None,
        case_file: CaseFile | None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("client_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.auditor, self.visit, self.fixed_file = auditor, visit, case_file
        if visit is None:
            self._add_free_standing_fields()
        elif case_file is None:
            field = forms.ModelChoiceField(
                label="Case file",
                queryset=access.auditable_case_files(auditor).select_related("team"),
                # The same words for a file that does not exist and one not to be audited.
                error_messages={"invalid_choice": access.NO_FILE_YOU_CAN_AUDIT},
            )
            # Any file this person may audit validates, so that the service can say why another
            # team's file is refused (files move between teams); the team's open files are
            # offered.
            field.choices = [("", "Choose a file")] + [
                (f.pk, f"{f.case_reference} ({f.get_case_type_display()})")
                for f in visit.team.case_files.open()
            ]
            self.fields["case_file"] = field
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("start", "Start the audit"))

    def _add_free_standing_fields(self) -> None:
        self.fields["audit_type"] = forms.ChoiceField(
            label="Type of audit", choices=FREE_STANDING_TYPES, widget=forms.RadioSelect
        )
        self.fields["theme"] = forms.ModelChoiceField(
            label="Theme",
            queryset=Theme.objects.all(),
            required=False,
            empty_label="No theme",
            help_text="Thematic audits only.",
        )
        self.fields["case_reference"] = forms.CharField(
            label="Case reference",
            max_length=40,
            help_text="The file's ID in the case management system: letters, digits, - and / "
            "only. Never a child's name.",
        )

    def clean_case_reference(self) -> str:
        reference = self.cleaned_data["case_reference"].strip()
        if problem := access.case_reference_error(reference):
            raise ValidationError(problem)
        # One answer for a file that does not exist and for one this person may not audit.
        case_file = (
            access.auditable_case_files(self.auditor)
            .select_related("team")
            .filter(case_reference__iexact=reference)
            .first()
        )
        if case_file is None:
            raise ValidationError(access.NO_FILE_YOU_CAN_AUDIT)
        self.cleaned_data["case_file"] = case_file
        return reference

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("audit_type") == AuditType.THEMATIC and not data.get("theme"):
            self.add_error("theme", "Choose the theme of this thematic audit.")
        return data

    def start_kwargs(self) -> dict[str, Any]:
        """The arguments of services.audit_start besides the auditor."""
        data = self.cleaned_data
        if self.visit is None:
            return {
                "case_file": data["case_file"],
                "audit_type": data["audit_type"],
                "theme": data.get("theme"),
                "client_token": data["client_token"],
            }
        return {
            "case_file": self.fixed_file or data["case_file"],
            "audit_type": AuditType.PRACTICE_WEEK,
            "visit": self.visit,
            "client_token": data["client_token"],
        }


# --- The audit form ----------------------------------------------------------------------


class AuditForm(forms.Form):
    """The audit's own fields. Set `suggested` (the suggested overall grade) before validating:
    departing from it needs a reason when submitting."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    is_collaborative = forms.BooleanField(
        label="Collaborative audit: the practitioner was present", required=False
    )
    overall_grade = _grade_field("Overall grade")
    departure_reason = text_field(
        "Reason for departing from the suggested grade",
        SUMMARY_MAX_LENGTH,
        rows=3,
        help_text="Needed when your overall grade differs from the suggested grade.",
    )
    working_well = text_field("What is working well", SUMMARY_MAX_LENGTH)
    needs_to_improve = text_field("What needs to improve", SUMMARY_MAX_LENGTH)

    def __init__(self, *args: Any, audit: Audit, strict: bool, **kwargs: Any) -> None:
        kwargs["initial"] = {
            "version": audit.version,
            **{name: getattr(audit, name) for name in self.base_fields if name != "version"},
        }
        super().__init__(*args, **kwargs)
        self.audit, self.strict = audit, strict
        self.suggested: str | None = None
        self.is_graded = audit.template.is_graded
        if not self.is_graded:
            del self.fields["overall_grade"]
            del self.fields["departure_reason"]
        self.top_helper = part_helper("is_collaborative")
        self.summary_helper = part_helper(
            *[f for f in ("overall_grade", "departure_reason") if f in self.fields],
            "working_well",
            "needs_to_improve",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.strict:
            return data
        errors = rules.submission_errors(
            is_graded=self.is_graded,
            overall_grade=data.get("overall_grade") or "",
            suggested_grade=self.suggested,
            departure_reason=data.get("departure_reason") or "",
        )
        add_rule_errors(self, errors)
        return data


class SectionAnswerForm(forms.Form):
    """One section's grade and evidence. Ungraded sections (and templates) have no grade."""

    grade = _grade_field("Grade", **{"data-section-grade": ""})
    evidence = text_field("Evidence", EVIDENCE_MAX_LENGTH)

    def __init__(self, *args: Any, answer: SectionAnswer, graded: bool, **kwargs: Any) -> None:
        kwargs["initial"] = {"grade": answer.grade, "evidence": answer.evidence}
        super().__init__(*args, **kwargs)
        self.answer, self.section = answer, answer.section
        if graded and self.section.is_graded:
            self.fields["grade"].label = f"Grade for {self.section.title}"
        else:
            del self.fields["grade"]
        self.fields["evidence"].label = f"Evidence for {self.section.title}"
        self.helper = part_helper(*self.fields)


class BaseSectionAnswerFormSet(FixedRowsFormSet):
    """One form per answer of the audit, in section order."""

    row_kwarg = "answer"

    def __init__(self, *args: Any, answers: list[SectionAnswer], graded: bool, **kw: Any):
        self.answers, self.graded = answers, graded
        super().__init__(*args, rows=answers, **kw)

    def row_form_kwargs(self) -> dict[str, Any]:
        return {"graded": self.graded}

    def to_input(self) -> list[AnswerInput]:
        return [
            AnswerInput(
                answer_id=form.answer.pk,
                grade=form.cleaned_data.get("grade", ""),
                evidence=form.cleaned_data["evidence"],
            )
            for form in self.forms
        ]

    def grades(self) -> list[str]:
        """The section grades as posted (valid ones only) or, unbound, as saved."""
        if not self.is_bound:
            return [a.grade for a in self.answers]
        return [f.cleaned_data.get("grade", "") for f in self.forms if hasattr(f, "cleaned_data")]


SectionAnswerFormSet = cast(
    type[BaseSectionAnswerFormSet],
    forms.formset_factory(SectionAnswerForm, formset=BaseSectionAnswerFormSet, extra=0),
)


class CaseActionForm(forms.Form):
    """What needs to happen on the case, who will do it, by when."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = text_field("What needs to happen", ACTION_MAX_LENGTH, rows=2, help_text="")
    owner = forms.TypedChoiceField(label="Who will do it", coerce=int, required=False)
    due_on = forms.DateField(
        label="By when",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(
        self,
        *args: Any,
        owner_choices: list[tuple[str, str]],
        action_ids: set[int],
        strict: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.action_ids, self.strict = action_ids, strict
        owner = self.fields["owner"]
        assert isinstance(owner, forms.TypedChoiceField)
        owner.choices = owner_choices
        self.helper = part_helper("id", "description", "owner", "due_on", DELETION_FIELD_NAME)

    def clean_id(self) -> int | None:
        return known_row_id(self.cleaned_data["id"], self.action_ids, "action")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.strict or data.get(DELETION_FIELD_NAME):
            return data
        errors = rules.action_errors(
            description=data.get("description") or "",
            owner_id=data.get("owner"),
            due_on=data.get("due_on"),
        )
        add_rule_errors(self, errors)
        return data


class BaseCaseActionFormSet(forms.BaseFormSet):
    default_error_messages = FORMSET_ERROR_MESSAGES

    def __init__(
        self, *args: Any, actions: list[CaseAction], owners: list[User], strict: bool, **kw: Any
    ) -> None:
        kw.setdefault(
            "initial",
            [
                {"id": a.pk, "description": a.description, "owner": a.owner_id, "due_on": a.due_on}
                for a in actions
            ],
        )
        self.strict = strict
        self.action_ids = {a.pk for a in actions}
        self.owner_choices = [("", "Choose who")] + [(str(u.pk), _owner_label(u)) for u in owners]
        super().__init__(*args, **kw)

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields[DELETION_FIELD_NAME].label = "Remove this action"

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {
            "owner_choices": self.owner_choices,
            "action_ids": self.action_ids,
            "strict": self.strict,
        }

    def to_input(self) -> list[ActionInput]:
        """Every form that holds something; blank new rows are left out."""
        return [
            ActionInput(
                key=form.prefix,
                action_id=form.cleaned_data.get("id"),
                description=form.cleaned_data.get("description", ""),
                owner_id=form.cleaned_data.get("owner"),
                due_on=form.cleaned_data.get("due_on"),
                delete=bool(form.cleaned_data.get(DELETION_FIELD_NAME)),
            )
            for form in self.forms
            if form.has_changed() or form.cleaned_data.get("id")
        ]


def _owner_label(person: User) -> str:
    return f"{person} ({person.job_title or person.get_role_display()})"


CaseActionFormSet = cast(
    type[BaseCaseActionFormSet],
    forms.formset_factory(
        CaseActionForm,
        formset=BaseCaseActionFormSet,
        extra=1,  # one blank row: without JavaScript, one action can be added per save
        can_delete=True,
        max_num=MAX_ACTIONS,
        validate_max=True,
    ),
)


class AuditEditForms(EditForms):
    """The three forms of the audit page, validated together.

    `strict` checks everything (submitting, or changing a submitted audit); otherwise only
    lengths and grade values (a draft). `errors` above the form hold what belongs to no field.
    """

    def __init__(
        self, data: Any | None, *, audit: Audit, state: EditingState, strict: bool
    ) -> None:
        super().__init__(strict=strict)
        self.audit, self.is_graded = audit, audit.template.is_graded
        self.main = self.audit_form = AuditForm(data, audit=audit, strict=strict)
        self.sections = SectionAnswerFormSet(
            data, prefix="answers", answers=state.answers, graded=self.is_graded
        )
        self.actions = CaseActionFormSet(
            data, prefix="actions", actions=state.actions, owners=state.owners, strict=strict
        )

    @property
    def suggested(self) -> str | None:
        return suggest_overall_grade(self.sections.grades()) if self.is_graded else None

    @property
    def suggested_label(self) -> str:
        return Grade(self.suggested).label if self.suggested else ""

    def is_valid(self) -> bool:
        sections_ok = self.sections.is_valid()
        self.audit_form.suggested = self.suggested
        valid = [sections_ok, self.audit_form.is_valid(), self.actions.is_valid()]
        self.check_week(self.audit, self.audit.week, WEEK_CLOSED_SUBMIT)
        return all(valid) and not self.errors

    def to_input(self) -> AuditInput:
        data = self.audit_form.cleaned_data
        return AuditInput(
            is_collaborative=data["is_collaborative"],
            overall_grade=data.get("overall_grade", ""),
            departure_reason=data.get("departure_reason", ""),
            working_well=data["working_well"],
            needs_to_improve=data["needs_to_improve"],
            answers=self.sections.to_input(),
            actions=self.actions.to_input(),
        )

    def show_anonymity_warnings(self) -> list[str]:
        """Warn beside each free-text field (the summaries and the evidence) that may identify
        someone: the practitioner's or auditor's name, the case reference, or anything else
        practiceweek.anonymity finds. Never an error: the footer promises no child's name, but
        the text is internal. Returns the warnings as "label: message"."""
        audit = self.audit
        names = [p.get_full_name() for p in (audit.auditor, audit.practitioner) if p is not None]
        references = [audit.case_file.case_reference]
        shown = []
        for form, fields in [
            (self.audit_form, ("departure_reason", "working_well", "needs_to_improve")),
            *[(section, ("evidence",)) for section in self.sections.forms],
        ]:
            shown += show_anonymity_warnings(
                form, fields=fields, names=names, case_references=references
            )
        return shown

    def parts(self) -> list[forms.Form]:
        return [self.audit_form, *self.sections.forms, *self.actions.forms]

    def more_errors(self) -> list[str]:
        return [str(m) for fs in (self.sections, self.actions) for m in fs.non_form_errors()]
