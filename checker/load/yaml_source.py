"""Safe YAML loading that remembers where every key and value came from.

Why not ``yaml.safe_load``: it silently keeps the last of two duplicate keys, it throws away
positions (so schema errors could not be located), and it expands aliases without bound (a
"billion laughs" file eats all memory). Here the file is composed into PyYAML nodes, then
converted by our own walker which:

* refuses duplicate keys (``SC002``), any tag outside YAML's core schema (``SC004``),
  documents whose alias expansion exceeds ``MAX_NODES`` (``SC005``: only values reached through
  an alias count, so a long plain document is never mistaken for a bomb) and nesting deeper than
  ``MAX_DEPTH`` (``SC077``: PyYAML composes recursively, so 500 nested lists would otherwise end
  in a ``RecursionError``);
* decodes bytes as strict UTF-8 and reports the offending byte's line:column (``SC003``);
* reports tab indentation (``SC006``) and syntax errors (``SC001``) at PyYAML's mark;
* records a :class:`PositionIndex` mapping each JSON-pointer-like path to a line:column (and
  where each value ends, for SARIF regions and editors).

Duplicate keys, merge keys and impossible scalars are collected, not raised one at a time,
so a writer sees every problem of a file in one run (``collect=True`` hands them back with the
data, for the schema's problems to join them); an alias bomb, excessive nesting and a syntax
error still stop the file, since nothing after them can be read safely, and so does a tag outside
the core schema (``!!python/…`` is an attack, not a slip: nothing more of that file is read).

Dates and timestamps are returned as ISO strings so that JSON Schema sees strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.i18n import LANGUAGES, Speaker, speaker

MAX_NODES = 100_000
"""Upper bound on values produced by expanding aliases in one file; far above any real standard.
Values written out are bounded by ``MAX_BYTES`` instead."""

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted; a standard needs about ten levels."""

MAX_BYTES = 8 * 1024 * 1024
"""Standards and rules are small documents; refuse anything this large."""

Path_ = tuple[str | int, ...]

_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass
class PositionIndex:
    """Where each value (and each mapping key) of a loaded document starts, 1-based."""

    file: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    ends: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    """Where the value starting at a (line, column) ends (exclusive column), when it ends on the
    same line as it starts: scalars written inline."""

    def of_value(self, path: Path_) -> Location:
        """Location of the value at ``path``, or of its nearest located ancestor."""
        return self._nearest(self.values, path)

    def of_key(self, path: Path_) -> Location:
        """Location of the key that holds ``path`` (falls back to the value)."""
        if path in self.keys:
            line, col = self.keys[path]
            return Location(self.file, line, col)
        return self.of_value(path)

    def end_of(self, location: Location) -> Location | None:
        """Where the one-line value starting at ``location`` ends, or None."""
        end = self.ends.get((location.line, location.column))
        return Location(self.file, *end) if end else None

    def _nearest(self, table: dict[Path_, tuple[int, int]], path: Path_) -> Location:
        probe = tuple(path)
        while probe not in table and probe:
            probe = probe[:-1]
        line, col = table.get(probe, (1, 1))
        return Location(self.file, line, col)


@dataclass
class LoadedYaml:
    """A document's plain data plus where each part of it came from."""

    data: Any
    positions: PositionIndex
    text: str
    problems: list[Diagnostic] = field(default_factory=list)
    """Problems found while reading that did not stop it (``collect=True``)."""


def decode_utf8(raw: bytes, file: str, speak: Speaker | None = None) -> str:
    """Strict UTF-8 (a leading BOM is accepted); a bad byte is reported at its line:column."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = err.start - (before.rfind(b"\n") + 1) + 1
        speak = speak or speaker("en")
        raise InvalidInput(
            [
                Diagnostic.of(
                    codes.ENCODING,
                    speak._("file is not valid UTF-8 (byte {byte})", byte=f"0x{raw[err.start]:02x}"),
                    Location(file, line, col),
                    speak._("save the file as UTF-8"),
                )
            ],
            speak.lang,
        ) from None


def _mark_location(file: str, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(file, 1, 1)
    return Location(file, mark.line + 1, mark.column + 1)


def _syntax_error(file: str, text: str, err: yaml.MarkedYAMLError, speak: Speaker, first_line: int = 1) -> Diagnostic:
    """PyYAML's complaint located; its own wording (English, from PyYAML) is quoted after ours.
    ``first_line`` is the line of ``file`` that ``text`` starts on (a block of a Markdown draft)."""
    mark = err.problem_mark or err.context_mark
    loc = _mark_location(file, mark)
    problem = err.problem or "invalid YAML"
    tab = speak._("tab character used for indentation"), speak._("indent with spaces")
    if "\t" in problem or "'\\t'" in problem:
        return Diagnostic.of(codes.TAB, tab[0], loc, tab[1])
    lines = text.splitlines()
    row = mark.line - (first_line - 1) if mark is not None else -1
    if mark is not None and 0 <= row < len(lines) and "\t" in lines[row][: mark.column + 1]:
        return Diagnostic.of(codes.TAB, tab[0], loc, tab[1])
    context = f"{err.context}: " if err.context else ""
    return Diagnostic.of(codes.YAML_SYNTAX, speak._("not valid YAML: {detail}", detail=f"{context}{problem}"), loc)


class _DepthError(Exception):
    """Raised by the composer when the nesting passes ``MAX_DEPTH``; carries where."""

    def __init__(self, mark: yaml.Mark | None):
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """PyYAML's safe composer, refusing nesting deeper than ``MAX_DEPTH`` before it recurses.

    ``first_line`` is the file's line the text starts on: PyYAML counts lines from there, so a
    block cut out of a Markdown draft is parsed alone yet every mark is the file's line (padding
    the text with blank lines did the same, at a cost growing with the block's depth in the file)."""

    def __init__(self, stream: str, first_line: int = 1):
        super().__init__(stream)
        self.line = first_line - 1  # PyYAML's Reader: the 0-based line of the next character
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _DepthError(self.peek_event().start_mark)
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self.depth -= 1


_NESTING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_UNNESTING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _python_compose(text: str, first_line: int = 1) -> yaml.Node | None:
    """The pure-Python composer, its line counter starting at ``first_line``."""
    loader = _Loader(text, first_line)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    finally:
        loader.dispose()


def _compose(text: str, first_line: int = 1) -> yaml.Node | None:
    """The node graph of one document: through libyaml (C) when PyYAML was built with it, else pure Python.

    Why both: composing in C is several times faster, which is most of the cost of loading a large
    standard (issue 15: ten thousand requirements), but libyaml's composer recurses in C without
    a limit. So the C parser first streams the events (no recursion) and counts the nesting; only a
    document within ``MAX_DEPTH`` is composed. A document libyaml refuses is read again by the pure
    Python composer, so a syntax error is always worded and located the same way.

    ``first_line`` is the file's line the text starts on (a block of a Markdown draft): the Python
    composer starts counting there; libyaml, which cannot be told, counts from the text's first line
    and the marks of the nodes it made are moved down afterwards (:func:`_shift`).
    """
    if not getattr(yaml, "__with_libyaml__", False):
        return _python_compose(text, first_line)
    try:
        depth = 0
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.NodeEvent) and depth >= MAX_DEPTH:  # the node would be level depth + 1
                raise _DepthError(_shift_mark(event.start_mark, first_line - 1))
            if isinstance(event, _NESTING):
                depth += 1
            elif isinstance(event, _UNNESTING):
                depth -= 1
        return _shift(yaml.compose(text, Loader=yaml.CSafeLoader), first_line - 1)
    except yaml.YAMLError:
        return _python_compose(text, first_line)


def _shift_mark(mark: Any, lines: int) -> Any:
    """``mark`` moved ``lines`` lines down (libyaml's marks are read-only: a new one is made)."""
    if mark is None or not lines:
        return mark
    return yaml.Mark(mark.name, mark.index, mark.line + lines, mark.column, None, None)


def _shift(root: yaml.Node | None, lines: int) -> yaml.Node | None:
    """Move every mark of a node graph ``lines`` lines down, each node once (an alias shares its
    anchor's node); iterative, so a deep graph cannot exhaust the stack."""
    if root is None or not lines:
        return root
    nodes: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in nodes:
            continue
        nodes.add(id(node))
        node.start_mark = _shift_mark(node.start_mark, lines)
        node.end_mark = _shift_mark(node.end_mark, lines)
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in node.value for item in pair)
    return root


def _too_deep(file: str, mark: yaml.Mark | None, speak: Speaker) -> InvalidInput:
    return InvalidInput(
        [
            Diagnostic.of(
                codes.NESTING_TOO_DEEP,
                speak._("mappings and lists are nested more than {depth} levels deep", depth=MAX_DEPTH),
                _mark_location(file, mark),
                speak._("a standard needs only a few levels; flatten the structure"),
            )
        ],
        speak.lang,
    )


class _Converter:
    """Turns a composed node graph into plain data, enforcing the rules in the module docstring."""

    def __init__(self, file: str, speak: Speaker):
        self.file = file
        self.speak = speak
        self.positions = PositionIndex(file)
        self.budget = MAX_NODES
        self.constructor = yaml.SafeLoader("")
        self.seen: set[int] = set()  # nodes converted once: meeting one again is an alias expanding
        self.depth = 0
        self.problems: list[Diagnostic] = []

    def convert(self, node: yaml.Node, path: Path_, expanding: yaml.Node | None = None) -> Any:
        """Plain data of ``node``. ``expanding`` is the anchored node whose alias is being expanded
        (the values inside count against ``MAX_NODES``, and the refusal points at that anchor)."""
        if expanding is None and id(node) in self.seen:
            expanding = node
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:  # aliases can nest deeper than the text does
            raise _too_deep(self.file, node.start_mark, self.speak)
        if expanding is not None:
            self.budget -= 1
        if self.budget < 0:
            assert expanding is not None
            raise InvalidInput(
                [
                    Diagnostic.of(
                        codes.ALIAS_EXPANSION,
                        self.speak._(
                            "aliases expand to more than {limit} values (alias bomb?); "
                            "this anchor's alias is where the limit was passed",
                            limit=MAX_NODES,
                        ),
                        _mark_location(self.file, expanding.start_mark),
                        self.speak._("remove the nested aliases"),
                    )
                ],
                self.speak.lang,
            )
        start = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.positions.values.setdefault(path, start)
        if isinstance(node, yaml.ScalarNode) and node.end_mark.line == node.start_mark.line:
            self.positions.ends.setdefault(start, (node.end_mark.line + 1, node.end_mark.column + 1))
        if node.tag not in _CORE_TAGS:  # a hostile file (!!python/…) is refused outright, not read on
            raise InvalidInput(
                [
                    *self.problems,
                    Diagnostic.of(
                        codes.FORBIDDEN_TAG,
                        self.speak._("tag {tag!r} is not allowed; only plain YAML values are", tag=node.tag),
                        _mark_location(self.file, node.start_mark),
                    ),
                ],
                self.speak.lang,
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, expanding)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i), expanding) for i, item in enumerate(node.value)]
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError) as err:
            # e.g. an unquoted impossible date (2025-02-30) that YAML's timestamp rule matched
            self.problems.append(
                Diagnostic.of(
                    codes.INVALID_VALUE,
                    self.speak._(
                        "{value!r} is not a valid {type}: {reason}",
                        value=node.value,
                        type=node.tag.rsplit(":", 1)[-1],
                        reason=err,
                    ),
                    _mark_location(self.file, node.start_mark),
                    self.speak._("quote it if it is meant as text"),
                )
            )
            return str(node.value)
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path_, expanding: yaml.Node | None) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        problems = self.problems
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(
                    Diagnostic.of(
                        codes.FORBIDDEN_TAG,
                        self.speak._("merge keys (<<) are not allowed; write the keys out"),
                        _mark_location(self.file, key_node.start_mark),
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Diagnostic.of(
                        codes.YAML_SYNTAX,
                        self.speak._("mapping keys must be plain scalars"),
                        _mark_location(self.file, key_node.start_mark),
                    )
                )
                continue
            key = str(key_node.value)
            if key in seen:
                first = seen[key].start_mark
                problems.append(
                    Diagnostic.of(
                        codes.DUPLICATE_KEY,
                        self.speak._(
                            "duplicate key {key!r} (first defined at line {line})", key=key, line=first.line + 1
                        ),
                        _mark_location(self.file, key_node.start_mark),
                        self.speak._("YAML keeps only one of them; remove or rename the other"),
                    )
                )
                continue
            seen[key] = key_node
            child = (*path, key)
            self.positions.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, child, expanding)
        return result


def declared_language(node: yaml.Node | None) -> str | None:
    """The first of a document's top-level ``languages`` as composed, before any value is converted
    (so problems found while converting are already told in the writer's language).

    >>> declared_language(yaml.compose("kind: standard\\nlanguages: [zh, en]\\n"))
    'zh'
    """
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "languages" and isinstance(value, yaml.SequenceNode):
            first = value.value[0] if value.value else None
            if isinstance(first, yaml.ScalarNode) and first.value in LANGUAGES:
                return str(first.value)
    return None


def packaged_yaml(text: str) -> Any:
    """Data of a YAML file servcheck ships (a table of its own, not user input), parsed in C where
    PyYAML has libyaml: ``yaml.safe_load`` is pure Python, 8× slower (issue 15). A test requires
    both parsers to give the same data for every file read this way.

    >>> packaged_yaml("a: [1, 2]\\nb: {c: x}\\n")
    {'a': [1, 2], 'b': {'c': 'x'}}
    """
    return yaml.load(text, Loader=yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader)


def language_of_text(text: str) -> str | None:
    """The first language ``text`` declares, composed (in C where PyYAML has libyaml) but never
    turned into data: the report's language must be known before the audit loads the standard, and
    ``yaml.safe_load`` took 0.04 s (pure Python) to read it, and crashed on a value such as
    ``2020-13-45`` that the loader reports. None when the text is not one YAML document or
    declares no language servcheck speaks.

    >>> language_of_text("kind: standard\\nlanguages: [zh, en]\\n")
    'zh'
    >>> language_of_text("kind: standard\\nlanguages: [zh\\n") is None
    True
    """
    try:
        return declared_language(_compose(text))
    except (yaml.YAMLError, _DepthError):
        return None


def load_yaml_text(
    text: str, file: str, collect: bool = False, first_line: int = 1, lang: str | None = None
) -> LoadedYaml:
    """Parse one YAML document from ``text``; raise :class:`InvalidInput` with located problems.

    With ``collect``, problems that did not stop the reading are returned in
    :attr:`LoadedYaml.problems` (with the data, offending entries left out) instead of raised.
    ``first_line`` is the line of ``file`` that ``text`` starts on (a block of a Markdown draft).
    Problems are told in ``lang``, else the document's first declared language, else English."""
    speak = speaker(lang or LANGUAGES[0])
    try:
        node = _compose(text, first_line)
    except _DepthError as err:
        raise _too_deep(file, err.mark, speak) from None
    except yaml.MarkedYAMLError as err:
        raise InvalidInput([_syntax_error(file, text, err, speak, first_line)], speak.lang) from None
    except yaml.YAMLError as err:  # pragma: no cover - PyYAML marks all parse errors
        raise InvalidInput([Diagnostic.of(codes.YAML_SYNTAX, str(err), Location(file, 1, 1))]) from None
    if node is None:
        empty = Diagnostic.of(codes.YAML_SYNTAX, speak._("the file is empty"), Location(file, 1, 1))
        raise InvalidInput([empty], speak.lang)
    speak = speaker(lang or declared_language(node) or LANGUAGES[0])
    converter = _Converter(file, speak)
    data = converter.convert(node, ())
    if converter.problems and not collect:
        raise InvalidInput(converter.problems, speak.lang)
    return LoadedYaml(data, converter.positions, text, converter.problems)


def load_yaml_file(
    path: Path, display: str | None = None, collect: bool = False, lang: str | None = None
) -> LoadedYaml:
    """Read, decode and parse ``path``; ``display`` is the name used in diagnostics, ``lang`` their
    language (default: the document's first declared language, else English)."""
    name = display or str(path)
    return load_yaml_bytes(read_document_bytes(path, name, lang), name, collect, lang)


def read_document_bytes(path: Path, name: str, lang: str | None = None) -> bytes:
    """The bytes of ``path`` (named ``name`` in diagnostics), refused when larger than ``MAX_BYTES``
    or unreadable (located problems in ``lang``, else English)."""
    speak = speaker(lang or LANGUAGES[0])
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            message = speak._("file is {size} bytes; the limit is {limit}", size=size, limit=MAX_BYTES)
            raise InvalidInput([Diagnostic.of(codes.ENCODING, message, Location(name))], speak.lang)
        return path.read_bytes()
    except OSError as err:
        message = speak._("cannot read file: {reason}", reason=err.strerror)
        raise InvalidInput([Diagnostic.of(codes.UNREADABLE, message, Location(name))], speak.lang) from None


def load_yaml_bytes(raw: bytes, name: str, collect: bool = False, lang: str | None = None) -> LoadedYaml:
    """Decode and parse the bytes of a file named ``name`` (:func:`load_yaml_file` after reading)."""
    return load_yaml_text(decode_utf8(raw, name, speaker(lang or LANGUAGES[0])), name, collect, lang=lang)


def load_yaml_stream(text: str, file: str) -> list[LoadedYaml]:
    """Every document of a multi-document YAML stream (``---`` separated, as OpenSLO files are),
    each with its own positions (line numbers count from the top of the file) and problems.

    The same rules as :func:`load_yaml_text` apply to each document; an empty stream is refused.

    >>> [d.data["kind"] for d in load_yaml_stream("kind: SLO\\n---\\nkind: SLI\\n", "x.yaml")]
    ['SLO', 'SLI']
    >>> try:
    ...     load_yaml_stream("---\\nkind: SLO\\n---\\nkind: [\\n", "x.yaml")
    ... except InvalidInput as err:
    ...     print(err.diagnostics[0].location, err.diagnostics[0].code)
    x.yaml:5:1 SC001
    """
    speak = speaker(LANGUAGES[0])  # a stream is a foreign format (OpenSLO), with no declared language
    try:
        nodes = [node for node in yaml.compose_all(text, Loader=_Loader) if node is not None]
    except _DepthError as err:
        raise _too_deep(file, err.mark, speak) from None
    except yaml.MarkedYAMLError as err:
        raise InvalidInput([_syntax_error(file, text, err, speak)]) from None
    if not nodes:
        raise InvalidInput([Diagnostic.of(codes.YAML_SYNTAX, "the file holds no YAML document", Location(file, 1, 1))])
    documents = []
    for node in nodes:
        converter = _Converter(file, speak)
        data = converter.convert(node, ())
        documents.append(LoadedYaml(data, converter.positions, text, converter.problems))
    return documents


def load_yaml_stream_file(path: Path, display: str | None = None) -> list[LoadedYaml]:
    """Read, decode and parse every document of ``path`` (:func:`load_yaml_stream`)."""
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
    return load_yaml_stream(decode_utf8(raw, name), name)
