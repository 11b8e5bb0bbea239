"""The data snapshot a report is built from: plain JSON (stored on `ReportBuild.snapshot`).

`reports.gather` makes it from the database (aggregates in SQL, a fixed number of queries);
`reports.rendering` draws the HTML preview and the PDF from it, and `reports.exports` writes each
table as CSV and XLSX from it: the same numbers everywhere, and a published version never changes
when later data does. Bump SCHEMA when the shape changes incompatibly.

Grade tables use `practiceweek.grades.GradeTable.as_dict(group)`:
    {"group", "total", "counts": {grade: n}, "percent": {grade: n}, "adjusted_percent":
     {grade: n} (the four-point scale only), "good_or_outstanding": {"percent",
     "adjusted_percent"}, "requires_improvement_or_inadequate": {"percent", "adjusted_percent"}}
(see that method for the exact keys).
"""

from typing import Any, Literal, NotRequired, TypedDict

SCHEMA = 1

GradeTableDict = dict[str, Any]  # practiceweek.grades.GradeTable.as_dict(group)


class GradeTables(TypedDict):
    by_service: list[GradeTableDict]
    by_team: list[GradeTableDict]
    overall: GradeTableDict


class TrajectoryRow(TypedDict):
    group: str  # a service's name, or "All"
    previous: int | None  # % good or outstanding in the previous practice week; None = none
    current: int | None
    direction: Literal["up", "down", "same", "new"]
    words: str  # the text equivalent of the arrow, e.g. "Up from 55% to 68%"
    # The same figures adjusted (Not applicable files left out); None = nothing graded.
    previous_adjusted: NotRequired[int | None]
    current_adjusted: NotRequired[int | None]


class TrajectorySeries(TypedDict):
    weeks: list[str]  # up to the last four practice weeks' titles, oldest first
    series: list[dict[str, Any]]  # {"group": str, "values": [int | None per week]}


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


class Voices(TypedDict):
    ratings: list[dict[str, Any]]  # {"rating": label, "count": n}, best first
    by_relationship: list[dict[str, Any]]  # {"relationship": label, "count": n}
    quotes: list[dict[str, Any]]  # {"relationship": label, "rating": label, "words": str}
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


class Readiness(TypedDict):
    is_draft: bool  # built while the week was live, or with a narrative section unwritten
    unfinished: list[dict[str, str]]  # reports.readiness.Unfinished: {"key", "words"}


class WeekSnapshot(TypedDict):
    schema: int
    kind: Literal["week"]
    generated_at: str  # ISO datetime
    council: str
    narrative: Narrative
    week: dict[str, Any]  # {"title", "slug", "start", "end"}
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
    period: dict[str, str]  # {"start", "end"}
    activity: Activity
    by_audit_type: list[GradeTableDict]
    by_team: list[GradeTableDict]
    by_month: list[GradeTableDict]  # group = "2026-03" style month, in order
    overall: GradeTableDict
    weeks: list[dict[str, Any]]  # practice weeks in the period: {"title", "start", "end"}
    strengths: list[ThemeRow]
    areas: list[ThemeRow]
    moderation: NotRequired[dict[str, Any] | None]  # when the moderation issue lands
    quotes: NotRequired[list[dict[str, Any]]]  # the families' words the QA lead included
    readiness: NotRequired[Readiness]
    sef_drafts: dict[str, str]  # drafted from the evidence: {"quality", "evidence", "plans"}
    action_plan: list[ActionGroup]
