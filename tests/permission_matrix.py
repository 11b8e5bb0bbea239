"""Who may do what, as data: role x object kind x action -> allowed / 403 / 404 (or the log-in
page). `tests/test_permission_matrix.py` turns every row into one request through the test
client; the rules themselves are in practiceweek/access.py and each app's access.py.

The world (built once per test module by the test): one team with its Team Manager and Service
Manager; a Director who audited a file of the team (Inadequate: escalated to the Service
Manager) and observed a practitioner of the team; that practitioner, allocated to the file,
owns its case action; the observation is flagged as a case example (waiting), the audit's case
example was declined; a report of the week has an unpublished and a published version.

Roles (columns):
- anonymous: not signed in;
- qa_lead: a QA administrator (staff: the admin is theirs too);
- author: the Director, auditor of the audit and observer of the observation;
- practitioner: the allocated worker of the audited file, observed in the observation;
- team_manager, service_manager: the team's managers (the audit was escalated to the latter);
- stranger: the manager of another team (reads nothing of this team's work);
- scrutiny: a scrutiny panel member (published reports only).

Outcomes: ALLOW (the row's `ok` status), FORBIDDEN (403: may know it, may not do it),
NOT_FOUND (404: may not know it exists), LOGIN (sent to log in), ADMIN_LOGIN (the admin's own
log-in page).
"""

from dataclasses import dataclass
from typing import Literal

from practiceweek.access import Decision

ALLOW, FORBIDDEN, NOT_FOUND = Decision.ALLOW, Decision.FORBIDDEN, Decision.NOT_FOUND
LOGIN: Literal["login"] = "login"
ADMIN_LOGIN: Literal["admin_login"] = "admin_login"
Outcome = Decision | Literal["login", "admin_login"]

ROLES = (
    "anonymous",
    "qa_lead",
    "author",
    "practitioner",
    "team_manager",
    "service_manager",
    "stranger",
    "scrutiny",
)
STAFF = ("qa_lead", "author", "practitioner", "team_manager", "service_manager", "stranger")
READERS_OF_THE_WORK = ("qa_lead", "author", "practitioner", "team_manager", "service_manager")
RECORDERS = ("qa_lead", "author", "team_manager", "service_manager", "stranger")


@dataclass(frozen=True)
class Row:
    kind: str  # the object kind ("audit", "report", ...) or "page" for a page about none
    action: str
    method: Literal["GET", "POST"]
    url_name: str
    target: str | None  # a World attribute holding the object's pk, or None
    outcomes: dict[str, Outcome]
    ok: int = 200  # the status of an allowed request
    query: str = ""  # appended to the URL: "?observation={observation}" (World attributes)
    data: tuple[tuple[str, str], ...] = ()  # POST data

    @property
    def id(self) -> str:
        return f"{self.kind}.{self.action}"


def outcomes(
    allowed: tuple[str, ...],
    *,
    others: Outcome,
    readers: tuple[str, ...] = (),
    scrutiny: Outcome = FORBIDDEN,
) -> dict[str, Outcome]:
    """ALLOW for `allowed`; FORBIDDEN for `readers` not allowed (they may read the object);
    `others` for everyone else signed in; the log-in page for the anonymous. Scrutiny panel
    members: FORBIDDEN unless said (the middleware lets them read published reports only)."""
    result: dict[str, Outcome] = {"anonymous": LOGIN, "scrutiny": scrutiny}
    for role in STAFF:
        if role in allowed:
            result[role] = ALLOW
        elif role in readers:
            result[role] = FORBIDDEN
        else:
            result[role] = others
    return result


def qa_lead_only() -> dict[str, Outcome]:
    """A QA lead's page or action: 403 for everyone else signed in."""
    return outcomes(("qa_lead",), others=FORBIDDEN)


def on_the_work(allowed: tuple[str, ...]) -> dict[str, Outcome]:
    """An action on this team's audit or observation: readers who may not do it get 403, the
    stranger (who may not read it) 404."""
    return outcomes(allowed, readers=READERS_OF_THE_WORK, others=NOT_FOUND)


ACK = (("reflection", "Read, thank you."),)

MATRIX: tuple[Row, ...] = (
    # --- Audits ---------------------------------------------------------------------------------
    Row("audit", "read", "GET", "audits:detail", "audit", on_the_work(READERS_OF_THE_WORK)),
    Row("audit", "edit", "GET", "audits:edit", "audit", on_the_work(("qa_lead", "author"))),
    Row("audit", "history", "GET", "audits:history", "audit", on_the_work(("qa_lead", "author"))),
    Row(
        "audit",
        "acknowledge",
        "POST",
        "audits:acknowledge",
        "audit",
        on_the_work(("practitioner",)),
        ok=302,
        data=ACK,
    ),
    Row("audit", "start", "GET", "audits:start", None, outcomes(RECORDERS, others=FORBIDDEN)),
    Row("audit", "mine", "GET", "audits:mine", None, outcomes(RECORDERS, others=FORBIDDEN)),
    # --- Escalations and case actions ----------------------------------------------------------
    Row("escalation", "list", "GET", "audits:escalations", None, outcomes(STAFF, others=FORBIDDEN)),
    Row(
        "escalation",
        "acknowledge",
        "POST",
        "audits:escalation_acknowledge",
        "recipient",
        # Every escalation is visible to a QA lead, who acknowledges none on a manager's behalf.
        outcomes(("service_manager",), readers=("qa_lead",), others=NOT_FOUND),
        ok=302,
    ),
    Row(
        "case_action",
        "complete",
        "POST",
        "audits:action_complete",
        "action",
        on_the_work(("qa_lead", "author", "practitioner")),
        ok=302,
    ),
    # --- Observations ---------------------------------------------------------------------------
    Row(
        "observation",
        "read",
        "GET",
        "observations:detail",
        "observation",
        on_the_work(READERS_OF_THE_WORK),
    ),
    Row(
        "observation",
        "edit",
        "GET",
        "observations:edit",
        "observation",
        on_the_work(("qa_lead", "author")),
    ),
    Row(
        "observation",
        "history",
        "GET",
        "observations:history",
        "observation",
        on_the_work(("qa_lead", "author")),
    ),
    Row(
        "observation",
        "acknowledge",
        "POST",
        "observations:acknowledge",
        "observation",
        on_the_work(("practitioner",)),
        ok=302,
        data=ACK,
    ),
    Row(
        "observation",
        "add_feedback",
        "GET",
        "observations:feedback_add",
        "observation",
        on_the_work(("qa_lead", "author")),
    ),
    Row(
        "observation",
        "start",
        "GET",
        "observations:start",
        None,
        outcomes(RECORDERS, others=FORBIDDEN),
    ),
    Row(
        "observation",
        "mine",
        "GET",
        "observations:mine",
        None,
        outcomes(RECORDERS, others=FORBIDDEN),
    ),
    # --- Case examples --------------------------------------------------------------------------
    Row(
        "case_example",
        "list",
        "GET",
        "observations:case_examples",
        None,
        outcomes(STAFF, others=FORBIDDEN),
    ),
    Row(
        "case_example",
        "read_waiting",
        "GET",
        "observations:case_example",
        "waiting_example",
        on_the_work(READERS_OF_THE_WORK),
    ),
    Row(
        "case_example",
        "read_declined",
        "GET",
        "observations:case_example",
        "declined_example",
        # A declined case example is no praise: the practitioner no longer sees it.
        outcomes(
            ("qa_lead", "author", "team_manager", "service_manager"),
            others=NOT_FOUND,
        ),
    ),
    Row(
        "case_example",
        "flag",
        "GET",
        "observations:case_example_new",
        None,
        on_the_work(("qa_lead", "author")),
        query="?observation={observation}",
    ),
    Row(
        "case_example",
        "decide",
        "POST",
        "observations:case_example_decide",
        "waiting_example",
        on_the_work(("qa_lead",)),
        ok=302,
        data=(("decision", "approve"),),
    ),
    Row("themes", "tag", "GET", "observations:themes", None, qa_lead_only()),
    # --- Reports --------------------------------------------------------------------------------
    Row("report", "list", "GET", "reports:list", None, qa_lead_only()),
    Row("report", "draft", "GET", "reports:new_week", None, qa_lead_only()),
    Row("report", "read_draft", "GET", "reports:detail", "report", qa_lead_only()),
    Row("report", "edit", "GET", "reports:edit", "report", qa_lead_only()),
    Row("report", "quotes", "GET", "reports:quotes", "report", qa_lead_only()),
    Row("report", "build", "POST", "reports:build", "report", qa_lead_only(), ok=302),
    # Allowed, the QA lead gets the form back (400): each unfinished item must be ticked.
    Row("report", "publish", "POST", "reports:publish", "draft_build", qa_lead_only(), ok=400),
    Row(
        "report",
        "withdraw",
        "POST",
        "reports:withdraw",
        "published_build",
        qa_lead_only(),
        ok=302,
        data=(("reason", "The figures were wrong."),),
    ),
    Row(
        "report",
        "read_unpublished",
        "GET",
        "reports:version",
        "draft_build",
        outcomes(("qa_lead",), others=NOT_FOUND, scrutiny=NOT_FOUND),
    ),
    Row(
        "report",
        "read_published",
        "GET",
        "reports:version",
        "published_build",
        outcomes(STAFF, others=FORBIDDEN, scrutiny=ALLOW),
    ),
    Row(
        "report",
        "published_list",
        "GET",
        "reports:published",
        None,
        outcomes(STAFF, others=FORBIDDEN, scrutiny=ALLOW),
    ),
    # --- The QA lead's own pages and the admin --------------------------------------------------
    Row("sign_ins", "unlock", "GET", "practiceweek:locked_sign_ins", None, qa_lead_only()),
    Row(
        "admin",
        "open",
        "GET",
        "admin:index",
        None,
        {
            **outcomes(("qa_lead",), others=ADMIN_LOGIN),
            "anonymous": ADMIN_LOGIN,
        },
    ),
)
