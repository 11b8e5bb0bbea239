from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from .services import MAX_FILES_PER_SELECTION


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
