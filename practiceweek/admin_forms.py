"""Forms of the admin: the timetable's rows, copying a timetable, uploading case files."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, cast

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db.models import Model
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.functional import cached_property

from .access import case_reference_error
from .case_import import IMPORT_COLUMNS_HELP
from .models import CaseFile, PracticeWeek, Session, Visit
from .scheduling import Slot, find_clashes

MAX_IMPORT_BYTES = 10 * 1024 * 1024  # about 100,000 case files: far more than a council holds


def _day(value: date) -> str:
    return f"{value:%a %d %b %Y}"


class PrefetchedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that finds chosen objects in a mapping its formset loaded for all rows.

    Django looks every submitted value up with a query of its own, and an autocomplete widget
    looks it up again for its label: on a timetable of 100 rows, hundreds of queries.
    """

    # By prepare_value(obj), as a string; set by the formset. None: look up as Django does.
    prefetched: Mapping[str, Model] | None = None

    def load_chosen(self, values: Iterable[str]) -> dict[str, Model]:
        """This field's choices among the given values, in one query; {} for a tampered value."""
        if self.queryset is None:
            return {}
        key = self.to_field_name or "pk"
        try:
            found = list(self.queryset.filter(**{f"{key}__in": set(values)}))
        except (ValueError, TypeError, ValidationError):
            return {}  # a tampered value: leave every row to Django's own lookups and errors
        return {str(self.prepare_value(obj)): obj for obj in found}

    def to_python(self, value: Any) -> Model | None:
        # Only strings come from POST data; a hit was loaded from this field's own queryset,
        # so it is exactly what queryset.get() would have returned.
        if self.prefetched is not None and isinstance(value, str) and value in self.prefetched:
            return self.prefetched[value]
        return super().to_python(value)


class PrefetchedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that labels its chosen option from its field's prefetched objects.

    Django's optgroups() queries for the label of the selected value on every render.
    """

    def optgroups(
        self, name: str, value: Sequence[str], attr: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        field = self.choices.field
        known = field.prefetched if isinstance(field, PrefetchedModelChoiceField) else None
        chosen = [v for v in value if v not in field.empty_values]
        if known is None or any(v not in known for v in chosen):
            return super().optgroups(name, value, attr)
        options: list[dict[str, Any]] = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for v in chosen:
            label = field.label_from_instance(known[v])
            options.append(self.create_option(name, v, label, True, len(options)))
        return [(None, options, 0)]


class VisitForm(forms.ModelForm):
    """A timetable row, on its own page or inline in its week: its date must lie in the week."""

    class Meta:
        model = Visit
        fields = ("week", "date", "session", "team", "visitor", "purpose", "contact", "notes")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # Inline, "week" is the parent week, with the dates just entered on the same page.
        week: PracticeWeek | None = cleaned.get("week")
        day = cleaned.get("date")
        start, end = (week.start_date, week.end_date) if week else (None, None)
        if day and start and end and not start <= day <= end:
            self.add_error("date", f"Choose a date within the week: {_day(start)} to {_day(end)}.")
        return cleaned

    def validate_constraints(self) -> None:
        # A saved row sent back unchanged is what the database already holds, and the database
        # enforces these constraints: checking it again would cost two queries a row.
        if not self.instance._state.adding and not self.has_changed():
            return
        super().validate_constraints()


class VisitInlineFormSet(forms.BaseInlineFormSet):
    """Refuses a visitor booked twice in one half-day among the rows sent together.

    Clashes with visits already saved are refused row by row by the model's constraints.

    Its rows share one load of the objects they choose (see PrefetchedModelChoiceField), so a
    week's page costs the same number of queries however many visits it has.
    """

    @cached_property
    def forms(self) -> list[Any]:
        rows = super().forms
        if rows:
            self._prefetch_chosen(rows)
        return rows

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        # Django checks each row's hidden id with a query of its own, against rows this
        # formset has loaded already: let it find them in _prefetch_chosen's mapping.
        name = Visit._meta.pk.name
        plain = form.fields[name]
        assert isinstance(plain, forms.ModelChoiceField)  # as Django's add_fields() made it
        form.fields[name] = PrefetchedModelChoiceField(
            plain.queryset, initial=plain.initial, required=False, widget=plain.widget
        )

    def _prefetch_chosen(self, rows: list[Any]) -> None:
        """Give every row's choice fields one shared mapping of the objects chosen in any row."""
        pk_name = Visit._meta.pk.name
        for name, field in rows[0].fields.items():
            if not isinstance(field, PrefetchedModelChoiceField):
                continue
            if name == pk_name:
                # The formset's own rows: a subset of the field's queryset, already loaded.
                known = {str(visit.pk): visit for visit in self.get_queryset()}
            else:
                values = (form[name].value() for form in rows)
                known = field.load_chosen(str(v) for v in values if v not in field.empty_values)
            for form in rows:
                form.fields[name].prefetched = known

    def clean(self) -> None:
        super().clean()
        rows = {
            index: form
            for index, form in enumerate(self.forms)
            if form.is_valid()  # rows with errors already say what is wrong with them
            and form.cleaned_data
            and not (self.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME))
        }
        slots = [
            Slot(
                form.cleaned_data["visitor"].pk,
                form.cleaned_data["date"],
                form.cleaned_data["session"],
                key=index,
            )
            for index, form in rows.items()
        ]
        for first, second in find_clashes(slots):
            form = rows[cast(int, second.key)]
            booked = rows[cast(int, first.key)].cleaned_data
            form.add_error(
                None,
                f"{booked['visitor']} is already booked in {booked['team']} on "
                f"{_day(first.day)} ({Session(first.session).label.lower()}): nobody can be "
                "in two places in the same half-day.",
            )


class CopyTimetableForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=PracticeWeek.objects.none(),
        label="Copy the timetable of",
        help_text="Each visit keeps its day of the week. Visits that fall outside this week's "
        "dates, or would book someone twice in one half-day, are skipped.",
    )

    def __init__(self, *args: Any, target: PracticeWeek, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = cast(forms.ModelChoiceField, self.fields["source"])
        source.queryset = PracticeWeek.objects.exclude(pk=target.pk).order_by("-start_date")


class CaseFileImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file of case files",
        help_text=IMPORT_COLUMNS_HELP,
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        validators=[FileExtensionValidator(allowed_extensions=["csv"])],
    )
    dry_run = forms.BooleanField(
        label="Check only (dry run)",
        required=False,
        help_text="Check every row and list the problems, without saving anything.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB: split it into parts.")
        return upload


class CaseFileForm(forms.ModelForm):
    """A case file typed in the admin: its reference must match CASE_REFERENCE_PATTERN."""

    class Meta:
        model = CaseFile
        fields = (
            "case_reference",
            "case_type",
            "team",
            "allocated_worker",
            "is_open",
            "opened_on",
            "closed_on",
            "last_audited_on",
        )

    def clean_case_reference(self) -> str:
        reference = str(self.cleaned_data["case_reference"]).strip()
        if problem := case_reference_error(reference):
            raise ValidationError(problem)
        return reference
