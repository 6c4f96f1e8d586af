"""The canonical tables (``tables.yaml``, the data behind docs/tables.md) and a golden case's
values checked against them.

Why a catalogue: a case's rows are written in canonical field names, and the audit needs each
field's type to read them (a ``wait`` of ``20`` is twenty seconds, an ``offered_at`` an instant in
the case's zone). One table of types serves the lint check that refuses a bad value at its line
and column (SC116) and the writer that turns the checked values into the text the CSV reader
parses, so the two can never disagree.

>>> problem("duration", "90s") is None, cell("duration", "1 min 30s", "UTC")
(True, '90.0')
>>> problem("timestamp", "2024-04-31 09:00")
"'2024-04-31 09:00' is not a date and time: write ISO 8601, e.g. 2024-04-01 09:00:00"
>>> cell("timestamp", "2024-04-01T09:00:00+08:00", "UTC")
'2024-04-01 09:00:00+08:00'
>>> problem("integer", True)
'True is a boolean, not an integer'
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from checker.load.yaml_source import packaged_yaml
from checker.model.golden import CellValue
from checker.model.quantity import QuantityError, parse_duration

TIMESTAMP_HINT = "write ISO 8601, e.g. 2024-04-01 09:00:00"


@dataclass(frozen=True)
class CanonicalTable:
    """One canonical table: its kind, key, time field, fields by type (and an event log's case and activity)."""

    name: str
    kind: str
    key: tuple[str, ...]
    time: str
    fields: dict[str, str]
    case: str | None = None
    activity: str | None = None

    def required(self) -> list[str]:
        """The fields every row must give: the key, the time, an event's case and activity."""
        names = [*self.key, self.time, *(f for f in (self.case, self.activity) if f)]
        return list(dict.fromkeys(names))


@cache
def tables() -> dict[str, CanonicalTable]:
    """Every canonical table by name, from ``tables.yaml`` beside this module."""
    text = resources.files("checker.golden").joinpath("tables.yaml").read_text(encoding="utf-8")
    return {
        name: CanonicalTable(
            name,
            spec["kind"],
            tuple(spec["key"]),
            spec["time"],
            dict(spec["fields"]),
            spec.get("case"),
            spec.get("activity"),
        )
        for name, spec in packaged_yaml(text).items()
    }


def _instant(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def problem(kind: str, value: CellValue) -> str | None:
    """Why ``value`` cannot be a value of a field of type ``kind``; None when it can (null always can)."""
    if value is None:
        return None
    if isinstance(value, bool) and kind != "boolean":
        return f"{value!r} is a boolean, not {'an' if kind == 'integer' else 'a'} {kind}"
    if kind == "text":
        if not isinstance(value, str):
            return f"{value!r} is a number; quote it to make it text"
        return "a NUL character cannot be read from a data file" if "\x00" in value else None
    if kind == "boolean":
        return None if isinstance(value, bool) else f"{value!r} is not a boolean: write true or false"
    if kind == "integer":
        return None if isinstance(value, int) else f"{value!r} is not an integer"
    if kind == "number":
        if not isinstance(value, int | float):
            return f"{value!r} is not a number"
        return None if math.isfinite(value) else f"{value!r} is not a finite number"
    if kind == "duration":
        if isinstance(value, int | float):
            return None if math.isfinite(value) else f"{value!r} is not a finite number of seconds"
        try:
            duration = parse_duration(value)
        except QuantityError:
            return f'{value!r} is not a duration: write seconds as a number (20) or with a unit ("20s", "2 min")'
        return "a value in the data is elapsed time, not business time" if duration.business else None
    if kind == "timestamp":
        if isinstance(value, str) and _instant(value) is not None:
            return None
        return f"{value!r} is not a date and time: {TIMESTAMP_HINT}"
    raise ValueError(f"unknown field type {kind!r}")


def cell(kind: str, value: CellValue, zone: str) -> str:
    """A checked value as the text the CSV reader types: seconds for a duration, ISO 8601 for a
    timestamp (naive ones are read in ``zone``, the mapping's; an offset is kept), ``true``/``false``."""
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "duration":
        seconds = float(value) if isinstance(value, int | float) else parse_duration(value).seconds
        return repr(seconds)
    if kind == "timestamp":
        at = _instant(str(value))
        assert at is not None, "checked by problem() first"
        return at.isoformat(sep=" ")  # an offset is kept: the reader turns it into UTC, no hour is ambiguous
    if kind == "number" and isinstance(value, float):
        return repr(value)
    return str(value)
