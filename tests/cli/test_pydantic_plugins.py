"""The servcheck console process does not search for pydantic plugins, unless told to.

pydantic looks for plugins in the entry points of every installed distribution the first time it
builds a model (0.02-0.03 s of a lint or an audit, issue 15); servcheck runs none. After the search,
pydantic's ``_plugins`` holds what it found (a dict, empty here); without it, it stays ``None``.
Run in fresh interpreters: this test process has long since built models.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PROBE = """\
import runpy, sys
sys.argv = ["checker", *sys.argv[1:]]
try:
    runpy.run_module("checker", run_name="__main__")
except SystemExit as done:
    code = done.code
from pydantic.plugin import _loader
print("\\n" + repr(_loader._plugins), code)
"""


def _plugins_after_a_lint(tmp_path: Path, **variables: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env.update(variables, SERVCHECK_CACHE_DIR=str(tmp_path / "cache"))
    args = ["lint", "standards", "--no-cache"]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def test_a_lint_builds_its_models_without_searching_for_plugins(tmp_path: Path) -> None:
    assert _plugins_after_a_lint(tmp_path) == "None 0"


@pytest.mark.parametrize("value", ["", "some-other-plugin"])
def test_a_variable_set_by_the_user_is_left_as_it_is(tmp_path: Path, value: str) -> None:
    assert _plugins_after_a_lint(tmp_path, PYDANTIC_DISABLE_PLUGINS=value) == "{} 0"
