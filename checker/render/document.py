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
Every word that is not the standard's own is an English gettext msgid of the ``render`` domain
(:mod:`checker.i18n`; the Chinese sentences GB/T 1.1 prescribes are in ``render.po``), and the data
labels the audit report also shows (periods, severities, tag names, tiers, SERVQUAL dimensions) come
from :mod:`checker.report.words`, so both documents call a value the same; a text the standard gives
only in the other language is shown as written, and the foreword says so.

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
from functools import cache
from typing import Literal

from checker.i18n import LANGUAGES, Speaker, speaker
from checker.load.overlay import Change
from checker.model.common import Text
from checker.model.rule import Rule
from checker.model.standard import Clause, Requirement, Standard
from checker.model.taxonomy import Taxonomy
from checker.report import words

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


NONE = "\u2014"
"""An empty cell (an em dash in both languages)."""


@cache
def _statuses(s: Speaker) -> dict[str, str]:
    """A standard's status as its cover prints it (GB/T usage: 现行 for a standard in force)."""
    return {
        "draft": s.p_("standard status", "draft"),
        "published": s.p_("standard status", "published"),
        "withdrawn": s.p_("standard status", "withdrawn"),
    }


@cache
def _units(s: Speaker) -> dict[str, str]:
    return {
        "percent": s.p_("rule unit", "share (%)"),
        "duration": s.p_("rule unit", "duration"),
        "number": s.p_("rule unit", "number"),
        "rate": s.p_("rule unit", "rate per base"),
    }


@cache
def _languages(s: Speaker) -> dict[str, str]:
    return {"zh": s.p_("language", "Chinese"), "en": s.p_("language", "English")}


@cache
def _categories(s: Speaker) -> dict[str, str]:
    """The categories by the names the Chinese source gives its eight kinds of service standard
    (服务基础标准 … 保护消费者权益标准): a published standard spells them out, where the report's
    short labels (:func:`checker.report.words.tag_value`) suffice in a table of results."""
    return {
        "foundation": s.p_("standard category", "foundation"),
        "quality": s.p_("standard category", "quality"),
        "qualification": s.p_("standard category", "qualification"),
        "facilities": s.p_("standard category", "facilities"),
        "information": s.p_("standard category", "information"),
        "safety-hygiene": s.p_("standard category", "safety and hygiene"),
        "environment": s.p_("standard category", "environmental protection"),
        "consumer-rights": s.p_("standard category", "consumer-rights protection"),
    }


@cache
def _columns(s: Speaker) -> dict[str, str]:
    return {
        "clause": s.p_("annex column", "Clause"),
        "requirement": s.p_("annex column", "Requirement"),
        "rule": s.p_("annex column", "Rule"),
        "target": s.p_("annex column", "Target"),
        "warn": s.p_("annex column", "Warn band"),
        "params": s.p_("annex column", "Parameters"),
        "period": s.p_("annex column", "Period"),
        "scope": s.p_("annex column", "Scope"),
        "min_sample": s.p_("annex column", "Minimum sample"),
        "severity": s.p_("annex column", "Severity"),
        "title": s.p_("annex column", "Title"),
        "definition": s.p_("annex column", "Definition"),
        "unit": s.p_("annex column", "Unit"),
        "tag": s.p_("annex column", "Tag"),
        "value": s.p_("annex column", "Value"),
        "clauses": s.p_("annex column", "Clauses"),
    }


def _tag_value(s: Speaker, tag: str, value: str) -> str:
    """A tag's value: categories by their full names, tiers and SERVQUAL dimensions as the report names them."""
    if tag == "category" and value in _categories(s):
        return _categories(s)[value]
    return words.tag_value(s, tag, value)


class _Writer:
    """Picks the standard's texts in the reader's language and notes when one falls back."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.s = speaker(lang)
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
    s = w.s
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
    status = _statuses(s).get(standard.status, standard.status)
    cover = Cover(
        kind=s._("Service standard"),
        id=standard.id,
        version=s._("Version {version}", version=standard.version),
        title=w.text(standard.title),
        other_title=w.other(standard.title),
        status=s._("Status: {status}", status=status),
        issued=s._("{date} issued", date=_date(s, standard.issued)),
        effective=s._("{date} effective", date=_date(s, standard.effective)),
    )
    foreword = _foreword(standard, w, source, parents, changes)  # last: it says whether texts fell back
    return Published(
        lang=lang,
        cover=cover,
        header=s._("{id} — {version}", id=standard.id, version=standard.version),
        contents_title=s.p_("published standard", "Contents"),  # GB/T: 目次, where a report has 目录
        foreword=foreword,
        body=tuple(body),
        annexes=tuple(annexes),
        annex_heading={a.letter: s._("Annex {letter}", letter=a.letter) for a in annexes},
        issued=standard.issued or standard.effective,
    )


def _date(s: Speaker, text: str | None) -> str:
    return s.date(text) if text else s._("date not set")


def _depth(clause: Clause) -> int:
    return clause.number.count(".") + 1


def _anchor(prefix: str, number: str) -> str:
    return f"{prefix}-{number}".replace(".", "-") if number else prefix


def _foreword(
    standard: Standard, w: _Writer, source: str, parents: Sequence[tuple[str, str]], changes: Sequence[Change]
) -> Part:
    s = w.s
    status = _statuses(s).get(standard.status, standard.status)
    languages = s.p_("list separator", ", ").join(_languages(s).get(x, x) for x in standard.languages)
    lines = [
        Paragraph(
            s._(
                "This document has been drafted in accordance with the rules given in GB/T 1.1—2020 "
                "Directives for standardization — Part 1: Rules for the structure and drafting of "
                "standardizing documents."
            )
        ),
        Paragraph(
            s._(
                "This document is version {version} of standard {id}; its status is {status}.",
                id=standard.id,
                version=standard.version,
                status=status,
            )
        ),
        Paragraph(
            s._(
                "Issued {issued}; effective {effective}.",
                issued=_date(s, standard.issued),
                effective=_date(s, standard.effective),
            )
        ),
        Paragraph(s._("The standard gives its texts in: {languages}.", languages=languages)),
    ]
    if parents:
        parent_id, parent_version = parents[0]
        if changes:
            lines.append(
                Paragraph(
                    s._(
                        "This document extends {parent} (version {version}) and changes its requirements as follows:",
                        parent=parent_id,
                        version=parent_version,
                    )
                )
            )
            lines += [Paragraph(_change(change, w), "item") for change in changes]
        else:
            lines.append(
                Paragraph(
                    s._(
                        "This document extends {parent} (version {version}) and changes none of its requirements.",
                        parent=parent_id,
                        version=parent_version,
                    )
                )
            )
    if w.fell_back:
        # TRANSLATORS: the reader's language is Chinese here, so the texts fell back to English.
        lines.append(Paragraph(s._("Some texts are not given in English; they are shown as written, in Chinese.")))
    lines.append(
        Paragraph(
            s._(
                "Rendered by servcheck from {source}; where this rendering and the source file differ, "
                "the source file prevails.",
                source=source,
            )
        )
    )
    return Part(Heading("", s._("Foreword"), 1, "foreword"), tuple(lines))


def _change(change: Change, w: _Writer) -> str:
    fields = ", ".join(
        f"{f.field} {target_text(str(f.old)) if f.old is not None else NONE} → {target_text(str(f.new))}"
        for f in change.fields
    )
    s = w.s
    if change.kind == "added":
        clause = change.clause or ""
        return s._("{requirement}: added in clause {clause}.", requirement=change.requirement, clause=clause)
    if change.kind == "loosened":
        why = w.text(change.justification) or NONE
        return s._(
            "{requirement}: loosened ({fields}); justification: {why}",
            requirement=change.requirement,
            fields=fields,
            why=why,
        )
    return s._("{requirement}: tightened ({fields}).", requirement=change.requirement, fields=fields)


def _scope(standard: Standard, w: _Writer, number: str) -> Part:
    heading = Heading(number, w.s._("Scope"), 1, "scope")
    if standard.scope is None:
        return Part(heading, (Paragraph(w.s._("The standard does not state its scope.")),))
    return Part(heading, paragraphs(w.text(standard.scope)))


def _references(standard: Standard, w: _Writer, number: str) -> Part:
    heading = Heading(number, w.s._("Normative references"), 1, "references")
    if not standard.references:
        return Part(heading, (Paragraph(w.s._("There are no normative references in this document.")),))
    items = []
    for reference in standard.references:
        title = w.text(reference.title)
        items.append(Paragraph(f"{reference.id}\u2003{title}".strip(), "item"))
    lead = w.s._(
        "The following documents are referred to in the text in such a way that some or all of their content "
        "constitutes requirements of this document. For dated references, only the edition cited applies. For "
        "undated references, the latest edition of the referenced document (including any amendments) applies."
    )
    return Part(heading, (Paragraph(lead), *items))


def _terms(standard: Standard, w: _Writer, number: str) -> Part:
    heading = Heading(number, w.s._("Terms and definitions"), 1, "terms")
    if not standard.terms:
        return Part(heading, (Paragraph(w.s._("No terms and definitions are listed in this document.")),))
    lines = [Paragraph(w.s._("For the purposes of this document, the following terms and definitions apply."))]
    for i, term in enumerate(standard.terms, start=1):
        label = f"{number}.{i}" if number else str(i)
        name = w.text(term.term)
        other = w.other(term.term)
        lines.append(Paragraph(f"{label}\u2003{name}" + (f"\u2002{other}" if other else ""), "item"))
        lines += paragraphs(w.text(term.definition))
    return Part(heading, tuple(lines))


def _clause(clause: Clause, w: _Writer, depth: int) -> Part:
    s = w.s
    lines = list(paragraphs(w.text(clause.text)))
    if clause.requirements:
        ids = ", ".join(r.id for r in clause.requirements)
        see = s._("The measurable requirements of this clause are given in Table A.1: {ids}.", ids=ids)
        lines.append(Paragraph(see, "note"))
    elif clause.kind == "qualitative":
        if clause.assessment == "observation":
            note = s._("NOTE  This clause is qualitative and observed only: it never decides conformity.")
        elif clause.reviewed_by is not None:
            note = s._(
                "NOTE  This clause is qualitative: it is judged by the review records of checklist item {item} "
                "in table {table}.",
                table=clause.reviewed_by.table,
                item=clause.reviewed_by.item,
            )
        else:
            note = s._("NOTE  This clause is qualitative; no checklist item is named to judge it.")
        lines.append(Paragraph(note, "note"))
    elif clause.kind == "informative":
        note = s._("NOTE  This clause is informative: it states no measurable requirement of its own.")
        lines.append(Paragraph(note, "note"))
    title = w.text(clause.title)
    return Part(Heading(clause.number, title, min(depth, 4), _anchor("clause", clause.number)), tuple(lines))


def requirement_columns(s: Speaker) -> tuple[str, ...]:
    keys = ("clause", "requirement", "rule", "target", "warn", "params", "period", "scope", "min_sample", "severity")
    return tuple(_columns(s)[key] for key in keys)


def _table_caption(s: Speaker, number: str, title: str) -> str:
    return s._("Table {number} — {title}", number=number, title=title)


def _requirements_annex(standard: Standard, w: _Writer, rules: dict[str, Rule]) -> Annex:
    s = w.s
    rows = tuple(_requirement_row(clause, requirement, w, rules) for _, clause, requirement in standard.requirements())
    title = s._("Measurable requirements")
    normative = s._("(normative)")
    if not rows:
        nothing = Paragraph(s._("This document states no measurable requirement."))
        return Annex("A", normative, title, "annex-a", (nothing,), ())
    used = sorted({requirement.rule for _, _, requirement in standard.requirements()})
    rule_rows = []
    for rule_id in used:
        rule = rules.get(rule_id)
        if rule is None:
            rule_rows.append((rule_id, s._("not found in the rule library"), "", ""))
            continue
        unit = _units(s).get(rule.unit, rule.unit)
        rule_rows.append((rule_id, w.text(rule.title), " ".join(w.text(rule.definition).split()), unit))
    columns = _columns(s)
    tables = (
        Table(
            "A.1",
            _table_caption(s, "A.1", title),
            requirement_columns(s),
            rows,
            s._(
                "Table A.1 gives every measurable requirement of this document in clause order. A requirement is "
                "met when the value its rule measures over its scope meets the target, overall, in each group and "
                "in each period; a value that meets the target but not the warn band is at risk. Fewer records "
                "than the minimum sample give no verdict."
            ),
        ),
        Table(
            "A.2",
            _table_caption(s, "A.2", s._("Measurement rules")),
            tuple(columns[key] for key in ("rule", "title", "definition", "unit")),
            tuple(rule_rows),
            s._("Table A.2 defines each rule used in Table A.1, as the rule library states it."),
        ),
    )
    return Annex("A", normative, title, "annex-a", (), tables, wide=True)


def _requirement_row(clause: Clause, requirement: Requirement, w: _Writer, rules: dict[str, Rule]) -> tuple[str, ...]:
    s = w.s
    rule = rules.get(requirement.rule)
    table = rule.table if rule is not None else "?"
    separator = s.p_("cell separator", "; ")
    period = words.period_name(s, requirement.period)
    target = target_text(requirement.target)
    if requirement.intervals is not None:
        share = target_text(requirement.intervals.target)
        target += separator + s._("met in {share} of the intervals ({period})", share=share, period=period)
    params = separator.join(f"{name} = {value}" for name, value in requirement.params.items())
    scope = [
        s._("records of table {table} where {where}", table=table, where=requirement.where)
        if requirement.where
        else s._("all records of table {table}", table=table)
    ]
    if requirement.group_by:
        scope.append(s._("judged per {fields}", fields=", ".join(requirement.group_by)))
    for name, members in requirement.expect_groups.items():
        shown = ", ".join(members) if isinstance(members, list) else _members(members)
        scope.append(s._("expected {field}: {members}", field=name, members=shown))
    if requirement.small_groups == "observe":
        scope.append(s._("groups below the minimum sample are observed only"))
    title = w.text(requirement.title)
    return (
        clause.number,
        requirement.id + (f" {title}" if title else ""),
        requirement.rule,
        target,
        target_text(requirement.warn) or NONE,
        params or NONE,
        period,
        separator.join(scope),
        s.integer(requirement.min_sample),
        words.severity_name(s, requirement.severity),
    )


def _members(members: object) -> str:
    taxonomy = getattr(members, "taxonomy", None)
    if taxonomy is not None:
        listed = getattr(members, "members", [])
        return f"{taxonomy}: " + (", ".join(listed) if listed else "*")
    return f"{getattr(members, 'table', '')}.{getattr(members, 'field', '')}"


def _tags_annex(standard: Standard, w: _Writer, taxonomy: Taxonomy | None) -> Annex | None:
    s = w.s
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
        label = w.text(tag_set.title) if tag_set and tag_set.title else words.tag_key(s, tag)
        order = {value: i for i, value in enumerate(tag_set.values)} if tag_set else {}
        for value in sorted(by_tag[tag], key=lambda v: (order.get(v, len(order)), natural(v))):
            shown = names.get(value) if tag in ("dimension", "element", "level") else None
            shown = shown or _tag_value(s, tag, value)
            rows.append((label, shown, ", ".join(_unique(by_tag[tag][value]))))
    title = s._("Classification of clauses")
    table = Table(
        "B.1",
        _table_caption(s, "B.1", title),
        tuple(_columns(s)[key] for key in ("tag", "value", "clauses")),
        tuple(rows),
        s._(
            "Table B.1 lists the clauses that carry each tag: ISO 23592 dimension, element and level, tier, "
            "category, SERVQUAL dimension and the tag sets the standard declares."
        ),
    )
    return Annex("B", s._("(informative)"), title, "annex-b", (), (table,))


def _taxonomy_names(taxonomy: Taxonomy | None, w: _Writer) -> dict[str, str]:
    """``E8`` → ``E8 Operational service excellence``: the taxonomy's names, when it is beside the standard."""
    if taxonomy is None:
        return {}
    entries = [*taxonomy.dimensions, *taxonomy.elements, *taxonomy.levels]
    return {entry.id: f"{entry.id} {w.text(entry.name)}" for entry in entries}


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
