"""Benchmark data: N call records (10^5 … 10^8) plus their surveys, outages and assessments.

How (stated because it matters for honesty): pure generation with ``examples/servgen`` runs at
about 10^5 calls/s on one core, so 10^8 would take hours. Instead servgen simulates one *base*
of four weeks (about 116,000 calls, its surveys, outages and self-assessments, seeded), and
DuckDB replicates that base: copy ``k`` gets ``-k`` appended to every key and its dates shifted
by ``(k mod 13) × 28`` days, so the copies fill one year (a large centre's year of calls) and
every key stays unique. Copies are cut at exactly N calls; a survey goes with its call.
Python never holds more than the base; DuckDB streams the copies into the files.

Files: ``bench/data/n<N>-s<seed>/{calls,surveys,outages,assessments}.<csv|parquet>`` plus the
dataset mapping for that format (copied from ``bench/datasets/``). CSV keeps the telephony export
layout (codes, ``2024/04/01 07:01:14`` timestamps, talk in ms); Parquet has the same columns
with real types. Generated files are cached: an existing directory with a ``.done`` marker for
(N, format, seed) is reused.

    python bench/generate.py --n 1000000 --format parquet --seed 1
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import duckdb

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"
sys.path.insert(0, str(BENCH.parent / "examples"))

BASE_DAYS = 28
BASE_CALLS_PER_DAY = 5000
SHIFT_SLOTS = 13  # 13 × 28 days = 364 days: the copies fill one year
FORMATS = ("csv", "parquet")

CALL_TS = "%Y/%m/%d %H:%M:%S"
SURVEY_TS = "%Y-%m-%dT%H:%M:%S"
OUTAGE_TS = "%Y-%m-%d %H:%M"
ASSESS_TS = "%Y-%m-%d"


def base_dir(seed: int, root: Path = DATA) -> Path:
    return root / f"base-s{seed}"


def ensure_base(seed: int, root: Path = DATA) -> Path:
    """servgen's four-week base as CSV (generated once per seed)."""
    from servgen import Scenario, write_csv_tables

    out = base_dir(seed, root)
    if (out / ".done").exists():
        return out
    scenario = Scenario(seed=seed, days=BASE_DAYS, calls_per_day=BASE_CALLS_PER_DAY)
    write_csv_tables(out, scenario, ["calls", "surveys", "outages", "assessments"])
    (out / ".done").write_text("ok\n")
    return out


def data_dir(n: int, fmt: str, seed: int, root: Path = DATA) -> Path:
    return root / f"n{n}-s{seed}-{fmt}"


def _load_base(con: duckdb.DuckDBPyConnection, base: Path) -> int:
    """Typed base tables in DuckDB, with each call's position ``i`` and each survey's call position."""

    def src(name: str) -> str:
        return str(base / f"{name}.csv").replace("'", "''")

    con.execute(
        f"""CREATE TABLE b_calls AS SELECT (row_number() OVER () - 1) AS i,
            CallID, strptime(QueueEnterTime, '{CALL_TS}') AS QueueEnterTime, QueueName, Media, ANI, Site,
            AgentID, Prio, Result, WaitSec::INTEGER AS WaitSec, TalkMs::BIGINT AS TalkMs
            FROM read_csv('{src("calls")}', all_varchar = true)"""
    )
    con.execute(
        f"""CREATE TABLE b_surveys AS SELECT c.i AS call_i, ResponseID,
            strptime(SubmittedAt, '{SURVEY_TS}') AS SubmittedAt, InteractionID, Channel, AgentCode, s.QueueName,
            Q1_Recommend::INTEGER AS Q1_Recommend, Q2_Satisfied::INTEGER AS Q2_Satisfied,
            Q3_Effort::INTEGER AS Q3_Effort
            FROM read_csv('{src("surveys")}', all_varchar = true) s JOIN b_calls c ON c.CallID = s.InteractionID"""
    )
    con.execute(
        f"""CREATE TABLE b_outages AS SELECT IncidentID, System, Type,
            strptime(DownFrom, '{OUTAGE_TS}') AS DownFrom, strptime(DownTo, '{OUTAGE_TS}') AS DownTo, Summary
            FROM read_csv('{src("outages")}', all_varchar = true)"""
    )
    con.execute(
        f"""CREATE TABLE b_assessments AS SELECT AssessmentNo, strptime(AssessedOn, '{ASSESS_TS}') AS AssessedOn,
            ElementCode, Score::INTEGER AS Score, Assessor, EvidenceRef
            FROM read_csv('{src("assessments")}', all_varchar = true)"""
    )
    (count,) = con.execute("SELECT count(*) FROM b_calls").fetchone()
    return int(count)


def _queries(n: int, base_calls: int, fmt: str) -> dict[str, str]:
    """SELECTs producing each table for N calls, typed (Parquet) or as export text (CSV)."""
    copies = -(-n // base_calls)
    shift = f"INTERVAL ((k % {SHIFT_SLOTS}) * {BASE_DAYS}) DAY"

    def ts(col: str, fmt_text: str) -> str:
        moved = f"({col} + {shift})"
        return f"strftime({moved}, '{fmt_text}') AS {col}" if fmt == "csv" else f"{moved} AS {col}"

    copies_rel = f"range({copies}) r(k)"
    return {
        "calls": f"""SELECT CallID || '-' || k AS CallID, {ts("QueueEnterTime", CALL_TS)}, QueueName, Media, ANI,
            Site, AgentID, Prio, Result, WaitSec, TalkMs
            FROM b_calls CROSS JOIN {copies_rel} WHERE k * {base_calls} + i < {n} ORDER BY k, i""",
        "surveys": f"""SELECT ResponseID || '-' || k AS ResponseID, {ts("SubmittedAt", SURVEY_TS)},
            InteractionID || '-' || k AS InteractionID, Channel, AgentCode, QueueName, Q1_Recommend, Q2_Satisfied,
            Q3_Effort FROM b_surveys CROSS JOIN {copies_rel} WHERE k * {base_calls} + call_i < {n}
            ORDER BY k, call_i, ResponseID""",
        "outages": f"""SELECT IncidentID || '-' || k AS IncidentID, System, Type, {ts("DownFrom", OUTAGE_TS)},
            {ts("DownTo", OUTAGE_TS)}, Summary FROM b_outages CROSS JOIN range({min(copies, SHIFT_SLOTS)}) r(k)
            ORDER BY k, IncidentID""",
        "assessments": f"""SELECT AssessmentNo, {
            "strftime(AssessedOn, '" + ASSESS_TS + "')" if fmt == "csv" else "AssessedOn"
        } AS AssessedOn, ElementCode, Score, Assessor, EvidenceRef FROM b_assessments
            ORDER BY AssessmentNo""",
    }


def generate(n: int, fmt: str, seed: int = 1, quiet: bool = False, root: Path = DATA) -> Path:
    """Write (or reuse) the files for N calls in ``fmt`` under ``root`` (``bench/data`` unless a test
    gives its own folder); returns the folder holding them and the mapping. Needs DuckDB only."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: use csv or parquet")
    out = data_dir(n, fmt, seed, root)
    if (out / ".done").exists():
        return out
    started = time.perf_counter()
    base = ensure_base(seed, root)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    base_calls = _load_base(con, base)
    for table, query in _queries(n, base_calls, fmt).items():
        target = str(out / f"{table}.{fmt}").replace("'", "''")
        options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER true"
        con.execute(f"COPY ({query}) TO '{target}' ({options})")
    con.close()
    shutil.copy(BENCH / "datasets" / f"{fmt}.yaml", out / "dataset.yaml")
    (out / ".done").write_text(f"n={n} format={fmt} seed={seed}\n")
    if not quiet:
        size = sum(p.stat().st_size for p in out.iterdir()) / 1e6
        print(f"generated {out.name}: {size:.0f} MB in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="number of call records")
    parser.add_argument("--format", choices=FORMATS, default="parquet")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.n, args.format, args.seed))


if __name__ == "__main__":
    main()
