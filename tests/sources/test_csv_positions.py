"""CSV rows typed in parallel keep their numbers, and naive times read as UTC only when asked.

On DuckDB a CSV file's typed rows are a table of their own, numbered by position there
(``positional_rows``) and holding the wall-clock time, not the UTC instant (``deferred_utc``). The
files here are large enough (over 32 MB) that DuckDB splits them among threads, so an order lost
between reader and table would show. Each record carries its own number and its UTC instant as
written by the test, computed with ``zoneinfo``, never by the code under test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from checker.engine.duckdb_backend import DuckDBBackend
from checker.load.documents import load_document
from checker.sources.view import build_view

ZONE = "America/New_York"
START = dt.datetime(2024, 3, 9, 12, 0, 0)  # spans the spring-forward night of 10 March 2024
ROWS = (600_000, 7)  # records in the first and the second file


def _write_calls(path: Path, rows: int, first: int) -> None:
    tz = ZoneInfo(ZONE)
    lines = ["id,n,at,utc,padding"]
    for i in range(rows):
        n = i + 1
        local = START + dt.timedelta(seconds=5 * (first + i))  # five weeks: no autumn night
        if local.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != local:
            local += dt.timedelta(hours=1)  # a wall-clock time the spring night skips: written as it reads
        utc = local.replace(tzinfo=tz).astimezone(dt.UTC).replace(tzinfo=None)
        lines.append(f"k{first + i},{n},{local:%Y/%m/%d %H:%M:%S},{utc:%Y-%m-%d %H:%M:%S},{'x' * 40}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_rows_are_numbered_per_file_and_times_converted_when_read(tmp_path: Path) -> None:
    _write_calls(tmp_path / "a.csv", ROWS[0], 0)
    _write_calls(tmp_path / "b.csv", ROWS[1], ROWS[0])
    assert (tmp_path / "a.csv").stat().st_size > 32 * 2**20
    dataset = {
        "kind": "dataset",
        "id": "positions",
        "title": {"en": "positions"},
        "timezone": ZONE,
        "tables": {
            "calls": {
                "source": ["a.csv", "b.csv"],
                "key": ["id"],
                "time": "at",
                "fields": {
                    "id": {"column": "id", "required": True},
                    "n": {"column": "n", "type": "integer"},
                    "at": {"column": "at", "type": "timestamp", "format": "%Y/%m/%d %H:%M:%S", "required": True},
                    "utc": {"column": "utc"},
                },
            }
        },
    }
    path = tmp_path / "dataset.yaml"
    path.write_text(yaml.safe_dump(dataset), encoding="utf-8")
    doc = load_document(path, {"dataset"}, "dataset.yaml")
    backend = DuckDBBackend()
    view = build_view(backend, doc, doc.model, "calls", None)
    counts = backend.con.execute(
        f'SELECT "_file", count(*), count(*) FILTER (WHERE "_row" <> "n"), min("_row"), max("_row") '
        f'FROM "{view.view}" GROUP BY "_file" ORDER BY "_file"'
    ).fetchall()
    assert counts == [("a.csv", ROWS[0], 0, 1, ROWS[0]), ("b.csv", ROWS[1], 0, 1, ROWS[1])]
    # ``at`` is New York wall-clock time, read as its UTC instant; ``utc`` is that instant as text
    wrong = backend.con.execute(
        f'SELECT count(*), count(*) FILTER (WHERE "at" <> CAST("utc" AS TIMESTAMP)) FROM "{view.view}"'
    ).fetchone()
    assert wrong == (sum(ROWS), 0)
