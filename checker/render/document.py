"""A standard laid out as a standards body publishes it: the GB/T 1.1-2020 structure, in one language.

Why a format-neutral layout first: HTML (and the PDF printed from it) and DOCX must say the same
thing in the same order, so the words, the numbering and the tables are decided once, here, and the
renderers only typeset. The order is GB/T 1.1-2020's:

* cover — the standard's id and version, its title (and the title in its other language, as a
  Chinese national standard shows the English title), status, issue and effective dates;
* 前言 Foreword — drafting rules, identity, dates, languages, what an overlay changed of its parent;
* 1 范围 Scope, 2 规范性引用文件 Normative references, 3 术语和定义 Terms and definitions, with the
  sentences GB/T 1.1 prescribes for them (and for their absence);
* the standard's own clauses, numbered as the standard numbers them (the numbers are the ids that
  audit reports cite, so they are never renumbered);
* 附录 A（规范性）: every measurable requirement in one table (rule, target, warn band, parameters,
  period, scope, minimum sample, severity) and the definitions of the rules they use;
* 附录 B（资料性）: the clauses by tag (ISO 23592 dimension, element, level, tier, category,
  SERVQUAL, the standard's own tag sets), when any clause is tagged.

Clauses 1–3 are numbered only when none of the standard's own top-level clauses uses 1, 2 or 3 (a
draft numbered from 1 keeps its numbers; the fixed sections are then shown without numbers).
Every word that is not the standard's own comes from the ``render.*`` block of the message
catalogue (:mod:`checker.report.i18n`); a text the standard gives only in the other language is
shown as written, and the foreword says so.

>>> from checker.model.standard import Standard
>>> std = Standard.model_validate({"kind": "standard", "id": "demo", "title": {"en": "Demo"},
...     "version": "1.0.0", "status": "draft", "languages": ["en"], "clauses": [{"number": "4",
...     "title": {"en": "Answering"}, "text": {"en": "Answer fast."}, "requirements": [{"id": "asa",
...     "rule": "contact.asa", "target": "<= 30s"}]}]})
>>> doc = layout(std, "en", source="demo.yaml")
>>> [(p.heading.number, p.heading.title) for p in doc.body]
[('1', 'Scope'), ('2', 'Normative references'), ('3', 'Terms and definitions'), ('4', 'Answering')]
>>> doc.annexes[0].tables[0].rows[0][:5]
('4', 'asa', 'contact.asa', '≤ 30s', '—')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from checker.i18n import LANGUAGES
from checker.load.overlay import Change
from checker.model.common import Text
from checker.model.rule import Rule
from checker.model.standard import Clause, Requirement, Standard
from checker.model.taxonomy import Taxonomy
from checker.render.legacy_labels import Messages

Style = Literal["text", "note", "item"]
FIXED_TAGS = ("dimension", "element", "level", "tier", "category", "servqual")
_OPERATORS = ((">=", "≥"), ("<=", "≤"), ("==", "="))


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Style = "text"


@dataclass(frozen=True)
class Heading:
    """``number`` is empty for an unnumbered heading (the foreword); ``level`` 1 is a top clause."""

    number: str
    title: str
    level: int
    anchor: str

    @property
    def label(self) -> str:
        return f"{self.number}\u2003{self.title}" if self.number else self.title


@dataclass(frozen=True)
class Part:
    heading: Heading
    paragraphs: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class Table:
    number: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lead: str = ""
    """The sentence that introduces the table (GB/T 1.1: every table is referred to in the text)."""


@dataclass(frozen=True)
class Annex:
    letter: str
    status: str
    title: str
    anchor: str
    paragraphs: tuple[Paragraph, ...]
    tables: tuple[Table, ...]
    wide: bool = False
    """Typeset on a landscape page (the requirement table has ten columns)."""


@dataclass(frozen=True)
class Cover:
    kind: str
    id: str
    version: str
    title: str
    other_title: str | None
    status: str
    issued: str
    effective: str


@dataclass(frozen=True)
class Published:
    """The whole document in one language, ready to typeset."""

    lang: str
    cover: Cover
    header: str
    contents_title: str
    foreword: Part
    body: tuple[Part, ...]
    annexes: tuple[Annex, ...]
    annex_heading: dict[str, str] = field(default_factory=dict)
    issued: str | None = None

    def contents(self) -> list[tuple[str, str, int]]:
        """(label, anchor, level) of the foreword, every heading down to level 2 and the annexes."""
        lines = [(self.foreword.heading.label, self.foreword.heading.anchor, 1)]
        lines += [(p.heading.label, p.heading.anchor, p.heading.level) for p in self.body if p.heading.level <= 2]
        lines += [(f"{self.annex_heading[a.letter]} {a.status} {a.title}", a.anchor, 1) for a in self.annexes]
        return lines


class _Writer:
    """Picks the standard's texts in the reader's language and notes when one falls back."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.m = Messages(lang)
        self.fell_back = False

    def text(self, text: Text | None) -> str:
        if text is None:
            return ""
        own = getattr(text, self.lang)
        if own:
            return own
        self.fell_back = True
        return text.get(self.lang)

    def other(self, text: Text | None) -> str | None:
        """The text in the other language, shown beside (a cover's English title, a term's)."""
        if text is None:
            return None
        other = next(lang for lang in LANGUAGES if lang != self.lang)
        own, theirs = getattr(text, self.lang), getattr(text, other)
        return theirs if own and theirs and theirs != own else None


def paragraphs(text: str, style: Style = "text") -> tuple[Paragraph, ...]:
    """A text's paragraphs: blank lines separate them, single newlines are kept as spaces."""
    return tuple(Paragraph(" ".join(chunk.split()), style) for chunk in re.split(r"\n\s*\n", text) if chunk.strip())


def target_text(text: str | None) -> str:
    """``">= 80%"`` → ``"≥ 80%"``: the operators as a printed standard writes them."""
    if text is None:
        return ""
    shown = text.strip()
    for ascii_op, symbol in _OPERATORS:
        if shown.startswith(ascii_op):
            return symbol + " " + shown[len(ascii_op) :].strip()
    return shown


def natural(text: str) -> tuple[object, ...]:
    """``4.10`` after ``4.9``, ``E10`` after ``E2``."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part)


def layout(
    standard: Standard,
    lang: str,
    *,
    source: str,
    rules: dict[str, Rule] | None = None,
    taxonomy: Taxonomy | None = None,
    parents: Sequence[tuple[str, str]] = (),
    changes: Sequence[Change] = (),
) -> Published:
    """The standard as a published document in ``lang`` (``zh`` or ``en``)."""
    w = _Writer(lang)
    m = w.m
    rules = rules or {}
    clauses = [clause for _, clause in standard.walk()]
    top_numbers = {clause.number for clause in standard.clauses}
    fixed_numbers = not top_numbers & {"1", "2", "3"}
    body = [
        _scope(standard, w, "1" if fixed_numbers else ""),
        _references(standard, w, "2" if fixed_numbers else ""),
        _terms(standard, w, "3" if fixed_numbers else ""),
        *(_clause(clause, w, _depth(clause)) for clause in clauses),
    ]
    annexes = [_requirements_annex(standard, w, rules)]
    tagged = _tags_annex(standard, w, taxonomy)
    if tagged is not None:
        annexes.append(tagged)
    status = m.t(f"render.status.{standard.status}")
    cover = Cover(
        kind=m.t("render.cover.kind"),
        id=standard.id,
        version=m.t("render.cover.version", version=standard.version),
        title=w.text(standard.title),
        other_title=w.other(standard.title),
        status=m.t("render.cover.status", status=status),
        issued=m.t("render.cover.issued", date=_date(m, standard.issued)),
        effective=m.t("render.cover.effective", date=_date(m, standard.effective)),
    )
    foreword = _foreword(standard, w, source, parents, changes)  # last: it says whether texts fell back
    return Published(
        lang=lang,
        cover=cover,
        header=m.t("render.header", id=standard.id, version=standard.version),
        contents_title=m.t("render.contents"),
        foreword=foreword,
        body=tuple(body),
        annexes=tuple(annexes),
        annex_heading={a.letter: m.t("render.annex.heading", letter=a.letter) for a in annexes},
        issued=standard.issued or standard.effective,
    )


def _date(m: Messages, text: str | None) -> str:
    return m.date(text) if text else m.t("render.cover.undated")


def _depth(clause: Clause) -> int:
    return clause.number.count(".") + 1


def _anchor(prefix: str, number: str) -> str:
    return f"{prefix}-{number}".replace(".", "-") if number else prefix


def _foreword(
    standard: Standard, w: _Writer, source: str, parents: Sequence[tuple[str, str]], changes: Sequence[Change]
) -> Part:
    m = w.m
    status = m.t(f"render.status.{standard.status}")
    lines = [
        Paragraph(m.t("render.foreword.drafting")),
        Paragraph(m.t("render.foreword.identity", id=standard.id, version=standard.version, status=status)),
        Paragraph(
            m.t(
                "render.foreword.dates",
                issued=_date(m, standard.issued),
                effective=_date(m, standard.effective),
            )
        ),
        Paragraph(
            m.t(
                "render.foreword.languages",
                languages=m.t("render.language.separator").join(
                    m.t(f"render.language.{x}") for x in standard.languages
                ),
            )
        ),
    ]
    if parents:
        parent_id, parent_version = parents[0]
        if changes:
            lines.append(Paragraph(m.t("render.foreword.extends", parent=parent_id, version=parent_version)))
            lines += [Paragraph(_change(change, w), "item") for change in changes]
        else:
            lines.append(Paragraph(m.t("render.foreword.unchanged", parent=parent_id, version=parent_version)))
    if w.fell_back:
        lines.append(Paragraph(m.t("render.foreword.fallback")))
    lines.append(Paragraph(m.t("render.foreword.generated", source=source)))
    return Part(Heading("", m.t("render.foreword.title"), 1, "foreword"), tuple(lines))


def _change(change: Change, w: _Writer) -> str:
    fields = ", ".join(
        f"{f.field} {target_text(str(f.old)) if f.old is not None else w.m.t('render.cell.none')} → "
        f"{target_text(str(f.new))}"
        for f in change.fields
    )
    if change.kind == "added":
        return w.m.t("render.foreword.added", requirement=change.requirement, clause=change.clause or "")
    if change.kind == "loosened":
        why = w.text(change.justification) or w.m.t("render.cell.none")
        return w.m.t("render.foreword.loosened", requirement=change.requirement, fields=fields, why=why)
    return w.m.t("render.foreword.tightened", requirement=change.requirement, fields=fields)


def _scope(standard: Standard, w: _Writer, number: str) -> Part:
    heading = Heading(number, w.m.t("render.scope.title"), 1, "scope")
    if standard.scope is None:
        return Part(heading, (Paragraph(w.m.t("render.scope.missing")),))
    return Part(heading, paragraphs(w.text(standard.scope)))


def _references(standard: Standard, w: _Writer, number: str) -> Part:
    heading = Heading(number, w.m.t("render.references.title"), 1, "references")
    if not standard.references:
        return Part(heading, (Paragraph(w.m.t("render.references.none")),))
    items = []
    for reference in standard.references:
        title = w.text(reference.title)
        items.append(Paragraph(f"{reference.id}\u2003{title}".strip(), "item"))
    return Part(heading, (Paragraph(w.m.t("render.references.lead")), *items))


def _terms(standard: Standard, w: _Writer, number: str) -> Part:
    heading = Heading(number, w.m.t("render.terms.title"), 1, "terms")
    if not standard.terms:
        return Part(heading, (Paragraph(w.m.t("render.terms.none")),))
    lines = [Paragraph(w.m.t("render.terms.lead"))]
    for i, term in enumerate(standard.terms, start=1):
        label = f"{number}.{i}" if number else str(i)
        name = w.text(term.term)
        other = w.other(term.term)
        lines.append(Paragraph(f"{label}\u2003{name}" + (f"\u2002{other}" if other else ""), "item"))
        lines += paragraphs(w.text(term.definition))
    return Part(heading, tuple(lines))


def _clause(clause: Clause, w: _Writer, depth: int) -> Part:
    m = w.m
    lines = list(paragraphs(w.text(clause.text)))
    if clause.requirements:
        ids = ", ".join(r.id for r in clause.requirements)
        lines.append(Paragraph(m.t("render.clause.see_table", ids=ids), "note"))
    elif clause.kind == "qualitative":
        if clause.assessment == "observation":
            lines.append(Paragraph(m.t("render.clause.observation"), "note"))
        elif clause.reviewed_by is not None:
            by = clause.reviewed_by
            lines.append(Paragraph(m.t("render.clause.qualitative", table=by.table, item=by.item), "note"))
        else:
            lines.append(Paragraph(m.t("render.clause.unreviewed"), "note"))
    elif clause.kind == "informative":
        lines.append(Paragraph(m.t("render.clause.informative"), "note"))
    title = w.text(clause.title)
    return Part(Heading(clause.number, title, min(depth, 4), _anchor("clause", clause.number)), tuple(lines))


def requirement_columns(m: Messages) -> tuple[str, ...]:
    keys = ("clause", "requirement", "rule", "target", "warn", "params", "period", "scope", "min_sample", "severity")
    return tuple(m.t(f"render.col.{key}") for key in keys)


def _requirements_annex(standard: Standard, w: _Writer, rules: dict[str, Rule]) -> Annex:
    m = w.m
    rows = tuple(_requirement_row(clause, requirement, w, rules) for _, clause, requirement in standard.requirements())
    title = m.t("render.annex.requirements")
    if not rows:
        return Annex(
            "A", m.t("render.annex.normative"), title, "annex-a", (Paragraph(m.t("render.annex.no_requirements")),), ()
        )
    used = sorted({requirement.rule for _, _, requirement in standard.requirements()})
    rule_rows = []
    for rule_id in used:
        rule = rules.get(rule_id)
        if rule is None:
            rule_rows.append((rule_id, m.t("render.annex.rule_missing"), "", ""))
            continue
        unit = m.t(f"render.unit.{rule.unit}")
        rule_rows.append((rule_id, w.text(rule.title), " ".join(w.text(rule.definition).split()), unit))
    tables = (
        Table(
            "A.1",
            m.t("render.table", number="A.1", title=title),
            requirement_columns(m),
            rows,
            m.t("render.annex.requirements_lead"),
        ),
        Table(
            "A.2",
            m.t("render.table", number="A.2", title=m.t("render.annex.rules")),
            tuple(m.t(f"render.col.{key}") for key in ("rule", "title", "definition", "unit")),
            tuple(rule_rows),
            m.t("render.annex.rules_lead"),
        ),
    )
    return Annex("A", m.t("render.annex.normative"), title, "annex-a", (), tables, wide=True)


def _requirement_row(clause: Clause, requirement: Requirement, w: _Writer, rules: dict[str, Rule]) -> tuple[str, ...]:
    m = w.m
    none = m.t("render.cell.none")
    rule = rules.get(requirement.rule)
    table = rule.table if rule is not None else "?"
    target = target_text(requirement.target)
    if requirement.intervals is not None:
        period = m.label("period." + requirement.period, requirement.period)
        target += m.t("render.cell.separator") + m.t(
            "render.cell.intervals", share=target_text(requirement.intervals.target), period=period
        )
    separator = m.t("render.cell.separator")
    params = separator.join(f"{name} = {value}" for name, value in requirement.params.items())
    scope = [
        m.t("render.cell.where", table=table, where=requirement.where)
        if requirement.where
        else m.t("render.cell.all_records", table=table)
    ]
    if requirement.group_by:
        scope.append(m.t("render.cell.per_group", fields=", ".join(requirement.group_by)))
    for name, members in requirement.expect_groups.items():
        shown = ", ".join(members) if isinstance(members, list) else _members(members)
        scope.append(m.t("render.cell.expected", field=name, members=shown))
    if requirement.small_groups == "observe":
        scope.append(m.t("render.cell.small_groups"))
    title = w.text(requirement.title)
    return (
        clause.number,
        requirement.id + (f" {title}" if title else ""),
        requirement.rule,
        target,
        target_text(requirement.warn) or none,
        params or none,
        m.label("period." + requirement.period, requirement.period),
        separator.join(scope),
        m.integer(requirement.min_sample),
        m.t("severity." + requirement.severity),
    )


def _members(members: object) -> str:
    taxonomy = getattr(members, "taxonomy", None)
    if taxonomy is not None:
        listed = getattr(members, "members", [])
        return f"{taxonomy}: " + (", ".join(listed) if listed else "*")
    return f"{getattr(members, 'table', '')}.{getattr(members, 'field', '')}"


def _tags_annex(standard: Standard, w: _Writer, taxonomy: Taxonomy | None) -> Annex | None:
    m = w.m
    names = _taxonomy_names(taxonomy, w)
    by_tag: dict[str, dict[str, list[str]]] = {}
    for _, clause in standard.walk():
        if clause.tags is None:
            continue
        values = {tag: getattr(clause.tags, tag) for tag in ("element", "level", "tier", "category", "servqual")}
        values["dimension"] = clause.tags.dimension
        values.update(clause.tags.__pydantic_extra__ or {})
        for tag, value in values.items():
            if value is not None:
                by_tag.setdefault(tag, {}).setdefault(str(value), []).append(clause.number)
    if not by_tag:
        return None
    rows = []
    declared = list(standard.tag_sets)
    for tag in [*FIXED_TAGS, *declared, *sorted(set(by_tag) - set(FIXED_TAGS) - set(declared))]:
        if tag not in by_tag:
            continue
        tag_set = standard.tag_sets.get(tag)
        label = w.text(tag_set.title) if tag_set and tag_set.title else m.label("tag." + tag, tag)
        order = {value: i for i, value in enumerate(tag_set.values)} if tag_set else {}
        for value in sorted(by_tag[tag], key=lambda v: (order.get(v, len(order)), natural(v))):
            shown = names.get(value) if tag in ("dimension", "element", "level") else None
            shown = shown or m.label(f"render.value.{tag}.{value}", value)
            rows.append((label, shown, ", ".join(_unique(by_tag[tag][value]))))
    title = m.t("render.annex.tags")
    table = Table(
        "B.1",
        m.t("render.table", number="B.1", title=title),
        tuple(m.t(f"render.col.{key}") for key in ("tag", "value", "clauses")),
        tuple(rows),
        m.t("render.annex.tags_lead"),
    )
    return Annex("B", m.t("render.annex.informative"), title, "annex-b", (), (table,))


def _taxonomy_names(taxonomy: Taxonomy | None, w: _Writer) -> dict[str, str]:
    """``E8`` → ``E8 Operational service excellence``: the taxonomy's names, when it is beside the standard."""
    if taxonomy is None:
        return {}
    entries = [*taxonomy.dimensions, *taxonomy.elements, *taxonomy.levels]
    return {entry.id: f"{entry.id} {w.text(entry.name)}" for entry in entries}


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
