"""Lint output formats, all rendered from the same :class:`~checker.lint.runner.LintReport`.

Each format is a function ``render(report, options) -> str``; :data:`FORMATS` lists them. A
format's module is imported when it renders: the text of a plain lint needs neither SARIF's
package metadata (``importlib.metadata``, the ``email`` parser) nor JUnit's XML (issue 15).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


def _loaded_on_use(module: str) -> Renderer:
    """``checker.lint.formats.<module>.render``, importing the module at the first call."""

    def render(report: LintReport, options: RenderOptions) -> str:
        loaded = importlib.import_module(f"checker.lint.formats.{module}")
        return loaded.render(report, options)  # type: ignore[no-any-return]

    render.__name__ = render.__qualname__ = f"{module}.render"
    return render


FORMATS: dict[str, Renderer] = {
    "text": _loaded_on_use("text"),
    "json": _loaded_on_use("json_format"),
    "sarif": _loaded_on_use("sarif"),
    "junit": _loaded_on_use("junit"),
}


def repository_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``.git``; ``start`` itself if none does."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start
