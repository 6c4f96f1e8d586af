"""ServiceNow incident exports of snapshot rows: one row per incident, or one row per update.

An incident list exported with its history (the UCI "Incident management process enriched event
log", Amaral et al. 2018, is one) holds a **snapshot** of the whole incident after each update,
numbered by ``sys_mod_count``. Two formats read it:

- ``servicenow-incident``: one row per incident — its latest snapshot (highest ``sys_mod_count``;
  file order without that column), so ``opened_at``, ``resolved_at``, the final ``priority`` and
  the system's final verdict ``made_sla`` sit in one record: a record table keyed by ``number``.
  Two extra columns say what the snapshots before it held: ``snapshots`` (how many rows the
  incident has) and ``first:<column>`` for :data:`FIRST` (the value in the incident's earliest
  snapshot: ``first:priority`` ≠ ``priority`` means the priority changed).
- ``servicenow-incident-updates``: every snapshot as a row (an event log: ``number`` is the case,
  ``sys_updated_at`` the instant, ``incident_state`` the status).

Why a reader and not a CSV dialect: the snapshots of an incident have to be folded into one record,
choice fields split, and dates rewritten before typing — none of which a CSV profile can say.
Values are handed over as text, transformed only where the export's conventions demand it:

- ``?`` (and an empty field) is missing;
- columns named ``*_at`` / ``*_on`` are date-times, written day-first ``d/m/yyyy HH:MM`` (the UCI
  export) or ISO ``yyyy-mm-dd HH:MM:SS`` (ServiceNow's system format); both become ISO text
  without a zone, so the mapping types them with ``format: "%Y-%m-%d %H:%M:%S"`` in the zone it
  declares. A month-first (US) export would be misread: it is not this reader's input;
- choice fields (:data:`CHOICES`) keep their text (``2 - Medium``) and gain ``<column>:code``
  (``2``) and ``<column>:label`` (``Medium``): the mapping uses whichever it wants;
- booleans stay ``true``/``false``, which a mapping typed ``boolean`` reads.

A record whose field count differs from the header's, a date-time that is not one, or a
``sys_mod_count`` that is not a whole number is **set aside** with its line and reason
(ledger: ``malformed ServiceNow row``); the incident is then built from its other snapshots.
Memory holds one incident's snapshots at a time: the export lists each incident's snapshots
together (the UCI file does, sorted by number). An incident whose snapshots are split across the
file yields one record per run, and the table's key check rejects them as duplicates in the
ledger — never a silent merge. Measured on the UCI part-1 file (34,953 rows, 4,983 incidents,
gzip): about 2 s either way, peak Python allocation 20 MB (``tracemalloc``; batches of 5,000 rows of
40 columns are most of it).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "inc.csv").write_text(
...     "number,incident_state,sys_mod_count,made_sla,opened_at,priority,resolved_at\\n"
...     "INC1,New,0,true,29/2/2016 01:16,3 - Moderate,?\\n"
...     "INC1,Resolved,2,false,29/2/2016 01:16,1 - Critical,1/3/2016 09:52\\n"
...     "INC1,Active,1,true,29/2/2016 01:16,3 - Moderate,?\\n"
...     "INC2,New,0,true,31/2/2016 01:16,4 - Low,?\\n")
>>> class Src: path = folder / "inc.csv"; display = "inc.csv"; size = 1
>>> class One: format = "servicenow-incident"
>>> aside = []
>>> (rows,) = batches(One, Src, lambda line, why: aside.append((line, why)))
>>> dict(zip([c for c, _ in rows.columns], rows.values[0]))  # doctest: +NORMALIZE_WHITESPACE
{'number': 'INC1', 'incident_state': 'Resolved', 'sys_mod_count': '2', 'made_sla': 'false',
 'opened_at': '2016-02-29 01:16:00', 'priority': '1 - Critical', 'resolved_at': '2016-03-01 09:52:00',
 'priority:code': '1', 'priority:label': 'Critical', 'snapshots': 3, 'first:priority': '3 - Moderate',
 'first:made_sla': 'true', 'first:incident_state': 'New', '_row': 3}
>>> aside
[(5, "opened_at: '31/2/2016 01:16' is not a date-time like 29/2/2016 01:16: day is out of range for month")]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from checker.engine.backend import Rows
from checker.model.dataset import Table
from checker.sources import servicenow, sniff
from checker.sources.reader import SourceLike

TYPED = False
REJECT_REASON = "malformed ServiceNow row"
NO_RECORDS = (sniff.EMPTY_SOURCE, "the ServiceNow export holds no incident")
BATCH = 5000
UPDATES = "servicenow-incident-updates"
"""The format name that asks for every snapshot instead of one row per incident."""
CHOICES = ("impact", "urgency", "priority", "severity")
"""Choice fields exported as ``N - Label``: each gains ``:code`` and ``:label`` columns."""
FIRST = ("priority", "impact", "urgency", "made_sla", "incident_state")
"""Columns whose earliest snapshot value an incident row also carries, as ``first:<column>``."""
SEQUENCE = "sys_mod_count"


def problem(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return servicenow.problem(source.size, source.path)


def failure(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return None


def reject_text(error_type: str) -> str:
    return error_type


def _is_time(name: str) -> bool:
    return name.endswith(("_at", "_on"))


@dataclass
class _Shape:
    """How a header's records become rows: the columns, and which of them need rewriting."""

    names: list[str]
    times: list[int]
    choices: list[int]
    firsts: list[int]
    number: int
    sequence: int | None
    per_incident: bool
    columns: tuple[tuple[str, str], ...] = field(init=False)

    def __post_init__(self) -> None:
        cols = [(n, "VARCHAR") for n in self.names]
        for i in self.choices:
            cols += [(f"{self.names[i]}:code", "VARCHAR"), (f"{self.names[i]}:label", "VARCHAR")]
        if self.per_incident:
            cols += [("snapshots", "BIGINT")] + [(f"first:{self.names[i]}", "VARCHAR") for i in self.firsts]
        self.columns = (*cols, ("_row", "BIGINT"))

    def values(self, fields: list[str]) -> list[str | None]:
        """One record's values (without the per-incident and ``_row`` columns); ``ValueError`` says
        why the record cannot be used."""
        if len(fields) != len(self.names):
            raise ValueError(f"{len(fields)} fields; the header has {len(self.names)}")
        out: list[str | None] = [None if servicenow.missing(v) else v for v in fields]
        for i in self.times:
            if out[i] is not None:
                try:
                    out[i] = servicenow.day_first(out[i] or "")
                except ValueError as err:
                    raise ValueError(f"{self.names[i]}: {err}") from None
        sequence = out[self.sequence] if self.sequence is not None else None
        if sequence is not None and not sequence.strip().isdigit():
            raise ValueError(f"{SEQUENCE} {sequence[:20]!r} is not a whole number")
        for i in self.choices:
            code, label = servicenow.choice(out[i]) if out[i] is not None else (None, None)
            out += [code, label]
        return out


def _shape(table: Table, names: list[str]) -> _Shape:
    at = {n: i for i, n in enumerate(names)}
    return _Shape(
        names,
        [i for i, n in enumerate(names) if _is_time(n)],
        [at[c] for c in CHOICES if c in at],
        [at[c] for c in FIRST if c in at],
        at["number"],
        at.get(SEQUENCE),
        getattr(table, "format", None) != UPDATES,
    )


def _incident(shape: _Shape, snapshots: list[tuple[int, list[str | None]]]) -> tuple[object, ...]:
    """One incident's row: its latest snapshot by sequence (then file order), with the earliest's
    :data:`FIRST` values and the number of snapshots."""

    def order(item: tuple[int, int, list[str | None]]) -> tuple[int, int]:
        position, _line, values = item
        seq = values[shape.sequence] if shape.sequence is not None else None
        return (int(seq) if seq is not None else -1, position)

    ranked = sorted(((p, line, v) for p, (line, v) in enumerate(snapshots)), key=order)
    _, line, last = ranked[-1]
    first = ranked[0][2]
    return (*last, len(snapshots), *(first[i] for i in shape.firsts), line)


def batches(table: Table, source: SourceLike, reject: Callable[[int, str], None] | None = None) -> Iterator[Rows]:
    """The export's incidents (or updates), :data:`BATCH` rows at a time, in file order."""
    pending: list[tuple[object, ...]] = []
    with servicenow.records(source.path) as records:
        shape = _shape(table, servicenow.header(source.path, records, ("number",)))
        current: str | None = None
        snapshots: list[tuple[int, list[str | None]]] = []
        for line, fields in records:
            if not any(f.strip() for f in fields):
                continue
            try:
                values = shape.values(fields)
            except ValueError as err:
                if reject is not None:
                    reject(line, str(err))
                continue
            if not shape.per_incident:
                pending.append((*values, line))
            else:
                number = values[shape.number]
                if number != current and snapshots:
                    pending.append(_incident(shape, snapshots))
                    snapshots = []
                current = number
                snapshots.append((line, values))
            if len(pending) >= BATCH:
                yield Rows(shape.columns, tuple(pending))
                pending = []
        if snapshots:
            pending.append(_incident(shape, snapshots))
    if pending:
        yield Rows(shape.columns, tuple(pending))
