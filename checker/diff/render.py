"""A standard's diff as text (a terminal, a CI log), Markdown (a pull request) or JSON (tools).

Words are gettext messages (:mod:`checker.i18n`, domain ``diff``: ``locale/zh/LC_MESSAGES/diff.po``),
so ``--lang zh`` is a catalogue entry, not code, and "22 changes" takes the language's plural
rule. Values written by the standard go through :func:`terminal_text` or :func:`cell`, as the
audit report's do: a title cannot colour a terminal or inject Markdown.
JSON is language-neutral (kinds and verdicts as codes) and deterministic (sorted keys).
"""

from __future__ import annotations

import json
from typing import Any

from rich.cells import cell_len

from checker.diff.changes import KINDS, Change, FieldChange, StandardDiff
from checker.diff.model import ChangeOut, DiffOut, FieldOut, LocationOut, SideOut
from checker.i18n import Speaker, speaker
from checker.report.markdown import cell
from checker.report.safe_text import terminal_text


def kind_word(kind: str, s: Speaker) -> str:
    words = {
        "removed": s.p_("change", "removed"),
        "loosened": s.p_("change", "loosened"),
        "tightened": s.p_("change", "tightened"),
        "added": s.p_("change", "added"),
        "renumbered": s.p_("change", "renumbered"),
        "text": s.p_("change", "text"),
        "edited": s.p_("change", "edited"),
    }
    return words[kind]


def verdict_word(verdict: str, s: Speaker) -> str:
    words = {
        "tighter": s.p_("verdict", "tighter"),
        "looser": s.p_("verdict", "looser"),
        "unordered": s.p_("verdict", "no order: counts as loosening"),
        "editorial": s.p_("verdict", "editorial"),
    }
    return words[verdict]


def _value(value: Any, m: Speaker) -> str:
    if value is None:
        return m._("(none)")
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _field(f: FieldChange, m: Speaker) -> str:
    if f.verdict == "editorial" and (isinstance(f.old, dict | list) or isinstance(f.new, dict | list)):
        return f.field  # a title or a list of references: the name says enough, JSON has both values
    verdict = verdict_word(f.verdict, m)
    return m._(
        "{field} {old} → {new} ({verdict})", field=f.field, old=_value(f.old, m), new=_value(f.new, m), verdict=verdict
    )


def _subject(c: Change, m: Speaker) -> str:
    if c.subject == "requirement":
        return m._("requirement {id}", id=c.id)
    if c.subject == "clause":
        return m._("clause {number}", number=c.id)
    return m._("the standard")


def _where(c: Change, m: Speaker) -> str:
    """The clause a change is in: ``clause 4.2``, ``clause 4.1 → 4.2``, or where a removed one was."""
    if c.kind == "renumbered" or c.subject == "standard":
        return ""
    if c.clause is None:
        return m._("was in clause {number}", number=c.old_clause) if c.subject == "requirement" else ""
    if c.old_clause is not None and c.old_clause != c.clause and c.subject == "requirement":
        return m._("clause {old} → {new}", old=c.old_clause, new=c.clause)
    return m._("clause {number}", number=c.clause) if c.subject == "requirement" else ""


def _detail(c: Change, m: Speaker) -> str:
    if c.kind == "renumbered":
        text = m._("clause {old} is now {new}", old=c.old_clause, new=c.clause)
        return text + (m._("; requirements: {ids}", ids=", ".join(c.requirements)) if c.requirements else "")
    if c.kind == "text":
        return m._("changed: {fields}", fields=", ".join(f.field for f in c.fields))
    return m._("; ").join(_field(f, m) for f in c.fields)


def _summary(d: StandardDiff, m: Speaker) -> str:
    counts = d.counts()
    total = sum(counts.values())
    if not total:
        return m._("no changes")
    listed = m._(", ").join(f"{kind_word(k, m)} {m.integer(counts[k])}" for k in KINDS if counts[k])
    return m.n_("{n} change ({counts})", "{n} changes ({counts})", total, counts=listed)


def _header(d: StandardDiff, m: Speaker) -> str:
    old = m._("{id} {version} ({file})", id=d.old.id, version=d.old.version, file=d.old.file)
    new = m._("{id} {version} ({file})", id=d.new.id, version=d.new.version, file=d.new.file)
    return f"{old} → {new}"


def render_text(d: StandardDiff, lang: str = "en") -> str:
    m = speaker(lang)
    width = max(cell_len(kind_word(k, m)) for k in KINDS)  # display columns: a Chinese character takes two
    lines = [terminal_text(_header(d, m)), ""]
    for c in d.changes:
        where = _where(c, m)
        head = m._("{subject} ({where})", subject=_subject(c, m), where=where) if where else _subject(c, m)
        detail = _detail(c, m)
        kind = kind_word(c.kind, m)
        kind += " " * (width - cell_len(kind))
        line = m._("{head}: {detail}", head=head, detail=detail) if detail else head
        lines.append(terminal_text(f"  {kind}  {line}"))
    if d.changes:
        lines.append("")
    lines.append(_summary(d, m))
    return "\n".join(lines) + "\n"


def render_markdown(d: StandardDiff, lang: str = "en") -> str:
    m = speaker(lang)
    columns = [m.p_("diff column", "Change"), m.p_("diff column", "What"), m.p_("diff column", "Clause")]
    columns.append(m.p_("diff column", "Detail"))
    heading = m._("Changes to the standard")
    lines = [f"## {heading}", "", cell(_header(d, m)), ""]
    if d.changes:
        lines += ["| " + " | ".join(columns) + " |", "| --- | --- | --- | --- |"]
        for c in d.changes:
            row = [kind_word(c.kind, m), _subject(c, m), _where(c, m), _detail(c, m)]
            lines.append("| " + " | ".join(cell(v) for v in row) + " |")
        lines.append("")
    lines.append(cell(_summary(d, m)))
    return "\n".join(lines) + "\n"


def as_json(d: StandardDiff) -> DiffOut:
    """The diff as its JSON model: the two sides, counts per kind and every change with its location."""

    def change(c: Change) -> ChangeOut:
        where = c.location
        return ChangeOut(
            kind=c.kind,  # type: ignore[arg-type]
            subject=c.subject,  # type: ignore[arg-type]
            id=c.id,
            clause=c.clause,
            old_clause=c.old_clause,
            requirements=list(c.requirements),
            fields=[FieldOut(field=f.field, old=f.old, new=f.new, verdict=f.verdict) for f in c.fields],  # type: ignore[arg-type]
            location=LocationOut(file=where.file, line=where.line, column=where.column) if where else None,
        )

    def side(s: Any) -> SideOut:
        return SideOut(file=s.file, id=s.id, version=s.version)

    return DiffOut(old=side(d.old), new=side(d.new), counts=d.counts(), changes=[change(c) for c in d.changes])  # type: ignore[arg-type]


def render_json(d: StandardDiff, lang: str = "en") -> str:
    return json.dumps(as_json(d).model_dump(mode="json"), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
