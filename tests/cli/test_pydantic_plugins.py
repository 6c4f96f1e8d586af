"""The servcheck console process does not search for pydantic plugins, unless told to.

pydantic looks for plugins in the entry points of every installed distribution the first time it
builds a model (0.02-0.03 s of a lint or an audit, issue 15); servcheck runs none. After the search,
pydantic's ``_plugins`` holds what it found (a dict, empty here); without it, it stays ``None``.
Run in fresh interpreters: this test process has long since built models.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from shared_probes import fresh_process_state

REPO = Path(__file__).resolve().parents[2]


def _plugins_after_a_lint(tmp_path: Path, **variables: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env.update(variables, SERVCHECK_CACHE_DIR=str(tmp_path / "cache"))
    state = fresh_process_state(["lint", "standards", "--no-cache"], REPO, env)
    return f"{state['pydantic_plugins']} {state['code']}"


def test_a_lint_builds_its_models_without_searching_for_plugins(tmp_path: Path) -> None:
    assert _plugins_after_a_lint(tmp_path) == "None 0"


@pytest.mark.parametrize("value", ["", "some-other-plugin"])
def test_a_variable_set_by_the_user_is_left_as_it_is(tmp_path: Path, value: str) -> None:
    assert _plugins_after_a_lint(tmp_path, PYDANTIC_DISABLE_PLUGINS=value) == "{} 0"
