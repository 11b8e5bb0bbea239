"""The demo council's observations of practice: both weeks' observations, what children, parents
and carers said afterwards, the themes the QA lead tagged in the past week, a few case examples,
and drafts in progress.

The live week's observations are graded (`PracticeWeek.observations_graded`), the past week's
are not: strengths and areas for development only, as councils did before they graded them.
Observers observe on the visits whose purpose includes observing, in the team they visit, and
observe its practitioners (and, in supervision and team meetings, its Team Manager).

Like the audits, every planned observation has a stable key (say
`demo-live-week:priya.sharma:0:day:0`) and takes its `client_token` from it (uuid5), so a second
run finds what the first made and adds nothing; its findings come from a `random.Random` seeded
with the key. An observation appears once it has been submitted (a draft once begun), never in
the future; when the weeks move on, an observation whose date moved is made again on its new
date. Feedback is marked as sent, so starting the demo sends no e-mail.

The free text is professionals' words and families' words about them: never a name, never a
case reference. Points recur across observations on purpose, one to a line, so that the themes
page has counts that mean something.

`team_settings` says where each team's observations happen, `words` what people wrote,
`featured` the observations written out in full (with the case examples), `plan` which visits
observe whom, and `sync` writes it all and counts it.
"""

from .sync import DEMO_OBSERVATION_NAMESPACE, observation_counts, observations_sync, token_for

__all__ = ["DEMO_OBSERVATION_NAMESPACE", "observation_counts", "observations_sync", "token_for"]
