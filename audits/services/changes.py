"""What a save changes, compared with what the database holds: the plan, its writes (behind
the optimistic lock of practiceweek.drafts) and its description in words for the history of
a submitted audit."""

from dataclasses import dataclass
from datetime import date

from django.utils.dateformat import format as date_format

from practiceweek import history
from practiceweek.grades import suggest_overall_grade
from practiceweek.history import grade_words
from practiceweek.models import User

from ..models import Audit, CaseAction, SectionAnswer
from .values import ActionInput, AnswerInput, AuditInput

AUDIT_FIELD_WORDS = {
    "is_collaborative": "Collaborative (practitioner present)",
    "overall_grade": "Overall grade",
    "departure_reason": "Reason for departing from the suggested grade",
    "working_well": "What is working well",
    "needs_to_improve": "What needs to improve",
}


@dataclass
class SavePlan:
    """What a save would change, compared with what the database holds."""

    fields: dict[str, object]  # the audit's own fields that change, new values
    answers: list[tuple[SectionAnswer, AnswerInput]]
    created: list[ActionInput]
    updated: list[tuple[int, CaseAction, ActionInput]]  # (position, action, new values)
    deleted: list[tuple[int, CaseAction]]
    grades: list[str]  # every section grade after the save

    @property
    def is_empty(self) -> bool:
        return not (self.fields or self.answers or self.created or self.updated or self.deleted)


def plan_save(
    *, audit: Audit, answers: list[SectionAnswer], actions: list[CaseAction], data: AuditInput
) -> SavePlan:
    """Compare the form's data with the audit, its answers and actions (as loaded).

    New actions count only when complete; an existing action changes only to complete values
    (a half-typed change stays on the page); ids not among `actions` are ignored.
    """
    wanted = {
        "is_collaborative": data.is_collaborative,
        "overall_grade": data.overall_grade if audit.template.is_graded else "",
        "departure_reason": data.departure_reason,
        "working_well": data.working_well,
        "needs_to_improve": data.needs_to_improve,
    }
    fields = {k: v for k, v in wanted.items() if getattr(audit, k) != v}
    given = {a.answer_id: a for a in data.answers}
    changed = [
        (answer, given[answer.pk])
        for answer in answers
        if answer.pk in given
        and (answer.grade, answer.evidence) != (given[answer.pk].grade, given[answer.pk].evidence)
    ]
    grades = [given[a.pk].grade if a.pk in given else a.grade for a in answers]
    plan = SavePlan(fields, changed, [], [], [], grades)
    position = {a.pk: n for n, a in enumerate(actions, start=1)}
    existing = {a.pk: a for a in actions}
    for item in data.actions:
        action = existing.get(item.action_id) if item.action_id else None
        if action is None:
            if item.is_complete and not item.delete and not item.action_id:
                plan.created.append(item)
        elif item.delete:
            plan.deleted.append((position[action.pk], action))
        elif item.is_complete and (action.description, action.owner_id, action.due_on) != (
            item.description,
            item.owner_id,
            item.due_on,
        ):
            plan.updated.append((position[action.pk], action, item))
    return plan


def apply_plan(*, audit: Audit, plan: SavePlan) -> dict[str, int]:
    """Write the answers and actions of a plan; returns the new actions' ids by form prefix."""
    for answer, given in plan.answers:
        answer.grade, answer.evidence = given.grade, given.evidence
    if plan.answers:
        SectionAnswer.objects.bulk_update([a for a, _ in plan.answers], ["grade", "evidence"])
    for _, action, change in plan.updated:
        copy_action(change, action)
    if plan.updated:
        CaseAction.objects.bulk_update(
            [a for _, a, _ in plan.updated], ["description", "owner", "due_on"]
        )
    if plan.deleted:
        CaseAction.objects.filter(audit=audit, pk__in=[a.pk for _, a in plan.deleted]).delete()
    created = CaseAction.objects.bulk_create(
        copy_action(item, CaseAction(audit=audit)) for item in plan.created
    )
    return {item.key: action.pk for item, action in zip(plan.created, created, strict=True)}


def copy_action(item: ActionInput, action: CaseAction) -> CaseAction:
    # Only complete actions are planned for writing: what, who and by when are all there.
    assert item.owner_id is not None and item.due_on is not None
    action.description, action.owner_id, action.due_on = (
        item.description,
        item.owner_id,
        item.due_on,
    )
    return action


def suggested_code(plan: SavePlan) -> str:
    return suggest_overall_grade(plan.grades) or ""


# --- History in words ----------------------------------------------------------------------


def _date_words(day: date | None) -> str:
    return date_format(day, "j F Y") if day else ""


def _action_words(description: str, owner: str, due_on: date | None) -> str:
    return f"{description} ({owner}, by {_date_words(due_on)})"


def describe_plan(*, plan: SavePlan, audit: Audit) -> list[tuple[str, str, str]]:
    """(what changed in words, before, after) for every change of a plan, grades as labels."""
    owner_ids = {i.owner_id for i in plan.created} | {i.owner_id for _, _, i in plan.updated}
    owner_ids |= {a.owner_id for _, a, _ in plan.updated} | {a.owner_id for _, a in plan.deleted}
    wanted = [pk for pk in owner_ids if pk is not None]
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=wanted)} if wanted else {}
    rows: list[tuple[str, str, str]] = []
    for name, after in plan.fields.items():
        before = getattr(audit, name)
        if name == "overall_grade":
            rows.append(
                (
                    AUDIT_FIELD_WORDS[name],
                    grade_words(before),
                    grade_words(str(after)),
                )
            )
        elif name == "is_collaborative":
            rows.append(
                (AUDIT_FIELD_WORDS[name], "Yes" if before else "No", "Yes" if after else "No")
            )
        else:
            rows.append((AUDIT_FIELD_WORDS[name], before, str(after)))
    for answer, given in plan.answers:
        title = answer.section.title
        if answer.grade != given.grade:
            rows.append(
                (
                    f"{title}: grade",
                    grade_words(answer.grade),
                    grade_words(given.grade),
                )
            )
        if answer.evidence != given.evidence:
            rows.append((f"{title}: evidence", answer.evidence, given.evidence))
    for n, action, change in plan.updated:
        pairs = [
            ("what needs to happen", action.description, change.description),
            ("owner", names.get(action.owner_id, ""), names.get(change.owner_id or 0, "")),
            ("due date", _date_words(action.due_on), _date_words(change.due_on)),
        ]
        rows += [(f"Action {n}: {what}", b, a) for what, b, a in pairs if b != a]
    for _, action in plan.deleted:
        before = _action_words(action.description, names.get(action.owner_id, ""), action.due_on)
        rows.append(("Action removed", before, ""))
    for added in plan.created:
        after = _action_words(added.description, names.get(added.owner_id or 0, ""), added.due_on)
        rows.append(("Action added", "", after))
    return [(history.label(what), before, after) for what, before, after in rows]
