"""What a save changes, compared with what the database holds: the plan, its writes (behind
the optimistic lock of practiceweek.drafts) and its description in words for the history of
a submitted observation."""

from dataclasses import dataclass

from practiceweek import history
from practiceweek.history import grade_words
from practiceweek.models import CaseFile, User

from ..models import CategoryNote, Observation, ObservationPractitioner, Setting
from .values import NoteInput, ObservationInput

FIELD_WORDS = {
    "setting": "Setting",
    "setting_other": "Describe the setting",
    "case_file_id": "Linked case file",
    "overall_grade": "Overall grade",
    "feedback_given": "Immediate feedback given in person",
    "feedback_summary": "What was said",
}
PRACTITIONERS_WORDS = "Practitioners observed"


@dataclass
class SavePlan:
    """What a save would change, compared with what the database holds."""

    fields: dict[str, object]  # the observation's own fields that change, new values
    notes: list[tuple[CategoryNote, NoteInput]]  # notes that change, with their new text
    added: list[int]  # ids of practitioners to add
    removed: list[int]  # ids of practitioners to remove
    written: bool  # some category holds text after the save

    @property
    def is_empty(self) -> bool:
        return not (self.fields or self.notes or self.added or self.removed)


def plan_save(
    *,
    observation: Observation,
    notes: list[CategoryNote],
    practitioner_ids: list[int],
    data: ObservationInput,
) -> SavePlan:
    """Compare the form's data with the observation, its notes and practitioners (as loaded).
    Note ids not among `notes` are ignored; an ungraded observation's grade stays blank."""
    wanted: dict[str, object] = {
        "setting": data.setting,
        "setting_other": data.setting_other if data.setting == Setting.OTHER else "",
        "case_file_id": data.case_file_id,
        "overall_grade": data.overall_grade if observation.is_graded else "",
        "feedback_given": data.feedback_given,
        "feedback_summary": data.feedback_summary,
    }
    fields = {k: v for k, v in wanted.items() if getattr(observation, k) != v}
    given = {n.note_id: n for n in data.notes}
    changed = [
        (note, given[note.pk])
        for note in notes
        if note.pk in given
        and (note.strengths, note.areas_for_development)
        != (given[note.pk].strengths, given[note.pk].areas_for_development)
    ]
    after = [
        (given[n.pk].strengths, given[n.pk].areas_for_development)
        if n.pk in given
        else (n.strengths, n.areas_for_development)
        for n in notes
    ]
    wanted_ids = list(dict.fromkeys(data.practitioner_ids))  # once each, in order
    return SavePlan(
        fields=fields,
        notes=changed,
        added=[pk for pk in wanted_ids if pk not in practitioner_ids],
        removed=[pk for pk in practitioner_ids if pk not in wanted_ids],
        written=any(text.strip() for pair in after for text in pair),
    )


def apply_plan(*, observation: Observation, plan: SavePlan) -> None:
    """Write the notes and practitioners of a plan (the observation's own fields go with the
    version bump)."""
    for note, given in plan.notes:
        note.strengths, note.areas_for_development = given.strengths, given.areas_for_development
    if plan.notes:
        CategoryNote.objects.bulk_update(
            [n for n, _ in plan.notes], ["strengths", "areas_for_development"]
        )
    if plan.removed:
        ObservationPractitioner.objects.filter(
            observation=observation, practitioner_id__in=plan.removed
        ).delete()
    if plan.added:
        ObservationPractitioner.objects.bulk_create(
            ObservationPractitioner(observation=observation, practitioner_id=pk)
            for pk in plan.added
        )


# --- History in words ----------------------------------------------------------------------


def _yes_no(value: object) -> str:
    if value is None:
        return "Not answered"
    return "Yes" if value else "No"


def _field_words(name: str, value: object, references: dict[int, str]) -> str:
    if name == "setting":
        return Setting(str(value)).label if value else ""
    if name == "case_file_id":
        return references.get(value, "") if isinstance(value, int) else ""
    if name == "overall_grade":
        return grade_words(str(value))
    if name == "feedback_given":
        return _yes_no(value)
    return str(value)


def describe_plan(
    *, plan: SavePlan, observation: Observation, practitioners: list[User]
) -> list[tuple[str, str, str]]:
    """(what changed in words, before, after) for every change of a plan: grades, settings and
    yes/no as words, people by name, a case file by its reference. At most two queries."""
    file_ids = [observation.case_file_id, plan.fields.get("case_file_id")]
    wanted_files = [pk for pk in file_ids if isinstance(pk, int)]
    references = (
        dict(CaseFile.objects.filter(pk__in=wanted_files).values_list("pk", "case_reference"))
        if "case_file_id" in plan.fields and wanted_files
        else {}
    )
    rows = [
        (
            FIELD_WORDS[name],
            _field_words(name, getattr(observation, name), references),
            _field_words(name, after, references),
        )
        for name, after in plan.fields.items()
    ]
    if plan.added or plan.removed:
        names = {p.pk: str(p) for p in practitioners}
        if plan.added:
            names |= {u.pk: str(u) for u in User.objects.filter(pk__in=plan.added)}
        before_ids = [p.pk for p in practitioners]
        after_ids = [pk for pk in before_ids if pk not in plan.removed] + plan.added
        rows.append(
            (
                PRACTITIONERS_WORDS,
                ", ".join(names[pk] for pk in before_ids),
                ", ".join(names[pk] for pk in after_ids),
            )
        )
    for note, given in plan.notes:
        title = note.category.title
        if note.strengths != given.strengths:
            rows.append((f"{title}: strengths", note.strengths, given.strengths))
        if note.areas_for_development != given.areas_for_development:
            rows.append(
                (
                    f"{title}: areas for development",
                    note.areas_for_development,
                    given.areas_for_development,
                )
            )
    return [(history.label(what), before, after) for what, before, after in rows]
