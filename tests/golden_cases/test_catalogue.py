"""The canonical tables' catalogue and the values a case may give.

The catalogue is checked against docs/tables.md (the reference users read), each field type's
accepted values against the text the CSV reader is handed, and the modules' examples run.
"""

from __future__ import annotations

import datetime as dt
import doctest
import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.golden import catalogue, report, suite
from checker.golden.catalogue import cell, problem, tables

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", [catalogue, report, suite], ids=lambda m: m.__name__)
def test_docstring_examples(module) -> None:
    failed, attempted = doctest.testmod(module)
    assert attempted > 0 and failed == 0


def docs_tables() -> dict[str, tuple[str, str, str, str]]:
    """docs/tables.md's table: name → (kind, key, time field, fields text)."""
    rows = {}
    for line in (REPO / "docs" / "tables.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = (cells[1], cells[2], cells[3].strip("`"), cells[4])
    return rows


def test_the_catalogue_is_the_documented_tables() -> None:
    documented = docs_tables()
    assert sorted(documented) == sorted(tables())
    for name, table in tables().items():
        kind, key, time, fields = documented[name]
        assert table.kind == kind, name
        assert ", ".join(f"`{k}`" for k in table.key) == key, name
        assert table.time == time, name
        named = set(re.findall(r"`([a-z_]+)`", fields))
        assert set(table.fields) - {*table.key, table.time} <= named, (name, set(table.fields) - named)


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**12), 10**12))
def test_a_finite_number_is_read_back_as_itself(value: float) -> None:
    assert problem("number", value) is None
    assert float(cell("number", value, "UTC")) == float(value)
    assert problem("duration", value) is None
    assert float(cell("duration", value, "UTC")) == float(value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_refused(value: float) -> None:
    assert problem("number", value) is not None
    assert problem("duration", value) is not None


@given(
    st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.integers(-14 * 60, 14 * 60),
)
def test_an_instant_with_an_offset_keeps_it(at: dt.datetime, minutes: int) -> None:
    """The text handed to the reader names the same instant (no conversion to a naive local time,
    which would make the repeated hour of autumn ambiguous)."""
    written = at.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
    assert problem("timestamp", written.isoformat()) is None
    assert dt.datetime.fromisoformat(cell("timestamp", written.isoformat(), "Europe/Rome")) == written


@pytest.mark.parametrize(
    ("kind", "value", "refused"),
    [
        ("text", "billing", False),
        ("text", 12, True),
        ("text", True, True),
        ("integer", 3, False),
        ("integer", 3.0, True),
        ("integer", False, True),
        ("number", "3", True),
        ("boolean", True, False),
        ("boolean", "true", True),
        ("duration", "2 min", False),
        ("duration", "2", True),
        ("duration", "3 business days", True),
        ("timestamp", "2024-02-29 09:00", False),
        ("timestamp", "2023-02-29 09:00", True),
        ("timestamp", 20240401, True),
        ("text", None, False),
        ("text", "a\x00b", True),
    ],
)
def test_values_by_type(kind: str, value: object, refused: bool) -> None:
    assert (problem(kind, value) is not None) is refused


def test_cells_are_the_text_the_reader_types() -> None:
    assert cell("duration", "1h30m", "UTC") == "5400.0"
    assert cell("boolean", False, "UTC") == "false"
    assert cell("timestamp", "2024-04-01T09:00", "Asia/Shanghai") == "2024-04-01 09:00:00"
    assert cell("timestamp", "2024-04-01T09:00:00Z", "Asia/Shanghai") == "2024-04-01 09:00:00+00:00"
    assert cell("text", None, "UTC") == ""
