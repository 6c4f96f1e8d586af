"""JSON: a versioned, deterministic document (sorted keys, diagnostics in location order)."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from checker import __version__
from checker.diagnostics import Diagnostic

if TYPE_CHECKING:
    from checker.lint.formats import RenderOptions
    from checker.lint.runner import LintReport

FORMAT_VERSION = 1


def diagnostic_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    loc = diagnostic.location
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
        "file": loc.file,
        "line": loc.line,
        "column": loc.column,
    }


def render(report: LintReport, options: RenderOptions) -> str:
    counts = Counter(d.severity.value for d in report.diagnostics)
    document = {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "servcheck", "version": __version__},
        "fail_on": options.fail_on,
        "exit_code": int(report.exit_code(options.fail_on)),
        "files": sorted(report.files),
        "checks": sorted(check.code for check in report.checks),
        "summary": {level: counts[level] for level in ("error", "warning", "info")},
        "diagnostics": [diagnostic_dict(d) for d in report.diagnostics],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
