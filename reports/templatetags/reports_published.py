"""`{% published_reports as rows %}`: the published reports, for the scrutiny panel member's
home page (the core app's home view knows nothing of reports)."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def published_reports() -> list[selectors.ReportRow]:
    return selectors.published_reports()
