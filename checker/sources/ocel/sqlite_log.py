"""OCEL 2.0 SQLite (``.sqlite``, or any name with ``format: ocel``): read-only, events streamed.

The relational encoding's tables: ``event`` (``ocel_id``, ``ocel_type``), ``object``,
``event_object`` (``ocel_event_id``, ``ocel_object_id``, ``ocel_qualifier``), ``event_map_type`` /
``object_map_type`` (type → table suffix), ``event_<suffix>`` (``ocel_id``, ``ocel_time``, one
column per attribute) and ``object_<suffix>`` (``ocel_id``, ``ocel_time``, ``ocel_changed_field``,
attributes; a row per change, the changed field named, or all fields when it is empty). The
database is opened read-only. Table names come from the database's own type maps and are used
only when ``sqlite_master`` lists them, quoted as identifiers; nothing from the mapping reaches
SQL but the case type, passed as a parameter. ``_row`` is the event's ``rowid`` in ``event``.
Memory holds the object index and the case objects' links (event id → case objects); events are
read in ``rowid`` order, one type table cursor each, merged.

>>> import sqlite3, tempfile; from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "log.sqlite"; con = sqlite3.connect(path)
>>> _ = con.executescript('''
... CREATE TABLE event (ocel_id TEXT, ocel_type TEXT); INSERT INTO event VALUES ('e1', 'open');
... CREATE TABLE event_map_type (ocel_type TEXT, ocel_type_map TEXT);
... INSERT INTO event_map_type VALUES ('open', 'Open');
... CREATE TABLE event_Open (ocel_id TEXT, ocel_time TEXT); INSERT INTO event_Open VALUES ('e1', '2024-05-01 09:00:00');
... CREATE TABLE object (ocel_id TEXT, ocel_type TEXT); INSERT INTO object VALUES ('t1', 'ticket');
... CREATE TABLE object_map_type (ocel_type TEXT, ocel_type_map TEXT);
... INSERT INTO object_map_type VALUES ('ticket', 'Ticket');
... CREATE TABLE object_Ticket (ocel_id TEXT, ocel_time TEXT, ocel_changed_field TEXT);
... INSERT INTO object_Ticket VALUES ('t1', '1970-01-01 00:00:00', NULL);
... CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT, ocel_qualifier TEXT);
... INSERT INTO event_object VALUES ('e1', 't1', 'opens');''')
>>> con.commit(); con.close()
>>> index, events = read(path, "ticket")
>>> [(e.line, e.id, e.time, e.links) for e in events]
[(1, 'e1', '2024-05-01 09:00:00', [('t1', 'opens')])]
"""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from checker.sources.ocel.common import LogError, ObjectRecord, index_objects
from checker.sources.ocel.log import ObjectIndex, OcelEvent, text

REQUIRED = ("event", "object", "event_object", "event_map_type", "object_map_type")
MAGIC = b"SQLite format 3\x00"
_OWN = {"ocel_id", "ocel_time", "ocel_changed_field"}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _connect(path: Path) -> sqlite3.Connection:
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as err:
        raise LogError(f"not an OCEL 2.0 SQLite database: {err}") from None
    missing = [t for t in REQUIRED if t not in tables]
    if missing:
        raise LogError(f"not an OCEL 2.0 SQLite database: it has no table {missing[0]!r} (needs {', '.join(REQUIRED)})")
    return con


def _typed_tables(con: sqlite3.Connection, kind: str) -> dict[str, tuple[str, list[str]]]:
    """Declared type → (its table, its attribute columns), for types whose table exists."""
    tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    out: dict[str, tuple[str, list[str]]] = {}
    for name, suffix in con.execute(f"SELECT ocel_type, ocel_type_map FROM {kind}_map_type ORDER BY rowid"):
        table = f"{kind}_{suffix}"
        if table not in tables:
            raise LogError(f"not an OCEL 2.0 SQLite database: type {name!r} maps to {table!r}, which does not exist")
        cols = [row[1] for row in con.execute(f"PRAGMA table_info({_ident(table)})")]
        out[str(name)] = (table, [c for c in cols if c not in _OWN])
    return out


def _objects(
    con: sqlite3.Connection, tables: dict[str, tuple[str, list[str]]], case_type: str | None
) -> list[ObjectRecord]:
    records: dict[str, ObjectRecord] = {}
    listed = []
    for rowid, oid, otype in con.execute("SELECT rowid, ocel_id, ocel_type FROM object ORDER BY rowid"):
        record = ObjectRecord(rowid, text(oid), text(otype), [])
        listed.append(record)
        if record.type == case_type and record.id is not None:
            records.setdefault(record.id, record)
    if case_type in tables:
        table, attributes = tables[case_type]
        wanted = ", ".join(_ident(a) for a in ["ocel_id", "ocel_time", "ocel_changed_field", *attributes])
        for oid, time, changed, *values in con.execute(f"SELECT {wanted} FROM {_ident(table)} ORDER BY rowid"):
            record = records.get(text(oid) or "")
            if record is None:
                continue
            for name, value in zip(attributes, values, strict=True):
                if not changed or changed == name:
                    record.attributes.append((name, text(time), text(value)))
    return listed


def _events(
    con: sqlite3.Connection, tables: dict[str, tuple[str, list[str]]], links: dict[str, list[tuple[str, str]]]
) -> Iterator[OcelEvent]:
    streams = []
    for etype, (table, attributes) in tables.items():
        wanted = ", ".join(f"a.{_ident(c)}" for c in ["ocel_time", *attributes])
        query = (
            f"SELECT e.rowid, e.ocel_id, {wanted} FROM event e LEFT JOIN {_ident(table)} a ON a.ocel_id = e.ocel_id "
            "WHERE e.ocel_type = ? ORDER BY e.rowid"
        )
        streams.append(_tagged(con.execute(query, (etype,)), etype, attributes))
    untyped = con.execute(
        "SELECT rowid, ocel_id, ocel_type FROM event WHERE ocel_type IS NULL OR ocel_type NOT IN "
        "(SELECT ocel_type FROM event_map_type) ORDER BY rowid"
    )
    streams.append(_tagged(untyped, None, []))
    for rowid, etype, attributes, row in heapq.merge(*streams, key=lambda item: item[0]):
        eid = text(row[1])
        if etype is None:
            yield OcelEvent(rowid, eid, text(row[2]), None, {}, [])
            continue
        values = {name: text(v) for name, v in zip(attributes, row[3:], strict=True)}
        yield OcelEvent(rowid, eid, etype, text(row[2]), values, links.get(eid or "", []))


def _tagged(
    cursor: sqlite3.Cursor, etype: str | None, attributes: list[str]
) -> Iterator[tuple[int, str | None, list[str], tuple[Any, ...]]]:
    """A type table's rows as (rowid, event type, attribute names, row), for the merge by rowid."""
    for row in cursor:
        yield row[0], etype, attributes, row


def read(path: Path, case_type: str | None = None, reject: Any = None) -> tuple[ObjectIndex, Iterator[OcelEvent]]:
    """The log's object index and its events in ``rowid`` order (links: those to any object)."""
    con = _connect(path)
    try:
        event_tables = _typed_tables(con, "event")
        object_tables = _typed_tables(con, "object")
        objects = _objects(con, object_tables, case_type)
        declared_events = {k: v[1] for k, v in event_tables.items()}
        declared_objects = {k: v[1] for k, v in object_tables.items()}
        index = index_objects(declared_events, declared_objects, objects, case_type, reject)
        links: dict[str, list[tuple[str, str]]] = {}
        for eid, oid, qualifier in con.execute(
            "SELECT ocel_event_id, ocel_object_id, ocel_qualifier FROM event_object ORDER BY rowid"
        ):
            links.setdefault(text(eid) or "", []).append((text(oid) or "", text(qualifier) or ""))
    except sqlite3.DatabaseError as err:
        con.close()
        raise LogError(f"not an OCEL 2.0 SQLite database: {err}") from None
    except LogError:
        con.close()
        raise

    def events() -> Iterator[OcelEvent]:
        try:
            yield from _events(con, event_tables, links)
        except sqlite3.DatabaseError as err:
            raise LogError(f"not an OCEL 2.0 SQLite database: {err}") from None
        finally:
            con.close()

    return index, events()
