"""A standard's diff as text (a terminal, a CI log), Markdown (a pull request) or JSON (tools).

Words come from the report's message catalogue (``checker/report/messages``), so ``--lang zh``
is a catalogue entry, not code. Values written by the standard go through :func:`terminal_text`
or :func:`cell`, as the audit report's do: a title cannot colour a terminal or inject Markdown.
JSON is language-neutral (kinds and verdicts as codes) and deterministic (sorted keys).
"""

from __future__ import annotations

import json
from typing import Any

from checker.diff.changes import KINDS, Change, FieldChange, StandardDiff
from checker.report.i18n import Messages
from checker.report.markdown import cell
from checker.report.safe_text import terminal_text


def _value(value: Any, m: Messages) -> str:
    if value is None:
        return m.t("diff.none_value")
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _field(f: FieldChange, m: Messages) -> str:
    if f.verdict == "editorial" and (isinstance(f.old, dict | list) or isinstance(f.new, dict | list)):
        return f.field  # a title or a list of references: the name says enough, JSON has both values
    verdict = m.t(f"diff.verdict.{f.verdict}")
    return m.t("diff.field", field=f.field, old=_value(f.old, m), new=_value(f.new, m), verdict=verdict)


def _subject(c: Change, m: Messages) -> str:
    return m.t(f"diff.subject.{c.subject}", id=c.id)


def _where(c: Change, m: Messages) -> str:
    """The clause a change is in: ``clause 4.2``, ``clause 4.1 → 4.2``, or where a removed one was."""
    if c.kind == "renumbered" or c.subject == "standard":
        return ""
    if c.clause is None:
        return m.t("diff.was_in", number=c.old_clause) if c.subject == "requirement" else ""
    if c.old_clause is not None and c.old_clause != c.clause and c.subject == "requirement":
        return m.t("diff.moved", old=c.old_clause, new=c.clause)
    return m.t("diff.in_clause", number=c.clause) if c.subject == "requirement" else ""


def _detail(c: Change, m: Messages) -> str:
    if c.kind == "renumbered":
        text = m.t("diff.renumbered", old=c.old_clause, new=c.clause)
        return text + (f"; {m.t('diff.carrying', ids=', '.join(c.requirements))}" if c.requirements else "")
    if c.kind == "text":
        return m.t("diff.changed", fields=", ".join(f.field for f in c.fields))
    return "; ".join(_field(f, m) for f in c.fields)


def _summary(d: StandardDiff, m: Messages) -> str:
    counts = d.counts()
    total = sum(counts.values())
    if not total:
        return m.t("diff.none")
    listed = ", ".join(f"{m.t(f'diff.kind.{k}')} {counts[k]}" for k in KINDS if counts[k])
    return m.t("diff.summary", total=total, counts=listed)


def _header(d: StandardDiff, m: Messages) -> str:
    old = m.t("diff.side", id=d.old.id, version=d.old.version, file=d.old.file)
    new = m.t("diff.side", id=d.new.id, version=d.new.version, file=d.new.file)
    return m.t("diff.header", old=old, new=new)


def render_text(d: StandardDiff, lang: str = "en") -> str:
    m = Messages(lang)
    width = max(len(m.t(f"diff.kind.{k}")) for k in KINDS)
    lines = [terminal_text(_header(d, m)), ""]
    for c in d.changes:
        where = _where(c, m)
        head = m.t("diff.line.where", subject=_subject(c, m), where=where) if where else _subject(c, m)
        detail = _detail(c, m)
        kind = m.t(f"diff.kind.{c.kind}")
        line = m.t("diff.line.detail", head=head, detail=detail) if detail else head
        lines.append(terminal_text(f"  {kind:<{width}}  {line}"))
    if d.changes:
        lines.append("")
    lines.append(_summary(d, m))
    return "\n".join(lines) + "\n"


def render_markdown(d: StandardDiff, lang: str = "en") -> str:
    m = Messages(lang)
    columns = [m.t(f"diff.column.{c}") for c in ("change", "subject", "clause", "detail")]
    lines = [f"## {m.t('diff.heading')}", "", cell(_header(d, m)), ""]
    if d.changes:
        lines += ["| " + " | ".join(columns) + " |", "| --- | --- | --- | --- |"]
        for c in d.changes:
            row = [m.t(f"diff.kind.{c.kind}"), _subject(c, m), _where(c, m), _detail(c, m)]
            lines.append("| " + " | ".join(cell(v) for v in row) + " |")
        lines.append("")
    lines.append(cell(_summary(d, m)))
    return "\n".join(lines) + "\n"


def as_json(d: StandardDiff) -> dict[str, Any]:
    """The diff as plain data: the two sides, counts per kind and every change with its location."""

    def change(c: Change) -> dict[str, Any]:
        location = None
        if c.location is not None:
            location = {"file": c.location.file, "line": c.location.line, "column": c.location.column}
        return {
            "kind": c.kind,
            "subject": c.subject,
            "id": c.id,
            "clause": c.clause,
            "old_clause": c.old_clause,
            "requirements": list(c.requirements),
            "fields": [{"field": f.field, "old": f.old, "new": f.new, "verdict": f.verdict} for f in c.fields],
            "location": location,
        }

    def side(s: Any) -> dict[str, str]:
        return {"file": s.file, "id": s.id, "version": s.version}

    return {
        "diff_version": 1,
        "old": side(d.old),
        "new": side(d.new),
        "counts": d.counts(),
        "changes": [change(c) for c in d.changes],
    }


def render_json(d: StandardDiff, lang: str = "en") -> str:
    return json.dumps(as_json(d), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
