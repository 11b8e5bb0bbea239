"""Realistic sample snapshots per the contract in reports/snapshot.py, for tests of rendering,
exports and anything else that reads a snapshot. Every call returns a fresh dict: mutate freely.

The numbers are worked out with practiceweek.grades (as reports.gather does), so every table adds
up. The hand-checkable figures the tests rely on:

- Social work: 1 outstanding, 17 good, 11 requires improvement, 2 inadequate (31 files):
  3 % / 55 % / 36 % / 6 %; good or outstanding 58 %, up from 48 %.
- Early help: 3, 5, 3, 0 and 1 not applicable (12 files): 25 % / 42 % / 25 % / 0 % / 8 %;
  good or outstanding 67 % (73 % adjusted), down from 70 %.
- All services: 49 files, good or outstanding 63 % (65 % adjusted); requires improvement
  or inadequate 35 % (35 % adjusted).
- The year: 200 audits, good or outstanding 56 % (60 % adjusted).
"""

from typing import Any

from practiceweek.grades import GradeTable, combine, grade_table
from reports.snapshot import SCHEMA, AnnualSnapshot, GradeTables, Narrative, WeekSnapshot

COUNCIL = "Northbridge City Council"
PANEL = "Children, Young People and Families Scrutiny Panel"
WEEK_TITLE = "Practice week November 2026"
PREVIOUS_WEEKS = ["Practice week November 2025", "Practice week May 2026 (pilot)"]

# Team -> service, and each team's counts (outstanding, good, RI, inadequate, not applicable).
TEAMS: dict[str, tuple[str, tuple[int, int, int, int, int]]] = {
    "Assessment team North": ("Social work", (0, 6, 4, 1, 0)),
    "Child protection team South": ("Social work", (1, 5, 4, 1, 0)),
    "Children in care team": ("Social work", (0, 6, 3, 0, 0)),
    "Early help hub East": ("Early help", (2, 3, 1, 0, 1)),
    "Early help hub West": ("Early help", (1, 2, 2, 0, 0)),
    "Inclusion support": ("Specialist support", (0, 5, 1, 0, 0)),
}
SERVICES = ["Social work", "Early help", "Specialist support"]
PREVIOUS_GOOD_OR_OUTSTANDING = {"Social work": 48, "Early help": 70, "All": 55}
PREVIOUS_ADJUSTED = {"Social work": 48, "Early help": 74, "All": 57}


def _table(counts: tuple[int, int, int, int, int]) -> GradeTable:
    keys = ("outstanding", "good", "requires_improvement", "inadequate", "not_applicable")
    return grade_table(dict(zip(keys, counts, strict=True)))


def audit_grade_tables() -> GradeTables:
    """By service, by team and overall, as GradeTable.as_dict rows."""
    team_tables = {team: _table(counts) for team, (_, counts) in TEAMS.items()}
    service_tables = {
        service: combine(t for team, t in team_tables.items() if TEAMS[team][0] == service)
        for service in SERVICES
    }
    return {
        "by_service": [t.as_dict(s) for s, t in service_tables.items()],
        "by_team": [t.as_dict(team) for team, t in team_tables.items()],
        "overall": combine(team_tables.values()).as_dict("All"),
    }


def _direction(previous: int | None, current: int | None) -> tuple[str, str]:
    if current is None:
        return "same", "No files this week"
    if previous is None:
        return "new", f"New: {current}%, no audits in the previous week"
    if current > previous:
        return "up", f"Up from {previous}% to {current}%"
    if current < previous:
        return "down", f"Down from {previous}% to {current}%"
    return "same", f"No change at {current}%"


def narrative(**changes: Any) -> Narrative:
    text: Narrative = {
        "title": f"{WEEK_TITLE}: what we found",
        "panel_name": PANEL,
        "meeting_date": "2027-01-14",
        "asked_to_consider": (
            "The panel is asked to consider whether practice weeks:\n\n"
            "- reduce bureaucracy;\n- bring senior managers closer to frontline practice;\n"
            "- give us the chance to celebrate good practice;\n- show where we need to improve."
        ),
        "purpose": (
            "This report sets out what senior managers found when they spent "
            "16 to 20 November 2026 in frontline teams, auditing case files with the allocated "
            "worker and observing practice.\n\nIt follows the May 2026 pilot week."
        ),
        "voices_summary": "Families told us they felt listened to; two parents said plans "
        "were explained late.",
        "what_next": "Practice week runs again in May 2027 over two weeks, with files chosen "
        "at random in the team room.",
        "sef_quality": "",
        "sef_evidence": "",
        "sef_plans": "",
    }
    text.update(changes)  # type: ignore[typeddict-item]
    return text


def week_snapshot() -> WeekSnapshot:
    """A full practice week: three services, six teams, 49 audits, graded observations."""
    grades = audit_grade_tables()
    tables = {row["group"]: row for row in grades["by_service"]}
    tables["All"] = grades["overall"]
    current = {group: t["good_or_outstanding"]["percent"] for group, t in tables.items()}
    adjusted = {group: t["good_or_outstanding"]["adjusted_percent"] for group, t in tables.items()}
    trajectory = []
    for group in [*SERVICES, "All"]:
        previous = PREVIOUS_GOOD_OR_OUTSTANDING.get(group)
        direction, words = _direction(previous, current[group])
        trajectory.append(
            {
                "group": group,
                "previous": previous,
                "current": current[group],
                "direction": direction,
                "words": words,
                "previous_adjusted": PREVIOUS_ADJUSTED.get(group),
                "current_adjusted": tables[group]["good_or_outstanding"]["adjusted_percent"],
            }
        )
    observation_tables = {
        "Social work": _table((0, 13, 2, 0, 0)),
        "Early help": _table((3, 6, 1, 0, 0)),
        "Specialist support": _table((0, 5, 3, 0, 0)),
    }
    return {
        "schema": SCHEMA,
        "kind": "week",
        "generated_at": "2026-11-27T09:30:00+00:00",
        "council": COUNCIL,
        "narrative": narrative(),
        "week": {
            "title": WEEK_TITLE,
            "slug": "november-2026",
            "start": "2026-11-16",
            "end": "2026-11-20",
        },
        "activity": {
            "start": "2026-11-16",
            "end": "2026-11-20",
            "services": SERVICES,
            "teams": list(TEAMS),
            "visits": 24,
            "files_audited": 49,
            "observations": 33,
            "practitioners_seen": 41,
            "service_user_voices": 9,
        },
        "audit_grades": grades,
        "trajectory": trajectory,  # type: ignore[typeddict-item]
        "previous_week": PREVIOUS_WEEKS[-1],
        "trajectory_series": {
            "weeks": [*PREVIOUS_WEEKS, WEEK_TITLE],
            "series": [
                {
                    "group": "Social work",
                    "values": [41, 48, current["Social work"]],
                    "adjusted_values": [41, 48, adjusted["Social work"]],
                },
                {
                    "group": "Early help",
                    "values": [66, 70, current["Early help"]],
                    "adjusted_values": [69, 74, adjusted["Early help"]],
                },
                {
                    "group": "Specialist support",
                    "values": [None, None, 83],
                    "adjusted_values": [None, None, adjusted["Specialist support"]],
                },
                {
                    "group": "All",
                    "values": [50, 55, current["All"]],
                    "adjusted_values": [52, 57, adjusted["All"]],
                },
            ],
        },
        "observations_graded": True,
        "observation_grades": {
            "by_service": [t.as_dict(s) for s, t in observation_tables.items()],
            "by_team": [],
            "overall": combine(observation_tables.values()).as_dict("All"),
        },
        "observation_counts": [
            {"service": "Social work", "setting": "Home visit", "count": 7},
            {"service": "Social work", "setting": "Child protection conference", "count": 4},
            {"service": "Social work", "setting": "Supervision", "count": 4},
            {"service": "Early help", "setting": "Team around the family meeting", "count": 6},
            {"service": "Early help", "setting": "Home visit", "count": 4},
            {"service": "Specialist support", "setting": "Team meeting", "count": 8},
        ],
        "strengths": [
            _theme("Relationships with children", "Practitioners know the children well.", 9, 12),
            _theme("Voice of the child", "Direct work tools bring the child's view in.", 6, 8),
            _theme("Multi-agency working", "", 2, 3),
        ],
        "areas": [
            _theme(
                "Assessment quality",
                "Assessments describe events but rarely analyse what they mean for the child.",
                4,
                13,
            ),
            _theme(
                "Management oversight and supervision",
                "Supervision is not always monthly; decisions are not always recorded.",
                5,
                9,
            ),
            _theme("Planning", "Plans are not SMART enough.", 1, 7),
        ],
        "case_examples": [
            {
                "title": "A young person chairs their own review",
                "kind": "Good practice",
                "service": "Social work",
                "team": "Children in care team",
                "source": "observation",
                "write_up": "With the IRO's support the young person set the agenda.\n\n"
                "The plan is written in their words.",
            },
            {
                "title": "Colour cards for feelings",
                "kind": "Innovative practice",
                "service": "Early help",
                "team": "Early help hub East",
                "source": "audit",
                "write_up": "The worker used colours to help a child name significant emotions.",
            },
        ],
        "voices": {
            "ratings": [
                {"rating": "Very well", "count": 5},
                {"rating": "Well", "count": 3},
                {"rating": "Okay", "count": 1},
            ],
            "by_relationship": [
                {"relationship": "The child or young person", "count": 3},
                {"relationship": "Mother", "count": 4},
                {"relationship": "Foster carer or other carer", "count": 2},
            ],
            "quotes": [
                {
                    "relationship": "The child or young person",
                    "rating": "Very well",
                    "words": "She listens to me & doesn't rush.",
                },
                {
                    "relationship": "Mother",
                    "rating": "Okay",
                    "words": 'The plan came late; "better" would be <b>a week</b> before.',
                },
            ],
            "reflections": 27,
        },
        "action_plan": [
            {
                "category": "Assessment quality",
                "rows": [
                    _action(
                        "Assessments describe but do not analyse",
                        "Analysis workshops for every social work team",
                        "Plans do not address the child's needs",
                        "High",
                        "2027-03-31",
                        "Head of Service, Social Work",
                    )
                ],
            },
            {
                "category": "Supervision",
                "rows": [
                    _action(
                        "Supervision is not monthly in two teams",
                        "Monthly supervision tracked in the performance report",
                        "Drift and delay for children",
                        "High",
                        "2027-02-28",
                        "Service Manager, Assessment",
                    ),
                    _action(
                        "Decisions in supervision not recorded",
                        "Supervision template with a decisions box",
                        "Case direction unclear",
                        "Medium",
                        "2027-04-30",
                        "Principal Social Worker",
                    ),
                ],
            },
        ],
    }


def empty_week_snapshot() -> WeekSnapshot:
    """A practice week in which nothing was submitted: no audits, observations or feedback."""
    snapshot = week_snapshot()
    zero = grade_table({})
    snapshot.update(
        {
            "narrative": narrative(
                asked_to_consider="", purpose="", voices_summary="", what_next=""
            ),
            "activity": {
                "start": "2026-11-16",
                "end": "2026-11-20",
                "services": [],
                "teams": [],
                "visits": 0,
                "files_audited": 0,
                "observations": 0,
                "practitioners_seen": 0,
                "service_user_voices": 0,
            },
            "audit_grades": {"by_service": [], "by_team": [], "overall": zero.as_dict("All")},
            "trajectory": [],  # no group had files: nothing to compare
            "previous_week": PREVIOUS_WEEKS[-1],
            "trajectory_series": {
                "weeks": [*PREVIOUS_WEEKS, WEEK_TITLE],
                "series": [
                    {
                        "group": "Social work",
                        "values": [41, 48, None],
                        "adjusted_values": [41, 48, None],
                    },
                    {"group": "All", "values": [50, 55, None], "adjusted_values": [52, 57, None]},
                ],
            },
            "observations_graded": False,
            "observation_grades": None,
            "observation_counts": [],
            "strengths": [],
            "areas": [],
            "case_examples": [],
            "voices": {"ratings": [], "by_relationship": [], "quotes": [], "reflections": 0},
            "action_plan": [],
        }
    )
    return snapshot


def annual_snapshot() -> AnnualSnapshot:
    """A year (April 2026 to March 2027): every audit type, six teams, twelve months."""
    by_type = {
        "Practice week": _table((3, 34, 15, 3, 1)),
        "Core (monthly)": _table((4, 60, 40, 6, 2)),
        "Thematic": _table((1, 9, 8, 2, 0)),
        "Minimum standards": _table((0, 0, 0, 0, 12)),
    }
    by_team = {team: _table(counts) for team, (_, counts) in TEAMS.items()}
    months = [f"2026-{m:02d}" for m in range(4, 13)] + [f"2027-{m:02d}" for m in range(1, 4)]
    by_month = {
        month: _table((i % 2, 8 + i % 3, 4 + i % 4, i % 3 // 2, 1 if i == 5 else 0))
        for i, month in enumerate(months)
    }
    overall = combine(by_type.values())
    return {
        "schema": SCHEMA,
        "kind": "annual",
        "generated_at": "2027-04-10T14:05:00+01:00",
        "council": COUNCIL,
        "narrative": narrative(
            title="Quality assurance report 2026 to 2027",
            asked_to_consider="The panel is asked to note the year's audit findings.",
            purpose="This report sums up all audit activity from April 2026 to March 2027.",
            sef_quality="Most practice is good; assessment quality is the weakest area.",
            sef_evidence="",
            sef_plans="",
        ),
        "period": {"start": "2026-04-01", "end": "2027-03-31"},
        "activity": {
            "start": "2026-04-01",
            "end": "2027-03-31",
            "services": SERVICES,
            "teams": list(TEAMS),
            "visits": 48,
            "files_audited": overall.total,
            "observations": 70,
            "practitioners_seen": 96,
            "service_user_voices": 21,
        },
        "by_audit_type": [t.as_dict(name) for name, t in by_type.items()],
        "by_team": [t.as_dict(team) for team, t in by_team.items()],
        "by_month": [t.as_dict(month) for month, t in by_month.items()],
        "overall": overall.as_dict("All"),
        "weeks": [
            {"title": "Practice week May 2026 (pilot)", "start": "2026-05-11", "end": "2026-05-15"},
            {"title": WEEK_TITLE, "start": "2026-11-16", "end": "2026-11-20"},
        ],
        "strengths": week_snapshot()["strengths"],
        "areas": week_snapshot()["areas"],
        "moderation": None,
        "sef_drafts": {
            "quality": "Drafted: 60% of graded files were good or outstanding.",
            "evidence": "Drafted: 200 audits, 70 observations and 21 families' views.",
            "plans": "Drafted: the action plan's three high-priority actions.",
        },
        "action_plan": week_snapshot()["action_plan"],
    }


def _theme(theme: str, wording: str, observations: int, audits: int) -> Any:
    return {
        "theme": theme,
        "wording": wording,
        "observations": observations,
        "audits": audits,
        "total": observations + audits,
    }


def _action(
    issue: str, action: str, risk: str, priority: str, due_on: str, responsible: str
) -> Any:
    return {
        "issue": issue,
        "action": action,
        "risk": risk,
        "priority": priority,
        "due_on": due_on,
        "responsible": responsible,
    }
