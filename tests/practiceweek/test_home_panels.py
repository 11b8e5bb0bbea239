"""The home page takes the apps' panels through practiceweek.home_panels, so the core imports
no app (issue 10, point 1); the page itself is pinned by the home tests in test_pages.py and
tests/observations/test_reading.py."""

import ast
from datetime import date
from pathlib import Path

import pytest

from audits.selectors import HomeAudits
from observations.selectors import HomeObservations
from practiceweek import home_panels
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = ("audits", "observations", "reports")


def _app_imports(path: Path) -> list[str]:
    """Every `import x` / `from x import ...` of an app above the core, function-level ones too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [
            f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names if n.split(".")[0] in APPS
        ]
    return found


def test_the_core_imports_no_app():
    # import-linter holds every layer in `make lint`; this test holds the core in pytest too.
    core = ROOT / "practiceweek"
    files = [p for p in core.rglob("*.py") if "migrations" not in p.relative_to(core).parts]
    assert files
    assert [hit for path in files for hit in _app_imports(path)] == []


def test_the_apps_register_their_panels_lower_layer_first():
    assert list(home_panels._panels) == ["audits", "observations"]


@pytest.mark.django_db
def test_panels_are_loaded_by_name_and_observations_count_the_audits_feedback(monkeypatch):
    user = UserFactory()
    audits = HomeAudits(
        drafts=[], feedback_waiting=3, escalations_waiting=0, actions_open=0, actions_overdue=0
    )
    monkeypatch.setitem(home_panels._panels, "audits", lambda user, today, earlier: audits)

    panels = home_panels.home_panels(user, today=date(2026, 11, 25))

    assert panels["audits"] is audits
    assert panels["observations"] == HomeObservations(drafts=[], feedback_waiting=3)


def test_registering_a_panel_again_replaces_it_in_its_place(monkeypatch):
    monkeypatch.setattr(home_panels, "_panels", {})
    first, second, again = (lambda u, t, e: 1), (lambda u, t, e: 2), (lambda u, t, e: 3)
    home_panels.register("one", first)
    home_panels.register("two", second)
    home_panels.register("one", again)

    assert home_panels._panels == {"one": again, "two": second}
