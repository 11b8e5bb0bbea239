"""Draw a report snapshot (reports/snapshot.py) as HTML, for the on-screen preview and the PDF.

- `render_pdf(snapshot)`: the PDF and its page count, through WeasyPrint (A4, tagged PDF/UA-1).
- `render_html(snapshot, for_pdf=...)`: the whole HTML document.
- `render_body(snapshot)`: the body alone (an <article>, starting at <h2>) for the preview page,
  which puts it in its <main> under its own <h1>; or the page includes `BODY_TEMPLATE` with
  `document_context(snapshot)`. Either way the page links `SCREEN_CSS` in its head: the app's
  CSP allows no inline style, and the report's markup has none.

The snapshot is plain JSON: everything here reads it, nothing queries the database, so a built
version always renders the same. WeasyPrint fetches nothing but the app's own static files.
"""

import logging
import mimetypes
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from practiceweek.grades import (
    ALL_GRADES,
    GRADE_LABELS,
    NOT_APPLICABLE,
    OVERALL_GROUP,
    SCALE,
    GradeTableRow,
    largest_remainder,
)
from reports import charts, readiness
from reports.snapshot import (
    ActionGroup,
    Activity,
    AnnualSnapshot,
    GradeTables,
    Quote,
    Snapshot,
    ThemeRow,
    TrajectoryRow,
    Voices,
    WeekSnapshot,
)

DOCUMENT_TEMPLATE = "reports/document/document.html"
BODY_TEMPLATE = "reports/document/_body.html"  # picks the week or the annual body by kind
# WeasyPrint resolves the document's links against this made-up origin; the fetcher below
# serves it from the static files and refuses every other URL (no network, no file://).
STATIC_ORIGIN = "https://static.practiceweek.invalid/"
PRINT_CSS = "reports/print.css"
DRAFT_CSS = "reports/print-draft.css"  # "DRAFT" in every page's margin
SCREEN_CSS = "reports/report.css"  # the preview page links it
BARS_PER_CHART = 12  # 12 bars and the legend fill about three quarters of an A4 page
PDF_VARIANT = "pdf/ua-1"  # tagged PDF with the PDF/UA identification (WeasyPrint 57+)

# Each kind's sections in order, as (key, heading): the contents and the numbered headings.
# Both open with the narrative's first two.
OPENING_SECTIONS = [
    ("consider", "What the panel is asked to consider"),
    ("purpose", "Purpose and background"),
]
SECTIONS = {
    "week": [
        *OPENING_SECTIONS,
        ("activity", "What happened"),
        ("audits", "Findings from audits"),
        ("trajectory", "Trajectory"),
        ("observations", "Findings from observations"),
        ("strengths", "What we do well"),
        ("areas", "Where we need to improve"),
        ("examples", "Case examples"),
        ("voices", "What practitioners and families said"),
        ("actions", "Action plan"),
        ("next", "What next"),
    ],
    "annual": [
        *OPENING_SECTIONS,
        ("activity", "Audit activity in the year"),
        ("headlines", "Headline figures"),
        ("themes", "Recurring themes"),
        ("moderation", "Moderation"),
        ("actions", "Action plan"),
        ("sef", "Self-evaluation: the three questions"),
    ],
}
ARROWS = {"up": "↑", "down": "↓", "same": "→", "new": ""}
SOURCE_WORDS = {"observation": "From an observation", "audit": "From an audit"}

for _name in ("weasyprint", "weasyprint.progress", "fontTools"):
    # WeasyPrint logs every layout step at INFO; keep warnings (a missing file, bad CSS).
    logging.getLogger(_name).setLevel(logging.WARNING)


# --- Public ---------------------------------------------------------------------------------


def render_pdf(snapshot: Snapshot) -> tuple[bytes, int]:
    """The report as PDF bytes (A4, tagged, PDF/UA-1 identified) and its number of pages."""
    from weasyprint import HTML  # heavy import (Pango via cffi): only where a PDF is made

    html = HTML(
        string=render_html(snapshot, for_pdf=True),
        base_url=STATIC_ORIGIN,
        url_fetcher=static_files_fetcher(),
    )
    options: dict[str, Any] = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
    document = html.render(**options)
    pdf = document.write_pdf(**options)
    assert pdf is not None  # no target given: WeasyPrint returns the bytes
    return pdf, len(document.pages)


def render_html(snapshot: Snapshot, *, for_pdf: bool) -> str:
    """The whole HTML document of the report (`for_pdf`: links resolve through the fetcher)."""
    context = document_context(snapshot, for_pdf=for_pdf)
    context["is_document"] = True  # a whole document: the report's title is its <h1>
    return render_to_string(DOCUMENT_TEMPLATE, context)


def render_body(snapshot: Snapshot) -> SafeString:
    """The report's body for the preview page: an <article>, no <html>, no <h1>."""
    return mark_safe(render_to_string(BODY_TEMPLATE, document_context(snapshot)))  # noqa: S308


def document_context(snapshot: Snapshot, *, for_pdf: bool = False) -> dict[str, Any]:
    """Everything the document templates display, worked out from the snapshot.

    Raises ValueError on a snapshot of an unknown kind.
    """
    kind = snapshot.get("kind")  # a stored snapshot is whatever JSON was kept: check it
    if kind == "week":
        context = _week_context(cast(WeekSnapshot, snapshot))
    elif kind == "annual":
        context = _annual_context(cast(AnnualSnapshot, snapshot))
    else:
        raise ValueError(f"not a report snapshot: kind {kind!r}")
    narrative = snapshot["narrative"]
    is_draft = readiness.snapshot_is_draft(snapshot)
    context.update(
        kind=kind,
        is_pdf=for_pdf,
        sections=SECTIONS[kind],
        sections_template=f"reports/document/_{kind}.html",
        council=snapshot["council"],
        title=narrative["title"] or "Untitled report",
        panel_name=narrative["panel_name"],
        meeting_date=format_date(narrative["meeting_date"]),
        generated=format_datetime(snapshot["generated_at"]),
        logo_url=_static_url(settings.COUNCIL_LOGO, for_pdf) if settings.COUNCIL_LOGO else "",
        stylesheet_url=_static_url(PRINT_CSS, for_pdf),
        is_draft=is_draft,
        draft_stylesheet_url=_static_url(DRAFT_CSS, for_pdf) if is_draft else "",
        screen_stylesheet_url="" if for_pdf else static(SCREEN_CSS),
        generated_at=snapshot["generated_at"],
        asked_to_consider=text_blocks(narrative["asked_to_consider"]),
        purpose=text_blocks(narrative["purpose"]),
        activity=_activity(snapshot["activity"]),
        strengths=_themes(snapshot["strengths"]),
        areas=_themes(snapshot["areas"]),
        action_plan=_action_plan(snapshot["action_plan"]),
    )
    # A section the QA lead has not written is left out, never shown with a placeholder.
    unwritten = {"purpose": not context["purpose"], **context.pop("unwritten", {})}
    context["sections"] = [(k, h) for k, h in context["sections"] if not unwritten.get(k)]
    context["contents"] = _numbered(context["sections"])
    context["headings"] = {item["key"]: item for item in context["contents"]}
    return context


def static_files_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves the app's static files under STATIC_ORIGIN only."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = static_path(url)
            if path is None:
                raise ValueError(f"only the app's static files are fetched, not {url[:80]}")
            with open(path, "rb") as handle:
                body = handle.read()
            mime, _ = mimetypes.guess_type(path)
            return URLFetcherResponse(url, body, {"Content-Type": mime or "text/plain"})

    return StaticFilesFetcher(allowed_protocols=("https",), allow_redirects=False)


def static_path(url: str) -> str | None:
    """The file on disk behind a STATIC_ORIGIN url, or None for any other or unknown URL."""
    if not url.startswith(STATIC_ORIGIN):
        return None
    relative = unquote(urlsplit(url).path).lstrip("/")
    normal = posixpath.normpath(relative)
    if normal.startswith((".", "/")) or normal != relative:
        return None  # "..", "./" and doubled slashes: never leave the static folders
    found = finders.find(normal)
    if isinstance(found, list):
        found = found[0] if found else None
    return str(found) if found else None


# --- Formatting helpers (pure) --------------------------------------------------------------


def format_date(value: str | None) -> str:
    """An ISO date as "14 January 2027"; "" for none."""
    if not value:
        return ""
    day = date.fromisoformat(value[:10])
    return f"{day.day} {day:%B %Y}"


def format_datetime(value: str) -> str:
    """An ISO datetime in the council's time zone, "27 November 2026 at 09:30"."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M}"


def format_period(start: str, end: str) -> str:
    """ "16 to 20 November 2026", "28 April to 2 May 2026" or "1 April 2026 to 31 March 2027"."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    if first == last:
        return format_date(start)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {format_date(end)}"
    if first.year == last.year:
        return f"{first.day} {first:%B} to {format_date(end)}"
    return f"{format_date(start)} to {format_date(end)}"


def format_month(value: str) -> str:
    """A "2026-03" month as "March 2026"; anything else unchanged."""
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{date.fromisoformat(value + '-01'):%B %Y}"
    return value


def plural(count: int, singular: str, plural_form: str = "") -> str:
    """ "1 file", "2 files", "0 files"."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def text_blocks(text: str) -> list[dict[str, Any]]:
    """The QA lead's plain text as blocks: paragraphs split at blank lines, and a paragraph
    whose every line starts with "- ", "* " or "• " as a bulleted list. Escaped by the template."""
    blocks: list[dict[str, Any]] = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(re.match(r"[-*•]\s", line) for line in lines):
            blocks.append({"kind": "list", "items": [line[2:].strip() for line in lines]})
        else:
            blocks.append({"kind": "paragraph", "lines": lines})
    return blocks


def grade_rows(
    tables: Sequence[GradeTableRow], *, group_label: Callable[[str], str] = str
) -> list[dict[str, Any]]:
    """GradeTable.as_dict rows as table rows: one cell per grade (count, percent, adjusted)."""
    rows = []
    for table in tables:
        counts, percent = table["counts"], table["percent"]
        adjusted = table["adjusted_percent"]
        rows.append(
            {
                "group": group_label(str(table["group"])),
                "total": table["total"],
                "graded": table["total"] - counts.get(NOT_APPLICABLE, 0),
                "cells": [
                    {
                        "grade": grade,
                        "label": GRADE_LABELS[grade],
                        "count": counts.get(grade, 0),
                        "percent": percent.get(grade, 0),
                        "adjusted": adjusted.get(grade) if grade in SCALE else None,
                    }
                    for grade in ALL_GRADES
                ],
                "good": table["good_or_outstanding"],
                "poor": table["requires_improvement_or_inadequate"],
            }
        )
    return rows


def headline_sentence(overall: GradeTableRow, *, noun: str = "file") -> str:
    """The two figures councils quote, in words, e.g. "Of 49 files audited, 63% were good or
    outstanding (65% adjusted) and 35% required improvement or were inadequate (35% adjusted).
    "Adjusted" leaves out the 1 file graded not applicable." "" when there are no files."""
    total = int(overall["total"])
    if not total:
        return ""
    good, poor = overall["good_or_outstanding"], overall["requires_improvement_or_inadequate"]
    not_applicable = int(overall["counts"].get(NOT_APPLICABLE, 0))
    sentence = (
        f"Of {plural(total, noun)}, {good['percent']}% were good or outstanding "
        f"({good['adjusted_percent']}% adjusted) and {poor['percent']}% required improvement "
        f"or were inadequate ({poor['adjusted_percent']}% adjusted)."
    )
    if not_applicable:
        return (
            f"{sentence} Adjusted figures leave out the "
            f"{plural(not_applicable, noun)} graded not applicable."
        )
    return f"{sentence} No {noun} was graded not applicable, so the adjusted figures are the same."


# --- The week report ------------------------------------------------------------------------


def _week_context(snapshot: WeekSnapshot) -> dict[str, Any]:
    narrative, week = snapshot["narrative"], snapshot["week"]
    return {
        "period": format_period(week["start"], week["end"]),
        "subject": week["title"],
        **_audit_findings(snapshot["audit_grades"]),
        **_trajectory(snapshot),
        **_observation_findings(snapshot),
        "case_examples": [
            {
                **example,
                "write_up": text_blocks(example["write_up"]),
                "source_words": SOURCE_WORDS.get(example["source"], ""),
            }
            for example in snapshot["case_examples"]
        ],
        "voices": _voices(snapshot["voices"]),
        "voices_summary": text_blocks(narrative["voices_summary"]),
        "what_next": text_blocks(narrative["what_next"]),
        "unwritten": {"next": not narrative["what_next"].strip()},
    }


def _audit_findings(grades: GradeTables) -> dict[str, Any]:
    has_audits = bool(grades["overall"]["total"])
    return {
        "has_audits": has_audits,
        "audit_headline": headline_sentence(grades["overall"]),
        "audits_by_service": grade_rows(grades["by_service"]),
        "audits_by_team": grade_rows(grades["by_team"]),
        "audits_overall": grade_rows([grades["overall"]])[0],
        # No audits: the section says so in words; an empty chart would add nothing.
        "charts_by_service": _grade_mix_parts(
            grades["by_service"],
            "Grade mix of audited files by service",
            "chart-audit-service",
        )
        if has_audits
        else [],
        "charts_by_team": _grade_mix_parts(
            grades["by_team"],
            "Grade mix of audited files by team",
            "chart-audit-team",
        )
        if has_audits
        else [],
    }


def _trajectory(snapshot: WeekSnapshot) -> dict[str, Any]:
    series = snapshot["trajectory_series"]
    rows: list[charts.Line] = [
        {"group": overall_label(s["group"]), "values": list(s["values"])} for s in series["series"]
    ]
    return {
        "trajectory": [_trajectory_row(row) for row in snapshot["trajectory"]],
        "previous_week": snapshot.get("previous_week"),
        "series_weeks": series["weeks"],
        "series_rows": rows,
        "has_series": any(v is not None for row in rows for v in row["values"]),
        "chart_trajectory": _svg(
            charts.trajectory_svg(
                {"weeks": series["weeks"], "series": rows},
                title="Files graded good or outstanding over the last practice weeks",
                chart_id="chart-trajectory",
            )
        ),
    }


def _observation_findings(snapshot: WeekSnapshot) -> dict[str, Any]:
    grades = snapshot.get("observation_grades") or None
    counts = snapshot["observation_counts"]
    found: dict[str, Any] = {
        "observations_graded": bool(snapshot["observations_graded"]) and grades is not None,
        "observation_counts": counts,
        "observation_total": sum(row["count"] for row in counts),
        "observation_headline": "",
        "observations_by_service": [],
        "observations_by_team": [],
        "observations_overall": None,
    }
    if grades:
        found.update(
            observation_headline=headline_sentence(grades["overall"], noun="observation"),
            observations_by_service=grade_rows(grades["by_service"]),
            observations_by_team=grade_rows(grades["by_team"]),
            observations_overall=grade_rows([grades["overall"]])[0],
        )
    return found


def _trajectory_row(row: TrajectoryRow) -> dict[str, Any]:
    direction = row["direction"]
    return {
        **row,
        "group": overall_label(row["group"]),
        "is_total": row["group"] == OVERALL_GROUP,
        "arrow": ARROWS.get(direction, "") if row.get("current") is not None else "",
        # The words are the arrow's text equivalent; a "New" badge only when they do not say it.
        "show_new_badge": direction == "new" and not str(row["words"]).lower().startswith("new"),
        "previous_adjusted": row.get("previous_adjusted"),
        "current_adjusted": row.get("current_adjusted"),
    }


def overall_label(group: str, whole: str = "All services") -> str:
    """The snapshot's "All" group as the tables and charts name it."""
    return whole if group == OVERALL_GROUP else group


def _activity(activity: Activity) -> dict[str, Any]:
    return {
        **activity,
        "period": format_period(activity["start"], activity["end"]),
        "figures": [
            ("Services visited", len(activity["services"])),
            ("Teams visited", len(activity["teams"])),
            ("Visits to teams", activity["visits"]),
            ("Case files audited", activity["files_audited"]),
            ("Observations of practice", activity["observations"]),
            ("Practitioners seen", activity["practitioners_seen"]),
            ("Children, parents and carers who gave their views", activity["service_user_voices"]),
        ],
    }


def _themes(rows: Sequence[ThemeRow]) -> list[dict[str, Any]]:
    themes = []
    for row in rows:
        evidence = []
        if row["audits"]:
            evidence.append(plural(row["audits"], "audit"))
        if row["observations"]:
            evidence.append(plural(row["observations"], "observation"))
        themes.append(
            {
                **row,
                "wording": text_blocks(row["wording"]),
                "evidence": " and ".join(evidence) or "no audits or observations",
            }
        )
    return themes


def _voices(voices: Voices) -> dict[str, Any]:
    heard = sum(row["count"] for row in voices["ratings"])
    return {
        **voices,
        "quotes": [{**quote, "rating_label": _rating_label(quote)} for quote in voices["quotes"]],
        "heard": heard,
        "heard_words": plural(heard, "child, parent or carer", "children, parents or carers"),
        # Whole percentages that add up to 100, by the rule of the grade tables.
        "ratings": [
            {**row, "percent": percent}
            for row, percent in zip(
                voices["ratings"],
                largest_remainder([row["count"] for row in voices["ratings"]]),
                strict=True,
            )
        ],
    }


def _rating_label(quote: Quote) -> str:
    # A week's quotes carry the label as "rating"; the yearly report's carry the 1-5 number as
    # "rating" and the label as "rating_label" (reports.gather has sent both since the start).
    return str(quote.get("rating_label") or quote["rating"])


def _action_plan(groups: Sequence[ActionGroup]) -> list[dict[str, Any]]:
    return [
        {
            "category": group["category"],
            "rows": [{**row, "due": format_date(row["due_on"])} for row in group["rows"]],
        }
        for group in groups
        if group["rows"]
    ]


# --- The annual report ----------------------------------------------------------------------


def _annual_context(snapshot: AnnualSnapshot) -> dict[str, Any]:
    narrative, period = snapshot["narrative"], snapshot["period"]
    months: list[GradeTableRow] = [
        {**row, "group": format_month(str(row["group"]))} for row in snapshot["by_month"]
    ]
    drafts = snapshot.get("sef_drafts") or {"quality": "", "evidence": "", "plans": ""}
    questions = [
        (
            "What do we know about the quality of practice?",
            narrative["sef_quality"],
            drafts.get("quality", ""),
        ),
        ("How do we know it?", narrative["sef_evidence"], drafts.get("evidence", "")),
        ("What are our plans to improve?", narrative["sef_plans"], drafts.get("plans", "")),
    ]
    return {
        "period": format_period(period["start"], period["end"]),
        "subject": f"Audits from {format_period(period['start'], period['end'])}",
        "has_audits": bool(snapshot["overall"]["total"]),
        "audit_headline": headline_sentence(snapshot["overall"]),
        "by_audit_type": grade_rows(snapshot["by_audit_type"]),
        "by_team": grade_rows(snapshot["by_team"]),
        "by_month": grade_rows(months),
        "overall": grade_rows([snapshot["overall"]])[0],
        "charts_by_audit_type": _grade_mix_parts(
            snapshot["by_audit_type"],
            "Grade mix by audit type",
            "chart-annual-type",
        ),
        # Months without audits stay in the table (as zeros) but take no bar in the chart.
        "charts_by_month": _grade_mix_parts(
            [row for row in months if row["total"]], "Grade mix by month", "chart-annual-month"
        ),
        "weeks": [
            {"title": week["title"], "period": format_period(week["start"], week["end"])}
            for week in snapshot["weeks"]
        ],
        "moderation": _moderation(snapshot.get("moderation")),
        "quotes": [
            {**quote, "rating_label": _rating_label(quote)} for quote in snapshot.get("quotes", [])
        ],
        "questions": [
            {
                "question": question,
                "answer": text_blocks(written or draft),
                # reports.gather puts the draft in the narrative while the answer is blank.
                "is_draft": bool(draft.strip()) and written.strip() in ("", draft.strip()),
            }
            for question, written, draft in questions
            if (written or draft).strip()  # never "not written" in a built report
        ],
        # Moderation is not recorded yet (a later issue): no section saying it will come.
        "unwritten": {"moderation": snapshot.get("moderation") is None},
    }


def _moderation(moderation: Mapping[str, object] | None) -> list[tuple[str, object]] | None:
    """The moderation results as (label, value) pairs of its plain values; None when not recorded.

    The moderation issue fixes the shape; until then its plain values are shown.
    """
    if moderation is None:
        return None
    return [
        (str(key).replace("_", " ").capitalize(), value)
        for key, value in moderation.items()
        if isinstance(value, str | int | float)
    ]


# --- Shared ---------------------------------------------------------------------------------


def _grade_mix_parts(rows: Sequence[GradeTableRow], title: str, chart_id: str) -> list[SafeString]:
    """One grade-mix chart, or several of at most BARS_PER_CHART bars: a chart is drawn whole
    on one page, and a council with thirty teams would not fit on one."""
    chunks = [rows[i : i + BARS_PER_CHART] for i in range(0, len(rows), BARS_PER_CHART)]
    if len(chunks) <= 1:
        return [_svg(charts.grade_mix_svg(list(rows), title=title, chart_id=chart_id))]
    return [
        _svg(
            charts.grade_mix_svg(
                chunk, title=f"{title} (part {n} of {len(chunks)})", chart_id=f"{chart_id}-{n}"
            )
        )
        for n, chunk in enumerate(chunks, start=1)
    ]


def _svg(svg: str) -> SafeString:
    # charts.* escape every text they are given: the SVG is safe to place as it is.
    return mark_safe(svg)  # noqa: S308


def _numbered(sections: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    return [
        {"key": key, "id": f"pw-{key}", "number": str(n), "text": heading}
        for n, (key, heading) in enumerate(sections, start=1)
    ]


def _static_url(path: str, for_pdf: bool) -> str:
    return STATIC_ORIGIN + path if for_pdf else static(path)
