"""Forms of the admin: the timetable's rows, copying a timetable, uploading case files."""

from datetime import date
from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator

from .case_import import IMPORT_COLUMNS_HELP
from .models import PracticeWeek, Session, Visit
from .scheduling import Slot, find_clashes

MAX_IMPORT_BYTES = 10 * 1024 * 1024  # about 100,000 case files: far more than a council holds


def _day(value: date) -> str:
    return f"{value:%a %d %b %Y}"


class VisitForm(forms.ModelForm):
    """A timetable row, on its own page or inline in its week: its date must lie in the week."""

    class Meta:
        model = Visit
        fields = ("week", "date", "session", "team", "visitor", "purpose", "contact", "notes")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Inline, "week" is the parent week, with the dates just entered on the same page.
        week: PracticeWeek | None = cleaned.get("week")
        day = cleaned.get("date")
        start, end = (week.start_date, week.end_date) if week else (None, None)
        if day and start and end and not start <= day <= end:
            self.add_error("date", f"Choose a date within the week: {_day(start)} to {_day(end)}.")
        return cleaned


class VisitInlineFormSet(forms.BaseInlineFormSet):
    """Refuses a visitor booked twice in one half-day among the rows sent together.

    Clashes with visits already saved are refused row by row by the model's constraints.
    """

    def clean(self) -> None:
        super().clean()
        rows = {
            index: form
            for index, form in enumerate(self.forms)
            if form.is_valid()  # rows with errors already say what is wrong with them
            and form.cleaned_data
            and not self._should_delete_form(form)
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
            form = rows[second.key]
            booked = rows[first.key].cleaned_data
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
        self.fields["source"].queryset = PracticeWeek.objects.exclude(pk=target.pk).order_by(
            "-start_date"
        )


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
