"""The one field by which the same audit's JSON report differs between engines."""

from __future__ import annotations

import json


def as_duckdb(report_json: str, engine: str = "spark") -> str:
    """``report_json`` with ``tool.engine`` (which must be ``engine``) set to ``duckdb``, written back
    as the JSON renderer writes (sorted keys, two-space indent, UTF-8, final newline): the bytes the
    same audit gives on DuckDB if, and only if, the engines agree on everything else."""
    report = json.loads(report_json)
    assert report["tool"]["engine"] == engine
    report["tool"]["engine"] = "duckdb"
    return json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
