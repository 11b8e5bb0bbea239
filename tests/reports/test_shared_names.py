"""The grade labels and the name of the "All" group are defined once (practiceweek.grades); every
app reads that one definition rather than a copy that could drift."""

from audits import summary
from audits.models import Grade
from observations.feedback import PRAISED_GRADES
from practiceweek import grades
from reports import charts, rendering, trajectory


def test_grade_labels_come_from_core_grades_everywhere():
    assert grades.GRADE_LABELS == {
        "outstanding": "Outstanding",
        "good": "Good",
        "requires_improvement": "Requires improvement",
        "inadequate": "Inadequate",
        "not_applicable": "Not applicable",
    }
    assert dict(Grade.choices) == grades.GRADE_LABELS
    assert rendering.GRADE_LABELS is grades.GRADE_LABELS
    assert {style.key: style.label for style in charts.GRADE_STYLES} == grades.GRADE_LABELS
    assert PRAISED_GRADES == {"outstanding": "Outstanding", "good": "Good"}


def test_the_all_group_is_named_once():
    assert grades.OVERALL_GROUP == "All"
    assert summary.OVERALL_GROUP is grades.OVERALL_GROUP
    assert trajectory.OVERALL_GROUP is grades.OVERALL_GROUP
    assert rendering.OVERALL_GROUP is grades.OVERALL_GROUP
