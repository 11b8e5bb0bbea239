"""Case examples of good or innovative practice: flagging one (with the anonymity check), a QA
lead's decision, and who may read them.

Rules (each is a function in observations/access.py):
- The observer of a submitted observation, the auditor of a submitted audit, or a QA
  administrator flags it, with a title, an anonymised write-up and the confirmation tick. One
  case example per observation or audit: flagging again changes the one waiting for approval
  (or the declined one, which goes back for approval); an approved one is not changed.
- A QA administrator approves it or declines it with a reason.
- Approved case examples: every signed-in member of staff. Waiting or declined: whoever
  flagged it, the observer or auditor of the work, QA administrators and the team's Team
  Manager and Service Manager; the practitioner(s) while it waits (not once declined).

Reports read `approved_case_examples(week=...)`.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from audits.models import Audit
from audits.selectors import audits_visible_to
from practiceweek.anonymity import anonymity_errors
from practiceweek.models import PracticeWeek, User

from .access import (
    can_decide_case_examples,
    can_edit_case_example,
    can_flag_case_example,
    can_see_case_example,
    is_involved_in_case_example,
)
from .models import TEXT_MAX_LENGTH, CaseExample, Observation, ObservationPractitioner
from .selectors import observations_visible_to

TITLE_MAX_LENGTH = CaseExample._meta.get_field("title").max_length or 160
DECISION_NOTE_MAX_LENGTH = 2000  # characters: a few sentences to the author


# --- Who may read which (one loaded case example: observations.access.can_see_case_example)


def case_examples_visible_to(user: User) -> QuerySet[CaseExample]:
    """Case examples a person may read (see the module's rules). Scrutiny panel members: none
    (the middleware keeps them out anyway)."""
    examples = CaseExample.objects.all()
    if user.is_scrutiny_member:
        return examples.none()
    if user.is_qa_admin:
        return examples
    observed = ObservationPractitioner.objects.filter(practitioner=user).values("observation_id")
    praised = ~Q(status=CaseExample.Status.DECLINED)  # waiting or approved: praise for them
    return examples.filter(
        Q(status=CaseExample.Status.APPROVED)
        | Q(flagged_by=user)
        | Q(observation__observer=user)
        | Q(audit__auditor=user)
        | (praised & (Q(observation_id__in=observed) | Q(audit__practitioner=user)))
        | Q(team__manager=user)
        | Q(team__service_manager=user)
    )


def audit_page_case_example(audit: Audit, user: User) -> dict[str, object]:
    """The audit page's case example (`audits.extras`), for an audit loaded with its
    `case_example`: the one flagged from the audit if the person may read it (else None), and
    whether they may flag one (`can_flag_case_example`, of an audit none was flagged from).
    No query."""
    flagged = getattr(audit, "case_example", None)  # reverse one-to-one: absent unless flagged
    visible = flagged is not None and can_see_case_example(
        user,
        flagged,
        author_id=audit.auditor_id,
        team=audit.team,
        practitioner_ids={audit.practitioner_id} if audit.practitioner_id else set(),
    )
    return {
        "case_example": flagged if visible else None,
        "may_flag_case_example": flagged is None
        and can_flag_case_example(user, CaseExampleSource(audit=audit)),
    }


# --- What a case example comes from -----------------------------------------------------------


@dataclass(frozen=True)
class CaseExampleSource:
    """The observation or the audit (exactly one) a case example is flagged from."""

    observation: Observation | None = None
    audit: Audit | None = None

    @property
    def work(self) -> Observation | Audit:
        work = self.observation or self.audit
        assert work is not None, "a source names an observation or an audit"
        return work

    @property
    def is_submitted(self) -> bool:
        return self.work.is_submitted

    @property
    def author_id(self) -> int:
        if self.observation is not None:
            return self.observation.observer_id
        return self.work.auditor_id  # type: ignore[union-attr]  # an audit here

    @property
    def case_example(self) -> CaseExample | None:
        return getattr(self.work, "case_example", None)  # reverse one-to-one: may be absent

    @property
    def people(self) -> list[User]:
        """Everyone involved whose name must not appear in the write-up."""
        case_file = self.work.case_file
        people: list[User | None] = [case_file.allocated_worker if case_file else None]
        if self.observation is not None:
            people += [self.observation.observer]
            people += [o.practitioner for o in self.observation.observed.all()]
        elif self.audit is not None:
            people += [self.audit.auditor, self.audit.practitioner]
        return [p for p in people if p is not None]

    @property
    def case_references(self) -> list[str]:
        case_file = self.work.case_file
        return [case_file.case_reference] if case_file else []

    def describe(self) -> str:
        """What it is, in words with no free text: "the observation of a home visit on ..."."""
        if self.observation is not None:
            setting = self.observation.get_setting_display().lower()
            return f"the observation of {setting} on {_day(self.observation.observed_on)}"
        return f"the audit of {_day(self.work.audited_on)}"  # type: ignore[union-attr]


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"  # "3 March 2026": no zero, on every platform


def case_example_source(
    user: User, *, observation_id: int | None = None, audit_id: int | None = None
) -> CaseExampleSource:
    """The observation or audit the person may read, with what flagging it checks: two queries.

    Raises Observation.DoesNotExist / Audit.DoesNotExist when it does not exist or the person
    may not read it, and ValueError unless exactly one id is given.
    """
    if (observation_id is None) == (audit_id is None):
        raise ValueError("name an observation or an audit")
    if observation_id is not None:
        observation = (
            observations_visible_to(user)
            .select_related("observer", "team", "case_file__allocated_worker", "case_example")
            .prefetch_related(
                Prefetch(
                    "observed",
                    queryset=ObservationPractitioner.objects.select_related("practitioner"),
                )
            )
            .get(pk=observation_id)
        )
        return CaseExampleSource(observation=observation)
    assert audit_id is not None
    audit = (
        audits_visible_to(user)
        .select_related(
            "auditor", "practitioner", "team", "case_file__allocated_worker", "case_example"
        )
        .get(pk=audit_id)
    )
    return CaseExampleSource(audit=audit)


# --- Writes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseExampleInput:
    kind: str
    title: str
    write_up: str
    anonymised_confirmed: bool


def _check(*, source: CaseExampleSource, data: CaseExampleInput) -> None:
    """Raise ValidationError (messages per field) unless the case example may be saved."""
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = ["Give the case example a short title."]
    elif len(data.title) > TITLE_MAX_LENGTH:
        errors["title"] = [f"Keep the title to {TITLE_MAX_LENGTH} characters."]
    if not data.write_up.strip():
        errors["write_up"] = ["Write up the practice you saw, anonymised."]
    elif len(data.write_up) > TEXT_MAX_LENGTH:
        errors["write_up"] = [f"Keep the write-up to {TEXT_MAX_LENGTH:,} characters."]
    if data.kind not in CaseExample.Kind.values:
        errors["kind"] = ["Choose good practice or innovative practice."]
    found = anonymity_errors(
        fields={"title": data.title, "write_up": data.write_up},
        confirmed=data.anonymised_confirmed,
        names=[p.get_full_name() for p in source.people],
        case_references=source.case_references,
    )
    for field, messages in found.items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def case_example_flag(
    *, source: CaseExampleSource, user: User, data: CaseExampleInput
) -> CaseExample:
    """Flag submitted work as a case example, or change the one waiting for approval.

    A declined case example, once changed, waits for approval again. Raises PermissionDenied
    unless `can_flag_case_example`; ValidationError (per field, nothing saved) on a missing or
    over-long title or write-up, identifying text (see observations.anonymity), or when the
    work's case example is already approved.
    """
    if not can_flag_case_example(user, source):
        raise PermissionDenied("Only the observer, the auditor or a QA lead flags this.")
    existing = source.case_example
    if existing is not None and existing.is_approved:
        raise ValidationError("This case example is already approved: it cannot be changed.")
    _check(source=source, data=data)
    fields = {
        "kind": data.kind,
        "title": data.title.strip(),
        "write_up": data.write_up.strip(),
        "anonymised_confirmed": True,
    }
    if existing is not None:
        return _change(existing, fields)
    work = source.work
    try:
        with transaction.atomic():
            return CaseExample.objects.create(
                observation=source.observation,
                audit=source.audit,
                team_id=work.team_id,
                week_id=work.week_id,
                flagged_by=user,
                **fields,
            )
    except IntegrityError as exc:  # flagged by someone else a moment ago
        raise ValidationError(
            "This work was flagged as a case example meanwhile: reload the page to change it."
        ) from exc


def _change(example: CaseExample, fields: dict[str, object]) -> CaseExample:
    # A guarded UPDATE: a QA lead approving it meanwhile wins, and the change is refused.
    changed = (
        CaseExample.objects.filter(pk=example.pk)
        .exclude(status=CaseExample.Status.APPROVED)
        .update(
            **fields,
            status=CaseExample.Status.PENDING,
            decided_by=None,
            decided_at=None,
            decision_note="",
        )
    )
    if not changed:
        raise ValidationError("This case example was approved meanwhile: it cannot be changed.")
    example.refresh_from_db()
    return example


def case_example_decide(
    *,
    case_example: CaseExample,
    user: User,
    approve: bool,
    reason: str = "",
    now: datetime | None = None,
) -> CaseExample:
    """A QA administrator approves a waiting case example, or declines it with a reason (which
    its author reads). Records who decided and when.

    Raises PermissionDenied for anyone else; ValidationError when declining without a reason,
    with a reason over DECISION_NOTE_MAX_LENGTH characters, or when it was already decided.
    """
    if not can_decide_case_examples(user):
        raise PermissionDenied("Only a QA lead approves case examples.")
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": "Say why it is not approved: its author reads this."})
    if len(reason) > DECISION_NOTE_MAX_LENGTH:
        raise ValidationError(
            {"reason": f"Keep the reason to {DECISION_NOTE_MAX_LENGTH:,} characters."}
        )
    status = CaseExample.Status.APPROVED if approve else CaseExample.Status.DECLINED
    decided = CaseExample.objects.filter(
        pk=case_example.pk, status=CaseExample.Status.PENDING
    ).update(
        status=status,
        decided_by=user,
        decided_at=now or timezone.now(),
        decision_note="" if approve else reason,
    )
    if not decided:
        raise ValidationError("This case example was decided meanwhile: reload the page.")
    case_example.refresh_from_db()
    return case_example


# --- Reads for the pages and the report --------------------------------------------------------


def case_example_reading_queryset(user: User) -> QuerySet[CaseExample]:
    """Case examples the person may read, with all their page shows: two queries for one."""
    return (
        case_examples_visible_to(user)
        .select_related("team__service", "week", "flagged_by", "decided_by", "observation", "audit")
        .prefetch_related("observation__observed")
    )


@dataclass(frozen=True)
class CaseExamplePage:
    case_example: CaseExample
    is_involved: bool  # sees who flagged it, its decision and the work it comes from
    may_edit: bool  # its author or a QA lead, until it is approved
    may_decide: bool  # a QA lead, while it waits


def case_example_page(*, case_example: CaseExample, user: User) -> CaseExamplePage:
    """The case example page of one loaded by `case_example_reading_queryset`: no query."""
    if case_example.observation is not None:
        practitioner_ids = {o.practitioner_id for o in case_example.observation.observed.all()}
        author_id = case_example.observation.observer_id
    else:
        assert case_example.audit is not None
        practitioner_ids = {case_example.audit.practitioner_id} - {None}  # type: ignore[assignment]
        author_id = case_example.audit.auditor_id
    involved = is_involved_in_case_example(
        user,
        flagged_by_id=case_example.flagged_by_id,
        author_id=author_id,
        practitioner_ids=practitioner_ids,
        team=case_example.team,
    )
    return CaseExamplePage(
        case_example=case_example,
        is_involved=involved,
        may_edit=can_edit_case_example(user, case_example, author_id=author_id),
        may_decide=can_decide_case_examples(user)
        and case_example.status == CaseExample.Status.PENDING,
    )


@dataclass(frozen=True)
class CaseExampleList:
    approved: list[CaseExample]  # newest week first, then by service and title
    waiting: list[CaseExample]  # waiting for a QA lead's approval, oldest first
    declined: list[CaseExample]  # newest first


def case_example_list(user: User) -> CaseExampleList:
    """The case examples a person may read, in the three groups of the list page: one query."""
    examples = case_examples_visible_to(user).select_related("team__service", "week", "flagged_by")
    approved: list[CaseExample] = []
    waiting: list[CaseExample] = []
    declined: list[CaseExample] = []
    ordered = examples.order_by(  # grouped by week on the page: one week's rows together
        F("week__start_date").desc(nulls_last=True), "week_id", "team__service__name", "title", "pk"
    )
    for example in ordered:
        {
            CaseExample.Status.APPROVED: approved,
            CaseExample.Status.PENDING: waiting,
            CaseExample.Status.DECLINED: declined,
        }[CaseExample.Status(example.status)].append(example)
    waiting.sort(key=lambda e: (e.flagged_at, e.pk))
    declined.sort(key=lambda e: (e.decided_at or e.flagged_at, e.pk), reverse=True)
    return CaseExampleList(approved=approved, waiting=waiting, declined=declined)


def approved_case_examples(*, week: PracticeWeek) -> list[CaseExample]:
    """The week's approved case examples, by service, team and title, with their team and
    service: one query. What the report shares."""
    return list(
        CaseExample.objects.filter(week=week, status=CaseExample.Status.APPROVED)
        .select_related("team__service")
        .order_by("team__service__name", "team__name", "title", "pk")
    )
