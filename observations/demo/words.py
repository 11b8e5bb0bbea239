"""What the demo's observers, practitioners and families wrote: professionals' words and
families' words about them, never a name or a case reference.

Points recur across observations on purpose, one to a line, so that the themes page has counts
that mean something; each carries the theme the QA lead tagged it with in the past week. A note
never holds a strength and an area for development on the same topic, so it never contradicts
itself.

The words themselves are data, in `words.json` next to this file: edit them there. This module
only says what a point is and reads the file into `Point`s.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Point:
    """Something an observer, or a family, said.

    `fits`: the contexts (VISIT, MEETING, OFFICE) or settings it fits (None: any). `tag`: the
    theme the QA lead filed it under in the past week. `topic`: what it is about, so that a note
    does not say one thing and its opposite. `weight`: how often it is said, against the others.
    """

    text: str
    fits: frozenset[str] | None = None
    tag: str = ""
    topic: str = ""
    weight: int = 2


def fits(*where: str) -> frozenset[str]:
    return frozenset(where)


# The category whose strengths a case example is made of (see sync).
INNOVATION = "Good or innovative practice"


Pools = tuple[tuple[Point, ...], tuple[Point, ...]]


def _point(raw: str | dict[str, Any]) -> Point:
    """A point from `words.json`: its text alone, or an object with the fields of `Point`."""
    if isinstance(raw, str):
        return Point(raw)
    where = raw.get("fits")
    return Point(
        text=raw["text"],
        fits=None if where is None else fits(*where),
        tag=raw.get("tag", ""),
        topic=raw.get("topic", ""),
        weight=raw.get("weight", 2),
    )


def points(raws: list[str | dict[str, Any]]) -> tuple[Point, ...]:
    return tuple(_point(raw) for raw in raws)


def pools(raw: dict[str, list[str | dict[str, Any]]]) -> Pools:
    """(strengths, areas for development) from `{"strengths": [...], "areas": [...]}`."""
    return points(raw["strengths"]), points(raw["areas"])


WORDS_FILE = Path(__file__).with_name("words.json")


def load_words(path: Path = WORDS_FILE) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


_WORDS = load_words()
# By category title: (strengths, areas for development).
POINTS: dict[str, Pools] = {title: pools(raw) for title, raw in _WORDS["points"].items()}
GENERIC_POINTS: Pools = pools(_WORDS["generic_points"])
# What the observer told the practitioner straight afterwards, by how it went ("good", "ri").
SUMMARIES: dict[str, tuple[Point, ...]] = {
    band: points(raws) for band, raws in _WORDS["summaries"].items()
}
# What practitioners wrote when they acknowledged the feedback.
REFLECTIONS: tuple[str, ...] = tuple(_WORDS["reflections"])
# What children, parents and carers said, by who is speaking and whether it went well for them
# (a rating of Well or Very well: True).
WORDS: dict[str, dict[bool, tuple[Point, ...]]] = {
    who: {True: points(said["went_well"]), False: points(said["went_badly"])}
    for who, said in _WORDS["words"].items()
}
