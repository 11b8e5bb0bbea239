"""What the demo's QA lead wrote is data (`reports/demo.json`), read into the report form's
own inputs."""

from datetime import timedelta

from reports.demo import ACTIONS, LIVE_NARRATIVE, PAST_NARRATIVE, WORDINGS, _action
from reports.models import ActionPlanItem, ThemeWording
from reports.services import ActionItemInput


def test_an_action_is_due_weeks_after_the_week_and_says_what_the_form_takes():
    raw = {
        "category": "Planning",
        "issue": "I",
        "action": "A",
        "risk": "R",
        "priority": "high",
        "responsible": "Head of Service",
        "due_after_weeks": 6,
    }

    due_after, wording = _action(raw)

    assert due_after == timedelta(weeks=6)
    assert "due_after_weeks" not in wording
    item = ActionItemInput(item_id=None, due_on=None, **wording)
    assert (item.category, item.priority, item.responsible) == (
        "Planning",
        "high",
        "Head of Service",
    )


def test_the_written_file_fills_the_narratives_wordings_and_action_plan():
    assert (
        set(LIVE_NARRATIVE)
        <= set(PAST_NARRATIVE)
        <= {
            "asked_to_consider",
            "purpose",
            "voices_summary",
            "what_next",
        }
    )
    assert set(WORDINGS) == set(ThemeWording.Kind.values)
    assert {wording["priority"] for _, wording in ACTIONS} <= set(ActionPlanItem.Priority.values)
