"""Reading the two reports ``servcheck compare`` is given: a servcheck JSON report each, or a located error.

Why its own module: a comparison is only as good as its inputs. A file that is not JSON, or JSON
that is not a servcheck report (another tool's, a hand-edited one), is refused with its place
(``file:line:col`` of the JSON error, or the JSON path the report model rejects): never a
traceback, never a comparison of half-read data.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.model.report import Report


def _path(loc: tuple[int | str, ...]) -> str:
    """``('clauses', 0, 'requirements', 1, 'outcome')`` → ``clauses[0].requirements[1].outcome``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def read_report(path: Path) -> Report:
    """The report in ``path``; :class:`InvalidInput` (exit 3) when it is unreadable or not a servcheck report."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidInput(
            [Diagnostic.of(codes.UNREADABLE, f"cannot read the report: {err}", Location(name))]
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        where = Location(name, err.lineno, err.colno)
        hint = "give the JSON report of an audit: servcheck audit … --format json:FILE"
        raise InvalidInput([Diagnostic.of(codes.INVALID_VALUE, f"not JSON: {err.msg}", where, hint)]) from None
    if not isinstance(data, dict) or (data.get("tool") or {}).get("name") != "servcheck":
        hint = "give the JSON report of an audit: servcheck audit … --format json:FILE"
        message = "not a servcheck report (no tool.name 'servcheck')"
        raise InvalidInput([Diagnostic.of(codes.INVALID_VALUE, message, Location(name, 1, 1), hint)])
    try:
        return Report.model_validate(data)
    except ValidationError as err:
        diagnostics = [
            Diagnostic.of(
                codes.INVALID_VALUE,
                f"not a servcheck report of this version: {_path(e['loc'])}: {e['msg']}",
                Location(name),
                "compare reports written by the same servcheck version, or audit again",
            )
            for e in err.errors()[:5]
        ]
        raise InvalidInput(diagnostics) from None


def same_standard(previous: Report, current: Report, previous_name: str, current_name: str) -> list[str]:
    """Refuse reports of different standards (SC083, exit 2); warn when the standard's versions differ."""
    a, b = previous.standard.get("id"), current.standard.get("id")
    if a != b:
        message = f"the reports are audits of different standards: {a!r} ({previous_name}) and {b!r} ({current_name})"
        hint = "compare two audits of one standard (e.g. two periods of the same dataset)"
        raise InvalidInput([Diagnostic.of(codes.COMPARE_REPORTS, message, Location(current_name), hint)])
    va, vb = previous.standard.get("version"), current.standard.get("version")
    if va != vb:
        return [f"the standard's version differs: {a} v{va} before, v{vb} now; targets may have changed"]
    return []
