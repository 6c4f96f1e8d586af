"""Standards drafted in Markdown, loaded into the same plain data (with positions) as YAML.

Why: writers draft clauses as prose, and the YAML form asks them to manage indentation and
quoting. A draft is ordinary Markdown (docs/markdown-drafts.md has the full format):

* YAML front matter between ``---`` lines holds everything but the clauses (kind, id, title, …);
* a heading whose text starts with a clause number (``## 4.1 Service level / 服务水平``) opens a
  clause, nested by its number (4.1.2 goes under the open 4.1), not by the heading level;
* paragraphs under it are its text, in the language their ``en:``/``zh:`` marker names or, when
  unmarked, the standard's only language or else the script they are written in (any CJK
  ideograph → ``zh``);
* fenced ```` ```requirement ```` blocks (YAML: one requirement or a list) and one
  ```` ```tags ```` block; ``<!-- informative -->`` or a ``kind: informative`` line sets the kind;
* one ```` ```yaml ```` block per clause carries any other key of the clause as YAML
  (``reviewed_by``, ``assessment``, a text that prose cannot hold exactly, keys added to the model
  later): the generic form that lets ``servcheck convert`` write any standard as a draft and read it
  back unchanged (:mod:`checker.load.markdown_writer`).

The result is the same ``(data, PositionIndex, text)`` triple the YAML loader returns, so schema
validation, the model, lint and audit are shared, and every position is a Markdown line:column.
Front matter and fenced blocks are parsed by the project's safe YAML loader told the line they
start on, so their positions (and their errors) are already the Markdown file's.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.i18n import Speaker, speaker
from checker.load.suffixes import MARKDOWN_SUFFIXES as MARKDOWN_SUFFIXES  # re-exported
from checker.load.yaml_source import (
    MAX_BYTES,
    LoadedYaml,
    Path_,
    PositionIndex,
    decode_utf8,
    load_yaml_text,
)

if TYPE_CHECKING:  # markdown_it loads only when a Markdown draft is read: linting YAML never pays for it
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

REQUIREMENT_FENCE = "requirement"
TAGS_FENCE = "tags"
CLAUSE_FENCE = "yaml"
FENCES = (REQUIREMENT_FENCE, TAGS_FENCE, CLAUSE_FENCE)

_NUMBERED_HEADING = re.compile(r"^(?P<number>[A-Z]?\d+(?:\.\d+)*)\.?(?:\s+(?P<title>.*))?$")
_LANGUAGE_MARKER = re.compile(r"^(?P<lang>en|zh)\s*[:：]\s*")
_KIND_LINE = re.compile(r"^kind\s*:\s*(?P<kind>\S+)\s*$")
_KIND_COMMENT = re.compile(r"^<!--\s*(?P<kind>normative|informative|qualitative)\s*-->\s*$")
_COMMENT = re.compile(r"^<!--.*-->\s*$", re.DOTALL)
_FRONT_MATTER_KIND = re.compile(r"""^kind\s*:\s*["']?standard["']?\s*(#.*)?$""")
_TITLE_SEPARATOR = " / "
_ATX_OPENING = re.compile(r"^\s*#*\s*")


def is_cjk(char: str) -> bool:
    """CJK ideographs, CJK punctuation and full-width forms: text that is joined without spaces."""
    code = ord(char)
    return (
        0x3000 <= code <= 0x303F
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x2FA1F
    )


def script_language(text: str) -> str:
    """``zh`` when the text holds any CJK ideograph, else ``en`` (the documented auto-detection)."""
    has_ideograph = any(is_cjk(c) and not (0x3000 <= ord(c) <= 0x303F or 0xFF00 <= ord(c) <= 0xFFEF) for c in text)
    return "zh" if has_ideograph else "en"


def join_lines(lines: list[str]) -> str:
    """A wrapped paragraph as one line: a space at each break, none between two CJK characters."""
    joined = ""
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        if joined and not (is_cjk(joined[-1]) and is_cjk(line[0])):
            joined += " "
        joined += line
    return joined


def split_title(text: str) -> list[tuple[str, int]]:
    """``Service level / 服务水平`` → ``[("Service level", 0), ("服务水平", 16)]`` with offsets.

    Split only when the two halves are in different scripts, so ``Input / output`` stays one title."""
    if _TITLE_SEPARATOR in text:
        first, second = text.split(_TITLE_SEPARATOR, 1)
        if first.strip() and second.strip() and script_language(first) != script_language(second):
            return [(first.strip(), 0), (second.strip(), len(first) + len(_TITLE_SEPARATOR))]
    return [(text.strip(), 0)]


def _front_matter_end(lines: list[str]) -> int | None:
    """Index of the line closing the front matter (``---`` or ``...``), if line 1 opens one."""
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return index
    return None


def is_markdown_standard(path: Path) -> bool:
    """Whether a Markdown file declares ``kind: standard`` in its front matter.

    Used when walking folders, so a README.md is not taken for a standard. The test is by line,
    not by parsing, so a draft whose front matter has a YAML error is still picked up (and its
    error reported) rather than silently skipped."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return True  # let the loader report the unreadable file
    lines = head.lstrip("\ufeff").splitlines()
    end = _front_matter_end(lines)
    return end is not None and any(_FRONT_MATTER_KIND.match(line) for line in lines[1:end])


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


@dataclass
class _OpenClause:
    number: str
    data: dict[str, Any]
    path: Path_
    texts: dict[str, list[str]] = field(default_factory=dict)


class _DraftBuilder:
    """Walks the top-level Markdown blocks after the front matter, building clause data."""

    def __init__(self, file: str, lines: list[str], languages: list[str], speak: Speaker | None = None):
        self.file = file
        self.speak = speak or speaker("en")
        self.lines = lines
        self.languages = languages
        self.positions = PositionIndex(file)
        self.clauses: list[dict[str, Any]] = []
        self.stack: list[_OpenClause] = []
        self.current: _OpenClause | None = None
        self.problems: list[Diagnostic] = []

    # -- positions -------------------------------------------------------------------------
    def _place(self, path: Path_, line: int, column: int, key: tuple[int, int] | None = None) -> None:
        """Record a value at 0-based ``line`` and 0-based ``column`` (and optionally its key)."""
        self.positions.values.setdefault(path, (line + 1, column + 1))
        if key is not None:
            self.positions.keys.setdefault(path, (key[0] + 1, key[1] + 1))

    def _line_start(self, line: int) -> tuple[int, int]:
        """0-based line and the column of its first non-blank character."""
        return line, _indent(self.lines[line])

    def _loc(self, line: int, column: int = 0) -> Location:
        return Location(self.file, line + 1, column + 1)

    # -- blocks ----------------------------------------------------------------------------
    def build(self, tokens: list[Token]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.level != 0 or token.map is None:
                index += 1
                continue
            if token.type == "heading_open":
                self._heading(token, tokens[index + 1])
            elif token.type == "fence":
                self._fence(token)
            elif token.type == "html_block":
                self._html(token)
            elif token.type == "paragraph_open":
                self._text(token, paragraph=True)
            elif token.type in ("hr",):
                pass
            elif token.type.endswith("_open") or token.type in ("code_block", "table_open"):
                self._text(token, paragraph=False)
            index = self._skip_block(tokens, index)
        self._close_texts()

    @staticmethod
    def _skip_block(tokens: list[Token], index: int) -> int:
        """The index after the block starting at ``index`` (its inner tokens are not walked)."""
        token = tokens[index]
        if not token.type.endswith("_open"):
            return index + 1
        depth = 0
        for position in range(index, len(tokens)):
            depth += tokens[position].nesting
            if depth == 0:
                return position + 1
        return len(tokens)

    def _heading(self, token: Token, inline: Token) -> None:
        line = token.map[0]
        source = self.lines[line]
        match = _NUMBERED_HEADING.match(inline.content.strip())
        if match is None:
            if self.current is not None:
                self.problems.append(
                    Diagnostic.of(
                        codes.INVALID_VALUE,
                        self.speak._("heading {heading!r} has no clause number", heading=inline.content.strip()),
                        self._loc(line, _indent(source)),
                        self.speak._(
                            "start the heading with its number, e.g. '## 4.2 Abandonment'; "
                            "unnumbered headings are allowed only before the first clause"
                        ),
                    )
                )
            return
        self._close_texts()
        number = match.group("number")
        number_column = max(source.find(number, _ATX_OPENING.match(source).end()), 0)
        while self.stack and not number.startswith(self.stack[-1].number + "."):
            self.stack.pop()
        if self.stack:
            parent = self.stack[-1]
            siblings = parent.data.setdefault("clauses", [])
            if not siblings:
                self._place((*parent.path, "clauses"), line, _indent(source), key=(line, _indent(source)))
            path: Path_ = (*parent.path, "clauses", len(siblings))
        else:
            siblings = self.clauses
            if not siblings:
                self._place(("clauses",), line, _indent(source), key=(line, _indent(source)))
            path = ("clauses", len(siblings))
        data: dict[str, Any] = {"number": number}
        siblings.append(data)
        self._place(path, line, _indent(source))
        self._place((*path, "number"), line, number_column, key=(line, _indent(source)))
        title = match.group("title")
        if title:
            title_start = source.find(title, number_column + len(number))
            self._title(data, path, title, line, max(title_start, 0))
        self.current = _OpenClause(number, data, path)
        self.stack.append(self.current)

    def _title(self, data: dict[str, Any], path: Path_, title: str, line: int, column: int) -> None:
        parts = split_title(title)
        titles: dict[str, str] = {}
        self._place((*path, "title"), line, column, key=(line, column))
        for text, offset in parts:
            lang = script_language(text) if len(parts) == 2 else self._language_of(text)
            titles[lang] = text
            self._place((*path, "title", lang), line, column + offset)
        data["title"] = titles

    def _language_of(self, text: str) -> str:
        if len(self.languages) == 1:
            return self.languages[0]
        return script_language(text)

    def _outside_clause(self, token: Token, what: str) -> bool:
        if self.current is not None:
            return False
        line = token.map[0]
        self.problems.append(
            Diagnostic.of(
                codes.INVALID_VALUE,
                self.speak._("{what} before the first clause heading", what=what),
                self._loc(line, _indent(self.lines[line])),
                self.speak._("move it under a numbered heading such as '## 4.1 Service level'"),
            )
        )
        return True

    def _fence(self, token: Token) -> None:
        info = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
        start, end = token.map
        if info not in FENCES:
            if self.current is None:
                return  # an example in the preamble: the preamble is not part of the standard
            close = difflib.get_close_matches(info, list(FENCES), n=1, cutoff=0.6)
            self.problems.append(
                Diagnostic.of(
                    codes.UNKNOWN_KEY,
                    self.speak._(
                        "fenced block {info!r} is not one of: {fences}",
                        info=info or self.speak._("(no info string)"),
                        fences=", ".join(FENCES),
                    ),
                    self._loc(start, _indent(self.lines[start])),
                    self.speak._("did you mean {word!r}?", word=close[0])
                    if close
                    else self.speak._("label it ```requirement, ```tags or ```yaml"),
                )
            )
            return
        if self._outside_clause(token, self.speak._("a ```{info} block", info=info)):
            return
        closing = self.lines[end - 1].strip() if end - 1 > start else ""
        closed = end - 1 > start and closing.startswith(token.markup) and not closing.strip(token.markup[0])
        if not closed:
            self.problems.append(
                Diagnostic.of(
                    codes.YAML_SYNTAX,
                    self.speak._("the ```{info} block opened here is never closed", info=info),
                    self._loc(start, _indent(self.lines[start])),
                    self.speak._("end it with a line {markup}", markup=token.markup),
                )
            )
            return
        body = self.lines[start + 1 : end - 1]
        if not "".join(body).strip():
            self.problems.append(
                Diagnostic.of(
                    codes.MISSING_KEY,
                    self.speak._("the ```{info} block is empty", info=info),
                    self._loc(*self._line_start(start)),
                )
            )
            return
        try:
            loaded = load_yaml_text("\n".join(body) + "\n", self.file, first_line=start + 2, lang=self.speak.lang)
        except InvalidInput as err:
            self.problems.extend(err.diagnostics)
            return
        assert self.current is not None
        fence_at = (start, _indent(self.lines[start]))
        if info == TAGS_FENCE:
            self._tags(loaded, fence_at)
        elif info == CLAUSE_FENCE:
            self._clause_keys(loaded, fence_at)
        else:
            self._requirements(loaded, fence_at)

    def _graft(self, loaded: LoadedYaml, old_prefix: Path_, new_prefix: Path_) -> None:
        """Copy the block's positions (already in file coordinates) under the clause's path."""
        width = len(old_prefix)
        pairs = ((loaded.positions.values, self.positions.values), (loaded.positions.keys, self.positions.keys))
        for table, target in pairs:
            for path, where in table.items():
                if path[:width] == old_prefix:
                    target.setdefault((*new_prefix, *path[width:]), where)

    def _tags(self, loaded: LoadedYaml, fence_at: tuple[int, int]) -> None:
        clause = self.current
        assert clause is not None
        if "tags" in clause.data:
            first = self.positions.of_key((*clause.path, "tags"))
            self.problems.append(
                Diagnostic.of(
                    codes.DUPLICATE_KEY,
                    self.speak._(
                        "clause {number} has a second ```tags block (first at line {line})",
                        number=clause.number,
                        line=first.line,
                    ),
                    self._loc(*fence_at),
                    self.speak._("merge the two blocks"),
                )
            )
            return
        clause.data["tags"] = loaded.data
        self.positions.keys[(*clause.path, "tags")] = (fence_at[0] + 1, fence_at[1] + 1)
        self._graft(loaded, (), (*clause.path, "tags"))

    def _clause_keys(self, loaded: LoadedYaml, fence_at: tuple[int, int]) -> None:
        """A ```yaml block: more keys of the open clause, each refused if the clause has it already."""
        clause = self.current
        assert clause is not None
        if not isinstance(loaded.data, dict):
            self.problems.append(
                Diagnostic.of(
                    codes.WRONG_TYPE,
                    f"the ```{CLAUSE_FENCE} block of clause {clause.number} must hold key: value lines",
                    self._loc(*fence_at),
                    "write the clause's other keys, e.g. 'assessment: observation'",
                )
            )
            return
        for key, value in loaded.data.items():
            given = key in clause.data or (key == "text" and bool(clause.texts))
            if given:
                self.problems.append(
                    Diagnostic.of(
                        codes.DUPLICATE_KEY,
                        f"clause {clause.number} already has {key!r} (from its heading, text or another block)",
                        loaded.positions.of_key((key,)),
                        "give it once",
                    )
                )
                continue
            clause.data[key] = value
            self._graft(loaded, (key,), (*clause.path, key))

    def _requirements(self, loaded: LoadedYaml, fence_at: tuple[int, int]) -> None:
        clause = self.current
        assert clause is not None
        base: Path_ = (*clause.path, "requirements")
        requirements = clause.data.setdefault("requirements", [])
        self._place(base, *fence_at, key=fence_at)
        if isinstance(loaded.data, list):
            for offset in range(len(loaded.data)):
                self._graft(loaded, (offset,), (*base, len(requirements) + offset))
            requirements.extend(loaded.data)
        else:
            self._graft(loaded, (), (*base, len(requirements)))
            requirements.append(loaded.data)

    def _html(self, token: Token) -> None:
        content = token.content.strip()
        kind = _KIND_COMMENT.match(content)
        line = token.map[0]
        if kind:
            if self._outside_clause(token, self.speak._("a clause kind comment")):
                return
            self._kind(kind.group("kind"), line, self.lines[line].find(kind.group("kind")))
        elif not _COMMENT.match(content) and self.current is not None:
            self.problems.append(
                Diagnostic.of(
                    codes.INVALID_VALUE,
                    self.speak._("raw HTML is not allowed in a clause"),
                    self._loc(line, _indent(self.lines[line])),
                    self.speak._("write the text as Markdown; HTML comments <!-- … --> are fine"),
                )
            )

    def _kind(self, kind: str, line: int, column: int) -> None:
        clause = self.current
        assert clause is not None
        if "kind" in clause.data:
            first = self.positions.of_value((*clause.path, "kind"))
            self.problems.append(
                Diagnostic.of(
                    codes.DUPLICATE_KEY,
                    self.speak._(
                        "clause {number} states its kind twice (first at line {line})",
                        number=clause.number,
                        line=first.line,
                    ),
                    self._loc(line, column),
                    self.speak._("keep one"),
                )
            )
            return
        clause.data["kind"] = kind
        self._place((*clause.path, "kind"), line, column, key=(line, _indent(self.lines[line])))

    def _text(self, token: Token, paragraph: bool) -> None:
        if self.current is None:
            return  # preamble prose (before the first clause) is a note to readers, not loaded
        start, end = token.map
        block = self.lines[start:end]
        while block and not block[-1].strip():
            block.pop()
        first = block[0]
        column = _indent(first)
        kind = _KIND_LINE.match(first.strip()) if paragraph and len(block) == 1 else None
        if kind:
            self._kind(kind.group("kind"), start, first.find(kind.group("kind")))
            return
        marker = _LANGUAGE_MARKER.match(first[column:])
        if marker:
            lang = marker.group("lang")
            column += marker.end()
            block = [first[column:], *block[1:]]
        else:
            block = [first[column:], *block[1:]]
            lang = self._language_of("\n".join(block))
        text = join_lines(block) if paragraph else "\n".join(line.rstrip() for line in block)
        if not text:
            return
        clause = self.current
        if not clause.texts:
            self._place((*clause.path, "text"), start, column, key=(start, _indent(first)))
        if lang not in clause.texts:
            self._place((*clause.path, "text", lang), start, column, key=(start, _indent(first)))
        clause.texts.setdefault(lang, []).append(text)

    def _close_texts(self) -> None:
        """Write the open clause's paragraphs into its ``text`` (paragraphs of one language joined)."""
        clause = self.current
        if clause is not None and clause.texts and "text" in clause.data:
            where = self.positions.of_value((*clause.path, "text"))
            self.problems.append(
                Diagnostic.of(
                    codes.DUPLICATE_KEY,
                    f"clause {clause.number} has text paragraphs and a 'text' key in its ```yaml block",
                    where,
                    "give the text once: as paragraphs, or in the block",
                )
            )
            clause.texts = {}
        elif clause is not None and clause.texts:
            clause.data["text"] = {lang: "\n\n".join(parts) for lang, parts in clause.texts.items()}
            clause.texts = {}


def _parse_front_matter(
    text: str, lines: list[str], file: str, lang: str | None = None
) -> tuple[dict[str, Any], PositionIndex, int]:
    """The front matter's data and positions, and the index of its closing line."""
    end = _front_matter_end(lines)
    if end is None:
        if lines and lines[0].rstrip() == "---":
            raise InvalidInput(
                [
                    Diagnostic.of(
                        codes.YAML_SYNTAX,
                        "the front matter opened on line 1 is never closed",
                        Location(file, 1, 1),
                        "end it with a line ---",
                    )
                ]
            )
        raise InvalidInput(
            [
                Diagnostic.of(
                    codes.MISSING_KEY,
                    "a Markdown standard starts with YAML front matter between --- lines",
                    Location(file, 1, 1),
                    "begin the file with ---, kind: standard, id, title, version, status, languages, then ---",
                )
            ]
        )
    body = lines[1:end]
    if not "".join(body).strip():
        raise InvalidInput(
            [
                Diagnostic.of(
                    codes.MISSING_KEY,
                    "the front matter is empty",
                    Location(file, 1, 1),
                    "give kind: standard, id…",
                )
            ]
        )
    loaded = load_yaml_text("\n".join(body) + "\n", file, first_line=2, lang=lang)
    if not isinstance(loaded.data, dict):
        raise InvalidInput(
            [Diagnostic.of(codes.WRONG_TYPE, "the front matter must be key: value lines", Location(file, 2, 1))]
        )
    problems = []
    declared = loaded.data.get("languages")
    first = declared[0] if isinstance(declared, list) and declared and declared[0] in ("zh", "en") else "en"
    speak = speaker(lang or first)
    if "clauses" in loaded.data:
        problems.append(
            Diagnostic.of(
                codes.UNKNOWN_KEY,
                speak._("clauses are not written in the front matter of a Markdown draft"),
                loaded.positions.of_key(("clauses",)),
                speak._("write each clause as a numbered heading below the front matter"),
            )
        )
    kind = loaded.data.get("kind")
    if isinstance(kind, str) and kind != "standard" and kind in ("rules", "dataset", "taxonomy"):
        problems.append(
            Diagnostic.of(
                codes.INVALID_VALUE,
                speak._("a Markdown draft holds a standard, not {kind!r}", kind=kind),
                loaded.positions.of_value(("kind",)),
                speak._("write rules, datasets and taxonomies in YAML"),
            )
        )
    if problems:
        raise InvalidInput(problems, speak.lang)
    return loaded.data, loaded.positions, end


@functools.cache
def _markdown() -> MarkdownIt:
    """One CommonMark parser (with tables), built once: building it costs more than parsing a clause."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def read_body(body: str, languages: list[str], file: str = "draft.md") -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    """The clauses of a draft's body (everything below the front matter) and its problems, for a
    standard declaring ``languages``. The Markdown writer asks it whether prose reads back exactly."""
    builder = _DraftBuilder(file, body.splitlines(), languages, speaker(languages[0] if languages else "en"))
    builder.build(_markdown().parse(body))
    return builder.clauses, builder.problems


def load_markdown_text(text: str, file: str, lang: str | None = None) -> LoadedYaml:
    """Parse a Markdown draft into plain data with Markdown positions; raise located problems
    (in ``lang``, else the draft's first declared language, else English)."""
    lines = text.splitlines()
    front, positions, end = _parse_front_matter(text, lines, file, lang)
    languages = front.get("languages")
    declared = [code for code in languages if code in ("zh", "en")] if isinstance(languages, list) else []
    speak = speaker(lang or (declared[0] if declared else "en"))
    builder = _DraftBuilder(file, lines, declared, speak)
    # Front-matter lines are blanked (not cut) so markdown-it's line numbers stay the file's.
    body = "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    builder.build(_markdown().parse(body))
    if not builder.clauses and "extends" not in front:  # an overlay may only override its parent
        builder.problems.append(
            Diagnostic.of(
                codes.MISSING_KEY,
                speak._("the draft has no clause: no heading starts with a clause number"),
                Location(file, end + 1, 1),
                speak._("add a heading such as '## 1 Scope' below the front matter"),
            )
        )
    if builder.problems:
        raise InvalidInput(builder.problems, speak.lang)
    data = {**front, "clauses": builder.clauses}
    positions.values.update({k: v for k, v in builder.positions.values.items() if k not in positions.values})
    positions.keys.update({k: v for k, v in builder.positions.keys.items() if k not in positions.keys})
    return LoadedYaml(data, positions, text)


def load_markdown_file(path: Path, display: str | None = None, lang: str | None = None) -> LoadedYaml:
    """Read, decode and parse a Markdown draft; ``display`` is the name used in diagnostics."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInput(
                [Diagnostic.of(codes.ENCODING, f"file is {size} bytes; the limit is {MAX_BYTES}", Location(name))]
            )
        raw = path.read_bytes()
    except OSError as err:
        raise InvalidInput(
            [Diagnostic.of(codes.UNREADABLE, f"cannot read file: {err.strerror}", Location(name))]
        ) from None
    return load_markdown_text(decode_utf8(raw, name), name, lang)


CLAUSE_KEY_ORDER = ("number", "title", "text", "kind", "tags", "requirements", "clauses")


def _clause_in_order(clause: Any) -> Any:
    if not isinstance(clause, dict):
        return clause
    ordered = {key: clause[key] for key in CLAUSE_KEY_ORDER if key in clause}
    ordered.update({key: value for key, value in clause.items() if key not in ordered})
    if isinstance(ordered.get("clauses"), list):
        ordered["clauses"] = [_clause_in_order(child) for child in ordered["clauses"]]
    return ordered


def draft_to_yaml(data: dict[str, Any], source: str, lang: str = "en") -> str:
    """A loaded draft as a YAML standard (``servcheck convert``): front-matter keys in the writer's
    order, then the clauses with their keys in the order the shipped standards use; the heading
    comment in ``lang``."""
    document = {key: value for key, value in data.items() if key != "clauses"}
    document["clauses"] = [_clause_in_order(clause) for clause in data.get("clauses", [])]
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
    note = speaker(lang)._(
        "Converted from {source} by `servcheck convert`; edit the draft, not this file.", source=source
    )
    return f"# {note}\n{body}"
