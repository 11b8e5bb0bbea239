"""Which case files are already being worked on in a practice week, as the apps that record
work on files say.

The core imports no app, so an app that records work on case files (audits) registers a
source here in its `AppConfig.ready()`; random file selection then leaves those files out.
"""

from collections.abc import Callable

from django.db.models import QuerySet

from .models import PracticeWeek

# A source answers, for a week, a query of case file ids (`values("case_file_id")` or alike).
WorkedFilesSource = Callable[[PracticeWeek], QuerySet]

_sources: list[WorkedFilesSource] = []


def register(source: WorkedFilesSource) -> None:
    """Add a source; registering the same one twice (tests reload apps) keeps one."""
    if source not in _sources:
        _sources.append(source)


def worked_file_queries(week: PracticeWeek) -> list[QuerySet]:
    """One query of case file ids per registered source, for use in `pk__in`."""
    return [source(week) for source in _sources]
