"""Every ``servcheck`` command the READMEs show runs on the shipped files, as a new user would type it.

The rule of the house is that every example the README shows runs on a fresh clone without
``../shared``; this runs each command line found in a fenced code block of ``README.md`` and
``examples/*/README.md`` (comments and shell redirections dropped) in a scratch folder that sees only
the repository's ``standards/``, ``rules/``, ``schemas/`` and ``examples/``, and asserts it ends as a
verdict (0 conform, 1 nonconformities or findings), never as a usage, input or internal error (2, 3,
4). Commands on ``--engine spark`` are run by ``tests/spark`` (a session start each), and lines with a
placeholder (``…``, ``my-``) are templates, not examples.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli

REPO = Path(__file__).resolve().parents[2]
READMES = [REPO / "README.md", *sorted((REPO / "examples").glob("*/README.md"))]
SHARED_TREES = ("standards", "rules", "schemas", "examples")


def commands() -> list[tuple[str, str]]:
    """(readme, command line) for every ``servcheck …`` line of a fenced block."""
    found: list[tuple[str, str]] = []
    for readme in READMES:
        fenced = False
        for line in readme.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
                continue
            text = line.strip()
            if not fenced or not text.startswith("servcheck "):
                continue
            text = re.split(r"\s+#", text, maxsplit=1)[0]
            if "--engine spark" in text or "…" in text or "my-" in text or "../shared" in text:
                continue
            found.append((str(readme.relative_to(REPO)), text))
    return found


COMMANDS = commands()


def test_the_readme_shows_audit_commands() -> None:
    assert sum("servcheck audit " in c for _, c in COMMANDS) >= 8  # the commands this test exists for


@pytest.mark.parametrize(("readme", "line"), COMMANDS, ids=[f"{r}:{c[:70]}" for r, c in COMMANDS])
def test_a_readme_command_ends_in_a_verdict(readme: str, line: str, tmp_path: Path, monkeypatch) -> None:
    for tree in SHARED_TREES:
        (tmp_path / tree).symlink_to(REPO / tree, target_is_directory=True)
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    args = shlex.split(line)[1:]
    if ">" in args:  # a redirection: the command's output goes to the runner instead
        args = args[: args.index(">")]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code in (0, 1), f"{readme}: `{line}` exited {result.exit_code}:\n{result.output[-2000:]}"
