"""ServiceNow ``task_sla`` exports: one row per SLA attached to a task, with the system's verdict.

Current ServiceNow instances keep each SLA of a task (incident, request…) as a ``task_sla`` record:
``task``, ``sla`` (the SLA definition), ``stage`` (in progress, paused, cancelled, completed),
``has_breached``, ``active``, the instants ``start_time``, ``end_time``, ``planned_end_time`` (the
breach time, moved by pauses), ``original_breach_time``, ``pause_time``, the durations
``duration``, ``pause_duration``, ``business_duration``, ``business_pause_duration``,
``time_left``, ``business_time_left``, the shares ``percentage``/``business_percentage`` (over 100
once breached), ``schedule`` and ``timezone``. A list export writes them for a person to read; this
reader rewrites the two kinds of value a mapping cannot type as written:

- **durations** (:data:`DURATIONS`), written ``2 Days 3 Hours 4 Minutes`` — units ``Day``,
  ``Hour``, ``Minute``, ``Second`` (singular or plural, any case), each at most once, largest
  first — become whole seconds (``183840``); the mapping types them ``duration`` (unit ``s``).
  A duration that does not follow this grammar sets its row aside;
- **date-times** (:data:`INSTANTS`), written in the exporting user's zone, day-first
  ``d/m/yyyy HH:MM[:SS]`` or ISO ``yyyy-mm-dd HH:MM:SS``, become ISO text with the UTC offset of
  their zone (``2026-03-02 09:00:00+01:00``; the mapping's format is ``%Y-%m-%d %H:%M:%S%z``). The
  zone rule: **the row's ``timezone`` column wins** when it names an IANA zone (ServiceNow's
  ``US/Pacific``, ``Europe/Rome``…); when the row has none, the table's ``timezone:`` in the
  mapping applies (declare it on the table: the reader does not see the dataset's);
  a row with neither, or with a ``timezone`` that is not an IANA zone, is set
  aside. A wall-clock time repeated or skipped by a daylight-saving change is read in its first
  (earlier) offset, as ``zoneinfo`` does.

Everything else is handed over as text, ``?`` and empty fields as missing. Rows set aside go to the
ledger as ``malformed ServiceNow task_sla row`` with their line and the reason. No public
``task_sla`` export exists: the grammar above follows ServiceNow's documented display format of
duration fields, and ``tests/fixtures/servicenow/task_sla.csv`` is a made-up file in that shape.

>>> seconds("2 Days 3 Hours 4 Minutes"), seconds("1 Hour"), seconds("0 Seconds"), seconds("45 minutes 10 seconds")
(183840, 3600, 0, 2710)
>>> seconds("3 Hours 2 Days")
Traceback (most recent call last):
ValueError: '3 Hours 2 Days' is not a duration: 'Days' comes after a smaller unit
>>> seconds("2 Dayz")
Traceback (most recent call last):
ValueError: '2 Dayz' is not a duration: 'Dayz' is not a unit (Days, Hours, Minutes, Seconds)
>>> localised("2/3/2026 09:00", "Europe/Rome"), localised("2026-07-01 09:00:00", "Europe/Rome")
('2026-03-02 09:00:00+01:00', '2026-07-01 09:00:00+02:00')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from checker.engine.backend import Rows
from checker.model.dataset import Table
from checker.sources import servicenow, sniff
from checker.sources.reader import SourceLike

TYPED = False
REJECT_REASON = "malformed ServiceNow task_sla row"
NO_RECORDS = (sniff.EMPTY_SOURCE, "the task_sla export holds no SLA record")
BATCH = 5000
DURATIONS = frozenset(
    {"duration", "pause_duration", "business_duration", "business_pause_duration", "time_left", "business_time_left"}
)
"""Columns written as display durations; they become whole seconds."""
INSTANTS = frozenset(
    {
        "start_time",
        "end_time",
        "planned_end_time",
        "original_breach_time",
        "pause_time",
        "sys_created_on",
        "sys_updated_on",
    }
)
"""Columns written as date-times in the exporting user's zone; they become ISO text with an offset."""
ZONE_COLUMN = "timezone"
UNITS = {"day": 86400, "hour": 3600, "minute": 60, "second": 1}
_PART = re.compile(r"\s*(\d+)\s+([A-Za-z]+)\s*")


def seconds(text: str) -> int:
    """A display duration → whole seconds; ``ValueError`` saying what is wrong."""
    shown = text.strip()
    total, pos, last = 0, 0, None
    order = list(UNITS)
    while pos < len(shown):
        part = _PART.match(shown, pos)
        if part is None:
            raise ValueError(f"{shown[:40]!r} is not a duration like '2 Days 3 Hours 4 Minutes'")
        amount, word = int(part.group(1)), part.group(2)
        unit = word.lower().removesuffix("s")
        if unit not in UNITS:
            raise ValueError(
                f"{shown[:40]!r} is not a duration: {word!r} is not a unit (Days, Hours, Minutes, Seconds)"
            )
        if last is not None and order.index(unit) <= order.index(last):
            raise ValueError(f"{shown[:40]!r} is not a duration: {word!r} comes after a smaller unit")
        total, pos, last = total + amount * UNITS[unit], part.end(), unit
    if last is None:
        raise ValueError(f"{shown[:40]!r} is not a duration like '2 Days 3 Hours 4 Minutes'")
    return total


def localised(text: str, zone: str) -> str:
    """A wall-clock date-time of ``zone`` → ISO text with its UTC offset."""
    moment = dt.datetime.strptime(servicenow.day_first(text), "%Y-%m-%d %H:%M:%S").replace(tzinfo=ZoneInfo(zone))
    return moment.isoformat(sep=" ")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"timezone {name[:40]!r} is not an IANA time zone") from None


def problem(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return servicenow.problem(source.size, source.path)


def failure(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return None


def reject_text(error_type: str) -> str:
    return error_type


def _row(names: list[str], fields: list[str], default_zone: str | None) -> list[str | None]:
    """One record's values; ``ValueError`` with the reason it is set aside."""
    if len(fields) != len(names):
        raise ValueError(f"{len(fields)} fields; the header has {len(names)}")
    values: list[str | None] = [None if servicenow.missing(v) else v.strip() for v in fields]
    by_name = dict(zip(names, values, strict=True))
    zone = by_name.get(ZONE_COLUMN) or default_zone
    for i, name in enumerate(names):
        value = values[i]
        if value is None:
            continue
        if name in DURATIONS:
            try:
                values[i] = str(seconds(value))
            except ValueError as err:
                raise ValueError(f"{name}: {err}") from None
        elif name in INSTANTS:
            if zone is None:
                raise ValueError(f"{name}: no time zone (the row's timezone is empty and the mapping declares none)")
            _zone(zone)
            try:
                values[i] = localised(value, zone)
            except ValueError as err:
                raise ValueError(f"{name}: {err}") from None
    return values


def batches(table: Table, source: SourceLike, reject: Callable[[int, str], None] | None = None) -> Iterator[Rows]:
    """The export's rows, :data:`BATCH` at a time; rows that cannot be used go to ``reject``."""
    default_zone = getattr(table, "timezone", None)
    pending: list[tuple[object, ...]] = []
    with servicenow.records(source.path) as records:
        names = servicenow.header(source.path, records, ("task",))
        columns = (*((n, "VARCHAR") for n in names), ("_row", "BIGINT"))
        for line, fields in records:
            if not any(f.strip() for f in fields):
                continue
            try:
                values = _row(names, fields, default_zone)
            except ValueError as err:
                if reject is not None:
                    reject(line, str(err))
                continue
            pending.append((*values, line))
            if len(pending) >= BATCH:
                yield Rows(columns, tuple(pending))
                pending = []
    if pending:
        yield Rows(columns, tuple(pending))
