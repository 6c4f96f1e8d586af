"""Shared helpers for the lint tests: the repository root and a CLI runner in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker.cli import cli

REPO = Path(__file__).resolve().parents[2]
BROKEN = REPO / "tests" / "fixtures" / "broken"


@pytest.fixture
def run_lint(monkeypatch: pytest.MonkeyPatch):
    """Invoke ``servcheck lint ARGS`` from ``cwd`` (the repository root by default)."""

    def invoke(*args: str, cwd: Path = REPO) -> Result:
        monkeypatch.chdir(cwd)
        return CliRunner().invoke(cli, ["lint", *args], catch_exceptions=False)

    return invoke
