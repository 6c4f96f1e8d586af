"""SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.

Every registered check and every loading code is a ``reportingDescriptor`` with help (a check's
docstring, the same text as ``docs/lint.md``; a loading code's summary) and a ``helpUri``: the
code's anchor in ``docs/errors.md`` under a documentation base (``--docs-url``, else the
``SERVCHECK_DOCS_URL`` environment variable, else the package's ``Documentation`` project URL;
none when there is none of these). There is no fallback to this checkout's ``docs/errors.md`` as a
``file://`` URI: it would make the log's bytes depend on where the checkout lives, and a CI
runner's path means nothing to the code-scanning page that shows the log; the help itself is in
every descriptor either way.
Each result's ``artifactLocation.uri`` is relative to the repository root (the git root, else the
working directory) with ``uriBaseId: %SRCROOT%``; its region gives 1-based start and, where the
value or word is known to end on its line, end line and column, in Unicode code points; and
``partialFingerprints`` hold a hash of rule, file, the source text the finding points at (the
flagged value, else its line) and its occurrence, so GitHub tracks a finding across commits that
move it to another line and across runs in another ``--lang`` (the message is not hashed: it is in
the reader's language). Validated in the tests against the official
OASIS schema.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
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


FINGERPRINT = "servcheck/v1"
"""The ``partialFingerprints`` key: its value is stable while the finding's rule, file and message are."""


def docs_base(asked: str | None = None) -> str | None:
    """Where ``errors.md`` lives for ``helpUri`` (see the module docstring for the order)."""
    if asked:
        return asked
    if os.environ.get("SERVCHECK_DOCS_URL"):
        return os.environ["SERVCHECK_DOCS_URL"]
    try:
        for entry in metadata.metadata("servcheck").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip().lower() == "documentation" and url.strip():
                return url.strip().rstrip("/") + "/errors.md"
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a tree without metadata
        pass
    return None


def help_uri(base: str | None, code: str) -> dict[str, str]:
    """``{"helpUri": base#sc101}``, or nothing without a base."""
    return {"helpUri": f"{base}#{code.lower()}"} if base else {}


def rule_descriptors(report: LintReport, base: str | None = None) -> list[dict[str, Any]]:
    """Loading codes, then checks in code order; a check's level is the one configured."""
    configured = {check.code: check for check in report.checks}
    rules: list[dict[str, Any]] = []
    for code in LOADING_CODES.values():
        text = f"{code.summary} ({code.group.value} problem: the document cannot be used until it is fixed)"
        rules.append(
            {
                "id": code.code,
                "name": code.name,
                "shortDescription": {"text": code.summary},
                "fullDescription": {"text": text},
                "help": {"text": text, "markdown": f"**{code.code} {code.name}**: {text}"},
                "defaultConfiguration": {"level": "error"},
                **help_uri(base, code.code),
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
                **help_uri(base, check.code),
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


def anchor_text(diagnostic: Diagnostic, cwd: Path, files: dict[str, list[str]]) -> str:
    """The source text a finding points at: the flagged value when it ends on its line, else the
    whole line (stripped); the code and message when the file or line cannot be read. ``files``
    caches each file's lines for one rendering."""
    loc, end = diagnostic.location, diagnostic.end
    path = str(cwd / loc.file)
    if path not in files:
        files[path] = _source_lines(path)
    lines = files[path]
    if loc.line < 1 or loc.line > len(lines):
        return f"{diagnostic.code} {diagnostic.message}"
    line = lines[loc.line - 1]
    if end is not None and end.line == loc.line and end.column > loc.column >= 1:
        return line[loc.column - 1 : end.column - 1]
    return line.strip()


def _source_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def fingerprint(rule: str, uri: str, message: str, occurrence: int) -> str:
    """A hash of what a finding is, not where: it survives lines inserted above it.
    (``message`` is the language-neutral text a finding points at, see :func:`anchor_text`.)

    >>> first = fingerprint("SC101", "standards/a.yaml", "clause 2: 'promptly' says no number", 0)
    >>> first == fingerprint("SC101", "standards/a.yaml", "clause 2: 'promptly' says no number", 0)
    True
    >>> first == fingerprint("SC101", "standards/a.yaml", "clause 2: 'promptly' says no number", 1)
    False
    """
    key = "\x1f".join((rule, uri, message, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _result(
    diagnostic: Diagnostic, index: int | None, root: Path, cwd: Path, anchor: str, occurrence: int
) -> dict[str, Any]:
    loc = diagnostic.location
    uri = artifact_uri(loc.file, root, cwd)
    artifact: dict[str, Any] = {"uri": uri}
    if not uri.startswith("file:"):
        artifact["uriBaseId"] = "%SRCROOT%"
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if loc.line > 0:
        region = {"startLine": loc.line, "startColumn": max(loc.column, 1)}
        end = diagnostic.end
        if end is not None and (end.line, end.column) > (loc.line, max(loc.column, 1)):
            region.update({"endLine": end.line, "endColumn": end.column})
        physical["region"] = region
    message = diagnostic.message + (f" ({diagnostic.hint})" if diagnostic.hint else "")
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT: fingerprint(diagnostic.code, uri, anchor, occurrence)},
    }
    if index is not None:
        result["ruleIndex"] = index
    return result


def render(report: LintReport, options: RenderOptions) -> str:
    cwd = options.cwd or Path.cwd()
    root = options.root or cwd
    rules = rule_descriptors(report, docs_base(options.docs_url))
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    seen: dict[tuple[str, str, str], int] = {}
    results = []
    files: dict[str, list[str]] = {}
    for d in report.diagnostics:
        anchor = anchor_text(d, cwd, files)
        key = (d.code, d.location.file, anchor)
        results.append(_result(d, index.get(d.code), root, cwd, anchor, seen.get(key, 0)))
        seen[key] = seen.get(key, 0) + 1
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
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
