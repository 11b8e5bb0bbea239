"""The exports carry the same numbers as the PDF: every row of the audit grade tables, read back
from the built PDF's text, matches the CSV/XLSX row of the same group."""

import io
import re

import pytest
from pypdf import PdfReader

from reports.exports import export_tables
from reports.rendering import render_pdf
from tests.reports import samples

GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate", "Not applicable")


@pytest.fixture(scope="module")
def built() -> tuple[dict, str]:
    snapshot = samples.week_snapshot()
    pdf, _ = render_pdf(snapshot)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return snapshot, re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(
    ("slug", "overall"), [("audits-by-service", "All services"), ("audits-by-team", "All teams")]
)
def test_grade_table_rows_in_the_pdf_equal_the_export_rows(built, slug: str, overall: str) -> None:
    snapshot, text = built
    table = next(t for t in export_tables(snapshot) if t.slug == slug)
    assert table.rows, "the sample has rows to compare"
    column = {name: n for n, name in enumerate(table.header)}
    for row in table.rows:
        cells = " ".join(f"{row[column[g]]} ({row[column[g + ' %']]}%)" for g in GRADES)
        group = overall if row[0] == "All" else row[0]  # the PDF names the total row in full
        printed = f"{group} {cells} {row[column['Files']]}"
        assert printed in text, f"{slug}: {printed!r} is not in the PDF"
