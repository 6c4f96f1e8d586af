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


def decode_utf8(raw: bytes, file: str) -> str:
    """Strict UTF-8 (a leading BOM is accepted); a bad byte is reported at its line:column."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = err.start - (before.rfind(b"\n") + 1) + 1
        raise InvalidInput(
            [
                Diagnostic.of(
                    codes.ENCODING,
                    f"file is not valid UTF-8 (byte 0x{raw[err.start]:02x})",
                    Location(file, line, col),
                    "save the file as UTF-8",
                )
            ]
        ) from None


def _mark_location(file: str, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(file, 1, 1)
    return Location(file, mark.line + 1, mark.column + 1)


def _syntax_error(file: str, text: str, err: yaml.MarkedYAMLError) -> Diagnostic:
    mark = err.problem_mark or err.context_mark
    loc = _mark_location(file, mark)
    problem = err.problem or "invalid YAML"
    if "\t" in problem or "'\\t'" in problem:
        return Diagnostic.of(codes.TAB, "tab character used for indentation", loc, "indent with spaces")
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return Diagnostic.of(codes.TAB, "tab character used for indentation", loc, "indent with spaces")
    context = f"{err.context}: " if err.context else ""
    return Diagnostic.of(codes.YAML_SYNTAX, f"{context}{problem}", loc)


class _DepthError(Exception):
    """Raised by the composer when the nesting passes ``MAX_DEPTH``; carries where."""

    def __init__(self, mark: yaml.Mark | None):
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """PyYAML's safe composer, refusing nesting deeper than ``MAX_DEPTH`` before it recurses."""

    def __init__(self, stream: str):
        super().__init__(stream)
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


def _compose(text: str) -> yaml.Node | None:
    """The node graph of one document: through libyaml (C) when PyYAML was built with it, else pure Python.

    Why both: composing in C is several times faster, which is most of the cost of loading a large
    standard (issue 15: ten thousand requirements), but libyaml's composer recurses in C without
    a limit. So the C parser first streams the events (no recursion) and counts the nesting; only a
    document within ``MAX_DEPTH`` is composed. A document libyaml refuses is read again by the pure
    Python composer, so a syntax error is always worded and located the same way.
    """
    if not getattr(yaml, "__with_libyaml__", False):
        return yaml.compose(text, Loader=_Loader)
    try:
        depth = 0
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.NodeEvent) and depth >= MAX_DEPTH:  # the node would be level depth + 1
                raise _DepthError(event.start_mark)
            if isinstance(event, _NESTING):
                depth += 1
            elif isinstance(event, _UNNESTING):
                depth -= 1
        return yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=_Loader)


def _too_deep(file: str, mark: yaml.Mark | None) -> InvalidInput:
    return InvalidInput(
        [
            Diagnostic.of(
                codes.NESTING_TOO_DEEP,
                f"mappings and lists are nested more than {MAX_DEPTH} levels deep",
                _mark_location(file, mark),
                "a standard needs only a few levels; flatten the structure",
            )
        ]
    )


class _Converter:
    """Turns a composed node graph into plain data, enforcing the rules in the module docstring."""

    def __init__(self, file: str):
        self.file = file
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
            raise _too_deep(self.file, node.start_mark)
        if expanding is not None:
            self.budget -= 1
        if self.budget < 0:
            assert expanding is not None
            raise InvalidInput(
                [
                    Diagnostic.of(
                        codes.ALIAS_EXPANSION,
                        f"aliases expand to more than {MAX_NODES} values (alias bomb?); "
                        "this anchor's alias is where the limit was passed",
                        _mark_location(self.file, expanding.start_mark),
                        "remove the nested aliases",
                    )
                ]
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
                        f"tag {node.tag!r} is not allowed; only plain YAML values are",
                        _mark_location(self.file, node.start_mark),
                    ),
                ]
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
                    f"{node.value!r} is not a valid {node.tag.rsplit(':', 1)[-1]}: {err}",
                    _mark_location(self.file, node.start_mark),
                    "quote it if it is meant as text",
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
                        "merge keys (<<) are not allowed; write the keys out",
                        _mark_location(self.file, key_node.start_mark),
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Diagnostic.of(
                        codes.YAML_SYNTAX,
                        "mapping keys must be plain scalars",
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
                        f"duplicate key {key!r} (first defined at line {first.line + 1})",
                        _mark_location(self.file, key_node.start_mark),
                        "YAML keeps only one of them; remove or rename the other",
                    )
                )
                continue
            seen[key] = key_node
            child = (*path, key)
            self.positions.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, child, expanding)
        return result


def load_yaml_text(text: str, file: str, collect: bool = False) -> LoadedYaml:
    """Parse one YAML document from ``text``; raise :class:`InvalidInput` with located problems.

    With ``collect``, problems that did not stop the reading are returned in
    :attr:`LoadedYaml.problems` (with the data, offending entries left out) instead of raised."""
    try:
        node = _compose(text)
    except _DepthError as err:
        raise _too_deep(file, err.mark) from None
    except yaml.MarkedYAMLError as err:
        raise InvalidInput([_syntax_error(file, text, err)]) from None
    except yaml.YAMLError as err:  # pragma: no cover - PyYAML marks all parse errors
        raise InvalidInput([Diagnostic.of(codes.YAML_SYNTAX, str(err), Location(file, 1, 1))]) from None
    if node is None:
        raise InvalidInput([Diagnostic.of(codes.YAML_SYNTAX, "the file is empty", Location(file, 1, 1))])
    converter = _Converter(file)
    data = converter.convert(node, ())
    if converter.problems and not collect:
        raise InvalidInput(converter.problems)
    return LoadedYaml(data, converter.positions, text, converter.problems)


def load_yaml_file(path: Path, display: str | None = None, collect: bool = False) -> LoadedYaml:
    """Read, decode and parse ``path``; ``display`` is the name used in diagnostics."""
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
    return load_yaml_text(decode_utf8(raw, name), name, collect)


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
    try:
        nodes = [node for node in yaml.compose_all(text, Loader=_Loader) if node is not None]
    except _DepthError as err:
        raise _too_deep(file, err.mark) from None
    except yaml.MarkedYAMLError as err:
        raise InvalidInput([_syntax_error(file, text, err)]) from None
    if not nodes:
        raise InvalidInput([Diagnostic.of(codes.YAML_SYNTAX, "the file holds no YAML document", Location(file, 1, 1))])
    documents = []
    for node in nodes:
        converter = _Converter(file)
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
