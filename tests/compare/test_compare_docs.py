"""The comparison walk-throughs of README.md and docs/compare-and-budgets.md run, in order, on a fresh tree.

Their lines depend on each other (the compare reads the reports the audits wrote), so they are run
one after the other in one scratch folder that sees only the repository's shipped trees — unlike
``tests/examples/test_readme_commands.py``, which runs each ``servcheck`` line on its own.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli

REPO = Path(__file__).resolve().parents[2]
PREFIX = ".venv/bin/servcheck "


def blocks_with_compare(doc: Path) -> list[list[str]]:
    """Fenced blocks holding a ``servcheck compare`` line: their servcheck lines, in order."""
    out, block, fenced = [], [], False
    for line in doc.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            if fenced and any(c.startswith("compare ") for c in block):
                out.append(block)
            fenced, block = not fenced, []
            continue
        if fenced and line.strip().startswith(PREFIX):
            block.append(line.strip()[len(PREFIX) :])
    return out


DOCS = [REPO / "README.md", REPO / "docs" / "compare-and-budgets.md"]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_walkthrough_runs_in_order(doc: Path, tmp_path: Path, monkeypatch) -> None:
    blocks = blocks_with_compare(doc)
    assert blocks, f"{doc.name} shows no servcheck compare walk-through"
    for tree in ("standards", "rules", "schemas", "examples"):
        (tmp_path / tree).symlink_to(REPO / tree, target_is_directory=True)
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        for line in block:
            res = CliRunner().invoke(cli, shlex.split(line))
            assert res.exit_code in (0, 1), f"{line}\n{res.output}"
            if line.startswith("compare ") and "--format" not in line:
                assert "+ service-level-80-20" in res.stdout and "- availability-monthly" in res.stdout
