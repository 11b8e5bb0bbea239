"""`{% load access_tags %}{% if user|can:"report.draft" %}`: templates ask the same rules as
the views (practiceweek.access.may), by an Action's name. An unknown name is an error, not a
quiet "no"."""

from django import template

from practiceweek.access import Action, may
from practiceweek.models import User

register = template.Library()


@register.filter
def can(user: User, action: str) -> bool:
    """Whether a signed-in `user` may take the role-level action named `action`."""
    if not getattr(user, "is_authenticated", False):
        return False
    return may(user, Action(action))
