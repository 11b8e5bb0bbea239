"""Reads of the reports app. Lists never load a PDF or a snapshot (`_LIGHT`): only the download
and the version page read those, one build at a time.

Who reads what: QA administrators every report and every version; everyone else (scrutiny panel
members above all) published versions only. A version someone may not read is "not found".
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import NotRequired, TypedDict

from django.db.models import FilteredRelation, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from observations.models import Rating, Relationship, ServiceUserFeedback
from practiceweek.anonymity import find_identifying_text
from practiceweek.models import PracticeWeek, User

from . import gather
from .access import can_draft_reports
from .models import Report, ReportBuild
from .quoting import check_result
from .snapshot import Snapshot

_LIGHT = ("pdf", "snapshot")  # the heavy columns of a build


def _light_builds(*, published: bool = False) -> QuerySet[ReportBuild]:
    builds = ReportBuild.objects.published() if published else ReportBuild.objects.all()
    return builds.defer(*_LIGHT).select_related("published_by").order_by("-number")


@dataclass(frozen=True)
class ReportRow:
    """A report with its versions, newest first (as loaded: no further queries)."""

    report: Report
    builds: list[ReportBuild]

    @property
    def latest(self) -> ReportBuild | None:
        return self.builds[0] if self.builds else None

    @property
    def active(self) -> ReportBuild | None:
        return next((b for b in self.builds if b.is_active), None)

    @property
    def current(self) -> ReportBuild | None:
        """The version the panel reads: the one published last and not withdrawn."""
        return max(self.published, key=lambda b: (b.published_at, b.number), default=None)

    @property
    def published(self) -> list[ReportBuild]:
        """Published and not withdrawn: what the panel reads."""
        return [b for b in self.builds if b.published_at is not None and b.withdrawn_at is None]

    @property
    def period(self) -> tuple[date | None, date | None]:
        return period_of(self.report)


def period_of(report: Report) -> tuple[date | None, date | None]:
    if report.week is not None:
        return report.week.start_date, report.week.end_date
    return report.date_from, report.date_to


def _with_builds(reports: QuerySet[Report], builds: QuerySet[ReportBuild]) -> list[ReportRow]:
    loaded = reports.select_related("week").prefetch_related(
        Prefetch("builds", queryset=builds, to_attr="loaded_builds")
    )
    return [ReportRow(r, r.loaded_builds) for r in loaded]


@dataclass(frozen=True)
class ReportList:
    weeks: list[ReportRow]
    annual: list[ReportRow]
    weeks_without_report: list[PracticeWeek]


def report_list() -> ReportList:
    """Every report (week reports by week, newest first; yearly by period) with its versions:
    three queries, whatever the number of reports and builds."""
    rows = _with_builds(
        Report.objects.order_by("-week__start_date", "-date_to", "-pk"), _light_builds()
    )
    return ReportList(
        weeks=[r for r in rows if r.report.kind == Report.Kind.WEEK],
        annual=[r for r in rows if r.report.kind == Report.Kind.ANNUAL],
        weeks_without_report=weeks_without_report(),
    )


def weeks_without_report() -> list[PracticeWeek]:
    """Practice weeks with no report yet, latest first."""
    return list(PracticeWeek.objects.filter(reports__isnull=True).order_by("-start_date"))


def report_get(pk: int) -> ReportRow:
    """One report with its versions (two queries); 404 if there is none."""
    rows = _with_builds(Report.objects.filter(pk=pk), _light_builds())
    if not rows:
        raise Http404("No such report.")
    return rows[0]


def report_with_week(pk: int) -> Report:
    """The report and its week (one query); 404 if there is none."""
    report = Report.objects.select_related("week").filter(pk=pk).first()
    if report is None:
        raise Http404("No such report.")
    return report


def report_for_edit(pk: int) -> Report:
    """The report with its week and action plan rows."""
    report = (
        Report.objects.select_related("week").prefetch_related("action_items").filter(pk=pk).first()
    )
    if report is None:
        raise Http404("No such report.")
    return report


@dataclass(frozen=True)
class ThemeToWord:
    kind: str  # ThemeWording.Kind
    tag_name: str
    audits: int
    observations: int
    wording: str  # the QA lead's, matched to the theme by the snapshot


@dataclass(frozen=True)
class EditingState:
    """What the narrative page offers besides the report's own fields, from the live data."""

    themes: list[ThemeToWord]
    sef_drafts: dict[str, str]


def report_editing_state(report: Report, *, now: datetime | None = None) -> EditingState:
    """The themes the live data raises (strengths, then areas, most frequent first) and, for a
    yearly report, the drafted self-evaluation answers."""
    snapshot = gather.snapshot_for(report, now=now or timezone.now())
    themes = [
        ThemeToWord(kind, row["theme"], row["audits"], row["observations"], row["wording"])
        for kind, rows in (("strength", snapshot["strengths"]), ("area", snapshot["areas"]))
        for row in rows
    ]
    drafts: dict[str, str] = {}
    if snapshot["kind"] == "annual":
        found = snapshot["sef_drafts"]
        drafts = {
            "quality": found["quality"],
            "evidence": found["evidence"],
            "plans": found["plans"],
        }
    return EditingState(themes=themes, sef_drafts=drafts)


def report_preview_snapshot(report: Report, *, now: datetime | None = None) -> Snapshot:
    """The live data of the report, as a build would store it."""
    return gather.snapshot_for(report, now=now or timezone.now())


# --- Versions ---------------------------------------------------------------------------------


def build_for_reader(user: User, pk: int, *, with_pdf: bool = False) -> ReportBuild:
    """A version this person may read: QA administrators any, everyone else published ones
    only. Loads the snapshot (and the PDF when asked); 404 otherwise."""
    builds = ReportBuild.objects.select_related("report__week", "published_by")
    if not with_pdf:
        builds = builds.defer("pdf")
    if not can_draft_reports(user):
        builds = builds.published()
    build = builds.filter(pk=pk).first()
    if build is None:
        raise Http404("No such version.")
    return build


def build_get(pk: int) -> ReportBuild:
    """A version without its PDF or snapshot (for status and publishing); 404 if none."""
    build = ReportBuild.objects.defer(*_LIGHT).select_related("report").filter(pk=pk).first()
    if build is None:
        raise Http404("No such version.")
    return build


def snapshot_taken_at(build: ReportBuild) -> datetime | None:
    """When the build's data was gathered (its snapshot's `generated_at`)."""
    raw = (build.snapshot or {}).get("generated_at")
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except (TypeError, ValueError):
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def current_published_id(report: Report) -> int | None:
    """The id of the version the panel reads (the one published last), if any."""
    return (
        report.builds.published().order_by("-published_at", "-number").values_list("pk", flat=True)
    ).first()


def published_reports() -> list[ReportRow]:
    """Reports with at least one published version, each with its published versions only;
    the current one first. Two queries."""
    rows = _with_builds(
        Report.objects.filter(pk__in=ReportBuild.objects.published().values("report_id")).order_by(
            "-week__start_date", "-date_to", "-pk"
        ),
        _light_builds(published=True),
    )
    return sorted(rows, key=_current_published_at, reverse=True)


def _current_published_at(row: ReportRow) -> datetime:
    current = row.current
    return current.published_at if current and current.published_at else timezone.now()


class BuildStatus(TypedDict):
    """The JSON of the progress endpoint, as static/reports/build_status.js reads it."""

    id: int
    number: int
    status: str  # ReportBuild.Status
    label: str
    text: str  # status_words
    is_active: bool
    version_url: str
    pdf_url: NotRequired[str]  # ready builds only
    page_count: NotRequired[int | None]


def build_status(build: ReportBuild) -> BuildStatus:
    """The JSON of the progress endpoint: the status in words and where to go when done."""
    words = status_words(build)
    data: BuildStatus = {
        "id": build.pk,
        "number": build.number,
        "status": build.status,
        "label": build.get_status_display(),
        "text": words,
        "is_active": build.is_active,
        "version_url": reverse("reports:version", args=[build.pk]),
    }
    if build.status == ReportBuild.Status.READY:
        data["pdf_url"] = reverse("reports:download", args=[build.pk])
        data["page_count"] = build.page_count
    return data


def status_words(build: ReportBuild) -> str:
    """What the progress line says; the same with and without JavaScript."""
    v = f"Version {build.number}"
    match build.status:
        case ReportBuild.Status.QUEUED:
            if build.attempts:
                return f"{v}: Queued again after a problem; it will start shortly."
            return f"{v}: Queued. It will start in a moment."
        case ReportBuild.Status.BUILDING:
            return f"{v}: Building. Gathering the figures and drawing the PDF."
        case ReportBuild.Status.READY:
            pages = build.page_count or 0
            return f"{v}: Ready. {pages} page{'' if pages == 1 else 's'}."
        case _:
            return f"{v}: Failed. {build.error or 'No reason was recorded.'}"


def report_people(report: Report) -> tuple[list[str], list[str]]:
    """The names of the period's people and its case references, for the anonymity check of
    what the QA lead writes: two queries."""
    return gather.common.period_people(report)


# --- Families' words ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteRow:
    """One consented quote of the report's period, with the QA lead's choice and the check."""

    feedback_id: int
    relationship: str  # label
    rating: str  # label
    recorded_on: date
    team: str
    words: str  # as said: never changed
    is_included: bool
    text_shortened: str
    reviewed_by: str  # full name; "" when not reviewed
    reviewed_at: datetime | None
    check: str  # the anonymity check's result in words
    shortened_check: str  # the same for the shortened text; "" when none


@dataclass(frozen=True)
class QuotesPage:
    rows: list[QuoteRow]
    names: list[str]  # the period's people, for the check
    case_references: list[str]


def report_quotes(report: Report) -> QuotesPage:
    """Every consented quote of the report's period, in the order recorded, with the QA lead's
    choice and the anonymity check of each: three queries, whatever the number of quotes."""
    names, references = gather.common.period_people(report)
    found = (
        ServiceUserFeedback.objects.filter(
            consent_given=True, observation__in=gather.common.period_observations(report)
        )
        .annotate(
            choice=FilteredRelation("report_quotes", condition=Q(report_quotes__report=report))
        )
        .order_by("recorded_at", "pk")
        .values(
            "pk",
            "relationship",
            "rating",
            "recorded_at",
            "words",
            "observation__team__name",
            "choice__is_included",
            "choice__text_shortened",
            "choice__reviewed_at",
            "choice__reviewed_by__first_name",
            "choice__reviewed_by__last_name",
        )
    )

    def check(text: str) -> str:
        return check_result(find_identifying_text(text, names=names, case_references=references))

    rows = [
        QuoteRow(
            feedback_id=row["pk"],
            relationship=Relationship(row["relationship"]).label,
            rating=Rating(row["rating"]).label,
            recorded_on=timezone.localdate(row["recorded_at"]),
            team=row["observation__team__name"],
            words=row["words"],
            is_included=bool(row["choice__is_included"]),
            text_shortened=row["choice__text_shortened"] or "",
            reviewed_by=" ".join(
                filter(
                    None,
                    [row["choice__reviewed_by__first_name"], row["choice__reviewed_by__last_name"]],
                )
            ),
            reviewed_at=row["choice__reviewed_at"],
            check=check(row["words"]),
            shortened_check=check(row["choice__text_shortened"])
            if row["choice__text_shortened"]
            else "",
        )
        for row in found
    ]
    return QuotesPage(rows=rows, names=names, case_references=references)
