"""Plain text: one ``file:line:col: CODE severity message`` line per diagnostic, then a summary."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.lint.formats import RenderOptions
    from checker.lint.runner import LintReport


def summary(report: LintReport) -> str:
    counts = Counter(d.severity.value for d in report.diagnostics)
    parts = [f"{counts[level]} {level}{'s' if counts[level] != 1 else ''}" for level in ("error", "warning")]
    parts.append(f"{counts['info']} info")
    files = len(report.files)
    return f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"


def render(report: LintReport, options: RenderOptions) -> str:
    lines = [d.render() for d in report.diagnostics]
    lines.extend(report.overlays)
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
