"""The demo council's fixed tables: services, teams, named people, name pools, themes, weeks.

Changing anything here changes the council every run builds: the planners in `plan` draw
from these tables with a seeded `random.Random`, so keep `SEED` and the order of entries.
"""

import re
from dataclasses import dataclass

from ..models import CaseType, PracticeWeek, Role, Session

# One password for every demo account, documented in README and printed by `seed_demo`.
DEMO_PASSWORD = "practiceweek-demo"  # noqa: S105
EMAIL_DOMAIN = "northbridge.gov.uk"
SEED = 20181119  # any constant: it only has to stay the same between runs
CASE_REFERENCE_PREFIX = "NB"
CASE_REFERENCE_PATTERN = re.compile(r"^NB\d{6}$")
PAST_WEEK_SLUG = "demo-previous-week"
LIVE_WEEK_SLUG = "demo-live-week"
WEEKS_BETWEEN_PRACTICE_WEEKS = 26  # councils run one every six months
QA_GROUP_NAME = "QA administrators"
# The apps whose models QA administrators may manage in the admin.
QA_ADMIN_APPS = ("practiceweek", "audits", "observations", "reports")


@dataclass(frozen=True)
class TeamSpec:
    name: str
    base: str
    case_files: int
    case_mix: dict[CaseType, int]  # case type -> weight
    practitioner_titles: tuple[str, ...]  # the first is the team's senior practitioner


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    head: tuple[str, str]  # Head of Service: first and last name
    teams: tuple[TeamSpec, ...]


# Practitioners' job titles, the team's senior practitioner first.
SW_3 = ("Senior Practitioner", "Social Worker", "Social Worker")
SW_4 = (*SW_3, "ASYE Social Worker")
FS_2 = ("Senior Family Support Worker", "Family Support Worker")
FS_3 = (*FS_2, "Early Help Practitioner")
YJ_3 = ("Senior Practitioner", "Youth Justice Officer", "Youth Justice Officer")
IFS_3 = ("Senior Practitioner", "Intensive Family Support Worker", "Family Support Worker")
SSW_3 = ("Senior Practitioner", "Supervising Social Worker", "Supervising Social Worker")
# Case mixes: case type -> weight.
FRONT_DOOR = {CaseType.CIN: 55, CaseType.CP: 25, CaseType.EARLY_HELP: 20}
CIN_CP = {CaseType.CIN: 65, CaseType.CP: 35}
CP_COURT = {CaseType.CP: 70, CaseType.CIN: 15, CaseType.CLA: 15}
EDGE_OF_CARE = {CaseType.CIN: 50, CaseType.CP: 20, CaseType.EARLY_HELP: 30}
EARLY_HELP = {CaseType.EARLY_HELP: 1}

# TeamSpec: name, base, number of case files, case mix, practitioners' job titles.
SERVICES = (
    ServiceSpec("Social Work", ("Catherine", "Moss"), (
        TeamSpec("Multi-Agency Safeguarding Hub", "Civic Centre, 1st floor", 24, FRONT_DOOR, SW_3),
        TeamSpec("Assessment Team 1", "Eastgate House", 36, CIN_CP, SW_4),
        TeamSpec("Assessment Team 2", "Westfield House", 34, CIN_CP, SW_4),
        TeamSpec("Child Protection and Court Team", "Civic Centre, 3rd floor", 38, CP_COURT, SW_4),
        TeamSpec("Children and Young People in Care Team", "Riverside House", 40,
                 {CaseType.CLA: 1}, SW_4),
        TeamSpec("Care Leavers Team", "The Hub, Market Street", 32, {CaseType.CARE_LEAVER: 1},
                 ("Senior Practitioner", "Social Worker", "Personal Adviser")),
    )),
    ServiceSpec("Early Intervention", ("Mark", "Ellison"), (
        TeamSpec("Strengthening Families East", "Eastgate Family Hub", 30, EARLY_HELP, FS_3),
        TeamSpec("Strengthening Families West", "Westfield Family Hub", 30, EARLY_HELP, FS_3),
        TeamSpec("Family Support Hub", "Central Library, 1st floor", 26, EARLY_HELP, FS_2),
    )),
    ServiceSpec("Specialist Support", ("Yvonne", "Adebayo"), (
        TeamSpec("Children with Disabilities Team", "The Beacon Centre", 30,
                 {CaseType.DISABILITY: 1}, SW_3),
        TeamSpec("Intensive Family Support Team", "Riverside House", 22, EDGE_OF_CARE, IFS_3),
    )),
    ServiceSpec("Youth Offending", ("Andrew", "Fairbairn"), (
        TeamSpec("Youth Offending Team", "Castle Street Youth Justice Centre", 28,
                 {CaseType.YOT: 1}, YJ_3),
        TeamSpec("Prevention and Diversion Team", "Castle Street Youth Justice Centre", 20,
                 {CaseType.YOT: 1}, YJ_3[:2]),
    )),
    ServiceSpec("Fostering and Adoption", ("Lorraine", "Hartley"), (
        TeamSpec("Fostering Team", "Meadow Court", 26, {CaseType.FOSTERING: 1}, SSW_3),
        TeamSpec("Adoption and Permanence Team", "Meadow Court", 18, {CaseType.ADOPTION: 1},
                 SW_3[:2]),
    )),
)  # fmt: skip

# Street addresses of the buildings teams sit in (fictional), for visitors' e-mails and calendars.
BUILDING_ADDRESSES = {
    "Civic Centre": "1 Civic Square, Northbridge NB1 1AA",
    "Eastgate House": "40 Eastgate, Northbridge NB2 4EG",
    "Westfield House": "12 Westfield Road, Northbridge NB3 7WF",
    "Riverside House": "3 Quay Side, Northbridge NB1 5RS",
    "The Hub": "Market Street, Northbridge NB1 2MS",
    "Eastgate Family Hub": "44 Eastgate, Northbridge NB2 4EH",
    "Westfield Family Hub": "16 Westfield Road, Northbridge NB3 7WG",
    "Central Library": "Library Walk, Northbridge NB1 3LW",
    "The Beacon Centre": "Beacon Lane, Northbridge NB4 1BC",
    "Castle Street Youth Justice Centre": "8 Castle Street, Northbridge NB1 4CS",
    "Meadow Court": "Meadow Way, Northbridge NB5 2MC",
}

# Each Service Manager covers two or three teams of one service and is a member of the first.
SERVICE_MANAGERS = (
    ("Daniel", "Okafor",
     ("Multi-Agency Safeguarding Hub", "Assessment Team 1", "Assessment Team 2")),
    ("Rachel", "Whitfield",
     ("Child Protection and Court Team", "Children and Young People in Care Team",
      "Care Leavers Team")),
    ("Priya", "Sharma",
     ("Strengthening Families East", "Strengthening Families West", "Family Support Hub")),
    ("Gareth", "Lloyd", ("Children with Disabilities Team", "Intensive Family Support Team")),
    ("Simon", "Carter", ("Youth Offending Team", "Prevention and Diversion Team")),
    ("Joanne", "Reid", ("Fostering Team", "Adoption and Permanence Team")),
)  # fmt: skip
# This Service Manager visits only their own service in the live week, so the set-up checks
# have one flag to show.
STAYS_IN_OWN_SERVICE = "simon.carter"

DIRECTOR = ("Helen", "Ashworth", "Director of Children's Services")
# (first, last, job title, line manager's username or None for the Director)
QA_ADMINS = (
    ("Sarah", "Pemberton", "Quality Assurance Lead", None),
    ("Tom", "Hadley", "Quality Assurance Officer", "sarah.pemberton"),
)
QA_STAFF_USERNAME = "sarah.pemberton"  # the one who may use the admin site
MODERATORS = (
    ("Angela", "Brooks", "Principal Social Worker", None),
    ("Marcus", "Bell", "Practice Standards Manager", "angela.brooks"),
)
SCRUTINY_MEMBERS = (
    ("Margaret", "Hughes", "Cllr, Chair of the Children, Young People and Families Scrutiny Panel"),
    ("Imran", "Patel", "Cllr, Children, Young People and Families Scrutiny Panel"),
    ("Lesley", "Dawson", "Cllr, Children, Young People and Families Scrutiny Panel"),
)

# Team Managers and practitioners get names drawn from these.
FIRST_NAMES = (
    "Adam", "Aisha", "Amelia", "Ben", "Bethany", "Chloe", "Chris", "Claire", "Connor", "David",
    "Deborah", "Ellie", "Emma", "Fatima", "Gemma", "Grace", "Hannah", "Harpreet", "Jack", "Jamal",
    "James", "Jasmine", "Jenny", "Karen", "Kate", "Kieran", "Laura", "Liam", "Louise", "Lucy",
    "Megan", "Michelle", "Mohammed", "Naomi", "Nathan", "Nicola", "Olivia", "Owen", "Paul",
    "Rebecca", "Ruth", "Ryan", "Samina", "Sophie", "Stephen", "Tariq", "Victoria", "Zara",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Ahmed", "Bailey", "Barker", "Begum", "Bennett", "Campbell", "Chapman", "Clarke",
    "Collins", "Cooper", "Davies", "Edwards", "Evans", "Fletcher", "Foster", "Green", "Hall",
    "Harris", "Hussain", "Jackson", "Johnson", "Kaur", "Kelly", "Khan", "Lewis", "Marshall",
    "Mason", "Mensah", "Mitchell", "Morgan", "Murphy", "Nolan", "Nowak", "O'Brien", "Parker",
    "Phillips", "Price", "Richards", "Roberts", "Robinson", "Shaw", "Singh", "Stewart", "Taylor",
    "Thompson", "Turner", "Walker", "Ward", "Watson", "Webb", "Wilson", "Wright", "Young",
)  # fmt: skip

THEMES = {
    "Neglect": "Recognising neglect early, including its cumulative impact on the child.",
    "Management oversight and supervision": (
        "Regular, reflective supervision recorded on the child's file; managers' decisions "
        "visible and explained."
    ),
    "Voice of the child": "Children seen alone, their wishes and feelings shaping the plan.",
    "Assessment quality": "Assessments that analyse, not describe: history, risk and strengths.",
    "Planning": "SMART plans the family understands, reviewed on time, including permanence.",
    "Multi-agency working": "Schools, health and police contributing to plans and meetings.",
}


@dataclass(frozen=True)
class WeekSpec:
    status: str
    themes: tuple[str, ...]
    purpose: str


WEEKS = {
    PAST_WEEK_SLUG: WeekSpec(
        status=PracticeWeek.Status.REPORTED,  # its scrutiny report is published (reports/demo.py)
        themes=("Voice of the child", "Assessment quality"),
        purpose=(
            "Senior managers audit case files collaboratively with the allocated worker and "
            "observe practice in all five services, looking above all at the voice of the child "
            "and the quality of assessments."
        ),
    ),
    LIVE_WEEK_SLUG: WeekSpec(
        status=PracticeWeek.Status.LIVE,
        themes=("Neglect", "Management oversight and supervision", "Planning"),
        purpose=(
            "Auditors pick files at random while sitting in the teams and spend days outside "
            "their own service. We want to know whether management oversight and planning have "
            "improved since the last practice week, and how well we respond to neglect."
        ),
    ),
}

# Timetable: days each visitor spends in teams, and how a day is split.
VISITING_DAYS = {
    Role.DIRECTOR: 3,
    Role.HEAD_OF_SERVICE: 4,
    Role.SERVICE_MANAGER: 4,
    Role.QA_ADMIN: 1,
    Role.MODERATOR: 1,
}
DAY_PATTERNS = ((Session.ALL_DAY,), (Session.MORNING, Session.AFTERNOON), (Session.MORNING,))
DAY_PATTERN_WEIGHTS = (5, 3, 1)
VISIT_NOTES = (
    "",
    "",
    "Meet at reception",
    "Hot desk beside the team manager",
    "Parking at the rear of the building",
    "Join the 10:00 team meeting",
)
