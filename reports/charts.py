"""Charts of the reports as small, self-contained SVG strings: no Django, no JavaScript.

The same SVG goes into the on-screen preview (inline, under a strict CSP: presentation
attributes only, never `style`) and into the PDF (WeasyPrint draws inline SVG). Every chart
reads in greyscale: each grade has its own pattern as well as its own colour, percentages are
written on the bars where they fit, and a legend names each pattern. Each chart carries a
<title> and <desc> (role="img", aria-labelledby) and sits next to a table of the same numbers.

All text is escaped here: callers may pass names typed by users.
"""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import TypedDict

from practiceweek.grades import (
    GOOD,
    GRADE_LABELS,
    INADEQUATE,
    NOT_APPLICABLE,
    OUTSTANDING,
    REQUIRES_IMPROVEMENT,
    GradeTableRow,
)

# Geometry of the grade-mix chart, in SVG user units (1 unit = 1 CSS px at 100 %).
WIDTH = 640
MARGIN = 12
BAR_X = MARGIN
BAR_WIDTH = WIDTH - 2 * MARGIN  # 616: 100 % of a bar
BAR_HEIGHT = 24
ROW_GAP = 14  # between one bar and the next group's name
NAME_HEIGHT = 18  # the line above each bar with the group's name and file count
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
TEXT = "#0b0c0c"  # near-black: 19:1 on white
MUTED = "#505a5f"  # 7:1 on white: axis labels, "no files"
LABEL_MIN_WIDTH = 34  # narrowest segment that gets a direct "100%" label at 11 px


class Line(TypedDict):
    """One group's line of the trajectory chart."""

    group: str
    values: list[int | None]  # percent per week, oldest first; None leaves a gap


class Lines(TypedDict):
    """What the trajectory chart draws (a TrajectorySeries with the groups as labelled)."""

    weeks: list[str]  # the weeks' titles, oldest first
    series: list[Line]


@dataclass(frozen=True)
class GradeStyle:
    key: str
    label: str
    fill: str  # the base colour
    ink: str  # the pattern's colour
    pattern: str  # the SVG shapes of one pattern tile (10 x 10)


# Fills differ in lightness as well as hue (in grey, darkest first: Inadequate, Outstanding,
# Requires improvement, Good, Not applicable), and each pattern differs in shape: dots, rising
# lines, level lines, a cross-hatch, falling lines. Dark fills carry white patterns.
GRADE_STYLES: tuple[GradeStyle, ...] = (
    GradeStyle(
        OUTSTANDING,
        GRADE_LABELS[OUTSTANDING],
        "#1a6b3c",
        "#ffffff",
        '<circle cx="5" cy="5" r="1.6"/>',
    ),
    GradeStyle(
        GOOD,
        GRADE_LABELS[GOOD],
        "#8fd18a",
        "#1a4d2e",
        '<path d="M-1 11 L11 -1 M4 11 L11 4 M-1 6 L6 -1"/>',
    ),
    GradeStyle(
        REQUIRES_IMPROVEMENT,
        GRADE_LABELS[REQUIRES_IMPROVEMENT],
        "#e0892a",
        "#4a2a00",
        '<path d="M0 5 H10"/>',
    ),
    GradeStyle(
        INADEQUATE,
        GRADE_LABELS[INADEQUATE],
        "#7f0d1a",
        "#ffffff",
        '<path d="M0 3 H10 M0 8 H10 M3 0 V10 M8 0 V10"/>',
    ),
    GradeStyle(
        NOT_APPLICABLE,
        GRADE_LABELS[NOT_APPLICABLE],
        "#ffffff",
        "#6f777b",
        '<path d="M-1 -1 L11 11 M4 -1 L11 6 M-1 4 L6 11"/>',
    ),
)

# Lines of the trajectory chart: a colour, a dash pattern and a marker each, so that lines
# differ without colour. The last group ("All", drawn by the caller as the last series) is
# not special-cased: it is simply one more line.
LINE_COLOURS = ("#1d4f91", "#a23b00", "#1a6b3c", "#6a1b6e", "#0b0c0c", "#7a5c00", "#005a70")
LINE_DASHES = ("", "8 4", "2 3", "10 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "down")


def grade_mix_svg(rows: Sequence[GradeTableRow], *, title: str, chart_id: str = "") -> str:
    """A horizontal stacked bar per group (a GradeTable.as_dict row), split by grade, in percent.

    Segment widths are the rows' `percent` values (whole numbers adding up to 100) of the
    full bar width; a group with no files gets a "No files" line instead of a bar. No rows
    gives the small "No data" graphic. `chart_id` makes the SVG's ids unique on a page; by
    default it is derived from the title.
    """
    ident = _ident(chart_id or title, "mix")
    if not rows:
        return no_data_svg(title=title, chart_id=ident)
    legend_height = 30
    row_height = NAME_HEIGHT + BAR_HEIGHT + ROW_GAP
    height = MARGIN + legend_height + row_height * len(rows) + MARGIN - ROW_GAP
    desc = _grade_mix_desc(rows)
    parts = [
        _svg_open(ident, WIDTH, height),
        _title_desc(ident, title, desc),
        "<defs>" + "".join(_pattern(ident, style) for style in GRADE_STYLES) + "</defs>",
        _grade_legend(ident, y=MARGIN),
    ]
    y = MARGIN + legend_height
    for row in rows:
        parts.append(_grade_row(ident, row, y))
        y += row_height
    parts.append("</svg>")
    return "".join(parts)


def trajectory_svg(series: Lines, *, title: str, chart_id: str = "") -> str:
    """Lines of "good or outstanding %" (0-100) across the weeks, one per group.

    `series`: the weeks oldest first (up to four) and a line per group. A None value leaves
    a gap in its line. No weeks, no groups or no values at all gives the "No data" graphic.
    """
    ident = _ident(chart_id or title, "trend")
    weeks = [str(week) for week in series.get("weeks", [])]
    groups = [s for s in series.get("series", []) if any(v is not None for v in s["values"])]
    if not weeks or not groups:
        return no_data_svg(title=title, chart_id=ident)
    plot_left, plot_top, plot_width, plot_height = 56, 16, 360, 220
    legend_x = plot_left + plot_width + 28
    label_lines = max(len(_wrap(week, 18)) for week in weeks)
    height = max(plot_top + plot_height + 34 + 13 * label_lines, 24 * len(groups) + 24)
    parts = [
        _svg_open(ident, WIDTH, height),
        _title_desc(ident, title, _trajectory_desc(weeks, groups)),
        _axes(plot_left, plot_top, plot_width, plot_height, weeks),
    ]
    step = plot_width / max(len(weeks) - 1, 1)

    def point(i: int, value: int) -> tuple[float, float]:
        x = plot_left + (step * i if len(weeks) > 1 else plot_width / 2)
        return x, plot_top + plot_height * (1 - _clamp(value) / 100)

    for n, group in enumerate(groups):
        colour, dash, marker = _line_style(n)
        values = list(group["values"])[: len(weeks)]
        parts.append(f'<g class="series" data-group="{_attr(group["group"])}">')
        for run in _runs(values):
            if len(run) > 1:
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in run))
                parts.append(
                    f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{_dash_attr(dash)}/>'
                )
        for i, value in enumerate(values):
            if value is not None:
                x, y = point(i, value)
                parts.append(_marker(marker, x, y, colour))
        parts.append("</g>")
        parts.append(_line_legend(legend_x, plot_top + 8 + 24 * n, group["group"], n))
    parts.append("</svg>")
    return "".join(parts)


def no_data_svg(*, title: str, chart_id: str = "") -> str:
    """The small graphic shown instead of a chart with nothing to draw."""
    ident = _ident(chart_id or title, "empty")
    return "".join(
        [
            _svg_open(ident, 320, 64),
            _title_desc(ident, title, "No data to chart."),
            f'<rect x="1" y="1" width="318" height="62" rx="6" fill="#f3f2f1" stroke="{MUTED}" '
            'stroke-dasharray="4 3"/>',
            f'<text x="160" y="37" text-anchor="middle" font-family="{FONT}" font-size="14" '
            f'fill="{TEXT}">No data</text>',
            "</svg>",
        ]
    )


# --- Grade mix ------------------------------------------------------------------------------


def _grade_row(ident: str, row: GradeTableRow, y: float) -> str:
    total = int(row.get("total", 0))
    files = "1 file" if total == 1 else f"{total} files"
    parts = [
        f'<g class="bar" data-group="{_attr(row["group"])}">',
        _text(BAR_X, y + 13, f"{row['group']} ({files})", size=12, weight="bold"),
    ]
    bar_y = y + NAME_HEIGHT
    if not total:
        parts.append(_text(BAR_X, bar_y + 16, "No files", size=11, fill=MUTED))
        parts.append("</g>")
        return "".join(parts)
    percent = row.get("percent", {})
    x = float(BAR_X)
    for style in GRADE_STYLES:
        share = int(percent.get(style.key, 0))
        if share <= 0:
            continue
        width = BAR_WIDTH * share / 100
        parts.append(
            f'<rect class="segment" data-grade="{style.key}" data-percent="{share}" '
            f'x="{x:.2f}" y="{bar_y}" width="{width:.2f}" height="{BAR_HEIGHT}" '
            f'fill="{style.fill}" stroke="#0b0c0c" stroke-width="0.75"/>'
            f'<rect x="{x:.2f}" y="{bar_y}" width="{width:.2f}" height="{BAR_HEIGHT}" '
            f'fill="url(#{ident}-{style.key})"/>'
        )
        if width >= LABEL_MIN_WIDTH:
            parts.append(_segment_label(x + width / 2, bar_y, f"{share}%"))
        x += width
    parts.append("</g>")
    return "".join(parts)


def _segment_label(cx: float, bar_y: float, label: str) -> str:
    # A white box behind the label keeps it readable on any fill and pattern.
    box_width = 7.5 * len(label) + 8
    return (
        f'<rect x="{cx - box_width / 2:.2f}" y="{bar_y + 5}" width="{box_width:.1f}" height="14" '
        f'rx="3" fill="#ffffff" opacity="0.92"/>'
        + _text(cx, bar_y + 16, label, size=11, anchor="middle", weight="bold", cls="label")
    )


def _grade_legend(ident: str, *, y: float) -> str:
    parts = ['<g class="legend">']
    x = float(BAR_X)
    for style in GRADE_STYLES:
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="16" height="16" fill="{style.fill}" '
            'stroke="#0b0c0c" stroke-width="0.75"/>'
            f'<rect x="{x:.1f}" y="{y}" width="16" height="16" fill="url(#{ident}-{style.key})"/>'
        )
        parts.append(_text(x + 21, y + 12.5, style.label, size=11, cls="legend-label"))
        x += 21 + 6.2 * len(style.label) + 18
    parts.append("</g>")
    return "".join(parts)


def _pattern(ident: str, style: GradeStyle) -> str:
    # Lines only, no background: tiles with a background show seams in some PDF viewers; the
    # segment draws its colour underneath.
    return (
        f'<pattern id="{ident}-{style.key}" patternUnits="userSpaceOnUse" width="10" height="10">'
        f'<g fill="{style.ink}" stroke="{style.ink}" stroke-width="1.4">{style.pattern}</g>'
        "</pattern>"
    )


def _grade_mix_desc(rows: Sequence[GradeTableRow]) -> str:
    sentences = []
    for row in rows:
        percent = row.get("percent", {})
        if not int(row.get("total", 0)):
            sentences.append(f"{row['group']}: no files.")
            continue
        shares = ", ".join(
            f"{style.label} {int(percent.get(style.key, 0))}%" for style in GRADE_STYLES
        )
        sentences.append(f"{row['group']} ({row['total']} files): {shares}.")
    return "Share of files by grade. " + " ".join(sentences)


# --- Trajectory -----------------------------------------------------------------------------


def _axes(left: int, top: int, width: int, height: int, weeks: Sequence[str]) -> str:
    parts = ['<g class="axes">']
    for tick in (0, 25, 50, 75, 100):
        y = top + height * (1 - tick / 100)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" '
            f'stroke="{"#0b0c0c" if tick == 0 else "#b1b4b6"}" stroke-width="1"/>'
        )
        parts.append(_text(left - 6, y + 4, f"{tick}%", size=10, anchor="end", fill=MUTED))
    parts.append(
        _text(
            14,
            top + height / 2,
            "Good or outstanding (% of files)",
            size=10,
            anchor="middle",
            fill=MUTED,
            rotate=True,
            cls="axis-label",
        )
    )
    step = width / max(len(weeks) - 1, 1)
    for i, week in enumerate(weeks):
        x = left + (step * i if len(weeks) > 1 else width / 2)
        anchor = "start" if i == 0 and len(weeks) > 1 else "middle"
        anchor = "end" if i == len(weeks) - 1 and len(weeks) > 1 else anchor
        for n, line in enumerate(_wrap(week, 18)):
            parts.append(
                _text(x, top + height + 16 + 13 * n, line, size=10, anchor=anchor, cls="week")
            )
    parts.append("</g>")
    return "".join(parts)


def _line_style(n: int) -> tuple[str, str, str]:
    return (
        LINE_COLOURS[n % len(LINE_COLOURS)],
        LINE_DASHES[n % len(LINE_DASHES)],
        MARKERS[n % len(MARKERS)],
    )


def _line_legend(x: float, y: float, group: str, n: int) -> str:
    colour, dash, marker = _line_style(n)
    return (
        f'<g class="legend-item"><line x1="{x}" y1="{y}" x2="{x + 28}" y2="{y}" '
        f'stroke="{colour}" stroke-width="2.5"{_dash_attr(dash)}/>'
        + _marker(marker, x + 14, y, colour)
        + _text(x + 36, y + 4, _shorten(group, 22), size=11, cls="legend-label")
        + "</g>"
    )


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    r = 4.5
    common = f'fill="{colour}" stroke="#ffffff" stroke-width="1"'
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" {common}/>'
    if kind == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" {common}/>'
    shapes = {
        "triangle": [(0, -r - 1), (r + 1, r), (-r - 1, r)],
        "down": [(0, r + 1), (r + 1, -r), (-r - 1, -r)],
        "diamond": [(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)],
        "cross": [
            (-r, -r + 2),
            (-r + 2, -r),
            (0, -2),
            (r - 2, -r),
            (r, -r + 2),
            (2, 0),
            (r, r - 2),
            (r - 2, r),
            (0, 2),
            (-r + 2, r),
            (-r, r - 2),
            (-2, 0),
        ],  # fmt: skip
    }
    points = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in shapes[kind])
    return f'<polygon points="{points}" {common}/>'


def _trajectory_desc(weeks: Sequence[str], groups: Sequence[Line]) -> str:
    sentences = []
    for group in groups:
        values = [
            f"{week} {'no data' if value is None else f'{value}%'}"
            for week, value in zip(weeks, group["values"], strict=False)
        ]
        sentences.append(f"{group['group']}: {', '.join(values)}.")
    return "Percentage of files graded good or outstanding in each week. " + " ".join(sentences)


def _runs(values: Sequence[int | None]) -> list[list[tuple[int, int]]]:
    """Consecutive known values as (index, value) runs: a None breaks the line."""
    runs: list[list[tuple[int, int]]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((i, value))
    return [run for run in runs if run]


# --- Shared ---------------------------------------------------------------------------------


def _svg_open(ident: str, width: int, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pw-chart" id="{ident}" '
        f'viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc">'
    )


def _title_desc(ident: str, title: str, desc: str) -> str:
    return (
        f'<title id="{ident}-title">{escape(title, quote=False)}</title>'
        f'<desc id="{ident}-desc">{escape(desc, quote=False)}</desc>'
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int,
    anchor: str = "start",
    weight: str = "normal",
    fill: str = TEXT,
    rotate: bool = False,
    cls: str = "",
) -> str:
    extra = f' transform="rotate(-90 {x:.1f} {y:.1f})"' if rotate else ""
    extra += f' class="{cls}"' if cls else ""
    weight_attr = f' font-weight="{weight}"' if weight != "normal" else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'fill="{fill}" text-anchor="{anchor}"{weight_attr}{extra}>'
        f"{escape(text, quote=False)}</text>"
    )


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _dash_attr(dash: str) -> str:
    return f' stroke-dasharray="{dash}"' if dash else ""


def _clamp(value: int) -> int:
    return max(0, min(100, int(value)))


def _ident(seed: str, kind: str) -> str:
    """An id safe in HTML and SVG, stable for the same seed (the same report renders the same)."""
    slug = re.sub(r"[^a-z0-9]+", "-", seed.lower()).strip("-")[:24] or kind
    if re.fullmatch(r"[a-z][a-z0-9-]*", seed):
        return seed
    digest = hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()[:6]
    return f"{kind}-{slug}-{digest}"


def _wrap(text: str, width: int) -> list[str]:
    """Words of `text` in lines of at most `width` characters (a longer word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:3] or [""]


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
