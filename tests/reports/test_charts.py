"""The SVG charts, parsed back with ElementTree: every test also proves the SVG well formed."""

import xml.etree.ElementTree as ET

import pytest

from practiceweek.grades import grade_table
from reports import charts
from reports.charts import BAR_WIDTH, LABEL_MIN_WIDTH, grade_mix_svg, trajectory_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
GRADES = ("outstanding", "good", "requires_improvement", "inadequate", "not_applicable")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)


def row(group: str, *counts: int) -> dict:
    return grade_table(dict(zip(GRADES, counts, strict=False))).as_dict(group)


def texts(root: ET.Element, cls: str = "") -> list[str]:
    return [
        "".join(t.itertext())
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if not cls or t.get("class") == cls
    ]


def segments(root: ET.Element, group: str) -> list[ET.Element]:
    bar = next(
        g for g in root.iterfind(".//svg:g[@class='bar']", NS) if g.get("data-group") == group
    )
    return bar.findall("svg:rect[@class='segment']", NS)


# --- Grade mix ------------------------------------------------------------------------------


def test_grade_mix_segment_widths_are_proportional_to_percentages():
    root = parse(grade_mix_svg([row("Social work", 1, 17, 11, 2)], title="Mix"))

    found = {s.get("data-grade"): float(s.get("width")) for s in segments(root, "Social work")}

    # 1, 17, 11, 2 of 31 files: 3 %, 55 %, 36 %, 6 % (largest remainder, adds up to 100).
    assert found == pytest.approx(
        {
            "outstanding": BAR_WIDTH * 0.03,
            "good": BAR_WIDTH * 0.55,
            "requires_improvement": BAR_WIDTH * 0.36,
            "inadequate": BAR_WIDTH * 0.06,
        },
        abs=0.01,
    )


def test_grade_mix_segments_sit_end_to_end_and_fill_the_bar():
    root = parse(grade_mix_svg([row("Early help", 3, 5, 3, 0, 1)], title="Mix"))
    bar = segments(root, "Early help")

    for left, right in zip(bar, bar[1:], strict=False):
        assert float(left.get("x")) + float(left.get("width")) == pytest.approx(
            float(right.get("x")), abs=0.01
        )
    assert sum(float(s.get("width")) for s in bar) == pytest.approx(BAR_WIDTH, abs=0.05)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((0, 4), {"good": 100}),
        ((1, 1, 1), {"outstanding": 34, "good": 33, "requires_improvement": 33}),
        ((0, 0, 0, 0, 3), {"not_applicable": 100}),
    ],
)
def test_grade_mix_draws_only_grades_with_files(counts, expected):
    root = parse(grade_mix_svg([row("Team", *counts)], title="Mix"))

    assert {s.get("data-grade"): int(s.get("data-percent")) for s in segments(root, "Team")} == (
        expected
    )


def test_grade_mix_labels_wide_segments_with_their_percentage_and_skips_narrow_ones():
    root = parse(grade_mix_svg([row("Social work", 1, 17, 11, 2)], title="Mix"))

    # 3 % of 616 units (18.5) is too narrow for a label; 6 % (37) is wide enough.
    assert BAR_WIDTH * 0.03 < LABEL_MIN_WIDTH <= BAR_WIDTH * 0.06
    assert texts(root, "label") == ["55%", "36%", "6%"]


def test_grade_mix_names_each_group_with_its_file_count():
    root = parse(
        grade_mix_svg([row("Social work", 1, 17, 11, 2), row("Inclusion", 0, 1)], title="M")
    )

    assert "Social work (31 files)" in texts(root)
    assert "Inclusion (1 file)" in texts(root)


def test_grade_mix_legend_names_every_grade_in_scale_order():
    root = parse(grade_mix_svg([row("Social work", 1, 17, 11, 2)], title="Mix"))

    assert texts(root, "legend-label") == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
        "Not applicable",
    ]


def test_grade_mix_gives_each_grade_its_own_pattern_and_fill_for_greyscale():
    root = parse(grade_mix_svg([row("Social work", 1, 1, 1, 1, 1)], title="Mix"))
    patterns = root.findall(".//svg:defs/svg:pattern", NS)

    shapes = {ET.tostring(p[0]) for p in patterns}
    fills = {s.get("fill") for s in segments(root, "Social work")}
    lightness = sorted(_luminance(style.fill) for style in charts.GRADE_STYLES)

    assert len(patterns) == len(shapes) == 5  # five different patterns
    assert len(fills) == 5  # and five different base colours
    # In greyscale each fill is its own shade, at least 0.15 apart on a 0-1 scale.
    assert all(b - a >= 0.15 for a, b in zip(lightness, lightness[1:], strict=False))
    for segment in segments(root, "Social work"):
        overlay = segment.get("data-grade")
        assert root.find(f".//svg:pattern[@id='{root.get('id')}-{overlay}']", NS) is not None


def test_grade_mix_has_an_accessible_name_and_description():
    root = parse(grade_mix_svg([row("Social work", 1, 17, 11, 2)], title="Grades by service"))

    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find(f"svg:title[@id='{title_id}']", NS)
    desc = root.find(f"svg:desc[@id='{desc_id}']", NS)

    assert root.get("role") == "img"
    assert title.text == "Grades by service"
    assert "Social work (31 files): Outstanding 3%, Good 55%, Requires improvement 36%" in desc.text


def test_grade_mix_escapes_group_names_and_title():
    nasty = 'Team <script>alert("x")</script> & co'
    svg = grade_mix_svg([row(nasty, 0, 2)], title="<b>Title</b> & more")
    root = parse(svg)

    assert "<script>" not in svg
    assert f"{nasty} (2 files)" in texts(root)
    assert root.find("svg:title", NS).text == "<b>Title</b> & more"
    assert root.find(".//svg:g[@class='bar']", NS).get("data-group") == nasty


def test_grade_mix_group_without_files_says_so_instead_of_a_bar():
    root = parse(grade_mix_svg([row("Empty team")], title="Mix"))

    assert segments(root, "Empty team") == []
    assert "No files" in texts(root)


def test_grade_mix_without_rows_is_a_small_no_data_graphic():
    root = parse(grade_mix_svg([], title="Grades by team"))

    assert texts(root) == ["No data"]
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "Grades by team"


def test_charts_on_one_page_have_distinct_ids():
    one = parse(grade_mix_svg([row("A", 1)], title="Mix", chart_id="chart-one"))
    two = parse(grade_mix_svg([row("A", 1)], title="Mix", chart_id="chart-two"))

    def ids(root):
        return {e.get("id") for e in root.iter() if e.get("id")}

    assert ids(one) and not ids(one) & ids(two)


def test_same_data_draws_the_same_svg():
    rows = [row("Social work", 1, 17, 11, 2)]

    assert grade_mix_svg(rows, title="Mix") == grade_mix_svg(rows, title="Mix")


# --- Trajectory -----------------------------------------------------------------------------

SERIES = {
    "weeks": ["Nov 2025", "May 2026", "Nov 2026"],
    "series": [
        {"group": "Social work", "values": [41, 48, 58]},
        {"group": "Specialist support", "values": [None, 70, 83]},
        {"group": "All", "values": [50, None, 63]},
    ],
}


def series_group(root: ET.Element, group: str) -> ET.Element:
    return next(
        g for g in root.iterfind(".//svg:g[@class='series']", NS) if g.get("data-group") == group
    )


def polyline_points(group: ET.Element) -> list[list[tuple[float, float]]]:
    return [
        [tuple(map(float, pair.split(","))) for pair in line.get("points").split()]
        for line in group.findall("svg:polyline", NS)
    ]


def test_trajectory_plots_percentages_on_a_0_to_100_scale():
    root = parse(trajectory_svg(SERIES, title="Trend"))
    [line] = polyline_points(series_group(root, "Social work"))

    ys = [y for _, y in line]
    top, height = 16, 220  # the plot area: 100 % at y=16, 0 % at y=236
    assert ys == pytest.approx([top + height * (1 - v / 100) for v in (41, 48, 58)], abs=0.06)
    assert [x for x, _ in line] == sorted(x for x, _ in line)


def test_trajectory_leaves_a_gap_where_a_week_has_no_data():
    root = parse(trajectory_svg(SERIES, title="Trend"))

    # All: 50, None, 63: two lone points, no line through the missing week.
    assert polyline_points(series_group(root, "All")) == []
    assert len(list(series_group(root, "All"))) == 2  # two markers
    assert len(polyline_points(series_group(root, "Specialist support"))[0]) == 2


def test_trajectory_lines_differ_by_dash_and_marker_not_only_colour():
    root = parse(trajectory_svg(SERIES, title="Trend"))
    groups = [series_group(root, g["group"]) for g in SERIES["series"]]

    dashes = {g.find("svg:polyline", NS).get("stroke-dasharray") for g in groups[:2]}
    shapes = {(g[-1].tag.split("}")[1], len((g[-1].get("points") or "").split())) for g in groups}

    assert len(dashes) == 2  # a solid line and a dashed one
    assert shapes == {("circle", 0), ("rect", 0), ("polygon", 3)}  # circle, square, triangle


def test_trajectory_has_labelled_axes_weeks_and_legend():
    root = parse(trajectory_svg(SERIES, title="Trend"))
    all_text = texts(root)

    assert [t for t in all_text if t.endswith("%")][:5] == ["0%", "25%", "50%", "75%", "100%"]
    assert texts(root, "axis-label") == ["Good or outstanding (% of files)"]
    assert texts(root, "week") == ["Nov 2025", "May 2026", "Nov 2026"]
    assert texts(root, "legend-label") == ["Social work", "Specialist support", "All"]


def test_trajectory_description_gives_every_value_in_words():
    root = parse(trajectory_svg(SERIES, title="Trend"))
    desc = root.find("svg:desc", NS).text

    assert "Social work: Nov 2025 41%, May 2026 48%, Nov 2026 58%." in desc
    assert "All: Nov 2025 50%, May 2026 no data, Nov 2026 63%." in desc


def test_trajectory_escapes_week_and_group_names():
    svg = trajectory_svg(
        {"weeks": ["<Week & 1>"], "series": [{"group": 'A "B" <C>', "values": [70]}]},
        title="T <x>",
    )
    root = parse(svg)

    assert texts(root, "week") == ["<Week & 1>"]
    assert texts(root, "legend-label") == ['A "B" <C>']
    assert "<C>" not in svg


@pytest.mark.parametrize(
    "series",
    [
        {"weeks": [], "series": []},
        {"weeks": ["Nov 2026"], "series": []},
        {"weeks": ["Nov 2026"], "series": [{"group": "All", "values": [None]}]},
    ],
)
def test_trajectory_with_nothing_to_draw_is_the_no_data_graphic(series):
    root = parse(trajectory_svg(series, title="Trend"))

    assert texts(root) == ["No data"]


def test_trajectory_of_a_single_week_is_a_point_per_group():
    root = parse(
        trajectory_svg(
            {"weeks": ["Nov 2026"], "series": [{"group": "All", "values": [63]}]}, title="T"
        )
    )

    group = series_group(root, "All")
    assert polyline_points(group) == [] and len(list(group)) == 1


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
