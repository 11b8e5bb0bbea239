"""Where the demo's observations happen: the settings each team works in, who may give
feedback afterwards, and which case files fit."""

from dataclasses import dataclass

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


H, CP, CLA, TAF = Setting.HOME_VISIT, Setting.CP_CONFERENCE, Setting.CLA_REVIEW, Setting.TAF_MEETING
SUP, TM, FD, OTH = Setting.SUPERVISION, Setting.TEAM_MEETING, Setting.FRONT_DOOR, Setting.OTHER
STRATEGY = Other("Strategy discussion with police and health", OFFICE, True)
SAFEGUARDING = TeamPlan({H: 5, CP: 3, SUP: 2, TM: 1, OTH: 1}, (STRATEGY,))
FAMILY_HUB = TeamPlan(
    {TAF: 5, H: 4, TM: 1, OTH: 1},
    (Other("Home-school meeting with the family", MEETING, True, (MOTHER, FATHER, CHILD)),),
    (MOTHER, FATHER, CHILD, FAMILY),
)
TEAM_PLANS = {
    "Multi-Agency Safeguarding Hub": TeamPlan({FD: 6, SUP: 2, TM: 1, OTH: 1}, (STRATEGY,), ()),
    "Assessment Team 1": SAFEGUARDING,
    "Assessment Team 2": SAFEGUARDING,
    "Child Protection and Court Team": TeamPlan(
        {CP: 4, H: 3, SUP: 1, OTH: 2},
        (
            Other("Pre-proceedings meeting", MEETING, True, (MOTHER, FATHER)),
            Other("Family time (supervised contact)", VISIT, True, (MOTHER, FATHER, CHILD)),
        ),
    ),
    "Children and Young People in Care Team": TeamPlan(
        {CLA: 4, H: 3, SUP: 1, OTH: 1},
        (Other("Life story work session", VISIT, True, (CHILD,)),),
        (CHILD, CARER, KINSHIP),
    ),
    "Care Leavers Team": TeamPlan(
        {H: 4, OTH: 3, SUP: 1, TM: 1},
        (Other("Pathway plan review", MEETING, True, (CHILD,)),),
        (CHILD,),
    ),
    "Strengthening Families East": FAMILY_HUB,
    "Strengthening Families West": FAMILY_HUB,
    "Family Support Hub": TeamPlan(
        {FD: 3, TAF: 3, H: 2, OTH: 1},
        (Other("Early help assessment meeting at school", MEETING, True, (MOTHER, FATHER)),),
        (MOTHER, FATHER, CHILD, FAMILY),
    ),
    "Children with Disabilities Team": TeamPlan(
        {H: 4, CLA: 2, TAF: 1, OTH: 2},
        (Other("Short breaks review", MEETING, True, (MOTHER, FATHER)),),
        (MOTHER, FATHER, CHILD),
    ),
    "Intensive Family Support Team": TeamPlan(
        {H: 5, TAF: 2, OTH: 2, SUP: 1},
        (Other("Family group conference", MEETING, True, (MOTHER, FATHER, FAMILY, CHILD)),),
    ),
    "Youth Offending Team": TeamPlan(
        {OTH: 4, H: 3, SUP: 1, TM: 1},
        (
            Other("Referral order panel", MEETING, True, (CHILD, MOTHER)),
            Other("Reparation session", VISIT, True, (CHILD,)),
        ),
        (CHILD, MOTHER, FATHER),
    ),
    "Prevention and Diversion Team": TeamPlan(
        {OTH: 3, H: 3, TAF: 1, TM: 1},
        (Other("Out-of-court disposal assessment", VISIT, True, (CHILD, MOTHER)),),
        (CHILD, MOTHER, FATHER),
    ),
    "Fostering Team": TeamPlan(
        {H: 4, OTH: 2, SUP: 1, TM: 1},
        (Other("Annual review of foster carers", MEETING, True, (CARER,)),),
        (CARER,),
    ),
    "Adoption and Permanence Team": TeamPlan(
        {H: 3, OTH: 2, CLA: 2, SUP: 1},
        (
            Other("Adoption panel", OFFICE, True),
            Other("Life story work session", VISIT, True, (CHILD, CARER)),
        ),
        (CARER, CHILD),
    ),
}
ANY_TEAM = TeamPlan({H: 3, SUP: 1, TM: 1}, ())
