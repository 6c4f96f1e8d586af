"""A golden case's rows → CSV files and a dataset mapping, so the case runs through the real audit.

Why files and a mapping rather than a relation built by hand: the rows then go through the very
reader, typing, ledger, period and duplicate-key rules an export goes through, so a case tests
the engine an auditor runs, not a shortcut beside it. Every field of a canonical table is mapped
(a field the rows leave out is a column of nulls), so a requirement's rule finds every field it
may read. The rows were checked by lint (SC116) before this runs: every value is of its field's type.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from checker.golden.catalogue import CanonicalTable, cell, tables
from checker.model.golden import GoldenCase

MAPPING_FILE = "dataset.yaml"


def mapping(case: GoldenCase) -> dict[str, Any]:
    """The dataset mapping of ``case``: each of its tables one to one on its canonical fields."""
    catalogue = tables()
    out: dict[str, Any] = {
        "kind": "dataset",
        "id": case.name,
        "title": {"en": f"golden case {case.name}"},
        "timezone": case.timezone,
        "tables": {},
    }
    for name in case.tables:
        out["tables"][name] = _table(catalogue[name])
    return out


def _table(table: CanonicalTable) -> dict[str, Any]:
    fields = {}
    for name, kind in table.fields.items():
        spec: dict[str, Any] = {"column": name, "type": kind}
        if kind == "duration":
            spec["unit"] = "s"
        fields[name] = spec
    spec = {"kind": table.kind, "source": [f"{table.name}.csv"], "key": list(table.key), "time": table.time}
    if table.case:
        spec["case"] = table.case
    if table.activity:
        spec["activity"] = table.activity
    spec["fields"] = fields
    return spec


def write_dataset(case: GoldenCase, folder: Path) -> Path:
    """Write ``case``'s tables as CSV files and their mapping into ``folder``; the mapping's path."""
    catalogue = tables()
    for name, rows in case.tables.items():
        table = catalogue[name]
        columns = list(table.fields)
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([cell(table.fields[c], row.get(c), case.timezone) for c in columns])
    path = folder / MAPPING_FILE
    path.write_text(yaml.safe_dump(mapping(case), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
