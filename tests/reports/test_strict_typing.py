"""The pure modules are held to `mypy --strict` by pyproject's [tool.mypy] overrides (run by
`make lint`): a type lost in one of them fails the check, and only there."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The pure modules issue 10 names: grades, the gather rules, trajectory, charts (and the
# snapshot's shape and readiness, which they read).
PURE = {
    "practiceweek.grades",
    "reports.charts",
    "reports.gather.rules",
    "reports.gather.sef",
    "reports.readiness",
    "reports.snapshot",
    "reports.trajectory",
}
# `mypy --strict`'s flags as config keys (mypy 2.4), but warn_redundant_casts: global only.
STRICT_FLAGS = {
    "disallow_any_generics": True,
    "disallow_subclassing_any": True,
    "disallow_untyped_calls": True,
    "disallow_untyped_defs": True,
    "disallow_incomplete_defs": True,
    "check_untyped_defs": True,
    "disallow_untyped_decorators": True,
    "warn_unused_ignores": True,
    "warn_return_any": True,
    "implicit_reexport": False,
    "strict_equality": True,
    "extra_checks": True,
}
PLANTED = "\n\ndef planted(value):\n    return value\n"  # no annotation: strict refuses it


def _mypy_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]


def _strict_overrides() -> list[dict]:
    return [o for o in _mypy_config().get("overrides", []) if set(PURE) & set(o["module"])]


def test_the_pure_modules_get_every_strict_flag():
    (override,) = _strict_overrides()
    assert set(override["module"]) == PURE
    assert {key: override.get(key) for key in STRICT_FLAGS} == STRICT_FLAGS
    assert _mypy_config()["warn_redundant_casts"] is True


def _path(module: str) -> str:
    return module.replace(".", "/") + ".py"


def test_a_pure_module_that_loses_a_type_fails_mypy_and_another_module_does_not(tmp_path):
    # Every pure module, and one ordinary module for contrast, each with an untyped function
    # added (mypy reads the planted copy in place of the file: the checkout is untouched).
    modules = [*sorted(PURE), "reports.exports"]
    args = []
    for module in modules:
        planted = tmp_path / f"{module}.py"
        planted.write_text((ROOT / _path(module)).read_text() + PLANTED)
        args += ["--shadow-file", _path(module), str(planted)]
    found = subprocess.run(  # noqa: S603 (our own interpreter and paths)
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), *args]
        + [_path(module) for module in modules],
        cwd=ROOT,
        env={**os.environ, "SECRET_KEY": "mypy-test-only"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    failing = {
        line.split(":", 1)[0]
        for line in found.stdout.splitlines()
        if "Function is missing a type annotation  [no-untyped-def]" in line
    }
    assert found.returncode == 1, found.stdout + found.stderr
    assert failing == {_path(module) for module in PURE}, found.stdout
