"""Plain text: one ``file:line:col: CODE severity message`` line per diagnostic, then a summary,
in the run's language (plurals from the catalogue: "1 error", "2 errors")."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from checker.i18n import speaker

if TYPE_CHECKING:
    from checker.lint.formats import RenderOptions
    from checker.lint.runner import LintReport


def summary(report: LintReport) -> str:
    """``0 errors, 1 warning, 2 info in 1 file`` (``0 个错误、1 个警告、2 条提示，共 1 个文件``)."""
    speak = speaker(report.lang)
    counts = Counter(d.severity.value for d in report.diagnostics)
    return speak._(
        "{errors}, {warnings}, {info} in {files}",
        errors=speak.n_("{n} error", "{n} errors", counts["error"]),
        warnings=speak.n_("{n} warning", "{n} warnings", counts["warning"]),
        info=speak.n_("{n} info", "{n} info", counts["info"]),
        files=speak.n_("{n} file", "{n} files", len(report.files)),
    )


def render(report: LintReport, options: RenderOptions) -> str:
    lines = [d.render(report.lang) for d in report.diagnostics]
    lines.extend(report.overlays)
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
