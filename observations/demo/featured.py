"""Observations written out in full: the ones the demo shows off, with their case examples.

Two of them observe the demo's practitioner log-in in the live week, so that she has the whole
feedback loop to see: one graded Outstanding, one Good with a mother's words, flagged as a case
example and left for her to acknowledge (`ellie.shaw`, the practitioner log-in in the README).

The observations themselves are data, in `featured.json` next to this file: edit them there.
This module says what a featured observation is and reads the file. In the file, "week" is
"live" or "past", a setting, a relationship and a case example's kind are their stored values.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from practiceweek.demo.data import LIVE_WEEK_SLUG, PAST_WEEK_SLUG
from practiceweek.grades import GOOD

from .words import Pools, pools


@dataclass(frozen=True)
class ExampleSpec:
    """A case example: its title and anonymised write-up, and whether the QA lead approved it."""

    title: str
    kind: str
    write_up: str
    is_approved: bool


@dataclass(frozen=True)
class Featured:
    """An observation written out in full, on the `visit_index`-th observing visit of a team.

    `practitioners` are usernames; "*" is the next practitioner of the team in turn.
    """

    key: str
    week_slug: str
    team_name: str
    visit_index: int
    setting: str
    practitioners: tuple[str, ...]
    notes: dict[str, Pools]
    summary: str
    grade: str = GOOD
    setting_other: str = ""
    voices: tuple[tuple[str, str, int], ...] = ()  # (relationship, words, rating)
    acknowledged: bool = True  # by then; False: left for the demo's practitioner to do
    reflection: str = ""
    example: ExampleSpec | None = None


WEEK_SLUGS = {"live": LIVE_WEEK_SLUG, "past": PAST_WEEK_SLUG}


def _example(raw: dict[str, Any]) -> ExampleSpec:
    return ExampleSpec(raw["title"], raw["kind"], raw["write_up"], raw["is_approved"])


def _featured(raw: dict[str, Any]) -> Featured:
    example = raw.get("example")
    return Featured(
        key=raw["key"],
        week_slug=WEEK_SLUGS[raw["week"]],
        team_name=raw["team_name"],
        visit_index=raw["visit_index"],
        setting=raw["setting"],
        practitioners=tuple(raw["practitioners"]),
        notes={title: pools(notes) for title, notes in raw["notes"].items()},
        summary=raw["summary"],
        grade=raw.get("grade", GOOD),
        setting_other=raw.get("setting_other", ""),
        voices=tuple((v["relationship"], v["words"], v["rating"]) for v in raw.get("voices", ())),
        acknowledged=raw.get("acknowledged", True),
        reflection=raw.get("reflection", ""),
        example=None if example is None else _example(example),
    )


FEATURED_FILE = Path(__file__).with_name("featured.json")


def load_featured(
    path: Path = FEATURED_FILE,
) -> tuple[tuple[Featured, ...], ExampleSpec]:
    """The featured observations, and the case example taken from an audit, from `path`."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return tuple(_featured(f) for f in raw["featured"]), _example(raw["audit_example"])


# The last, `AUDIT_EXAMPLE`, is a case example from an audit of the past week: the best file an
# auditor read.
FEATURED, AUDIT_EXAMPLE = load_featured()
