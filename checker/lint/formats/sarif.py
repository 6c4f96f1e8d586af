"""SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.

Every registered check and every loading code is a ``reportingDescriptor`` whose help text is the
check's docstring (the same text as ``docs/lint.md``). Each result's ``artifactLocation.uri`` is
relative to the repository root (the folder holding ``.git``) with ``uriBaseId: %SRCROOT%``, and
its region gives 1-based ``startLine``/``startColumn`` in Unicode code points, so GitHub shows it
on the right line. Validated in the tests against the official OASIS schema.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from checker import __version__
from checker.diagnostics import Diagnostic, Severity
from checker.lint.registry import CHECKS, LOADING_CODES

if TYPE_CHECKING:
    from checker.lint.formats import RenderOptions
    from checker.lint.runner import LintReport

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _description(doc: str) -> str:
    """The docstring up to its first example: summary and rationale."""
    return doc.split("\nPASS:", 1)[0].strip()


def rule_descriptors(report: LintReport) -> list[dict[str, Any]]:
    """Loading codes, then checks in code order; a check's level is the one configured."""
    configured = {check.code: check for check in report.checks}
    rules: list[dict[str, Any]] = []
    for code in LOADING_CODES.values():
        rules.append(
            {
                "id": code.code,
                "name": code.name,
                "shortDescription": {"text": code.summary},
                "defaultConfiguration": {"level": "error"},
            }
        )
    for check in sorted(CHECKS, key=lambda c: c.code):
        active = configured.get(check.code)
        level = (active or check).severity
        rules.append(
            {
                "id": check.code,
                "name": check.name,
                "shortDescription": {"text": check.summary},
                "fullDescription": {"text": _description(check.doc)},
                "help": {"text": check.doc, "markdown": check.doc},
                "defaultConfiguration": {"level": LEVELS[level], "enabled": active is not None},
            }
        )
    return rules


def artifact_uri(file: str, root: Path, cwd: Path) -> str:
    """``file`` (relative to ``cwd`` or absolute) as a URI relative to ``root`` when inside it."""
    path = (cwd / file).resolve()
    try:
        return quote(PurePosixPath(path.relative_to(root.resolve())).as_posix())
    except ValueError:
        return path.as_uri()


def _result(diagnostic: Diagnostic, index: int | None, root: Path, cwd: Path) -> dict[str, Any]:
    loc = diagnostic.location
    uri = artifact_uri(loc.file, root, cwd)
    artifact: dict[str, Any] = {"uri": uri}
    if not uri.startswith("file:"):
        artifact["uriBaseId"] = "%SRCROOT%"
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if loc.line > 0:
        physical["region"] = {"startLine": loc.line, "startColumn": max(loc.column, 1)}
    message = diagnostic.message + (f" ({diagnostic.hint})" if diagnostic.hint else "")
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": physical}],
    }
    if index is not None:
        result["ruleIndex"] = index
    return result


def render(report: LintReport, options: RenderOptions) -> str:
    cwd = options.cwd or Path.cwd()
    root = options.root or cwd
    rules = rule_descriptors(report)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "servcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index.get(d.code), root, cwd) for d in report.diagnostics],
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
