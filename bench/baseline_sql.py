"""Baseline (a), the limit: the benchmark standard's figures as hand-written DuckDB SQL.

What an analyst fluent in SQL would write against the same files: one view per file that renames
columns and drops the test calls (or planned maintenance), then per requirement a ``count(*)
FILTER (WHERE …)`` / ``avg`` / ``quantile_cont`` over ``GROUPING SETS`` of its groups and periods.
By default each table's requirements share one query (one scan per table — the fastest form,
and the one the issue's reference timings describe); ``--separate`` runs one query per
requirement instead. No validation, ledger, duplicate-key check or evidence: that is servcheck's
extra work, and the ratio to this baseline is its price.

    python bench/baseline_sql.py bench/data/n1000000-s1-parquet --out /tmp/sql.json
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import Figures, add, save

CSV_READ = {
    "calls": "timestampformat = '%Y/%m/%d %H:%M:%S', types = {'CallID': 'VARCHAR', 'Prio': 'VARCHAR', "
    "'WaitSec': 'INTEGER', 'TalkMs': 'BIGINT', 'QueueEnterTime': 'TIMESTAMP'}",
    "surveys": "timestampformat = '%Y-%m-%dT%H:%M:%S', types = {'SubmittedAt': 'TIMESTAMP', 'Q1_Recommend': 'INTEGER', "
    "'Q2_Satisfied': 'INTEGER', 'Q3_Effort': 'INTEGER'}",
    "outages": "timestampformat = '%Y-%m-%d %H:%M', types = {'DownFrom': 'TIMESTAMP', 'DownTo': 'TIMESTAMP'}",
    "assessments": "types = {'Score': 'DOUBLE', 'AssessedOn': 'DATE'}",
}

VIEWS = {
    "calls": """SELECT QueueName AS queue, Media AS channel, Site AS site, Prio AS priority, Result AS result,
        WaitSec AS wait, TalkMs / 1000 AS talk, QueueEnterTime AS ts,
        date_trunc('day', QueueEnterTime) AS day, date_trunc('month', QueueEnterTime) AS month
        FROM {src} WHERE QueueName <> 'Q_TEST'""",
    "surveys": """SELECT QueueName AS queue, Channel AS channel, Q1_Recommend AS nps, Q2_Satisfied AS csat,
        Q3_Effort AS ces, SubmittedAt AS ts,
        date_trunc('day', SubmittedAt) AS day, date_trunc('month', SubmittedAt) AS month FROM {src}""",
    "outages": "SELECT System AS service, DownFrom AS s, DownTo AS e, DownFrom AS ts FROM {src} "
    "WHERE Type <> 'PLANNED'",
    "assessments": "SELECT ElementCode AS element, Score AS score, AssessedOn::TIMESTAMP AS ts FROM {src}",
}

OFFERED = "(result = 'ANS' OR (result = 'ABN' AND wait >= 5))"


@dataclass
class Req:
    """One requirement: its table, groups, period, and aggregates (name → SQL) with how to read them."""

    id: str
    table: str
    aggregates: dict[str, str]
    kind: str  # share | mean | nps
    group_by: list[str] = field(default_factory=list)
    period: str | None = None

    def sets(self) -> list[tuple[str, ...]]:
        period = [self.period] if self.period else []
        out: list[tuple[str, ...]] = [()]
        if self.group_by:
            out.append(tuple(self.group_by))
        if period:
            out.append(tuple(period))
        if self.group_by and period:
            out.append(tuple(self.group_by + period))
        return out


def share(base: str, ok: str) -> dict[str, str]:
    return {"n": f"count(*) FILTER (WHERE {base})", "ok": f"count(*) FILTER (WHERE ({base}) AND ({ok}))"}


def stat(func: str, column: str, base: str) -> dict[str, str]:
    scope = f"({base}) AND {column} IS NOT NULL"
    return {"n": f"count(*) FILTER (WHERE {scope})", "value": f"{func.format(column)} FILTER (WHERE {scope})"}


REQUIREMENTS = [
    Req("sl-20s-queue-day", "calls", share(OFFERED, "result = 'ANS' AND wait <= 20"), "share", ["queue"], "day"),
    Req("sl-30s-phone-site", "calls", share("channel = 'VOICE' AND result = 'ANS'", "wait <= 30"), "share", ["site"]),
    Req("sl-15s-vip-positive-day", "calls", share(f"queue = 'Q_VIP' AND {OFFERED}", "wait <= 15"), "share", [], "day"),
    Req("answered-2-rings", "calls", share("result = 'ANS'", "wait <= 10"), "share"),
    Req(
        "answered-3-rings-p1-month",
        "calls",
        share("priority = '1' AND result = 'ANS'", "wait <= 15"),
        "share",
        [],
        "month",
    ),
    Req("abandonment-queue", "calls", share(OFFERED, "result = 'ABN'"), "share", ["queue"]),
    Req(
        "abandonment-day-phone-app",
        "calls",
        share(f"channel IN ('VOICE', 'APP') AND {OFFERED}", "result = 'ABN'"),
        "share",
        [],
        "day",
    ),
    Req("asa-queue-day", "calls", stat("avg({})", "wait", "result = 'ANS'"), "mean", ["queue"], "day"),
    Req("talk-p90-queue", "calls", stat("quantile_cont({}, 0.9)", "talk", "result = 'ANS'"), "mean", ["queue"]),
    Req("wait-max-queue", "calls", stat("max({})", "wait", "result = 'ANS'"), "mean", ["queue"]),
    Req(
        "wait-median-billing-tech-month",
        "calls",
        stat("median({})", "wait", "queue IN ('Q_BILLING', 'Q_TECH') AND result = 'ANS'"),
        "mean",
        [],
        "month",
    ),
    Req(
        "nps",
        "surveys",
        {
            "n": "count(*) FILTER (WHERE nps BETWEEN 0 AND 10)",
            "pro": "count(*) FILTER (WHERE nps IN (9, 10))",
            "det": "count(*) FILTER (WHERE nps BETWEEN 0 AND 6)",
        },
        "nps",
    ),
    Req(
        "nps-queue-month",
        "surveys",
        {
            "n": "count(*) FILTER (WHERE nps BETWEEN 0 AND 10)",
            "pro": "count(*) FILTER (WHERE nps IN (9, 10))",
            "det": "count(*) FILTER (WHERE nps BETWEEN 0 AND 6)",
        },
        "nps",
        ["queue"],
        "month",
    ),
    Req("csat-top2-queue-day", "surveys", share("csat BETWEEN 1 AND 5", "csat IN (4, 5)"), "share", ["queue"], "day"),
    Req("csat-mean-phone", "surveys", stat("avg({})", "csat", "channel = 'Voice' AND csat BETWEEN 1 AND 5"), "mean"),
    Req("ces-mean-channel", "surveys", stat("avg({})", "ces", "ces BETWEEN 1 AND 7"), "mean", ["channel"]),
    Req("ces-easy-month", "surveys", share("ces BETWEEN 1 AND 7", "ces IN (1, 2, 3)"), "share", [], "month"),
    Req("element-score", "assessments", stat("avg({})", "score", "score BETWEEN 1 AND 5"), "mean", ["element"]),
]
AVAILABILITY = {"availability-service-month": (["service"], "month"), "availability-overall": ([], None)}


def register(con: duckdb.DuckDBPyConnection, data: Path) -> str:
    """One view per table over the files in ``data`` (Parquet or CSV, whichever is there)."""
    fmt = "parquet" if (data / "calls.parquet").exists() else "csv"
    for table, body in VIEWS.items():
        path = str(data / f"{table}.{fmt}").replace("'", "''")
        src = f"read_parquet('{path}')" if fmt == "parquet" else f"read_csv('{path}', header = true, {CSV_READ[table]})"
        con.execute(f"CREATE OR REPLACE VIEW {table} AS {body.format(src=src)}")
    return fmt


def _label_of(dim: str, value: object) -> object:
    if dim == "day":
        return value.strftime("%Y-%m-%d")  # type: ignore[attr-defined]
    if dim == "month":
        return value.strftime("%Y-%m")  # type: ignore[attr-defined]
    return value


def _read(req: Req, values: dict[str, object]) -> tuple[int, float | None, int | None]:
    n = int(values["n"] or 0)
    if req.kind == "share":
        ok = int(values["ok"] or 0)
        return n, (ok / n if n else None), ok
    if req.kind == "nps":
        return n, (100 * (int(values["pro"]) - int(values["det"])) / n if n else None), None
    return n, (None if values["value"] is None else float(values["value"])), None


def run_query(con: duckdb.DuckDBPyConnection, table: str, reqs: list[Req], out: Figures) -> None:
    """One GROUPING SETS query for ``reqs`` (all on ``table``); GROUPING() tells the sets apart."""
    dims = sorted({d for r in reqs for s in r.sets() for d in s})
    sets = sorted({s for r in reqs for s in r.sets()}, key=lambda s: (len(s), s))
    aggs = [f"{sql} AS r{i}_{name}" for i, r in enumerate(reqs) for name, sql in r.aggregates.items()]
    head = [f"GROUPING({', '.join(dims)}) AS gid", *dims] if dims else []
    group = f" GROUP BY GROUPING SETS ({', '.join('(' + ', '.join(s) + ')' for s in sets)})" if dims else ""
    cursor = con.execute(f"SELECT {', '.join(head + aggs)} FROM {table}{group}")
    names = [d[0] for d in cursor.description]
    for row in cursor.fetchall():
        record = dict(zip(names, row, strict=True))
        grouped = {d for d in dims if not (record.get("gid", 0) >> (len(dims) - 1 - dims.index(d))) & 1}
        for i, r in enumerate(reqs):
            for s in r.sets():
                if set(s) == grouped:
                    values = {name: record[f"r{i}_{name}"] for name in r.aggregates}
                    n, value, ok = _read(r, values)
                    add(out, r.id, {d: _label_of(d, record[d]) for d in s}, n, value, ok)


def data_period(con: duckdb.DuckDBPyConnection) -> tuple[object, object]:
    """First and last local day of any record in any table (servcheck's default audit period)."""
    parts = " UNION ALL ".join(f"SELECT min(ts) AS lo, max(ts) AS hi FROM {t}" for t in VIEWS)
    return con.execute(f"SELECT min(lo)::DATE, max(hi)::DATE FROM ({parts})").fetchone()  # type: ignore[return-value]


def availability(con: duckdb.DuckDBPyConnection, out: Figures) -> None:
    """1 − outage seconds / bucket seconds, outages clipped to the whole period and to each month."""
    first, last = data_period(con)
    whole = "SELECT 'all' AS label, ?::TIMESTAMP AS bs, (?::DATE + 1)::TIMESTAMP AS be"
    months = """SELECT strftime(m, '%Y-%m') AS label, greatest(m, ?::TIMESTAMP) AS bs,
        least(m + INTERVAL 1 MONTH, (?::DATE + 1)::TIMESTAMP) AS be
        FROM range(date_trunc('month', ?::TIMESTAMP), (?::DATE + 1)::TIMESTAMP, INTERVAL 1 MONTH) t(m)"""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE buckets AS {whole} UNION ALL {months}", [first, last, first, last, first, last]
    )
    down = con.execute(
        """SELECT label, service, sum(greatest(0, epoch(least(e, be)) - epoch(greatest(s, bs)))) FROM outages
           JOIN buckets ON s < be AND e > bs GROUP BY ALL"""
    ).fetchall()
    seconds = {label: int(v) for label, v in con.execute("SELECT label, epoch(be) - epoch(bs) FROM buckets").fetchall()}
    by = {(label, service): float(v) for label, service, v in down}
    services = sorted({s for _, s in by})
    for req, (group_by, period) in AVAILABILITY.items():
        total = seconds["all"]
        add(out, req, {}, total, 1 - sum(v for (lb, _), v in by.items() if lb == "all") / total)
        if group_by:
            for s in services:
                add(out, req, {"service": s}, total, 1 - by.get(("all", s), 0.0) / total)
        if period:
            for label, length in seconds.items():
                if label != "all":
                    for s in services:
                        add(out, req, {"service": s, period: label}, length, 1 - by.get((label, s), 0.0) / length)


def compute(data: Path, separate: bool = False, threads: int | None = None) -> Figures:
    """All of the benchmark standard's figures from the files in ``data``."""
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {threads}")
    register(con, data)
    out: Figures = {}
    for table in ("calls", "surveys", "assessments"):
        reqs = [r for r in REQUIREMENTS if r.table == table]
        if separate:
            for r in reqs:
                run_query(con, table, [r], out)
        else:
            run_query(con, table, reqs, out)
    availability(con, out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="folder written by bench/generate.py")
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    parser.add_argument("--separate", action="store_true", help="one query per requirement")
    args = parser.parse_args()
    started = time.perf_counter()
    figures = compute(args.data, args.separate)
    if args.out:
        save(figures, args.out)
    print(f"sql: {sum(map(len, figures.values()))} findings in {time.perf_counter() - started:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
