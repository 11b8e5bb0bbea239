"""The demo audits' words are data (`audits/demo/words.json`), read into the tables the demo
has always used."""

import json

from audits.demo.words import ACTIONS, EVIDENCE, NEEDS_TO_IMPROVE, URGENT_ACTIONS, load_words
from practiceweek.grades import GOOD, INADEQUATE, OUTSTANDING, REQUIRES_IMPROVEMENT


def test_evidence_is_keyed_by_section_index_and_grade_band():
    assert sorted(EVIDENCE) == list(range(len(EVIDENCE)))
    assert all(set(bands) == {"good", "ri", "inadequate", "na"} for bands in EVIDENCE.values())
    assert all(isinstance(words, tuple) for bands in EVIDENCE.values() for words in bands.values())


def test_what_needs_to_improve_is_keyed_by_overall_grade():
    assert set(NEEDS_TO_IMPROVE) == {OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE}


def test_every_action_has_an_owner_the_demo_knows():
    assert {owner for _, owner in (*ACTIONS, *URGENT_ACTIONS)} == {"worker", "manager"}


def test_load_words_reads_the_given_file(tmp_path):
    path = tmp_path / "words.json"
    path.write_text(json.dumps({"reflections": ["Fair."]}))

    assert load_words(path) == {"reflections": ["Fair."]}
