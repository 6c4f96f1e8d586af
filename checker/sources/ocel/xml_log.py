"""OCEL 2.0 XML (``.xmlocel``, or ``.xml`` with ``format: ocel``): streamed with expat, two passes.

The first pass reads the declarations and the objects (an event's links name objects by id only,
and the case type's attribute values are needed at each event), the second streams the events:
memory holds the object index, never the events. The standard library's expat parser (the one
``xml.etree`` uses) is driven directly because it tells the line of each element, which evidence
and rejections cite. Relationships are the children of an ``<objects>`` element with an
``object-id`` (``<relationship object-id=… qualifier=…/>``, or ``<object …>`` as the XSD writes
them). Malformed XML is a located error (line, column from the parser).

>>> from pathlib import Path; import tempfile
>>> doc = '''<log><object-types><object-type name="ticket"><attributes/></object-type></object-types>
... <event-types><event-type name="open"><attributes/></event-type></event-types>
... <events><event id="e1" type="open" time="2024-05-01T09:00:00Z">
...   <objects><relationship object-id="t1" qualifier="opens"/></objects></event></events>
... <objects><object id="t1" type="ticket"/></objects></log>'''
>>> path = Path(tempfile.mkdtemp()) / "log.xmlocel"; _ = path.write_text(doc)
>>> index, events = read(path, "ticket")
>>> [(e.line, e.id, e.time, e.links) for e in events], index.types
([(3, 'e1', '2024-05-01T09:00:00Z', [('t1', 'opens')])], {'t1': 'ticket'})
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from checker.sources.ocel.common import LogError, ObjectRecord, index_objects
from checker.sources.ocel.log import ObjectIndex, OcelEvent

CHUNK = 1 << 16


class _Reader:
    """Expat callbacks that collect declarations, objects (first pass) or events (second pass)."""

    def __init__(self, parser: Any, pass_: str) -> None:
        self.parser, self.pass_ = parser, pass_
        self.stack: list[str] = []
        self.types: dict[str, dict[str, list[str]]] = {"object-type": {}, "event-type": {}}
        self.declaring: tuple[str, str] | None = None
        self.objects: list[ObjectRecord] = []
        self.events: list[OcelEvent] = []
        self.item: ObjectRecord | OcelEvent | None = None
        self.attribute: tuple[str, str | None] | None = None
        self.chars: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1] if self.stack else None
        if not self.stack and name != "log":
            raise LogError(f"not an OCEL 2.0 XML log: the root element is <{name}>, not <log>", *self._at())
        self.stack.append(name)
        if name in self.types and parent in ("object-types", "event-types"):
            self.declaring = (name, attrs.get("name", ""))
            self.types[name].setdefault(attrs.get("name", ""), [])
        elif name == "attribute" and self.declaring is not None and self.item is None:
            self.types[self.declaring[0]][self.declaring[1]].append(attrs.get("name", ""))
        elif name == "object" and parent == "objects" and len(self.stack) == 3 and self.pass_ == "objects":
            self.item = ObjectRecord(
                self.parser.CurrentLineNumber, attrs.get("id") or None, attrs.get("type") or None, []
            )
        elif name == "event" and parent == "events" and len(self.stack) == 3 and self.pass_ == "events":
            line = self.parser.CurrentLineNumber
            self.item = OcelEvent(
                line, attrs.get("id") or None, attrs.get("type") or None, attrs.get("time") or None, {}, []
            )
        elif self.item is not None and name == "attribute" and parent == "attributes":
            self.attribute, self.chars = (attrs.get("name", ""), attrs.get("time")), []
        elif isinstance(self.item, OcelEvent) and parent == "objects" and "object-id" in attrs and len(self.stack) == 5:
            self.item.links.append((attrs["object-id"], attrs.get("qualifier", "")))

    def end(self, name: str) -> None:
        self.stack.pop()
        if name in self.types and self.declaring is not None and self.declaring[0] == name:
            self.declaring = None
        elif name == "attribute" and self.attribute is not None and self.item is not None:
            key, time = self.attribute
            value = "".join(self.chars).strip() or None
            if isinstance(self.item, OcelEvent):
                self.item.attributes[key] = value
            else:
                self.item.attributes.append((key, time, value))
            self.attribute = None
        elif len(self.stack) == 2 and self.item is not None and name in ("object", "event"):
            (self.objects if isinstance(self.item, ObjectRecord) else self.events).append(self.item)  # type: ignore[arg-type]
            self.item = None

    def data(self, chunk: str) -> None:
        if self.attribute is not None:
            self.chars.append(chunk)

    def _at(self) -> tuple[int, int]:
        return self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1


def _parse(path: Path, pass_: str, each: Callable[[_Reader], Iterator[Any]]) -> Iterator[Any]:
    parser = expat.ParserCreate()
    reader = _Reader(parser, pass_)
    parser.StartElementHandler, parser.EndElementHandler = reader.start, reader.end
    parser.CharacterDataHandler = reader.data
    parser.buffer_text = True
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                parser.Parse(chunk, False)
                yield from each(reader)
            parser.Parse(b"", True)
            yield from each(reader)
    except expat.ExpatError as err:
        raise LogError(f"not OCEL 2.0 XML: {expat.ErrorString(err.code)}", err.lineno, err.offset + 1) from None


def _drain_events(reader: _Reader) -> Iterator[OcelEvent]:
    events, reader.events = reader.events, []
    yield from events


def read(path: Path, case_type: str | None = None, reject: Any = None) -> tuple[ObjectIndex, Iterator[OcelEvent]]:
    """The log's object index (first pass) and its events, streamed in file order (second pass)."""
    first = _Reader(expat.ParserCreate(), "objects")
    for _ in _parse(path, "objects", lambda reader: _keep(reader, first)):
        pass
    index = index_objects(first.types["event-type"], first.types["object-type"], first.objects, case_type, reject)
    return index, _parse(path, "events", _drain_events)


def _keep(reader: _Reader, into: _Reader) -> Iterator[None]:
    """After the first pass's last chunk: its declarations and objects, for :func:`read`."""
    into.types, into.objects = reader.types, reader.objects
    return iter(())
