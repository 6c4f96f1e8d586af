"""Writing the tables: CSV streamed day by day (LF, byte-identical per seed); Parquet via DuckDB."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from servgen import assessments, call_rows, complaints, outages, surveys
from servgen.calls import agent_roster, simulate_day
from servgen.scenario import Scenario

TABLES = ("calls", "surveys", "complaints", "outages", "assessments")
HEADERS = {
    "calls": call_rows.HEADER,
    "surveys": surveys.HEADER,
    "complaints": complaints.HEADER,
    "outages": outages.HEADER,
    "assessments": assessments.HEADER,
}
DAILY = ("calls", "surveys", "complaints")
"""Tables produced day by day; the others are small and produced once."""


def iter_day_rows(scenario: Scenario, tables: Iterable[str] = DAILY) -> Iterator[dict[str, list[tuple[str, ...]]]]:
    """For each day in order, the rows of the requested daily tables (memory: one day at a time)."""
    wanted = set(tables)
    roster = agent_roster(scenario)
    effects = surveys.agent_effects(scenario, roster)
    for day in range(scenario.days):
        calls = simulate_day(scenario, day, roster)
        rows, ids = call_rows.call_rows(scenario, day, calls)
        out: dict[str, list[tuple[str, ...]]] = {}
        if "calls" in wanted:
            out["calls"] = rows
        pairs = list(zip(ids, calls, strict=True))
        if "surveys" in wanted:
            out["surveys"] = surveys.survey_rows(scenario, day, pairs, effects)
        if "complaints" in wanted:
            out["complaints"] = complaints.complaint_rows(scenario, day, pairs)
        yield out


def _writer(handle) -> csv.DictWriter:
    return csv.writer(handle, lineterminator="\n")


def write_csv_tables(out_dir: Path, scenario: Scenario, tables: Iterable[str] = TABLES) -> dict[str, Path]:
    """Write ``<table>.csv`` for each requested table into ``out_dir``; returns the paths."""
    wanted = [table for table in TABLES if table in set(tables)]
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise ValueError(f"unknown tables: {', '.join(sorted(unknown))}; known: {', '.join(TABLES)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {table: out_dir / f"{table}.csv" for table in wanted}
    handles = {table: paths[table].open("w", encoding="utf-8", newline="") for table in wanted}
    try:
        writers = {table: _writer(handle) for table, handle in handles.items()}
        for table, writer in writers.items():
            writer.writerow(HEADERS[table])
        daily = [table for table in wanted if table in DAILY]
        if daily:
            for day in iter_day_rows(scenario, daily):
                for table, rows in day.items():
                    writers[table].writerows(rows)
        if "outages" in writers:
            writers["outages"].writerows(outages.outage_rows(scenario))
        if "assessments" in writers:
            writers["assessments"].writerows(assessments.assessment_rows(scenario))
    finally:
        for handle in handles.values():
            handle.close()
    return paths


def csv_to_parquet(csv_path: Path, parquet_path: Path) -> Path:
    """Convert one CSV to Parquet with DuckDB (types inferred as the engine would read the CSV)."""
    import duckdb

    source = str(csv_path).replace("'", "''")
    target = str(parquet_path).replace("'", "''")
    with duckdb.connect() as con:
        query = f"COPY (SELECT * FROM read_csv('{source}', header = true)) TO '{target}'"
        con.execute(query + " (FORMAT parquet)")
    return parquet_path
