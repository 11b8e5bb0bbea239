"""The report's HTML and PDF, from the sample snapshots in tests/reports/samples.py.

PDFs are rendered once per module (about a second each) and read back with pypdf. The sample's
numbers are worked out by hand in samples.py's docstring.
"""

import io
import logging
import re
import time
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from reports.rendering import (
    STATIC_ORIGIN,
    format_date,
    format_month,
    format_period,
    headline_sentence,
    render_body,
    render_html,
    render_pdf,
    static_files_fetcher,
    static_path,
    text_blocks,
)
from tests.reports import samples

WEEK_HEADINGS = [
    "1 What the panel is asked to consider",
    "2 Purpose and background",
    "3 What happened",
    "4 Findings from audits",
    "5 Trajectory",
    "6 Findings from observations",
    "7 What we do well",
    "8 Where we need to improve",
    "9 Case examples",
    "10 What practitioners and families said",
    "11 Action plan",
    "12 What next",
]


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def week_pdf() -> tuple[bytes, int]:
    started = time.perf_counter()
    pdf, pages = render_pdf(samples.week_snapshot())
    print(f"\nsample week report: {pages} pages in {time.perf_counter() - started:.2f} s")
    return pdf, pages


@pytest.fixture(scope="module")
def empty_week_pdf() -> tuple[bytes, int]:
    return render_pdf(samples.empty_week_snapshot())


@pytest.fixture(scope="module")
def annual_pdf() -> tuple[bytes, int]:
    started = time.perf_counter()
    pdf, pages = render_pdf(samples.annual_snapshot())
    print(f"\nsample annual report: {pages} pages in {time.perf_counter() - started:.2f} s")
    return pdf, pages


# --- Pure helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-11-16", "2026-11-20", "16 to 20 November 2026"),
        ("2026-04-28", "2026-05-02", "28 April to 2 May 2026"),
        ("2026-04-01", "2027-03-31", "1 April 2026 to 31 March 2027"),
        ("2026-11-16", "2026-11-16", "16 November 2026"),
    ],
)
def test_format_period_reads_like_a_council_report(start, end, expected):
    assert format_period(start, end) == expected


def test_format_date_of_none_is_empty():
    assert format_date(None) == "" and format_date("2027-01-04") == "4 January 2027"


def test_format_month_names_the_month_and_leaves_other_groups_alone():
    assert format_month("2026-03") == "March 2026" and format_month("Core") == "Core"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   \n\n  ", []),
        ("One\ntwo\n\nThree", [{"kind": "paragraph", "lines": ["One", "two"]},
                               {"kind": "paragraph", "lines": ["Three"]}]),
        ("- a\n* b\n• c", [{"kind": "list", "items": ["a", "b", "c"]}]),
        ("- a\nnot a bullet", [{"kind": "paragraph", "lines": ["- a", "not a bullet"]}]),
    ],
)  # fmt: skip
def test_text_blocks_split_paragraphs_and_bulleted_lists(text, expected):
    assert text_blocks(text) == expected


def test_headline_sentence_gives_both_figures_with_adjusted_percentages():
    overall = samples.audit_grade_tables()["overall"]

    assert headline_sentence(overall) == (
        "Of 49 files, 63% were good or outstanding (65% adjusted) and 35% required "
        "improvement or were inadequate (35% adjusted). Adjusted figures leave out the "
        "1 file graded not applicable."
    )


def test_headline_sentence_is_empty_without_files():
    assert headline_sentence(samples.empty_week_snapshot()["audit_grades"]["overall"]) == ""


# --- The fetcher: the app's static files and nothing else ------------------------------------


def test_static_path_finds_the_print_stylesheet():
    assert static_path(STATIC_ORIGIN + "reports/print.css").endswith("static/reports/print.css")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://example.org/reports/print.css",
        "http://static.practiceweek.invalid/reports/print.css",
        STATIC_ORIGIN + "../practiceweek/settings.py",
        STATIC_ORIGIN + "reports/../../manage.py",
        STATIC_ORIGIN + "%2e%2e/manage.py",
        STATIC_ORIGIN + "reports//print.css",
        STATIC_ORIGIN + "reports/no-such-file.css",
    ],
)
def test_static_path_refuses_anything_but_a_static_file(url):
    assert static_path(url) is None


def test_fetcher_serves_static_files_and_refuses_the_rest():
    fetcher = static_files_fetcher()

    response = fetcher.fetch(STATIC_ORIGIN + "reports/print.css")
    assert response.content_type == "text/css" and b"@page" in response.read()
    with pytest.raises(ValueError, match="only the app's static files"):
        fetcher.fetch("file:///etc/passwd")


# --- HTML -----------------------------------------------------------------------------------


class Outline(HTMLParser):
    """Headings, tables, th scopes and charts of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.th_without_scope = 0
        self.th = 0
        self.tables = 0
        self.captions = 0
        self.svgs: list[dict] = []
        self.styles = 0
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.styles += "style" in attrs
        if tag in ("h1", "h2"):
            self._heading = []
        elif tag == "th":
            self.th += 1
            self.th_without_scope += attrs.get("scope") not in ("col", "row", "colgroup")
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "svg":
            self.svgs.append(attrs)

    def handle_endtag(self, tag):
        if tag in ("h1", "h2") and self._heading is not None:
            self.headings.append(re.sub(r"\s+", " ", "".join(self._heading)).strip())
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def test_week_html_has_the_sections_in_the_councils_order():
    headings = outline(render_html(samples.week_snapshot(), for_pdf=True)).headings

    assert headings == [samples.narrative()["title"], "Contents", *WEEK_HEADINGS]


def test_every_table_has_a_caption_and_every_header_a_scope():
    found = outline(render_html(samples.week_snapshot(), for_pdf=True))

    assert found.tables >= 12
    assert found.captions == found.tables
    assert found.th > 100 and found.th_without_scope == 0


def test_every_chart_has_a_text_equivalent():
    html = render_html(samples.week_snapshot(), for_pdf=True)
    svgs = outline(html).svgs

    assert len(svgs) == 3  # by service, by team, trajectory
    for svg in svgs:
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg["role"] == "img"
        assert f'<title id="{title_id}">' in html and f'<desc id="{desc_id}">' in html
    # Each chart sits in a figure whose caption points at the table of the same numbers.
    assert html.count("The numbers are in the table above.") == 3


def test_grade_tables_show_counts_percentages_and_adjusted_percentages():
    html = render_html(samples.week_snapshot(), for_pdf=True)

    assert '17 <span class="pw-pc">(55%)</span>' in html  # Social work: 17 good of 31
    assert "Of 49 files, 63% were good or outstanding (65% adjusted)" in html
    assert "Share of graded files (adjusted)" in html
    assert ">All services</th>" in html and ">All teams</th>" in html


def test_a_council_with_many_teams_gets_its_team_chart_in_parts_that_fit_a_page():
    snapshot = samples.week_snapshot()
    team = snapshot["audit_grades"]["by_team"][0]
    snapshot["audit_grades"]["by_team"] = [{**team, "group": f"Team {n}"} for n in range(30)]

    html = render_html(snapshot, for_pdf=True)

    for part in (1, 2, 3):
        title = f"Grade mix of audited files by team (part {part} of 3)"
        assert f">{title}</title>" in html
    bars_per_chart = [chart.count('class="bar"') for chart in html.split("<svg")[1:]]
    assert bars_per_chart == [3, 12, 12, 6, 0]  # services; teams in three parts; trajectory


def test_trajectory_shows_an_arrow_with_its_words():
    html = render_html(samples.week_snapshot(), for_pdf=True)

    assert '<span class="pw-arrow" aria-hidden="true">↑</span> Up from 48% to 58%' in html
    assert '<span class="pw-arrow" aria-hidden="true">↓</span> Down from 70% to 67%' in html
    assert "New: 83%, no audits in the previous week" in html
    assert '58% <span class="pw-pc">(58% adjusted)</span>' in html


def test_trajectory_shows_a_new_badge_when_the_words_do_not_say_new():
    snapshot = samples.week_snapshot()
    snapshot["trajectory"][2]["words"] = "First time audited: 83%"

    html = render_html(snapshot, for_pdf=True)

    assert '<span class="pw-new">New</span> First time audited: 83%' in html


def test_text_written_by_users_is_escaped():
    snapshot = samples.week_snapshot()
    snapshot["case_examples"][0]["title"] = "<script>alert(1)</script>"

    html = render_html(snapshot, for_pdf=True)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;a week&lt;/b&gt;" in html  # a family's quote, as they wrote it


def test_quotes_name_the_relationship_and_never_a_person():
    html = render_html(samples.week_snapshot(), for_pdf=True)

    assert "The child or young person; felt treated: very well" in html


def test_quotes_read_the_rating_as_a_label_or_a_number_with_its_label_as_gather_sends_it():
    snapshot = samples.week_snapshot()
    snapshot["voices"]["quotes"] = [
        {"rating": 2, "rating_label": "Not well", "relationship": "Father", "words": "Late."},
        {"rating": "Well", "relationship": "Mother", "words": "Kind."},
    ]

    html = render_html(snapshot, for_pdf=True)

    assert "Father; felt treated: not well" in html and "Mother; felt treated: well" in html


def test_empty_week_says_so_in_every_section():
    html = render_html(samples.empty_week_snapshot(), for_pdf=True)

    for sentence in [
        "No audits were submitted in this practice week",
        "There is nothing to compare: no audits were submitted in this practice week.",
        "No observations of practice were submitted in this practice week.",
        "No strengths were tagged",
        "No areas for improvement were tagged",
        "No case examples were approved for this practice week.",
        "No children, parents or carers gave their views in this practice week.",
        "No actions have been added to the action plan yet.",
    ]:
        assert sentence in html
    # Unwritten narrative sections are left out, never shown with a placeholder.
    assert "not been written" not in html
    assert outline(html).headings[2:] == [
        f"{n} {heading.split(' ', 1)[1]}"
        for n, heading in enumerate(
            [h for h in WEEK_HEADINGS if h not in ("2 Purpose and background", "12 What next")],
            start=1,
        )
    ]


def test_preview_body_is_a_fragment_without_h1_or_inline_styles():
    body = render_body(samples.week_snapshot())
    found = outline(body)

    assert body.lstrip().startswith("<article") and "<html" not in body
    assert "<h1" not in body and found.headings[0] == "Contents"
    assert found.styles == 0  # the app's CSP allows no inline style
    assert '<img class="pw-logo" src="/static/practiceweek/council-logo.svg"' in body


def test_standalone_html_has_the_title_as_h1_and_both_stylesheets():
    html = render_html(samples.week_snapshot(), for_pdf=False)

    assert outline(html).headings[0] == samples.narrative()["title"]
    assert '<link rel="stylesheet" href="/static/reports/report.css">' in html
    assert '<link rel="stylesheet" href="/static/reports/print.css" media="print">' in html


def test_pdf_html_links_only_the_static_origin():
    html = render_html(samples.week_snapshot(), for_pdf=True)

    links = re.findall(r'(?:src|href)="([^"#][^"]*)"', html)
    assert links and all(link.startswith(STATIC_ORIGIN) for link in links)


def test_an_unknown_snapshot_kind_is_refused():
    with pytest.raises(ValueError, match="not a report snapshot"):
        render_html({"kind": "monthly"}, for_pdf=True)


def test_annual_html_has_its_own_sections_and_no_moderation_placeholder():
    html = render_html(samples.annual_snapshot(), for_pdf=True)

    assert outline(html).headings[2:] == [
        "1 What the panel is asked to consider",
        "2 Purpose and background",
        "3 Audit activity in the year",
        "4 Headline figures",
        "5 Recurring themes",
        "6 Action plan",
        "7 Self-evaluation: the three questions",
    ]
    assert "once moderation is recorded" not in html
    assert ">March 2027</th>" in html  # months by name
    assert "Of 200 files, 56% were good or outstanding (60% adjusted)" in html


def test_annual_without_the_moderation_key_leaves_the_section_out():
    snapshot = samples.annual_snapshot()
    del snapshot["moderation"]

    html = render_html(snapshot, for_pdf=True)
    assert "Moderation" not in outline(html).headings


def test_annual_with_moderation_shows_its_results_not_the_placeholder():
    snapshot = samples.annual_snapshot()
    snapshot["moderation"] = {"audits_moderated": 24, "agreement_percent": 83}

    html = render_html(snapshot, for_pdf=True)

    assert "once moderation is recorded" not in html
    assert '>Audits moderated</th><td class="pw-n">24</td>' in html


def test_annual_self_evaluation_marks_answers_still_drafted():
    html = render_html(samples.annual_snapshot(), for_pdf=True)

    for question in [
        "What do we know about the quality of practice?",
        "How do we know it?",
        "What are our plans to improve?",
    ]:
        assert question in html
    assert "Most practice is good" in html  # written by the QA lead: no note
    assert html.count("Drafted from the evidence; not yet edited.") == 2


# --- PDF ------------------------------------------------------------------------------------


def test_pdf_has_more_than_one_page_and_reports_its_count(week_pdf):
    pdf, pages = week_pdf

    assert pdf.startswith(b"%PDF-")
    assert pages > 1 and pages == len(PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_text_has_every_section_heading_in_order(week_pdf):
    body = " ".join(pdf_text(week_pdf[0])[2:])  # after the cover and the contents

    position = 0
    for heading in WEEK_HEADINGS:
        position = body.find(heading, position)
        assert position >= 0, f"{heading!r} missing or out of order"


def test_pdf_text_has_the_tables_numbers(week_pdf):
    text = " ".join(pdf_text(week_pdf[0]))

    for expected in [
        "Social work 1 (3%) 17 (55%) 11 (36%) 2 (6%) 0 (0%) 31",
        "Early help 3 (25%) 5 (42%) 3 (25%) 0 (0%) 1 (8%) 12",
        "All services 4 (8%) 27 (55%) 15 (31%) 2 (4%) 1 (2%) 49",
        "Of 49 files, 63% were good or outstanding (65% adjusted)",
        "Up from 48% to 58%",
        "Case files audited 49",
        "Supervision is not monthly in two teams",
    ]:
        assert expected in text


def test_pdf_pages_carry_the_running_header_and_page_x_of_y(week_pdf):
    pdf, pages = week_pdf
    text = pdf_text(pdf)

    assert "Page" not in text[0]  # the cover has no header or footer
    for number, page in enumerate(text[1:], start=2):
        assert f"Page {number} of {pages}" in page
        assert "Northbridge City Council" in page and "Practice week November 2026" in page


def test_pdf_is_tagged_pdf_ua_with_language_and_title(week_pdf):
    reader = PdfReader(io.BytesIO(week_pdf[0]))
    root = reader.trailer["/Root"]

    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title.startswith("Practice week November 2026")
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_pdf_table_cells_point_at_their_headers_and_charts_carry_alt_text(week_pdf):
    elements = list(_struct_elements(PdfReader(io.BytesIO(week_pdf[0])).trailer["/Root"]))
    cells = [e for e in elements if e.get("/S") == "/TD"]
    figures = [e for e in elements if e.get("/S") == "/Figure"]

    assert cells and all(cell["/A"]["/Headers"] for cell in cells)  # from th scope
    assert {str(f.get("/Alt")) for f in figures} >= {
        "Grade mix of audited files by service",
        "Files graded good or outstanding over the last practice weeks",
    }


def _struct_elements(root):
    stack = [root["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if isinstance(node, list):
            stack.extend(node)
        elif hasattr(node, "get"):
            yield node
            if node.get("/K") is not None:
                stack.append(node["/K"])


def test_pdf_prints_the_action_plan_on_landscape_pages(week_pdf):
    reader = PdfReader(io.BytesIO(week_pdf[0]))
    landscape = [
        n for n, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height
    ]

    assert landscape and "Action plan" in reader.pages[landscape[0]].extract_text()
    assert reader.pages[0].mediabox.height > reader.pages[0].mediabox.width  # A4 portrait


def test_pdf_never_splits_a_table_row_and_repeats_the_header():
    snapshot = samples.week_snapshot()
    snapshot["action_plan"] = [
        {
            "category": "Supervision",
            "rows": [
                {
                    "issue": f"Issue marker {n:02d}. " + "Supervision is not monthly. " * 4,
                    "action": "Track supervision monthly. " * 5,
                    "risk": "Drift and delay. " * 6,
                    "priority": "High",
                    "due_on": "2027-03-31",
                    "responsible": f"Person marker {n:02d}",
                }
                for n in range(40)
            ],
        }
    ]

    pages = pdf_text(render_pdf(snapshot)[0])

    plan_pages = [n for n, page in enumerate(pages) if "Issue marker" in page]
    assert len(plan_pages) > 1  # the table runs over several pages
    for n in range(40):
        issue = next(i for i, page in enumerate(pages) if f"Issue marker {n:02d}" in page)
        person = next(i for i, page in enumerate(pages) if f"Person marker {n:02d}" in page)
        assert issue == person, f"row {n} split across pages {issue} and {person}"
    assert all("Issue identified" in pages[n] for n in plan_pages)


def test_empty_week_pdf_renders_and_says_no_audits(empty_week_pdf):
    pdf, pages = empty_week_pdf
    text = " ".join(pdf_text(pdf))

    assert pages >= 2
    assert "No audits were submitted in this practice week" in text


def test_annual_pdf_renders_its_tables_and_no_placeholder(annual_pdf):
    pdf, pages = annual_pdf
    text = " ".join(pdf_text(pdf))

    assert pages > 1
    assert "once moderation is recorded" not in text
    # 4, 60, 40, 6, 2 of 112: 3.57, 53.57 tie for the last point; the larger count gets it.
    assert "Core (monthly) 4 (3%) 60 (54%) 40 (36%) 6 (5%) 2 (2%) 112" in text
    assert "What are our plans to improve?" in text


def test_rendering_logs_no_weasyprint_warnings(caplog):
    # No unsupported CSS, no file the fetcher could not serve, no image without alt text.
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf(samples.week_snapshot())

    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_weasyprint_progress_logging_is_quiet():
    # Set here and in settings.LOGGING (whose dictConfig resets child loggers to inherit).
    assert not logging.getLogger("weasyprint.progress").isEnabledFor(logging.INFO)
    assert not logging.getLogger("weasyprint").isEnabledFor(logging.INFO)


def test_annual_html_quotes_the_words_the_qa_lead_included():
    snapshot = samples.annual_snapshot()
    snapshot["quotes"] = [
        {"relationship": "Mother", "rating": 5, "rating_label": "Very well", "words": "Kind."}
    ]
    html = render_html(snapshot, for_pdf=True)
    assert "<blockquote><p>Kind.</p></blockquote>" in html
    assert "Mother; felt treated: very well" in html
    del snapshot["quotes"]  # a version built before quotes were kept
    assert "<blockquote>" not in render_html(snapshot, for_pdf=True)


def test_families_rating_percentages_add_up_to_100_by_largest_remainder():
    # 3, 3, 2 of 8 are 37.5, 37.5, 25: rounding each gives 38 + 38 + 25 = 101.
    snapshot = samples.week_snapshot()
    snapshot["voices"]["ratings"] = [
        {"rating": "Very well", "count": 3},
        {"rating": "Well", "count": 3},
        {"rating": "Okay", "count": 2},
        {"rating": "Not well", "count": 0},
        {"rating": "Badly", "count": 0},
    ]

    html = render_html(snapshot, for_pdf=True)

    rows = re.findall(
        r'<th scope="row">([^<]+)</th><td class="pw-n">(\d+)</td><td class="pw-n">(\d+)%</td>',
        html,
    )
    assert rows == [
        ("Very well", "3", "38"),
        ("Well", "3", "37"),
        ("Okay", "2", "25"),
        ("Not well", "0", "0"),
        ("Badly", "0", "0"),
    ]
