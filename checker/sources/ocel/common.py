"""Pieces the three OCEL 2.0 encodings share: the located error and the object index they build."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from checker.sources.ocel.log import ObjectIndex, instant


class LogError(Exception):
    """The file cannot be read as an OCEL 2.0 log: a message and where (line, column; 1 when unknown)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass
class ObjectRecord:
    """One object as written: its attributes as (name, time, value) text."""

    line: int
    id: str | None
    type: str | None
    attributes: list[tuple[str, str | None, str | None]]


def declared(types: dict[str, list[str]]) -> dict[str, list[str]]:
    """Declared types → attribute names (kept as given, in order)."""
    return types


def index_objects(
    event_types: dict[str, list[str]],
    object_types: dict[str, list[str]],
    objects: list[ObjectRecord],
    case_type: str | None,
    reject: Callable[[int, str], None] | None,
) -> ObjectIndex:
    """Every object's type, and the value history of each object of ``case_type``.

    An object without id or type, one whose id is taken, or an attribute value whose time is not
    ISO 8601 is set aside through ``reject`` (line, why); ``case_type`` not declared in the log is
    a :class:`LogError` that lists the types it declares."""
    if case_type is not None and case_type not in object_types:
        choices = ", ".join(sorted(object_types)) or "none"
        raise LogError(
            f"the mapping's case_object_type {case_type!r} is not an object type of this log (it has: {choices})"
        )
    event_attributes: dict[str, None] = {}
    for names in event_types.values():
        for name in names:
            event_attributes.setdefault(name)
    case_attributes = list(dict.fromkeys(object_types.get(case_type or "", [])))
    index = ObjectIndex({}, list(event_attributes), case_attributes, {k: set(v) for k, v in event_types.items()})
    say = reject or (lambda _line, _why: None)
    for record in objects:
        if record.id is None or record.type is None:
            say(record.line, f"object without {'id' if record.id is None else 'type'}")
            continue
        if record.id in index.types:
            say(record.line, f"object {record.id!r} is defined twice")
            continue
        if record.type not in object_types:
            say(record.line, f"object {record.id}: type {record.type!r} is not declared in objectTypes")
            continue
        index.types[record.id] = record.type
        if record.type != case_type:
            continue
        for name, time, value in record.attributes:
            moment = instant(time)[1]
            if name not in case_attributes:
                say(record.line, f"object {record.id}: attribute {name!r} is not declared for type {case_type!r}")
            elif moment is None:
                say(record.line, f"object {record.id}: attribute {name!r} has no ISO 8601 time ({time!r})")
            else:
                index.record(record.id, name, moment, value)
    return index
