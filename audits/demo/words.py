"""The demo audits' words: evidence by section and grade, what is working well and what needs
to improve, actions and practitioners' reflections. Professionals' words: never a name."""

from practiceweek.grades import GOOD, INADEQUATE, OUTSTANDING, REQUIRES_IMPROVEMENT

OUT, RI, INAD = OUTSTANDING, REQUIRES_IMPROVEMENT, INADEQUATE

# Evidence by section (index in the template) and grade band. Professionals' words: never a name.
EVIDENCE: dict[int, dict[str, tuple[str, ...]]] = {
    0: {
        "good": (
            "A recent assessment analyses the history and current risks well; it draws on "
            "school and health information and the recommendations follow from the analysis.",
            "The assessment was updated after the change of placement and explains clearly what "
            "the child needs now, including their identity and culture.",
        ),
        "ri": (
            "The assessment describes the family's circumstances but does not analyse them; the "
            "impact of the father's drinking on the child is noted but not explored.",
            "The assessment is nine months old and was not updated when the family moved; the "
            "history is not considered.",
        ),
        "inadequate": (
            "There is no up-to-date assessment: the last one predates the current concerns about "
            "neglect and does not consider the risk to the child.",
            "The assessment relies on the mother's account alone and does not consider the "
            "domestic abuse reported by the police.",
        ),
        "na": ("The assessment is within timescale and not yet complete.",),
    },
    1: {
        "good": (
            "The plan is SMART, was reviewed on time at the last core group, and the family "
            "understand it.",
            "The care plan and permanence plan are up to date and reflect the long-term "
            "fostering match.",
        ),
        "ri": (
            "Actions in the plan say 'monitor' and 'support' without owners or timescales; it "
            "has not been updated since the last review.",
            "A plan is in place but the contingency plan is unclear and the review was two weeks "
            "late.",
        ),
        "inadequate": (
            "There is no current plan on file; the last review was missed and the work has "
            "drifted since the strategy discussion.",
            "The plan does not address the risks identified at conference, and actions from the "
            "last two reviews are not done.",
        ),
        "na": ("The early help assessment has only just started: no plan is expected yet.",),
    },
    2: {
        "good": (
            "The child is seen alone at every visit; direct work is on file and the child's own "
            "words are quoted in the plan.",
            "The worker has a warm relationship with the young person, whose views on family "
            "time are recorded and were followed.",
        ),
        "ri": (
            "The child is seen, but mostly with the mother present; there is little direct work "
            "and the child's wishes are recorded second-hand.",
            "Visits are in timescale but the records describe the home, not the child's daily "
            "experience.",
        ),
        "inadequate": (
            "The child has not been seen for seven weeks and has never been seen alone.",
            "Nothing on file records the child's views or daily life; decisions are made about "
            "them without them.",
        ),
        "na": ("The baby's experience is described through observation under assessment.",),
    },
    3: {
        "good": (
            "Supervision is monthly and recorded on the file with clear actions that are "
            "followed up at the next session.",
            "The team manager's decision to step down to child in need is recorded with a clear "
            "rationale.",
        ),
        "ri": (
            "Supervision is recorded but reads as a list of tasks; actions are carried forward "
            "from one session to the next without comment.",
            "Management oversight is visible when the case opened but no supervision is recorded "
            "in the last three months.",
        ),
        "inadequate": (
            "No supervision is recorded for five months, and the manager has not responded to "
            "the school's escalation.",
            "The decision to close was signed off without considering the police information "
            "received the week before.",
        ),
        "na": ("Oversight is recorded under the plan's review.",),
    },
    4: {
        "good": (
            "The school, the health visitor and the police attend core groups; their actions are "
            "recorded and completed.",
            "Good joint working with the mental health worker, whose advice shaped the safety "
            "plan.",
        ),
        "ri": (
            "The doctor and the school were not invited to the last review; information sharing "
            "with health is patchy.",
            "Partners attend meetings but their actions are not followed up between reviews.",
        ),
        "inadequate": (
            "Police information about domestic abuse was not shared with the school or acted on.",
            "No partner agency has been contacted since the case opened.",
        ),
        "na": (
            "Single-agency work with the family's agreement: no partners are needed at this stage.",
        ),
    },
    5: {
        "good": (
            "Case notes are up to date and written to the child; the chronology is current and "
            "the case summary was refreshed last month.",
            "Recording is timely and concise: a new worker could pick up the case from the "
            "summary.",
        ),
        "ri": (
            "The chronology stops eight months ago and there is no current case summary.",
            "Case notes are three weeks behind and some visits are recorded only as 'visit "
            "completed'.",
        ),
        "inadequate": (
            "There is no chronology and no case summary; significant incidents are scattered "
            "through the case notes.",
            "Recording is months out of date: the last two visits are not on the file at all.",
        ),
        "na": ("Recording is checked under the minimum standards audit.",),
    },
    6: {
        "good": (
            "School attendance has risen from 70% to 95% and the child says home is calmer.",
            "The young person has settled in placement, is attending college and sees their "
            "brother again.",
        ),
        "ri": (
            "Home conditions improved for a while but the change has not lasted since the family "
            "support worker stepped back.",
            "Progress is slow, and it is not clear how the plan makes a difference to the child.",
        ),
        "inadequate": (
            "Home conditions have got worse since the plan began and this has not been recognised.",
            "The child keeps going missing and the plan has not changed.",
        ),
        "na": ("The case opened recently: it is too early to judge impact.",),
    },
}
GENERIC_EVIDENCE = {
    "good": ("Sound practice in this area, clearly recorded.",),
    "ri": ("Some evidence in this area, but it is inconsistent.",),
    "inadequate": ("Serious gaps in this area leave the child at risk.",),
    "na": ("Not applicable to this file.",),
}
WORKING_WELL = {
    "good": (
        "The worker knows the child well and the relationship is clearly valued by the family.",
        "A thoughtful, analytical assessment and a plan the family understands.",
        "Strong multi-agency working: the school and health are fully involved.",
        "The child's voice runs through the file; direct work is creative and regular.",
        "Timely, reflective supervision that moves the work forward.",
    ),
    "ri": (
        "The worker has built a good relationship with the mother and visits are in timescale.",
        "Partners are engaged and attend meetings.",
        "The child is seen regularly and feels able to talk to the worker.",
    ),
    "inadequate": (
        "The worker has kept visiting despite the family's reluctance.",
        "The school has raised its concerns clearly and consistently.",
    ),
}
NEEDS_TO_IMPROVE = {
    OUT: ("Keep the case summary up to date as the plan moves on.",),
    GOOD: (
        "Update the chronology after the last review.",
        "Record the child's own words more often.",
        "Make the contingency plan explicit.",
    ),
    RI: (
        "The assessment needs to analyse the impact of the history on the child, not just "
        "describe it.",
        "The plan's actions need owners and timescales.",
        "Supervision should be recorded on the file with clear actions.",
        "Bring the chronology and case summary up to date.",
    ),
    INAD: (
        "The risks need reviewing at once in a strategy discussion.",
        "The child must be seen alone within the week.",
        "The plan must be reviewed and agreed with partners without delay.",
    ),
}
DEPARTURE = {
    "better": (
        "Several areas need work, but the child is safe and the plan is starting to make a "
        "difference: the overall grade reflects the impact for the child."
    ),
    "worse": (
        "Individual areas are sound, but together they do not add up to good help for the "
        "child: drift between reviews outweighs the strengths."
    ),
}
# (what needs to happen, who owns it: the worker or the team manager)
ACTIONS = (
    ("Update the chronology and case summary.", "worker"),
    (
        "Complete direct work with the child and record their wishes and feelings before the "
        "next review.",
        "worker",
    ),
    (
        "Rewrite the plan with SMART actions, owners and timescales, and share it with the family.",
        "worker",
    ),
    ("Discuss the case in supervision and record the decision and its reasons.", "manager"),
    ("Update the assessment to analyse the impact of the history on the child.", "worker"),
    ("Invite the school and health to the next core group and follow up their actions.", "worker"),
    ("Agree a contingency plan and record it on the file.", "manager"),
    ("Make sure the child is seen alone at the next visit, and record it.", "worker"),
)
URGENT_ACTIONS = (
    ("Hold a strategy discussion within two working days.", "manager"),
    ("See the child alone within five working days.", "worker"),
)
REFLECTIONS = (
    "I agree with the findings and have booked time to bring the chronology up to date.",
    "It was useful to go through the file together; I will do more direct work at my next visit.",
    "I had not seen how the plan reads to the family: I will rewrite it with them.",
    "Thank you for recognising the work with the school. I will raise supervision with my manager.",
    "The feedback is fair. Recording fell behind during a busy month; it is being caught up.",
    "The collaborative audit helped, and I will share what I learned at the team meeting.",
)
