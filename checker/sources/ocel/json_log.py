"""OCEL 2.0 JSON (``.jsonocel``, or ``.json`` with ``format: ocel``): the whole document, with lines.

The JSON encoding is one object (``objectTypes``, ``eventTypes``, ``objects``, ``events``), so it
cannot be read in constant memory with the standard library: the file's text is held while it is
read. What is kept is made small: the top level is walked by hand with ``json.JSONDecoder.raw_decode``
so each object and event is decoded on its own and its line is known (evidence and rejections cite
it), and events are turned into rows one at a time once the objects are indexed (the objects may
come after the events in the file). A file that is not JSON is a located error at the decoder's
line and column.

>>> from pathlib import Path; import tempfile
>>> doc = '{"objectTypes": [{"name": "ticket", "attributes": []}],\\n'
>>> doc += ' "eventTypes": [{"name": "open", "attributes": []}],\\n'
>>> doc += ' "objects": [{"id": "t1", "type": "ticket"}],\\n "events": [\\n'
>>> doc += '  {"id": "e1", "type": "open", "time": "2024-05-01T09:00:00Z",'
>>> doc += ' "relationships": [{"objectId": "t1", "qualifier": "opens"}]}]}'
>>> path = Path(tempfile.mkdtemp()) / "log.jsonocel"; _ = path.write_text(doc)
>>> index, events = read(path)
>>> [(e.line, e.id, e.links) for e in events]
[(5, 'e1', [('t1', 'opens')])]
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from checker.sources.ocel.common import LogError, ObjectRecord, declared, index_objects
from checker.sources.ocel.log import ObjectIndex, OcelEvent, text

_WS = " \t\r\n"


class _Text:
    """The document's text with a cursor and the line of any position (positions only move forward)."""

    def __init__(self, body: str) -> None:
        self.body, self.at, self._line_at, self._line = body, 0, 0, 1

    def skip(self) -> None:
        while self.at < len(self.body) and self.body[self.at] in _WS:
            self.at += 1

    def line(self, position: int) -> int:
        self._line += self.body.count("\n", self._line_at, position)
        self._line_at = position
        return self._line

    def expect(self, char: str, what: str) -> None:
        self.skip()
        if self.body[self.at : self.at + 1] != char:
            raise self.error(f"expected {char!r} {what}")
        self.at += 1

    def error(self, message: str, position: int | None = None) -> LogError:
        position = self.at if position is None else position
        line = self.body.count("\n", 0, position) + 1
        column = position - (self.body.rfind("\n", 0, position) + 1) + 1
        return LogError(f"not OCEL 2.0 JSON: {message}", line, column)


def _walk(body: str) -> tuple[dict[str, Any], dict[str, list[tuple[int, Any]]]]:
    """The top level's small members, and ``objects`` and ``events`` as (line, decoded item) lists."""
    decoder = json.JSONDecoder()
    doc = _Text(body)
    small: dict[str, Any] = {}
    lists: dict[str, list[tuple[int, Any]]] = {"objects": [], "events": []}
    try:
        doc.expect("{", "at the start of the document")
        doc.skip()
        if body[doc.at : doc.at + 1] == "}":
            return small, lists
        while True:
            doc.skip()
            key, doc.at = decoder.raw_decode(body, doc.at)
            if not isinstance(key, str):
                raise doc.error("a member name must be a string")
            doc.expect(":", f"after {key!r}")
            doc.skip()
            if key in lists and body[doc.at : doc.at + 1] == "[":
                doc.at += 1
                doc.skip()
                while body[doc.at : doc.at + 1] != "]":
                    start = doc.at
                    item, doc.at = decoder.raw_decode(body, doc.at)
                    lists[key].append((doc.line(start), item))
                    doc.skip()
                    if body[doc.at : doc.at + 1] == ",":
                        doc.at += 1
                        doc.skip()
                    elif body[doc.at : doc.at + 1] != "]":
                        raise doc.error(f"expected ',' or ']' in {key!r}")
                doc.at += 1
            else:
                small[key], doc.at = decoder.raw_decode(body, doc.at)
            doc.skip()
            if body[doc.at : doc.at + 1] == ",":
                doc.at += 1
                continue
            doc.expect("}", "after a member")
            break
    except json.JSONDecodeError as err:
        raise LogError(f"not OCEL 2.0 JSON: {err.msg}", err.lineno, err.colno) from None
    except IndexError:
        raise doc.error("the document ends too early") from None
    return small, lists


def _named(items: object, where: str) -> list[dict[str, Any]]:
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise LogError(f"not OCEL 2.0 JSON: {where} must be a list of objects")
    return items


def _types(small: dict[str, Any], key: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in _named(small.get(key, []), key):
        attributes = _named(item.get("attributes", []), f"{key}' attributes")
        out[str(item.get("name"))] = [str(a.get("name")) for a in attributes]
    return out


def _links(item: dict[str, Any]) -> list[tuple[str, str]]:
    found = item.get("relationships") or []
    if not isinstance(found, list):
        return []
    return [(str(r.get("objectId")), text(r.get("qualifier")) or "") for r in found if isinstance(r, dict)]


def read(path: Path, case_type: str | None = None, reject: Any = None) -> tuple[ObjectIndex, Iterator[OcelEvent]]:
    """The log's object index (case values of ``case_type``) and its events, in file order."""
    try:
        body = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise LogError(f"not OCEL 2.0 JSON: not UTF-8 (byte {err.start})") from None
    small, lists = _walk(body)
    objects = []
    for line, item in lists["objects"]:
        if not isinstance(item, dict):
            raise LogError("not OCEL 2.0 JSON: an object must be a JSON object", line)
        attributes = [
            (str(a.get("name")), text(a.get("time")), text(a.get("value")))
            for a in item.get("attributes") or []
            if isinstance(a, dict)
        ]
        objects.append(ObjectRecord(line, text(item.get("id")), text(item.get("type")), attributes))
    index = index_objects(
        declared(_types(small, "eventTypes")), _types(small, "objectTypes"), objects, case_type, reject
    )

    def events() -> Iterator[OcelEvent]:
        for line, item in lists["events"]:
            if not isinstance(item, dict):
                if reject is not None:
                    reject(line, "an event must be a JSON object")
                continue
            attributes = {
                str(a.get("name")): text(a.get("value")) for a in item.get("attributes") or [] if isinstance(a, dict)
            }
            yield OcelEvent(
                line, text(item.get("id")), text(item.get("type")), text(item.get("time")), attributes, _links(item)
            )

    return index, events()
