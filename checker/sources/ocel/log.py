"""What the three OCEL 2.0 encodings have in common, and how a log becomes rows of one case notion.

Each encoding's module (:mod:`.json_log`, :mod:`.xml_log`, :mod:`.sqlite_log`) reads its file into
the same pieces: the declared event and object types with their attributes, an index of every
object (id → type) with the value history of the case type's objects, and the events, each with
its own attributes and its links to objects (object id, qualifier). :func:`rows` then flattens
the events onto the object type the mapping names as the case (``ocel: {case_object_type: …}``):

- an event linked to one object of that type is one row of that case; linked to several, one
  row for each (the event belongs to each case); linked to none, one row with no case id, which
  the mapping excludes with a reason (or the ledger rejects as ``missing <case field>``): it is
  counted, never dropped;
- columns: ``ocel:eid``, ``ocel:activity`` (the event type), ``ocel:timestamp``, ``ocel:oid``
  (the case object), ``ocel:qualifier`` (the qualifier of that link; several links to the same
  object give their qualifiers joined by ``;``), one column per declared event attribute (by
  name), and ``case:<name>`` per declared attribute of the case type holding its value **as of the
  event's time** (the latest change at or before it; none before: empty);
- timestamps are handed over as ``YYYY-MM-DD HH:MM:SS.ffffff+HH:MM`` (offset as recorded, ``Z`` as
  ``+00:00``; an offset-less time without one), so the mapping reads them with
  ``format: "%Y-%m-%d %H:%M:%S.%f%z"``; a time that is not ISO 8601 is handed over as written and
  rejected by the mapping's typing with its raw value;
- ``_row`` is where the event is written: its line (JSON, XML) or its ``rowid`` in the ``event``
  table (SQLite).

An event the reader cannot place (no id, type or time; a type or attribute the log does not
declare; a link to an object the log does not define) is set aside under
:data:`REJECT_REASON` with its line and why, as are object attribute values with an unreadable
time. Object-to-object relationships are not followed: an event linked only to an order's item
is not an event of the order.

>>> index = ObjectIndex({"t1": "ticket", "u1": "user"}, ["channel"], ["priority"], {"open": {"channel"}})
>>> index.record("t1", "priority", instant("1970-01-01T00:00:00Z")[1], "P3")
>>> index.record("t1", "priority", instant("2024-05-01T10:00:00Z")[1], "P1")
>>> events = [OcelEvent(7, "e1", "open", "2024-05-01T09:00:00Z", {"channel": "web"}, [("t1", "opens"), ("u1", "by")])]
>>> [batch.values for batch in rows(events, index, "ticket", lambda line, why: None)]
[((\'e1\', \'open\', \'2024-05-01 09:00:00.000000+00:00\', \'t1\', \'opens\', \'web\', \'P3\', 7),)]
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from checker.engine.backend import Rows

REJECT_REASON = "malformed OCEL 2.0 record"
BATCH = 5000
FIXED = ("ocel:eid", "ocel:activity", "ocel:timestamp", "ocel:oid", "ocel:qualifier")
Reject = Callable[[int, str], None]


@dataclass
class OcelEvent:
    """One event as written: ``line`` is where (line, or SQLite rowid); values are text or None."""

    line: int
    id: str | None
    type: str | None
    time: str | None
    attributes: dict[str, str | None]
    links: list[tuple[str, str]]  # (object id, qualifier)


@dataclass
class ObjectIndex:
    """Every object's type, the declared attributes, and the case objects' value histories."""

    types: dict[str, str]
    event_attributes: list[str]  # declared on any event type, in order of declaration
    object_attributes: list[str]  # declared on the case object type
    event_types: dict[str, set[str]]  # declared event type → its attribute names
    history: dict[str, dict[str, list[tuple[dt.datetime, str | None]]]] = field(default_factory=dict)

    def record(self, oid: str, name: str, moment: dt.datetime, value: str | None) -> None:
        """A case object's attribute took ``value`` at ``moment`` (kept sorted by time, stable)."""
        changes = self.history.setdefault(oid, {}).setdefault(name, [])
        bisect.insort_right(changes, (moment, value), key=_moment)

    def as_of(self, oid: str, name: str, moment: dt.datetime | None) -> str | None:
        """The attribute's value at ``moment``: its latest change at or before it."""
        changes = self.history.get(oid, {}).get(name)
        if not changes or moment is None:
            return None
        position = bisect.bisect_right(changes, moment, key=_moment)
        return changes[position - 1][1] if position else None


def _moment(change: tuple[dt.datetime, str | None]) -> dt.datetime:
    return change[0]


def text(value: object) -> str | None:
    """A JSON or SQLite value as the text a CSV would hold (``true``, ``3``, ``2.5``); empty → None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    out = str(value)
    return out or None


def instant(value: str | None) -> tuple[str | None, dt.datetime | None]:
    """(the timestamp as handed over, the instant for ordering) — ISO 8601 with or without offset.

    >>> instant("2024-05-01T09:00:00Z")[0]
    '2024-05-01 09:00:00.000000+00:00'
    >>> instant("1 May 2024")
    ('1 May 2024', None)
    """
    if value is None:
        return None, None
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return value, None
    shown = moment.isoformat(sep=" ", timespec="microseconds")
    return shown, moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def columns(index: ObjectIndex) -> tuple[tuple[str, str], ...]:
    return (
        *((name, "VARCHAR") for name in FIXED),
        *((name, "VARCHAR") for name in index.event_attributes),
        *((f"case:{name}", "VARCHAR") for name in index.object_attributes),
        ("_row", "BIGINT"),
    )


def problem_of(event: OcelEvent, index: ObjectIndex) -> str | None:
    """Why the event cannot be placed, or None."""
    for name, value in (("id", event.id), ("type", event.type), ("time", event.time)):
        if value is None:
            return f"event without {name}"
    if event.type not in index.event_types:
        return f"event {event.id}: type {event.type!r} is not declared in eventTypes"
    undeclared = sorted(set(event.attributes) - index.event_types[event.type])  # type: ignore[index]
    if undeclared:
        return f"event {event.id}: attribute {undeclared[0]!r} is not declared for type {event.type!r}"
    for oid, _ in event.links:
        if oid not in index.types:
            return f"event {event.id}: linked object {oid!r} is not in the log's objects"
    return None


def rows(events: Iterable[OcelEvent], index: ObjectIndex, case_type: str, reject: Reject) -> Iterator[Rows]:
    """The events of ``case_type`` objects as rows of text, in batches of :data:`BATCH`."""
    cols = columns(index)
    pending: list[tuple[object, ...]] = []
    for event in events:
        why = problem_of(event, index)
        if why is not None:
            reject(event.line, why)
            continue
        shown, moment = instant(event.time)
        cases: dict[str, list[str]] = {}
        for oid, qualifier in event.links:
            if index.types[oid] == case_type:
                qualifiers = cases.setdefault(oid, [])
                if qualifier and qualifier not in qualifiers:
                    qualifiers.append(qualifier)
        own = tuple(event.attributes.get(name) for name in index.event_attributes)
        for oid, qualifiers in cases.items() or [(None, [])]:
            state = tuple(index.as_of(oid, name, moment) if oid else None for name in index.object_attributes)
            pending.append((event.id, event.type, shown, oid, ";".join(qualifiers) or None, *own, *state, event.line))
        if len(pending) >= BATCH:
            yield Rows(cols, tuple(pending))
            pending = []
    if pending:
        yield Rows(cols, tuple(pending))
