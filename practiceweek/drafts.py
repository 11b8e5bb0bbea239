"""Versioned drafts: the kernel every piece of recorded work saves through (audits,
observations, reports, and whatever comes next).

- Optimistic locking: a record has a `version`; every save names the version it was based on,
  and one conditional UPDATE (`bump_version`) moves it on. A stale save is refused with the one
  `DraftConflict`, never silently overwritten; the page keeps the text the person typed.
- Idempotent start: a record made from a page carries the page's `client_token`; a second
  request with the same token (double click, resent request, two copies racing) returns the
  record the first one made (`StartToken`).
- Idempotent submit: a record already submitted is returned unchanged by the caller, under the
  row lock (`lock`).
- Autosave and the offline replay contract of `static/practiceweek/autosave.js`: the JSON a
  save answers (`SaveResult.as_json`); the 400 / 409 answers of a refused one are in
  `practiceweek/draft_views.py`. The script resends what it kept offline with the version it
  last heard; a resend that changes nothing succeeds whatever its version.

Apps keep only what really differs: their fields, what a save plans to change, their rules.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from .models import PracticeWeek, RecordedWork, User

logger = logging.getLogger(__name__)  # ids and events only: never what was written


def hhmm(moment: datetime) -> str:
    """Local wall-clock time, e.g. "10:32"."""
    return timezone.localtime(moment).strftime("%H:%M")


def noun(record: models.Model) -> str:
    """What the person calls the record ("audit", "observation", "report")."""
    return str(record._meta.verbose_name)


class DraftConflict(Exception):
    """The record was saved (or submitted) by someone else since the page was loaded."""

    def __init__(self, *, noun: str, saved_at: datetime | None, submitted: bool = False) -> None:
        self.noun = noun
        self.saved_at = saved_at
        self.submitted = submitted
        super().__init__(self.message)

    @property
    def message(self) -> str:
        when = hhmm(self.saved_at) if self.saved_at else "a moment ago"
        if self.submitted:
            return (
                f"This {self.noun} was submitted at {when}. Your text is still here: copy "
                "anything you need, then reload to see the submitted version."
            )
        return (
            f"Someone else saved this {self.noun} at {when}. Your text is still here: copy "
            "anything you need, then reload to see their version."
        )


@dataclass(frozen=True)
class Edit:
    """One save of a record from a page, as every save service takes it: who saves, the
    `version` the page was based on (the optimistic lock), and when (now, unless a test or a
    replay names the moment)."""

    editor: User
    expected_version: int
    now: datetime = field(default_factory=timezone.now)


# --- The optimistic lock ---------------------------------------------------------------------


def bump_version(record: models.Model, *, from_version: int, now: datetime, **fields: Any) -> bool:
    """One conditional UPDATE that names the version it read: True when it won.

    On success the record in hand carries the new fields, version and `updated_at`.
    """
    updated = (
        type(record)
        ._default_manager.filter(pk=record.pk, version=from_version)
        .update(version=F("version") + 1, updated_at=now, **fields)
    )
    if updated:
        for name, value in fields.items():
            setattr(record, name, value)
        record.version, record.updated_at = from_version + 1, now  # type: ignore[attr-defined]
    return bool(updated)


def conflict_for(record: models.Model) -> DraftConflict:
    """The refusal of a stale save, naming when (and whether as a submission) it was saved."""
    current = type(record)._default_manager.filter(pk=record.pk).first()
    return DraftConflict(
        noun=noun(record),
        saved_at=getattr(current, "updated_at", None),
        submitted=bool(getattr(current, "is_submitted", False)),
    )


def save_over(record: models.Model, edit: Edit, /, **fields: Any) -> None:
    """A draft save: bump the version the edit's page named, or refuse with DraftConflict.

    Submitting bumps the version too, so a draft save can never undo a submission; a record
    already submitted is refused as well.
    """
    if getattr(record, "is_submitted", False) or not bump_version(
        record, from_version=edit.expected_version, now=edit.now, **fields
    ):
        raise conflict_for(record)


def lock[R: models.Model](queryset: models.QuerySet[R], record: models.Model) -> R:
    """The record's row, locked until the transaction ends (its own row only)."""
    return queryset.select_for_update(of=("self",)).get(pk=record.pk)


def fresh_version(locked: models.Model, *, expected_version: int, changes_nothing: bool) -> int:
    """The version to save over, under the row lock: a stale page may only go on if it
    changes nothing (a resent submit whose answer was lost)."""
    version: int = locked.version  # type: ignore[attr-defined]
    if version != expected_version and not changes_nothing:
        raise DraftConflict(noun=noun(locked), saved_at=locked.updated_at)  # type: ignore[attr-defined]
    return version


def mark_submitted(
    locked: models.Model, edit: Edit, /, *, changes_nothing: bool, **fields: Any
) -> None:
    """Write a locked draft's last changes as its submission: status, time, new version.

    The page's version must be current unless the submission changes nothing (a resent
    submit); else DraftConflict. A submission bumps the version, so no draft save made on an
    older page can undo it.
    """
    from_version = fresh_version(
        locked, expected_version=edit.expected_version, changes_nothing=changes_nothing
    )
    status, now = RecordedWork.Status.SUBMITTED, edit.now
    bump_version(
        locked, from_version=from_version, now=now, status=status, submitted_at=now, **fields
    )


def refuse_unless_live(week: PracticeWeek | None, message: str) -> None:
    """A record of a practice week is submitted only while the week is live."""
    if week is not None and week.status != PracticeWeek.Status.LIVE:
        raise ValidationError(message)


def require_submitted(locked: models.Model) -> None:
    """A change after submission needs a submitted record: a draft here means the page is
    stale (it was reset, or never submitted), so refuse it as a conflict."""
    if not getattr(locked, "is_submitted", False):
        raise DraftConflict(noun=noun(locked), saved_at=locked.updated_at)  # type: ignore[attr-defined]


# --- Idempotent start ------------------------------------------------------------------------

ALREADY_USED = "This form was already used: reload the page and start again."


@dataclass(frozen=True)
class StartToken[R: models.Model]:
    """The page's token of a record being started, and whose record it is."""

    model: type[R]
    client_token: uuid.UUID
    owner_field: str  # the record's foreign key to the person starting it, e.g. "auditor"
    owner: models.Model

    def started(self) -> R | None:
        """The record this token already made, or None.

        Raises ValidationError when the token made someone else's record (a copied page).
        """
        record = self.model._default_manager.filter(client_token=self.client_token).first()
        if record is not None and getattr(record, f"{self.owner_field}_id") != self.owner.pk:
            raise ValidationError(ALREADY_USED)
        return record

    def create_once(self, create: Callable[[], R]) -> R:
        """Run `create` in a transaction; if a copy of the same request won the race (the
        token is unique), return what it made instead."""
        try:
            with transaction.atomic():
                record = create()
        except IntegrityError:
            existing = self.started()
            if existing is None:
                raise
            return existing
        logger.info("%s %s started by user %s", noun(record), record.pk, self.owner.pk)
        return record


# --- What a save answers ---------------------------------------------------------------------


@dataclass(frozen=True)
class SaveResult:
    """What a draft save answers; `as_json` is what autosave.js reads back."""

    version: int
    saved_at: datetime

    def as_json(self) -> dict[str, object]:
        return {"version": self.version, "saved_at": hhmm(self.saved_at)}
