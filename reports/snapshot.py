"""The data snapshot a report is built from: plain JSON (stored on `ReportBuild.snapshot`).

`reports.gather` makes it from the database (aggregates in SQL, a fixed number of queries);
`reports.rendering` draws the HTML preview and the PDF from it, and `reports.exports` writes each
table as CSV and XLSX from it: the same numbers everywhere, and a published version never changes
when later data does. Bump SCHEMA when the shape changes incompatibly.

Grade tables are `practiceweek.grades.GradeTableRow` (what `GradeTable.as_dict(group)` gives).

These TypedDicts describe the stored JSON exactly: gathering builds them, rendering, exports,
charts and the publish page read them. A key added after snapshots were first stored is
`NotRequired`, so an old version still type-checks as it still renders.
"""

from typing import Literal, NotRequired, TypedDict

from practiceweek.grades import GradeTableRow

SCHEMA = 1


class GradeTables(TypedDict):
    by_service: list[GradeTableRow]
    by_team: list[GradeTableRow]
    overall: GradeTableRow


class TrajectoryRow(TypedDict):
    group: str  # a service's name, or "All"
    previous: int | None  # % good or outstanding in the previous practice week; None = none
    current: int | None
    direction: Literal["up", "down", "same", "new"]
    words: str  # the text equivalent of the arrow, e.g. "Up from 55% to 68%"
    # The same figures adjusted (Not applicable files left out); None = nothing graded.
    previous_adjusted: NotRequired[int | None]
    current_adjusted: NotRequired[int | None]


class SeriesRow(TypedDict):
    group: str  # a service's name, or "All"
    values: list[int | None]  # % good or outstanding per week; None = no files that week
    adjusted_values: list[int | None]  # the same, Not applicable files left out


class TrajectorySeries(TypedDict):
    weeks: list[str]  # up to the last four practice weeks' titles, oldest first
    series: list[SeriesRow]


class ObservationCount(TypedDict):
    service: str
    setting: str  # the setting's label
    count: int


class ThemeRow(TypedDict):
    theme: str  # the tag's name (or an area of practice, for audits)
    wording: str  # the QA lead's wording; "" until written
    observations: int  # distinct observations that raised it
    audits: int  # distinct audits that raised it
    total: int


class CaseExampleRow(TypedDict):
    title: str
    kind: str  # label: "Good practice" / "Innovative practice"
    service: str
    team: str
    source: Literal["observation", "audit"]
    write_up: str


class RatingCount(TypedDict):
    rating: str  # label
    count: int


class RelationshipCount(TypedDict):
    relationship: str  # label
    count: int


class Quote(TypedDict):
    relationship: str  # label
    # The rating's label. Snapshots built for a while in the first release kept the 1-5
    # number here and the label under "rating_label"; rendering still reads both.
    rating: str | int
    rating_label: NotRequired[str]
    words: str


class Voices(TypedDict):
    ratings: list[RatingCount]  # every rating, best first
    by_relationship: list[RelationshipCount]  # in Relationship order, those heard
    quotes: list[Quote]  # best rating first
    reflections: int  # practitioners who acknowledged with a reflection


class ActionRow(TypedDict):
    issue: str
    action: str
    risk: str
    priority: str  # label
    due_on: str  # ISO date
    responsible: str


class ActionGroup(TypedDict):
    category: str
    rows: list[ActionRow]


class Activity(TypedDict):
    start: str  # ISO dates of the period
    end: str
    services: list[str]
    teams: list[str]
    visits: int
    files_audited: int
    observations: int
    practitioners_seen: int  # distinct practitioners whose cases were audited or who were observed
    service_user_voices: int  # service-user feedback records


class Narrative(TypedDict):
    title: str
    panel_name: str
    meeting_date: str | None
    asked_to_consider: str
    purpose: str
    voices_summary: str
    what_next: str
    sef_quality: str
    sef_evidence: str
    sef_plans: str


class UnfinishedRow(TypedDict):
    key: str  # reports.readiness.Unfinished
    words: str


class Readiness(TypedDict):
    is_draft: bool  # built while the week was live, or with a narrative section unwritten
    unfinished: list[UnfinishedRow]


class WeekDates(TypedDict):
    title: str
    start: str  # ISO dates
    end: str


class WeekInfo(WeekDates):
    slug: str


class Period(TypedDict):
    start: str  # ISO dates
    end: str


class SefDrafts(TypedDict):
    quality: str  # what we know about the quality of practice
    evidence: str  # how we know it
    plans: str  # what our plans are


class WeekSnapshot(TypedDict):
    schema: int
    kind: Literal["week"]
    generated_at: str  # ISO datetime
    council: str
    narrative: Narrative
    week: WeekInfo
    activity: Activity
    audit_grades: GradeTables
    trajectory: list[TrajectoryRow]
    previous_week: str | None  # its title
    trajectory_series: TrajectorySeries
    observations_graded: bool
    observation_grades: GradeTables | None  # graded weeks
    observation_counts: list[ObservationCount]  # every week: per service and setting
    strengths: list[ThemeRow]  # "what we do well", most frequent first
    areas: list[ThemeRow]  # "where we need to improve", most frequent first
    case_examples: list[CaseExampleRow]  # approved only
    voices: Voices
    action_plan: list[ActionGroup]
    readiness: NotRequired[Readiness]  # absent from snapshots made before it was kept


class AnnualSnapshot(TypedDict):
    schema: int
    kind: Literal["annual"]
    generated_at: str
    council: str
    narrative: Narrative
    period: Period
    activity: Activity
    by_audit_type: list[GradeTableRow]
    by_team: list[GradeTableRow]
    by_month: list[GradeTableRow]  # group = "2026-03" style month, in order
    overall: GradeTableRow
    weeks: list[WeekDates]  # practice weeks in the period
    strengths: list[ThemeRow]
    areas: list[ThemeRow]
    # None until the moderation issue lands; that issue fixes its shape.
    moderation: NotRequired[dict[str, object] | None]
    quotes: NotRequired[list[Quote]]  # the families' words the QA lead included
    readiness: NotRequired[Readiness]
    sef_drafts: SefDrafts  # drafted from the evidence
    action_plan: list[ActionGroup]


Snapshot = WeekSnapshot | AnnualSnapshot  # told apart by "kind"
