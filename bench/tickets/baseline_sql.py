"""The limit for case timers: the ticket benchmark's figures as hand-written DuckDB SQL.

What an analyst fluent in SQL would write, independently of servcheck's engine:

* **Business time as a running total.** The office calendar becomes one row per working
  interval (each shift of each working date, local → UTC through ``timezone('Europe/Rome', …)``,
  so a clock change moves the UTC hours and not the local ones), with the business seconds of all
  earlier intervals. The business seconds before an instant ``t`` are then an ASOF join:
  ``before + clamp(t - open, 0, close - open)`` of the last interval opening at or before ``t``,
  and the business time from ``s`` to ``e`` is ``B(e) - B(s)``.
* **Cases.** A ticket with a ``cancelled`` event is not counted. Its clock starts at its first
  event (``created``); the first response is its first ``assigned``/``in-progress``/``resolved``
  event; resolution is its first ``resolved`` event, and the clock stops while the ticket's latest
  event is ``waiting`` (each event holds until the next one).
* **Goals** (bench/tickets/standard.yaml): first response P1 1, P2 2, others 8 business hours;
  resolution P1 48 calendar hours, others 16 business hours, waiting time excluded; the 24x7
  variant P1 8 hours and others 5 days of running time. A goal reached exactly is met.
* Per requirement: met / judged overall, per priority, per month of the ticket's creation (local
  time), per priority and month, in one ``GROUPING SETS`` query.

No validation, ledger or evidence: that is servcheck's extra work.

    python bench/tickets/baseline_sql.py bench/data/tickets-n1000000-s1-parquet --out /tmp/sql.json
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb
import holidays

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figures import Figures, add, save

ZONE = "Europe/Rome"
SHIFTS = (("08:30", "12:30"), ("13:30", "17:30"))
H = 3600
GOALS = {  # requirement → (clock, SQL of the goal in seconds by priority)
    "first-response": (
        "response_business",
        f"CASE priority WHEN 'P1' THEN {H} WHEN 'P2' THEN {2 * H} ELSE {8 * H} END",
    ),
    "resolution": (
        "CASE WHEN priority = 'P1' THEN running_calendar ELSE running_business END",
        f"CASE WHEN priority = 'P1' THEN {48 * H} ELSE {16 * H} END",
    ),
    "resolution-calendar-time": ("running_calendar", f"CASE WHEN priority = 'P1' THEN {8 * H} ELSE {5 * 24 * H} END"),
}


def calendar_sql(first: str, last: str) -> str:
    """Working intervals (UTC epoch seconds) of every date from ``first`` to ``last``, with running totals."""
    years = range(int(first[:4]), int(last[:4]) + 1)
    closed = ", ".join(f"DATE '{day}'" for day in sorted(holidays.country_holidays("IT", years=years)))
    shifts = " UNION ALL ".join(f"SELECT TIME '{a}' AS a, TIME '{b}' AS b" for a, b in SHIFTS)
    return f"""
        WITH days AS (SELECT d::DATE AS d FROM range(DATE '{first}', DATE '{last}' + 1, INTERVAL 1 DAY) t(d)),
        open AS (
            SELECT epoch(timezone('{ZONE}', d + a)) AS o, epoch(timezone('{ZONE}', d + b)) AS c
            FROM days, ({shifts}) s
            WHERE isodow(d) <= 5 AND d NOT IN ({closed})
        )
        SELECT o, c, coalesce(sum(c - o) OVER (ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
            AS before FROM open"""


def business_before(instant: str, alias: str) -> str:
    """Business seconds before ``instant`` (needs ``{alias}`` ASOF-joined on ``{alias}.o <= instant``)."""
    return f"coalesce({alias}.before + least(greatest({instant} - {alias}.o, 0), {alias}.c - {alias}.o), 0)"


def figures(data: Path, con: duckdb.DuckDBPyConnection) -> Figures:
    src = str(data / "tickets.parquet").replace("'", "''")
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW ev AS
            SELECT TicketID AS case_id, epoch(timezone('{ZONE}', "Timestamp")) AS t, "Timestamp" AS local_ts,
                   Event AS activity, Priority AS priority FROM read_parquet('{src}')"""
    )
    first, last = con.execute("SELECT min(local_ts)::DATE - 7, max(local_ts)::DATE + 60 FROM ev").fetchone()
    con.execute(f"CREATE OR REPLACE TEMP TABLE cal AS {calendar_sql(str(first), str(last))}")
    con.execute(
        """CREATE OR REPLACE TEMP TABLE cases AS
           SELECT case_id, any_value(priority) AS priority, min(t) AS started,
                  strftime(min(local_ts), '%Y-%m') AS month,
                  min(t) FILTER (WHERE activity IN ('assigned', 'in-progress', 'resolved')) AS responded,
                  min(t) FILTER (WHERE activity = 'resolved') AS resolved
           FROM ev GROUP BY case_id HAVING NOT bool_or(activity = 'cancelled')"""
    )
    # Running stretches of the resolution clock: from each event before the first resolution to the next event,
    # unless that event left the ticket waiting.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE stretches AS
           SELECT e.case_id, e.t AS s, least(e.next_t, k.resolved) AS e
           FROM (SELECT case_id, t, activity, lead(t) OVER (PARTITION BY case_id ORDER BY t) AS next_t FROM ev) e
           JOIN cases k USING (case_id)
           WHERE e.t < k.resolved AND e.activity <> 'waiting'"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE running AS
            SELECT x.case_id, sum(x.e - x.s) AS running_calendar,
                   sum({business_before("x.e", "ce")} - {business_before("x.s", "cs")}) AS running_business
            FROM stretches x ASOF LEFT JOIN cal cs ON cs.o <= x.s ASOF LEFT JOIN cal ce ON ce.o <= x.e
            GROUP BY x.case_id"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE judged AS
            SELECT k.case_id, k.priority, k.month, r.running_calendar, r.running_business,
                   {business_before("k.responded", "re")} - {business_before("k.started", "st")} AS response_business
            FROM cases k JOIN running r USING (case_id)
            ASOF LEFT JOIN cal st ON st.o <= k.started ASOF LEFT JOIN cal re ON re.o <= k.responded"""
    )
    out: Figures = {}
    for req, (clock, goal) in GOALS.items():
        monthly = req != "resolution-calendar-time"  # that requirement has no period
        sets = "(), (priority), (month), (priority, month)" if monthly else "(), (priority)"
        month = "month, grouping(month)" if monthly else "NULL, 1"
        rows = con.execute(
            f"""SELECT priority, {month}, grouping(priority), count(*), count(*) FILTER (WHERE {clock} <= {goal})
                FROM judged GROUP BY GROUPING SETS ({sets})"""
        ).fetchall()
        for priority, month, gm, gp, n, ok in rows:
            group = {**({} if gp else {"priority": priority}), **({} if gm else {"month": month})}
            add(out, req, group, n, ok / n, ok)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    result = figures(args.data, duckdb.connect())
    print(f"in-process {time.perf_counter() - started:.3f} s", file=sys.stderr)
    if args.out:
        save(result, args.out)


if __name__ == "__main__":
    main()
