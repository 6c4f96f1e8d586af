"""Lint output formats, all rendered from the same :class:`~checker.lint.runner.LintReport`.

Each format is a function ``render(report, options) -> str``; :data:`FORMATS` lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from checker.lint.formats import json_format, junit, sarif, text
from checker.lint.runner import LintReport


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
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "junit": junit.render,
}


def repository_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``.git``; ``start`` itself if none does."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start
