"""Where the demo's observations happen: the settings each team works in, who may give
feedback afterwards, and which case files fit.

Which settings each team works in (`TEAM_PLANS`) is data, in `team_settings.json` next to this
file: edit it there. Settings and relationships are written as their stored values; a team
plan is written out, or names a plan under "shared" that several teams follow.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from observations.models import Relationship, Setting
from practiceweek.models import CaseType

# What kind of work a setting is: it decides which points fit and who can give feedback.
VISIT, MEETING, OFFICE = "visit", "meeting", "office"
CONTEXT: dict[str, str] = {
    Setting.HOME_VISIT: VISIT,
    Setting.CP_CONFERENCE: MEETING,
    Setting.CLA_REVIEW: MEETING,
    Setting.TAF_MEETING: MEETING,
    Setting.SUPERVISION: OFFICE,
    Setting.TEAM_MEETING: OFFICE,
    Setting.FRONT_DOOR: OFFICE,
}
MOTHER, FATHER, CHILD = Relationship.MOTHER, Relationship.FATHER, Relationship.CHILD
CARER, KINSHIP, FAMILY = Relationship.CARER, Relationship.KINSHIP, Relationship.FAMILY
# Who may give feedback afterwards, by setting (home visits: by team, see TeamPlan).
VOICES: dict[str, tuple[str, ...]] = {
    Setting.CP_CONFERENCE: (MOTHER, FATHER),
    Setting.CLA_REVIEW: (CHILD, CARER),
    Setting.TAF_MEETING: (MOTHER, FATHER, CHILD),
}
# How often an observation names the case it was about, and which case types fit.
LINK_CHANCE: dict[str, float] = {
    Setting.HOME_VISIT: 0.9,
    Setting.CP_CONFERENCE: 1.0,
    Setting.CLA_REVIEW: 1.0,
    Setting.TAF_MEETING: 0.9,
    Setting.FRONT_DOOR: 0.6,
    Setting.SUPERVISION: 0.4,
}
CASE_TYPES: dict[str, set[str]] = {
    Setting.CP_CONFERENCE: {CaseType.CP},
    Setting.CLA_REVIEW: {CaseType.CLA, CaseType.DISABILITY, CaseType.ADOPTION},
}
SECOND_PRACTITIONER: dict[str, float] = {
    Setting.HOME_VISIT: 0.25,
    Setting.CP_CONFERENCE: 0.2,
    Setting.TAF_MEETING: 0.2,
    Setting.FRONT_DOOR: 0.2,
    Setting.TEAM_MEETING: 0.3,
    Setting.OTHER: 0.2,
}


@dataclass(frozen=True)
class Other:
    """An "Other" setting a team works in."""

    words: str
    context: str
    has_case: bool
    voices: tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamPlan:
    settings: dict[str, int]  # setting -> weight
    others: tuple[Other, ...]
    home_voices: tuple[str, ...] = (MOTHER, FATHER, CHILD, KINSHIP)


def _other(raw: dict[str, Any]) -> Other:
    return Other(raw["words"], raw["context"], raw["has_case"], tuple(raw.get("voices", ())))


def _plan(raw: dict[str, Any]) -> TeamPlan:
    others = tuple(_other(other) for other in raw["others"])
    if "home_voices" in raw:
        return TeamPlan(dict(raw["settings"]), others, tuple(raw["home_voices"]))
    return TeamPlan(dict(raw["settings"]), others)


TEAM_SETTINGS_FILE = Path(__file__).with_name("team_settings.json")


def load_team_plans(
    path: Path = TEAM_SETTINGS_FILE,
) -> tuple[dict[str, TeamPlan], TeamPlan]:
    """The settings each team works in, by team name, and the plan of any other team."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    shared = {name: _plan(plan) for name, plan in raw["shared"].items()}
    teams = {
        team: shared[plan] if isinstance(plan, str) else _plan(plan)
        for team, plan in raw["teams"].items()
    }
    return teams, _plan(raw["any_team"])


TEAM_PLANS, ANY_TEAM = load_team_plans()
