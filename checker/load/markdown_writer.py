"""A standard written out as a Markdown draft, so that reading the draft back gives the same standard.

Why: writers edit prose, and ``servcheck convert`` must take a published YAML standard back to the
draft form and forth again without losing a field. The writer works on the document's plain data
(not on the model), so a key the model gains later travels without a change here:

* every top-level key but ``clauses`` goes into the YAML front matter (``cases:`` included);
* each clause is a numbered heading (``#`` per level of nesting) with its title as ``en / zh``,
  its text as marked paragraphs (``en: …``, ``zh: …``), its kind as ``<!-- informative -->``,
  its tags as a ```` ```tags ```` block and each requirement as a ```` ```requirement ```` block;
* every other key of a clause (``reviewed_by``, ``assessment``, a future key) goes into one
  ```` ```yaml ```` block under it — and so does a title or text that prose cannot hold exactly
  (two lines in one paragraph, leading spaces, an English half holding Chinese…).

Whether prose holds a title or text exactly is not guessed: the draft reader
(:func:`checker.load.markdown_draft.load_markdown_text`) reads the candidate prose back, and only
an exact match is written as prose. A clause tree the reader would nest differently (a sub-clause
whose number does not extend its parent's, lint SC027) cannot be a draft: nesting in a draft comes
from the number. That is refused with SC113 at the clause's number, never written wrongly.

>>> data = {"kind": "standard", "id": "demo", "title": {"en": "Demo"}, "version": "1.0.0",
...         "status": "draft", "languages": ["en"],
...         "clauses": [{"number": "1", "title": {"en": "Scope"}, "text": {"en": "Applies to calls."},
...                      "kind": "informative", "assessment": "review"}]}
>>> print(standard_to_markdown(data, "demo.yaml"))  # doctest: +NORMALIZE_WHITESPACE
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
---
<BLANKLINE>
# Demo
<BLANKLINE>
Converted from demo.yaml by `servcheck convert`.
<BLANKLINE>
## 1 Scope
<BLANKLINE>
<!-- informative -->
<BLANKLINE>
en: Applies to calls.
<BLANKLINE>
```yaml
assessment: review
```
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.load.markdown_draft import (
    _NUMBERED_HEADING,
    CLAUSE_FENCE,
    REQUIREMENT_FENCE,
    TAGS_FENCE,
    read_body,
)

PROSE_KEYS = ("number", "title", "text", "kind", "tags", "requirements", "clauses")
"""Clause keys with a prose form; every other key travels in the clause's ```yaml block."""
KIND_COMMENTS = ("normative", "informative", "qualitative")
LANGUAGE_ORDER = ("en", "zh")

Locate = Callable[[tuple[str | int, ...]], Location]


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper: a mapping or list of plain values on one line when it is short
    (``{threshold: 20s}``, ``[queue]``), in block style otherwise and at the outermost level."""

    FLOW_WIDTH = 90

    def _short(self, node: yaml.Node) -> None:
        values = _scalars(node)
        if node.flow_style and (len(str(values)) > self.FLOW_WIDTH or any("\n" in v for v in values)):
            node.flow_style = False

    def represent_str(self, data: str) -> yaml.Node:
        """Text of several lines as a literal block (``|``), as a writer would type it; PyYAML
        falls back to a quoted style where a block cannot hold the text exactly."""
        if "\n" in data:
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="|")
        return super().represent_str(data)

    def represent_mapping(self, tag: str, mapping: Any, flow_style: bool | None = None) -> yaml.Node:
        node = super().represent_mapping(tag, mapping, flow_style)
        if flow_style is None:
            self._short(node)
        return node

    def represent_sequence(self, tag: str, sequence: Any, flow_style: bool | None = None) -> yaml.Node:
        node = super().represent_sequence(tag, sequence, flow_style)
        if flow_style is None:
            self._short(node)
        return node


def _scalars(node: yaml.Node) -> list[str]:
    """The scalar values under a node (their total length decides flow or block style)."""
    if isinstance(node, yaml.ScalarNode):
        return [node.value]
    items = node.value if isinstance(node, yaml.SequenceNode) else [v for pair in node.value for v in pair]
    return [value for item in items for value in _scalars(item)]


class _Block(dict):  # type: ignore[type-arg]
    """A mapping written in block style (one key per line) even when its values are all plain."""


class _BlockList(list):  # type: ignore[type-arg]
    """A list written in block style."""


_Dumper.add_representer(str, _Dumper.represent_str)
_Dumper.add_representer(
    _Block, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)
)
_Dumper.add_representer(
    _BlockList, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=False)
)


def _dump(value: Any, flow: bool = False) -> str:
    """YAML the project's safe loader reads back to the same value (strings that look like dates,
    numbers or booleans are quoted by PyYAML's resolver); short lists and mappings of plain values
    on one line, as the shipped standards write them."""
    if not flow:
        value = _Block(value) if isinstance(value, dict) else _BlockList(value) if isinstance(value, list) else value
    return yaml.dump(
        value,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=120,
        default_flow_style=True if flow else None,
    ).rstrip("\n")


def _fence(label: str, value: Any, flow: bool = False) -> list[str]:
    """A fenced YAML block; the fence is longer than any run of backticks in the YAML, so a
    value holding ```` ``` ```` cannot close it (CommonMark: a closing fence is at least as long)."""
    body = _dump(value, flow)
    if body.endswith("\n..."):  # a lone scalar: PyYAML marks the document's end
        body = body[: -len("\n...")]
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{label}", body, fence, ""]


def _front_matter(front: dict[str, Any]) -> str:
    """The front matter's YAML; when a line of it would read as the closing ``---`` or ``...`` (a
    multi-line string), every string is written double-quoted on one line instead."""
    body = _dump(front)
    if any(line.rstrip() in ("---", "...") for line in body.splitlines()):
        body = yaml.safe_dump(
            front, sort_keys=False, allow_unicode=True, width=10**9, default_style='"', default_flow_style=False
        ).rstrip("\n")
    return body


class _Oracle:
    """The draft reader asked whether a heading or some paragraphs read back as intended."""

    def __init__(self, languages: list[str]):
        self.languages = languages

    def _clause(self, body: str) -> dict[str, Any] | None:
        clauses, problems = read_body(body, self.languages)
        if problems or len(clauses) != 1 or clauses[0].get("clauses"):
            return None
        return clauses[0]

    def heading(self, title: Any) -> str | None:
        """``en / zh`` (or one language) when that heading reads back as exactly ``title``."""
        if not isinstance(title, dict) or not title or not set(title) <= set(LANGUAGE_ORDER):
            return None
        parts = [title[lang] for lang in LANGUAGE_ORDER if lang in title]
        if not all(isinstance(p, str) for p in parts):
            return None
        candidate = " / ".join(parts)
        if "\n" in candidate or "\r" in candidate:
            return None
        clause = self._clause(f"## 1 {candidate}\n")
        return candidate if clause is not None and clause.get("title") == title else None

    def paragraphs(self, text: Any) -> list[str] | None:
        """Marked paragraphs (``en: …``) when they read back as exactly ``text``."""
        if not isinstance(text, dict) or not text or not set(text) <= set(LANGUAGE_ORDER):
            return None
        lines: list[str] = []
        for lang in LANGUAGE_ORDER:
            if lang not in text:
                continue
            value = text[lang]
            if not isinstance(value, str):
                return None
            for paragraph in value.split("\n\n"):
                lines.extend([f"{lang}: {paragraph}", ""])
        clause = self._clause("## 1\n\n" + "\n".join(lines))
        return lines if clause is not None and clause.get("text") == text else None


class _Writer:
    def __init__(self, data: dict[str, Any], locate: Locate | None):
        languages = data.get("languages")
        declared = [x for x in languages if x in LANGUAGE_ORDER] if isinstance(languages, list) else []
        self.oracle = _Oracle(declared)
        self.locate = locate
        self.lines: list[str] = []
        self.open: list[str] = []  # numbers of the clauses a reader would have open, innermost last
        self.problems: list[Diagnostic] = []

    def _place(self, number: str, parent: str | None, path: tuple[str | int, ...]) -> None:
        """Check the reader would nest ``number`` under ``parent``, as the data does; push it."""
        while self.open and not number.startswith(self.open[-1] + "."):
            self.open.pop()
        landed = self.open[-1] if self.open else None
        if landed != parent:
            where = self.locate((*path, "number")) if self.locate else Location("standard")
            under = f"under clause {parent}" if parent else "at the top level"
            read = f"under clause {landed}" if landed else "at the top level"
            self.problems.append(
                Diagnostic.of(
                    codes.DRAFT_NESTING,
                    f"clause {number} is {under}, but a draft nests clauses by number and would read it {read}",
                    where,
                    "number sub-clauses after their parent (the children of 5.2 are 5.2.1, 5.2.2…), as lint SC027 asks",
                )
            )
        self.open.append(number)

    def clauses(self, clauses: list[Any], parent: str | None, path: tuple[str | int, ...], depth: int) -> None:
        for index, clause in enumerate(clauses):
            here = (*path, "clauses", index)
            number = str(clause["number"])
            self._place(number, parent, here)
            self.clause(clause, number, depth)
            self.clauses(clause.get("clauses") or [], number, here, depth + 1)

    def clause(self, clause: dict[str, Any], number: str, depth: int) -> None:
        extra = {key: value for key, value in clause.items() if key not in PROSE_KEYS}
        title = self.oracle.heading(clause["title"]) if "title" in clause else None
        if "title" in clause and title is None:
            extra["title"] = clause["title"]
        heading = f"{'#' * min(depth + 2, 6)} {number}"
        self.lines.extend([f"{heading} {title}" if title else heading, ""])
        if "kind" in clause:
            if clause["kind"] in KIND_COMMENTS:
                self.lines.extend([f"<!-- {clause['kind']} -->", ""])
            else:
                extra["kind"] = clause["kind"]
        if "text" in clause:
            paragraphs = self.oracle.paragraphs(clause["text"])
            if paragraphs is None:
                extra["text"] = clause["text"]
            else:
                self.lines.extend(paragraphs)
        if "tags" in clause:
            self.lines.extend(_fence(TAGS_FENCE, clause["tags"], flow=isinstance(clause["tags"], dict)))
        requirements = clause.get("requirements")
        if isinstance(requirements, list) and requirements:
            for requirement in requirements:
                self.lines.extend(_fence(REQUIREMENT_FENCE, requirement))
        elif "requirements" in clause:
            extra["requirements"] = requirements  # an explicit empty list: kept as written
        if "clauses" in clause and not clause["clauses"]:
            extra["clauses"] = clause["clauses"]
        if extra:
            self.lines.extend(_fence(CLAUSE_FENCE, {k: extra[k] for k in clause if k in extra}))


def standard_to_markdown(data: dict[str, Any], source: str, locate: Locate | None = None) -> str:
    """The Markdown draft of a standard's plain data; SC113 (at ``locate(path)``) for a clause the
    draft would nest differently."""
    front = {key: value for key, value in data.items() if key != "clauses"}
    writer = _Writer(data, locate)
    writer.lines.extend(["---", _front_matter(front), "---", ""])
    title = data.get("title")
    heading = " / ".join(title[lang] for lang in LANGUAGE_ORDER if lang in title) if isinstance(title, dict) else ""
    if heading and "\n" not in heading and not _NUMBERED_HEADING.match(heading.strip()):
        writer.lines.extend([f"# {heading}", ""])
    writer.lines.extend([f"Converted from {source} by `servcheck convert`.", ""])
    writer.clauses(data.get("clauses") or [], None, (), 0)
    if writer.problems:
        raise InvalidInput(writer.problems)
    return "\n".join(writer.lines).rstrip("\n") + "\n"
