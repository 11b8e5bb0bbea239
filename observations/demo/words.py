"""What the demo's observers, practitioners and families wrote: professionals' words and
families' words about them, never a name or a case reference.

Points recur across observations on purpose, one to a line, so that the themes page has counts
that mean something; each carries the theme the QA lead tagged it with in the past week. A note
never holds a strength and an area for development on the same topic, so it never contradicts
itself.
"""

from dataclasses import dataclass

from .team_settings import FD, MEETING, OFFICE, SUP, TM, VISIT


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


FAMILY_WORK = fits(VISIT, MEETING)
CASELOADS, SUPERVISION_QUALITY = "Caseloads", "Supervision quality"
VOICE_OF_THE_CHILD, DIRECT_WORK = "Voice of the child", "Direct work tools"
INTERPRETERS, CHRONOLOGIES = "Use of interpreters", "Chronologies"
PREPARATION, PARTNERS = "Preparing families for meetings", "Multi-agency working"

LEADERSHIP, VOICE, PARENTS, INNOVATION = (
    "Leadership",
    "The voice of the child",
    "The parent/carer experience",
    "Good or innovative practice",
)

# By category title: (strengths, areas for development).
# fmt: off
POINTS: dict[str, tuple[tuple[Point, ...], tuple[Point, ...]]] = {
    LEADERSHIP: (
        (
            Point("A clear purpose from the start: the practitioner explained why they were "
                  "there, what would happen and how long it would take.",
                  fits(VISIT), topic="purpose"),
            Point("The meeting was chaired with a firm, fair hand: everyone was heard, the agenda "
                  "was kept and it finished on time.", fits(MEETING, TM), topic="chairing"),
            Point("Everyone left knowing what happens next, who is doing it and by when: the "
                  "actions were read back at the end.", fits(MEETING), topic="chairing"),
            Point("Partners were held to account kindly but clearly: the school and the health "
                  "visitor both reported back on what they had done since the last meeting.",
                  fits(MEETING), PARTNERS),
            Point("Reflective supervision: the manager asked what life is like for the child "
                  "before turning to tasks, and recorded the decision and its reasons during the "
                  "session.", fits(SUP), SUPERVISION_QUALITY, "supervision"),
            Point("The manager asked about the practitioner's wellbeing and workload before any "
                  "case, and took one case back to free time for a complex assessment.",
                  fits(SUP), CASELOADS, "caseload"),
            Point("The team manager used the team meeting to share learning from a recent case "
                  "review, in plain words and without blame.", fits(TM), topic="team meeting"),
            Point("Timely, proportionate decisions at the front door: each contact was screened "
                  "within hours and the threshold reasoning was written down.",
                  fits(FD), topic="timeliness"),
            Point("The practitioner knew the history well and used the chronology to keep the "
                  "discussion to the facts.", None, CHRONOLOGIES, "chronology", weight=1),
            Point("Well prepared: the practitioner brought the plan, the actions from the last "
                  "review and something for the child to do.", fits(VISIT), topic="purpose"),
            Point("Calm, confident authority in a tense discussion; the practitioner did not let "
                  "the risks get lost when others disagreed."),
        ),
        (
            Point("Caseloads in the team are high and it showed: visits are being fitted around "
                  "deadlines and reports.", None, CASELOADS, "caseload"),
            Point("The practitioner spoke openly about their caseload; the team manager should "
                  "review it, as the time for direct work is being squeezed.",
                  None, CASELOADS, "caseload"),
            Point("Senior practitioners carry full caseloads as well as supervising, and their "
                  "management role is getting squeezed.", fits(OFFICE), CASELOADS, "caseload"),
            Point("Supervision drifted into a list of tasks, with little room for reflection or "
                  "for the practitioner's own view of the risks.",
                  fits(SUP), SUPERVISION_QUALITY, "supervision"),
            Point("Decisions made in supervision were not recorded on the child's file during the "
                  "session; they should be, with the reasons.",
                  fits(SUP), SUPERVISION_QUALITY, "supervision"),
            Point("The practitioner said supervision had been cancelled twice this quarter: a "
                  "regular, protected slot is needed.",
                  fits(VISIT, MEETING, TM, FD), SUPERVISION_QUALITY, "supervision"),
            Point("The meeting ran over and the plan was rushed in the last ten minutes; an "
                  "agenda shared beforehand would help.", fits(MEETING, TM), topic="chairing"),
            Point("The chronology was out of date, so some of the history had to be pieced "
                  "together from memory.", None, CHRONOLOGIES, "chronology", weight=1),
            Point("The purpose of the visit was not made clear at the start, and the family were "
                  "unsure what would happen next when the practitioner left.",
                  fits(VISIT), topic="purpose"),
            Point("Some contacts waited over a day for a decision because police checks came "
                  "back late; agree an escalation route with the police desk.",
                  fits(FD), PARTNERS, "timeliness"),
            Point("The team meeting was mostly performance figures, with little time for "
                  "practice discussion or peer support.", fits(TM), topic="team meeting"),
        ),
    ),
    VOICE: (
        (
            Point("The child was seen alone, on their terms, and showed the practitioner their "
                  "drawings; the questions were simple and open.",
                  fits(VISIT), VOICE_OF_THE_CHILD, "seen alone"),
            Point("Skilful use of the three houses tool: the child's worries, good things and "
                  "dreams were written down in their own words and will go into the plan.",
                  fits(VISIT), DIRECT_WORK, "child's words"),
            Point("Worry dolls and feelings cards with a younger child: ten minutes of play told "
                  "the practitioner more than any questionnaire would.",
                  fits(VISIT), DIRECT_WORK, "direct work"),
            Point("The child's views were read out in their own words, from a letter they wrote "
                  "with their worker, and the plan changed because of them.",
                  fits(MEETING), VOICE_OF_THE_CHILD, "child's words"),
            Point("The child stayed at the centre of the discussion: the question 'what would "
                  "the child say?' kept coming back.",
                  fits(OFFICE), VOICE_OF_THE_CHILD, "child's words"),
            Point("The practitioner asked the referrer what the child had said, in the child's "
                  "words, and recorded it in the contact.",
                  fits(FD), VOICE_OF_THE_CHILD, "child's words"),
            Point("The practitioner knows the child well: their school, their friends, what they "
                  "like to be called and what worries them."),
            Point("The child's lived experience was described vividly: what a school morning is "
                  "like at home, and who they turn to when they are upset.",
                  fits(MEETING, SUP), VOICE_OF_THE_CHILD, "child's words"),
        ),
        (
            Point("The child's own words are missing from the records: the notes say what adults "
                  "think the child feels.", None, VOICE_OF_THE_CHILD, "child's words"),
            Point("The child was seen, but with a parent in the room throughout; see them alone "
                  "at the next visit.", fits(VISIT), VOICE_OF_THE_CHILD, "seen alone"),
            Point("The child was discussed for forty minutes before anyone said what they want; "
                  "gather their views before the next meeting.",
                  fits(MEETING), VOICE_OF_THE_CHILD, "child's words"),
            Point("The meeting was about the adults' needs, and the child's daily experience got "
                  "lost.", fits(MEETING), topic="child's words"),
            Point("The practitioner would like training in direct work tools for children with "
                  "little or no speech; worth arranging.",
                  FAMILY_WORK, DIRECT_WORK, "direct work"),
            Point("An interpreter was booked by phone at short notice and the child ended up "
                  "explaining parts of the conversation; book one in person, in advance.",
                  fits(VISIT), INTERPRETERS, "interpreter", weight=1),
            Point("Nobody in the discussion could say when the child was last seen alone.",
                  fits(SUP), VOICE_OF_THE_CHILD, "seen alone"),
            Point("The contact records the school's worry in full but not what the child said; "
                  "ask the referrer for the child's own words.",
                  fits(FD), VOICE_OF_THE_CHILD, "child's words"),
            Point("The plan allows three more months for change that the child cannot wait for; "
                  "challenge drift in the child's timescales.", fits(MEETING, SUP)),
        ),
    ),
    PARENTS: (
        (
            Point("Honest about the concerns without being harsh: the parents said they "
                  "understood why we are involved.", FAMILY_WORK, topic="honesty"),
            Point("Warm and respectful: the practitioner named what the parent had done well "
                  "before moving on to the worries.", FAMILY_WORK, topic="respect"),
            Point("The father was invited in his own right, sat at the table and was asked for "
                  "his view.", fits(MEETING), topic="father"),
            Point("No jargon: the plan was explained in plain words, and the practitioner "
                  "checked what the family had understood.", FAMILY_WORK, topic="language"),
            Point("A professional interpreter used well: short sentences, speaking to the parent "
                  "rather than the interpreter, and time for questions.",
                  FAMILY_WORK, INTERPRETERS, "interpreter", weight=1),
            Point("The carers' strengths and the strain on them were both recognised, and "
                  "practical support was agreed on the spot.", fits(VISIT), topic="support"),
            Point("Parents were spoken about with respect: no labels, and their strengths were "
                  "named alongside the risks.", fits(OFFICE), topic="respect"),
            Point("The practitioner could say what the parents think of the concerns, in their "
                  "words, and what they are proud of.", fits(SUP, TM), topic="parents' view"),
            Point("The parents had the reports two days before the meeting and had gone through "
                  "them with the practitioner: nothing came as a surprise.",
                  fits(MEETING), PREPARATION, "reports"),
        ),
        (
            Point("The parents received the reports on the morning of the meeting; they need "
                  "them in advance, with time to go through them.",
                  fits(MEETING), PREPARATION, "reports"),
            Point("Some professional language ('threshold', 'step-down', 'core group') went "
                  "unexplained, and the family looked lost at points.",
                  FAMILY_WORK, topic="language"),
            Point("The parents were not asked what support they think would help; the plan was "
                  "presented to them rather than made with them.",
                  fits(MEETING), topic="parents' view"),
            Point("The father is mentioned in the plan but has not been contacted; invite him to "
                  "contribute.", topic="father"),
            Point("No interpreter was booked, and a relative translated; book a professional "
                  "interpreter next time.", FAMILY_WORK, INTERPRETERS, "interpreter", weight=1),
            Point("Some language about the family was negative ('non-compliant', 'resistant'); "
                  "describe what happened instead.", fits(OFFICE), topic="respect"),
            Point("The parent was not told what would happen with the information, or when: end "
                  "every call with the next steps.", fits(FD), topic="honesty"),
            Point("The parent's own needs (low mood, isolation) were noted, but no one offered "
                  "help with them.", FAMILY_WORK, topic="support"),
        ),
    ),
    INNOVATION: (
        (
            Point("A grab-and-go pack prepared before the visit: the plan, the latest actions and "
                  "direct work materials.", fits(VISIT), DIRECT_WORK),
            Point("A child-friendly version of the plan, with pictures the child chose, which "
                  "they keep in their bedroom.", FAMILY_WORK, DIRECT_WORK),
            Point("The chair wrote the plan on a flipchart in the family's words as it was "
                  "agreed, and photographed it for everyone before they left.", fits(MEETING)),
            Point("The practitioner rang the child to introduce themselves before the first "
                  "visit, so the child knew who was coming and why.", fits(VISIT)),
            Point("Co-location paid off: the police officer and the health practitioner shared "
                  "what they knew at the desk within minutes.", fits(FD), PARTNERS),
            Point("A fifteen-minute practice slot at the team meeting, where a practitioner "
                  "showed a direct work tool that had worked.", fits(TM), DIRECT_WORK),
            Point("Group supervision on one case gave the practitioner three fresh ideas and a "
                  "clearer plan.", fits(SUP), SUPERVISION_QUALITY),
            Point("The school's safeguarding lead joined by video rather than miss the meeting, "
                  "and what they knew changed the plan.", fits(MEETING), PARTNERS),
            Point("Walking and talking: the young person said more on a walk to the shops than "
                  "in any office meeting.", fits(VISIT)),
            Point("A chronology written in plain words, which the practitioner shares with the "
                  "family.", None, CHRONOLOGIES, weight=1),
        ),
        (
            Point("Worth sharing more widely: present it at the service's practice forum."),
            Point("Write this up as a short case example so that other teams can use it."),
        ),
    ),
}
# fmt: on
GENERIC_POINTS = (
    (Point("Sound, caring practice, clearly focused on the child."),),
    (Point("Record the child's own words, and the reasons for decisions, on the file."),),
)

# What the observer told the practitioner straight afterwards, by how it went.
# fmt: off
SUMMARIES = {
    "good": (
        Point("Told the practitioner plainly that this was good practice, and why: warm, clear "
              "and well prepared. We agreed one thing to build on from the areas for "
              "development."),
        Point("Went through what went well first: the practitioner had not noticed how much the "
              "family trust them. Agreed the next step from the areas for development."),
        Point("Said the child's voice came through strongly and that the direct work should be "
              "shared at the next team meeting.", fits(VISIT)),
        Point("Fed back that the meeting was well chaired and the actions clear, and talked "
              "about how to prepare the family even better for the next one.", fits(MEETING)),
        Point("Fed back on the quality of the discussion and the clear recording of the "
              "decision; suggested the whole team works this way.", fits(OFFICE)),
    ),
    "ri": (
        Point("Talked the visit through together: the practitioner recognised the gaps, and we "
              "agreed what to do before the next visit.", fits(VISIT)),
        Point("Agreed with the practitioner and their manager what needs to change, and that "
              "their caseload will be reviewed in supervision this week."),
        Point("Shared what went well first, then the gaps; the practitioner was open and "
              "reflective and is taking the actions to supervision."),
        Point("Talked about keeping the child at the centre when the adults' needs take over; "
              "the practitioner will gather the child's views before the next meeting.",
              fits(MEETING, OFFICE)),
    ),
}
# What practitioners wrote when they acknowledged the feedback.
REFLECTIONS = (
    "Thank you. It helped to hear what went well: I don't often see my own practice from the "
    "outside.",
    "I was nervous about being observed, but the feedback was kind and specific. I will share "
    "what worked at our team meeting.",
    "Fair feedback. I have talked it through with my manager and we have agreed what I will do "
    "differently.",
    "Useful to talk it through straight afterwards. The areas for development are on my "
    "supervision agenda.",
    "I agree with the areas for development. Some of it is time: my caseload has been high this "
    "quarter, and my manager is reviewing it with me.",
    "Good to have the strengths named. I will keep doing what worked and try the suggestion at "
    "my next visit.",
)
# What children, parents and carers said, by who is speaking and whether it went well for them
# (a rating of Well or Very well).
WORDS: dict[str, dict[bool, tuple[Point, ...]]] = {
    "parent": {
        True: (
            Point("They explained everything properly and didn't talk down to me. I know what I "
                  "need to do now."),
            Point("I was dreading today, but the worker was honest and kind. First time I've felt "
                  "listened to."),
            Point("They asked what I thought would help, not just told me what to do."),
            Point("I didn't like all of what was said, but it was said fairly and to my face."),
            Point("The worker remembered things I told them months ago. Not having to say it all "
                  "again makes a difference."),
            Point("Having the interpreter there meant I could say what I wanted to say myself.",
                  weight=1),
            Point("I got the report before the meeting, so nothing came as a shock.",
                  fits(MEETING)),
        ),
        False: (
            Point("The worker was nice enough, but I'm still not sure what happens next."),
            Point("I only got the report this morning. I couldn't take it all in.", fits(MEETING)),
            Point("This is the fourth worker we've had. I don't want to tell my story again."),
            Point("They talk in letters and codes. I had to ask what half of it meant."),
        ),
    },
    "father": {
        True: (
            Point("Usually they only talk to mum. Today they asked me what I think, as the dad."),
        ),
        False: (
            Point("Nobody rang me about the meeting. I found out from the school.", fits(MEETING)),
            Point("They still send everything to mum. I'm their dad too."),
        ),
    },
    "child": {
        True: (
            Point("My worker listens and doesn't just talk to my mum. They come back when they "
                  "say they will."),
            Point("I liked doing the drawings. It's easier than just talking.", fits(VISIT)),
            Point("They let me say what I wanted. I even wrote some of it myself.", fits(MEETING)),
            Point("My worker actually gets it. I can text them if I'm worried."),
            Point("It was alright. They told me why they were coming, so I knew I wasn't in "
                  "trouble.", fits(VISIT)),
        ),
        False: (
            Point("It's OK, but I don't really know why I have to see a worker."),
            Point("I said I want to see my brother more and nothing's changed yet."),
            Point("Too many people in the meeting. I didn't want to say stuff in front of them "
                  "all.", fits(MEETING)),
        ),
    },
    "carer": {
        True: (
            Point("Our worker always rings back, and came out the same day when things went "
                  "wrong."),
            Point("They treat us as part of the team around the child, not just a placement."),
            Point("I felt supported. They sorted out the respite we'd been asking for."),
            Point("They included the children in everything and explained it in a way they "
                  "understood."),
        ),
        False: (
            Point("We're doing our best, but we only hear from anyone when there's a problem."),
            Point("The paperwork's fine. What we need is someone to help with school."),
        ),
    },
}
# fmt: on
