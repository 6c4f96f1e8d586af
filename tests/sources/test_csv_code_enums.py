"""A CSV table's typed rows on DuckDB are compact: mapped codes as ENUMs, the file named by the view.

The typed table of a CSV file holds a mapped code (``values:``) as an ENUM of its canonical values;
everything a measure does with it must come out as with text: the values read back, grouped and
ordered by their bytes (``B`` before ``a``), compared with a literal no row carries, an unmapped
code rejected. The file's name, the same in every row, is a constant of the view over the table.
The expected rows are written out by hand from the file below.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from checker.engine.duckdb_backend import DuckDBBackend
from checker.load.documents import load_document
from checker.sources.view import build_view

CSV = """id,at,q
c1,2024-05-01 09:00:00,x
c2,2024-05-01 09:10:00,y
c3,2024-05-01 09:20:00,x
c4,2024-05-01 09:30:00,z
c5,2024-05-01 09:40:00,w
c6,2024-05-01 09:50:00,
"""


def _view(tmp_path: Path) -> tuple[DuckDBBackend, str, str]:
    (tmp_path / "calls.csv").write_text(CSV, encoding="utf-8")
    dataset = {
        "kind": "dataset",
        "id": "codes",
        "title": {"en": "codes"},
        "timezone": "UTC",
        "tables": {
            "calls": {
                "source": ["calls.csv"],
                "key": ["id"],
                "time": "at",
                "fields": {
                    "id": {"column": "id", "required": True},
                    "at": {"column": "at", "type": "timestamp", "required": True},
                    # canonical values whose byte order ("B" < "a" < "it's") is not the source's
                    "queue": {"column": "q", "values": {"x": "a", "y": "B", "z": "it's"}},
                },
            }
        },
    }
    path = tmp_path / "dataset.yaml"
    path.write_text(yaml.safe_dump(dataset), encoding="utf-8")
    doc = load_document(path, {"dataset"}, "dataset.yaml")
    backend = DuckDBBackend()
    view = build_view(backend, doc, doc.model, "calls", None)
    return backend, view.view, "_typed_calls_0"


def test_mapped_codes_are_an_enum_in_the_typed_table(tmp_path: Path) -> None:
    backend, _, typed = _view(tmp_path)
    (kind,) = backend.con.execute(
        f"SELECT data_type FROM duckdb_columns() WHERE table_name = '{typed}' AND column_name = 'queue'"
    ).fetchone()
    assert kind == "ENUM('B', 'a', 'it''s')"


def test_mapped_codes_read_group_order_and_compare_as_text(tmp_path: Path) -> None:
    backend, view, _ = _view(tmp_path)
    con = backend.con
    rows = con.execute(f'SELECT "id", "queue", "_status" FROM "{view}" ORDER BY "id"').fetchall()
    assert rows == [
        ("c1", "a", None),
        ("c2", "B", None),
        ("c3", "a", None),
        ("c4", "it's", None),
        ("c5", None, "unmapped value in queue"),
        ("c6", None, None),
    ]
    grouped = con.execute(f'SELECT "queue", count(*) FROM "{view}" GROUP BY "queue" ORDER BY "queue"').fetchall()
    assert grouped == [("B", 1), ("a", 2), ("it's", 1), (None, 2)]
    compared = con.execute(
        f"SELECT count(*) FILTER (WHERE \"queue\" = 'nowhere'), count(*) FILTER (WHERE \"queue\" IN ('a', 'nowhere')), "
        f'count(*) FILTER (WHERE "queue" <> \'a\'), min("queue"), max("queue"), '
        f'count(*) FILTER (WHERE "queue" < \'a\') FROM "{view}"'
    ).fetchone()
    assert compared == (0, 2, 2, "B", "it's", 1)


def test_the_file_name_is_the_views_not_a_column_of_the_table(tmp_path: Path) -> None:
    backend, view, typed = _view(tmp_path)
    columns = {
        c
        for (c,) in backend.con.execute(
            f"SELECT column_name FROM duckdb_columns() WHERE table_name = '{typed}'"
        ).fetchall()
    }
    assert "_file" not in columns and "queue" in columns
    files = backend.con.execute(
        f'SELECT "_file", count(*), min("_row"), max("_row") FROM "{view}" GROUP BY "_file"'
    ).fetchall()
    assert files == [("calls.csv", 6, 1, 6)]
