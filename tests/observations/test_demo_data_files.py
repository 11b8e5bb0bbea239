"""The demo's observation words, featured observations and team plans are data files next to
their code; these loaders turn them into the same Python objects the demo always used."""

import json

from observations.demo.featured import FEATURED, load_featured
from observations.demo.team_settings import ANY_TEAM, TEAM_PLANS, Other, TeamPlan, load_team_plans
from observations.demo.words import POINTS, WORDS, Point, load_words, points, pools
from observations.models import Setting
from practiceweek.demo.data import LIVE_WEEK_SLUG


def test_a_point_is_its_text_alone_or_an_object_with_defaults_left_out():
    loaded = points(["Plain.", {"text": "Tagged.", "fits": ["visit", "supervision"], "weight": 1}])

    assert loaded == (
        Point("Plain."),
        Point("Tagged.", frozenset({"visit", Setting.SUPERVISION}), weight=1),
    )
    assert pools({"strengths": ["A."], "areas": []}) == ((Point("A."),), ())


def test_the_words_file_fills_every_category_and_both_ways_a_visit_went():
    assert all(strengths and areas for strengths, areas in POINTS.values())
    assert all(set(said) == {True, False} for said in WORDS.values())
    assert load_words()["points"].keys() == POINTS.keys()


def test_featured_file_names_weeks_by_live_or_past(tmp_path):
    path = tmp_path / "featured.json"
    example = {"title": "T", "kind": "good", "write_up": "W", "is_approved": True}
    note = {"strengths": ["S."], "areas": []}
    featured = {
        "key": "k",
        "week": "live",
        "team_name": "Team",
        "visit_index": 0,
        "setting": "home_visit",
        "practitioners": ["*"],
        "summary": "Said.",
        "notes": {"Leadership": note},
        "voices": [{"relationship": "mother", "words": "Kind.", "rating": 5}],
    }
    path.write_text(json.dumps({"featured": [featured], "audit_example": example}))

    (only,), audit_example = load_featured(path)

    assert only.week_slug == LIVE_WEEK_SLUG
    assert only.voices == (("mother", "Kind.", 5),)
    assert only.acknowledged and only.example is None
    assert audit_example.title == "T"


def test_a_featured_other_setting_is_one_its_team_works_in():
    for featured in FEATURED:
        if featured.setting == Setting.OTHER:
            words = {other.words for other in TEAM_PLANS[featured.team_name].others}
            assert featured.setting_other in words


def test_team_plans_share_a_named_plan_and_keep_the_default_home_voices(tmp_path):
    path = tmp_path / "team_settings.json"
    shared = {"settings": {"home_visit": 2}, "others": []}
    other = {"words": "Panel", "context": "office", "has_case": True}
    own = {"settings": {"other": 1}, "others": [other], "home_voices": []}
    path.write_text(
        json.dumps(
            {"shared": {"s": shared}, "teams": {"A": "s", "B": "s", "C": own}, "any_team": shared}
        )
    )

    teams, any_team = load_team_plans(path)

    assert teams["A"] is teams["B"]
    assert teams["A"].home_voices == TeamPlan({}, ()).home_voices
    assert teams["C"] == TeamPlan({"other": 1}, (Other("Panel", "office", True),), ())
    assert any_team == teams["A"]
    assert ANY_TEAM.settings and "Multi-Agency Safeguarding Hub" in TEAM_PLANS
