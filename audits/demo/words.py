"""The demo audits' words: evidence by section and grade, what is working well and what needs
to improve, actions and practitioners' reflections. Professionals' words: never a name.

The words are data, in `words.json` next to this file: edit them there. Evidence is keyed by
the section's index in the template ("0", "1", ...) and then by grade band ("good", "ri",
"inadequate", "na"); what needs to improve by overall grade; an action names its owner,
"worker" or "manager".
"""

import json
from pathlib import Path
from typing import Any

WORDS_FILE = Path(__file__).with_name("words.json")
Pools = dict[str, tuple[str, ...]]


def _pools(raw: dict[str, list[str]]) -> Pools:
    return {key: tuple(words) for key, words in raw.items()}


def _actions(raw: list[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    """(what needs to happen, who owns it: the worker or the team manager)."""
    return tuple((action["action"], action["owner"]) for action in raw)


def load_words(path: Path = WORDS_FILE) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


_WORDS = load_words()
# Evidence by section (index in the template) and grade band.
EVIDENCE: dict[int, Pools] = {int(i): _pools(raw) for i, raw in _WORDS["evidence"].items()}
GENERIC_EVIDENCE: Pools = _pools(_WORDS["generic_evidence"])
WORKING_WELL: Pools = _pools(_WORDS["working_well"])
NEEDS_TO_IMPROVE: Pools = _pools(_WORDS["needs_to_improve"])
DEPARTURE: dict[str, str] = dict(_WORDS["departure"])
ACTIONS = _actions(_WORDS["actions"])
URGENT_ACTIONS = _actions(_WORDS["urgent_actions"])
REFLECTIONS: tuple[str, ...] = tuple(_WORDS["reflections"])
