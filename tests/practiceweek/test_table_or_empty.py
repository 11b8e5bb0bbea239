"""partials/_table_or_empty.html: a captioned table of rows, or one sentence when there are none."""

from django.template import Context, Template

PAGE = Template(
    '{% include "partials/_table_or_empty.html" with rows=rows caption="Your drafts" '
    'body="practiceweek/_locked_sign_in_rows.html" empty="Nothing here." table_class=table_class '
    "csrf_token=csrf_token only %}"
)


def render(rows: list[object], table_class: str = "") -> str:
    return PAGE.render(Context({"rows": rows, "table_class": table_class, "csrf_token": "tok"}))


def test_no_rows_gives_the_sentence_and_no_table() -> None:
    html = render([])
    assert "<p>Nothing here.</p>" in html
    assert "<table" not in html


def test_rows_give_a_captioned_table_drawn_by_the_body() -> None:
    row = {"username": "sam", "address": "10.0.0.1", "failures": 5, "last_attempt": None}
    html = render([row])
    assert '<div class="table-responsive">' in html
    assert '<table class="table">' in html  # the default class
    assert '<caption class="visually-hidden">Your drafts</caption>' in html
    assert '<th scope="row">sam</th>' in html
    assert 'name="csrfmiddlewaretoken" value="tok"' in html  # forms in rows get the token
    assert "Nothing here." not in html


def test_table_class_is_passed_through() -> None:
    html = render([{"username": "sam"}], table_class="table align-middle pw-cards")
    assert '<table class="table align-middle pw-cards">' in html
