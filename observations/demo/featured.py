"""Observations written out in full: the ones the demo shows off, with their case examples.

Two of them observe the demo's practitioner log-in in the live week, so that she has the whole
feedback loop to see: one graded Outstanding, one Good with a mother's words, flagged as a case
example and left for her to acknowledge.
"""

from dataclasses import dataclass

from observations.models import CaseExample, Setting
from practiceweek.demo.data import LIVE_WEEK_SLUG, PAST_WEEK_SLUG
from practiceweek.grades import GOOD, OUTSTANDING

from .team_settings import CARER, CHILD, MOTHER, STRATEGY
from .words import (
    CASELOADS,
    CHRONOLOGIES,
    DIRECT_WORK,
    INNOVATION,
    LEADERSHIP,
    PARENTS,
    PREPARATION,
    VOICE,
    VOICE_OF_THE_CHILD,
    Point,
)


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
    notes: dict[str, tuple[tuple[Point, ...], tuple[Point, ...]]]
    summary: str
    grade: str = GOOD
    setting_other: str = ""
    voices: tuple[tuple[str, str, int], ...] = ()  # (relationship, words, rating)
    acknowledged: bool = True  # by then; False: left for the demo's practitioner to do
    reflection: str = ""
    example: ExampleSpec | None = None


ELLIE = "ellie.shaw"  # the demo's practitioner log-in (README): the feedback loop, from her side
FEATURED = (
    Featured(
        key="front-door-call",
        week_slug=LIVE_WEEK_SLUG,
        team_name="Multi-Agency Safeguarding Hub",
        visit_index=0,
        setting=Setting.FRONT_DOOR,
        practitioners=(ELLIE,),
        grade=GOOD,
        notes={
            LEADERSHIP: (
                (
                    Point(
                        "Calm, organised screening: she worked through the morning's contacts "
                        "in order of risk, tested each against the threshold document and wrote "
                        "her reasoning down as she went."
                    ),
                ),
                (
                    Point(
                        "Two contacts waited all morning for a police check; agree with the "
                        "police desk how to escalate a check when a decision is held up."
                    ),
                ),
            ),
            VOICE: (
                (
                    Point(
                        "For every contact she asked the referrer what the child had said, in "
                        "the child's words, and recorded it."
                    ),
                ),
                (
                    Point(
                        "One contact about a baby relied on the parents' account alone; write "
                        "down what the baby's daily life tells us."
                    ),
                ),
            ),
            PARENTS: (
                (
                    Point(
                        "The call to a mother about a school's referral was a model: honest, "
                        "warm, no jargon, and she knew exactly what would happen next and when."
                    ),
                ),
                (
                    Point(
                        "Offer the mother a short written summary of the call: she said she "
                        "would forget the details."
                    ),
                ),
            ),
            INNOVATION: (
                (
                    Point(
                        "She keeps a one-page 'what happens next' script for calls with parents, "
                        "written with parents' feedback; others in the team now use it."
                    ),
                ),
                (),
            ),
        },
        summary=(
            "Told her plainly that this was good practice: the call with the mother was the "
            "best I have heard at the front door. We agreed she will share her 'what happens "
            "next' script at the team meeting."
        ),
        voices=(
            (
                MOTHER,
                "I was scared when I saw the number; I thought they were taking my kids. She "
                "explained why school rang and what happens now. She was honest with me and I "
                "didn't feel judged.",
                5,
            ),
        ),
        acknowledged=False,
        example=ExampleSpec(
            title="Explaining a referral to a parent at the front door",
            kind=CaseExample.Kind.GOOD,
            write_up=(
                "At the front door, a senior practitioner rang a mother to explain why her "
                "child's school had made a referral and to ask for consent to check with health. "
                "The call took twelve minutes. The practitioner said who she was and why she was "
                "ringing before anything else, explained the school's worry in plain words, "
                "listened without interrupting, and ended with what would happen next and by "
                "when. Afterwards the mother said: 'I didn't feel judged.'\n"
                "The practitioner uses a one-page 'what happens next' script, written with "
                "parents' feedback, that any front door team could adopt."
            ),
            is_approved=False,
        ),
    ),
    Featured(
        key="strategy-discussion",
        week_slug=LIVE_WEEK_SLUG,
        team_name="Multi-Agency Safeguarding Hub",
        visit_index=1,
        setting=Setting.OTHER,
        setting_other=STRATEGY.words,
        practitioners=(ELLIE, "*"),
        grade=OUTSTANDING,
        notes={
            LEADERSHIP: (
                (
                    Point(
                        "Chaired with real authority: the police, the school nurse and the GP "
                        "gave what they knew in fifteen minutes, the threshold for a child "
                        "protection enquiry was tested out loud, and the decision was agreed and "
                        "recorded before anyone left the call."
                    ),
                ),
                (
                    Point(
                        "Check that the health visitor's information reaches the allocated team "
                        "today: it was shared by e-mail only."
                    ),
                ),
            ),
            VOICE: (
                (
                    Point(
                        "Both practitioners kept coming back to what the child had said and when; "
                        "the child's words to their teacher were read out exactly."
                    ),
                ),
                (
                    Point(
                        "Agree who will see the child alone, and how, before the enquiry starts: "
                        "this was left open."
                    ),
                ),
            ),
            PARENTS: (
                (
                    Point(
                        "Careful thought about when and how to tell the parents, so that the "
                        "timing does not put the child at risk."
                    ),
                ),
                (
                    Point(
                        "Record why the father has not been spoken to yet, so the next worker "
                        "knows it was a decision, not an oversight."
                    ),
                ),
            ),
            INNOVATION: (
                (
                    Point(
                        "The chronology was on screen throughout, so everyone worked from the "
                        "same facts.",
                        tag=CHRONOLOGIES,
                    ),
                ),
                (),
            ),
        },
        summary=(
            "Fed back to both practitioners straight after: outstanding chairing and a clear, "
            "defensible decision. Suggested making sure the health visitor's information is on "
            "the file today."
        ),
        reflection=(
            "Thank you. I don't often hear that about a strategy discussion. I will show the "
            "team how we used the chronology on screen."
        ),
    ),
    Featured(
        key="young-person-chairs-review",
        week_slug=PAST_WEEK_SLUG,
        team_name="Children and Young People in Care Team",
        visit_index=0,
        setting=Setting.CLA_REVIEW,
        practitioners=("*",),
        notes={
            LEADERSHIP: (
                (
                    Point(
                        "The practitioner had prepared the young person over several visits, and "
                        "the independent reviewing officer agreed the agenda with them "
                        "beforehand: an unhurried, well-run review."
                    ),
                ),
                (
                    Point(
                        "The review was held in the local office; ask the young person where "
                        "they would like the next one to be."
                    ),
                ),
            ),
            VOICE: (
                (
                    Point(
                        "The young person chaired the first half of their own review, with the "
                        "reviewing officer beside them: they introduced everyone, said what they "
                        "wanted to talk about and said plainly what they think of their "
                        "placement.",
                        tag=VOICE_OF_THE_CHILD,
                    ),
                ),
                (),
            ),
            PARENTS: (
                (
                    Point(
                        "The carer was warm and specific about the young person's progress at "
                        "school, and the birth mother joined by phone, with the young person's "
                        "agreement."
                    ),
                ),
                (
                    Point(
                        "The birth mother struggled to hear on the phone; offer a video link or "
                        "a separate meeting with the practitioner."
                    ),
                ),
            ),
            INNOVATION: (
                (
                    Point(
                        "A young person chairing their own review: other practitioners in the "
                        "team want to try it.",
                        tag=VOICE_OF_THE_CHILD,
                    ),
                ),
                (),
            ),
        },
        summary=(
            "Told the practitioner and the reviewing officer that this was outstanding work, and "
            "asked whether they would present it at the service's practice forum."
        ),
        voices=(
            (CHILD, "I chaired it. I was nervous, but I said what I wanted and they listened.", 5),
            (CARER, "We're so proud. It was their meeting, not ours.", 5),
        ),
        reflection=(
            "It was the young person's idea. I'm glad it has been noticed, and I'll help others "
            "in the team prepare young people to do the same."
        ),
        example=ExampleSpec(
            title="A young person who chairs their own review",
            kind=CaseExample.Kind.GOOD,
            write_up=(
                "A young person in care asked to chair their own review. Over several visits "
                "their social worker helped them plan what to say, and the independent reviewing "
                "officer agreed the agenda with them. On the day the young person welcomed "
                "everyone, led the first half of the meeting and said plainly what they think "
                "of their placement and what they want next. The plan was written in their "
                "words.\n"
                "Afterwards the young person said: 'I was nervous, but I said what I wanted and "
                "they listened.' Other teams can do the same: start the preparation early and "
                "let the young person choose what to lead."
            ),
            is_approved=True,
        ),
    ),
    Featured(
        key="talking-mat",
        week_slug=PAST_WEEK_SLUG,
        team_name="Children with Disabilities Team",
        visit_index=0,
        setting=Setting.HOME_VISIT,
        practitioners=("*",),
        notes={
            LEADERSHIP: (
                (
                    Point(
                        "The visit was planned around the child's routine and best time of day, "
                        "and its purpose agreed with the parents beforehand.",
                        tag=PREPARATION,
                    ),
                ),
                (
                    Point(
                        "The practitioner's caseload is high for this team; review it, as work "
                        "like this takes time.",
                        tag=CASELOADS,
                    ),
                ),
            ),
            VOICE: (
                (
                    Point(
                        "The child does not use speech. The practitioner used a talking mat with "
                        "the symbols the child knows from school; the child put 'short breaks', "
                        "'bus' and 'swimming' under 'like' and 'new people' under 'don't like'. "
                        "Those choices are now in the plan.",
                        tag=DIRECT_WORK,
                    ),
                ),
                (),
            ),
            PARENTS: (
                (
                    Point(
                        "The parents were treated as the experts on their child, and their "
                        "tiredness was acknowledged honestly; a carer's assessment was offered."
                    ),
                ),
                (
                    Point(
                        "The parents have waited too long for the short breaks review: chase it "
                        "and tell them the date."
                    ),
                ),
            ),
            INNOVATION: (
                (
                    Point(
                        "Borrowing the school's communication symbols, so the child could use "
                        "what they already know.",
                        tag=DIRECT_WORK,
                    ),
                ),
                (),
            ),
        },
        summary=(
            "Said how impressed I was that the child's own choices, not only the parents' "
            "account, are now in the plan. Agreed the caseload will be looked at in supervision."
        ),
        voices=(
            (
                MOTHER,
                "For once someone talked to our son, not about him. The worker had even learned "
                "his symbols.",
                5,
            ),
        ),
        reflection=(
            "The speech and language therapist at school helped me set up the mat. I'd like to "
            "show the team how it works."
        ),
        example=ExampleSpec(
            title="Hearing a child who does not use speech",
            kind=CaseExample.Kind.INNOVATIVE,
            write_up=(
                "A practitioner visiting a child who does not use speech borrowed the "
                "communication symbols the child uses at school and made a talking mat with "
                "them. The child sorted pictures of their week into 'like' and 'don't like': "
                "short breaks, the bus and swimming were liked; new people were not. Those "
                "choices now shape the child's plan, including who introduces a new carer and "
                "how.\n"
                "Ask the child's school or speech and language therapist for the symbols the "
                "child already knows: a mat takes twenty minutes to make."
            ),
            is_approved=True,
        ),
    ),
)
# A case example from an audit of the past week: the best file an auditor read.
AUDIT_EXAMPLE = ExampleSpec(
    title="A case file that tells the child's story in their own words",
    kind=CaseExample.Kind.GOOD,
    write_up=(
        "During the practice week an auditor read a file in which the child's voice runs through "
        "everything: direct work every few weeks, the child's own words quoted in the plan, and a "
        "chronology that a new worker could pick up in ten minutes. The practitioner writes the "
        "case notes to the child, so that one day they can read their own story and understand "
        "the decisions made about them. Supervision is recorded on the file, with the reasons "
        "for each decision."
    ),
    is_approved=True,
)
