"""Lint output formats, all rendered from the same :class:`~checker.lint.runner.LintReport`.

Each format is a function ``render(report, options) -> str``; :data:`FORMATS` lists them. A
format's module is imported when it renders: the text of a plain lint needs neither SARIF's
package metadata (``importlib.metadata``, the ``email`` parser) nor JUnit's XML (issue 15).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from checker.lint.runner import LintReport
from checker.on_use import on_first_call


@dataclass(frozen=True)
class RenderOptions:
    """What a format needs beyond the report: the failing threshold and the repository root."""

    fail_on: str = "error"
    root: Path | None = None
    cwd: Path | None = None
    docs_url: str | None = None
    """Base of SARIF's ``helpUri`` (``<base>#sc101``); None: the repository's docs/errors.md."""


Renderer = Callable[[LintReport, RenderOptions], str]


FORMATS: dict[str, Renderer] = {
    "text": on_first_call("checker.lint.formats.text", "render"),
    "json": on_first_call("checker.lint.formats.json_format", "render"),
    "sarif": on_first_call("checker.lint.formats.sarif", "render"),
    "junit": on_first_call("checker.lint.formats.junit", "render"),
}


def repository_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``.git``; ``start`` itself if none does."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start
