"""The top bar's links for each role: one place to see who is offered what."""

from dataclasses import dataclass

from .models import Role, User


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str
    app_name: str  # the link is "current" on every page of this app namespace and name prefix


_AUDITORS = {
    Role.DIRECTOR,
    Role.HEAD_OF_SERVICE,
    Role.SERVICE_MANAGER,
    Role.QA_ADMIN,
    Role.MODERATOR,
}
_CASE_HOLDERS = {Role.PRACTITIONER, Role.TEAM_MANAGER}
# "Team and service managers see their own teams'" audits: not Heads of Service or Directors.
_TEAM_LEADERS = {Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.QA_ADMIN}
# Inadequate files go to the Service Manager and the Head of Service (audits.followup).
_ESCALATED_TO = {Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE, Role.QA_ADMIN}


def nav_links(user: User) -> list[NavLink]:
    """Links after "Home" for a signed-in person; a scrutiny panel member gets the published
    reports only.

    Kept short: the team's audits and observations share one "Team" link (the team
    observations page has a tab to the team audits).
    """
    if not user.is_authenticated:
        return []
    if user.is_scrutiny_member:
        return [NavLink("Reports", "reports:published", "reports")]
    role = Role(user.role) if user.role in Role.values else None
    links = [NavLink("Practice weeks", "practiceweek:week_list", "practiceweek")]
    if role in _AUDITORS or user.is_superuser:
        links.append(NavLink("My audits", "audits:mine", "audits:mine"))
        links.append(NavLink("My observations", "observations:mine", "observations:mine"))
    if role in _CASE_HOLDERS:
        links.append(NavLink("My feedback", "audits:my_feedback", "audits:my_feedback"))
    links.append(NavLink("Actions", "audits:actions", "audits:actions"))
    if role in _TEAM_LEADERS or user.is_superuser:
        links.append(NavLink("Team", "observations:team", "observations:team"))
    if role in _ESCALATED_TO or user.is_superuser:
        links.append(NavLink("Escalations", "audits:escalations", "audits:escalations"))
    # Approved case examples are shared across the service; pending ones with the people
    # they concern (the case examples pages decide which).
    links.append(
        NavLink("Case examples", "observations:case_examples", "observations:case_examples")
    )
    if user.is_qa_admin:
        links.append(NavLink("Themes", "observations:themes", "observations:themes"))
        links.append(NavLink("Reports", "reports:list", "reports"))
    return links
