"""Case timers in idiomatic vectorised pandas: what a data analyst would write without servcheck.

The same definitions as ``baseline_sql.py`` (read its docstring), written the pandas way:

* the office calendar as sorted NumPy arrays of working intervals (UTC seconds) with the business
  seconds before each, so the business seconds before any instant are one ``np.searchsorted``
  and a clamp, for all instants at once;
* events sorted by ticket and time; per ticket ``groupby(...).agg`` for the first event, first
  response and first resolution; running stretches from ``shift(-1)`` within a ticket;
* figures with ``groupby`` sums over the four grouping sets. No ``apply``, no Python loop over rows.

    python bench/tickets/baseline_pandas.py bench/data/tickets-n1000000-s1-parquet --out /tmp/pandas.json
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import holidays
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figures import Figures, add, save

ZONE = "Europe/Rome"
SHIFTS = (("08:30", "12:30"), ("13:30", "17:30"))
H = 3600


def working_intervals(first: pd.Timestamp, last: pd.Timestamp) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(opens, closes, business seconds before each open): UTC epoch seconds, sorted by open."""
    days = pd.date_range(first.normalize(), last.normalize(), freq="D")
    closed = set(holidays.country_holidays("IT", years=range(first.year, last.year + 1)))
    days = days[(days.dayofweek < 5) & ~pd.Index(days.date).isin(closed)]
    opens, closes = [], []
    for start, stop in SHIFTS:  # local wall-clock → UTC through the zone: a clock change moves the UTC hours
        opens.append((days + pd.Timedelta(f"{start}:00")).tz_localize(ZONE).as_unit("s").asi8)
        closes.append((days + pd.Timedelta(f"{stop}:00")).tz_localize(ZONE).as_unit("s").asi8)
    o, c = np.concatenate(opens), np.concatenate(closes)
    order = np.argsort(o)
    o, c = o[order], c[order]
    before = np.concatenate([[0], np.cumsum(c - o)[:-1]])
    return o, c, before


def business_before(t: np.ndarray, o: np.ndarray, c: np.ndarray, before: np.ndarray) -> np.ndarray:
    """Business seconds before each instant of ``t``: the last interval opening at or before it, clamped."""
    i = np.searchsorted(o, t, side="right") - 1
    inside = np.clip(t - o[np.maximum(i, 0)], 0, (c - o)[np.maximum(i, 0)])
    return np.where(i >= 0, before[np.maximum(i, 0)] + inside, 0)


def figures(data: Path) -> Figures:
    ev = pd.read_parquet(data / "tickets.parquet")
    ev.columns = ["case_id", "local", "activity", "priority"]
    ev["t"] = ev["local"].dt.tz_localize(ZONE).dt.as_unit("s").astype("int64")
    ev = ev.sort_values(["case_id", "t"], kind="stable")
    calendar = working_intervals(ev["local"].min() - pd.Timedelta(days=7), ev["local"].max() + pd.Timedelta(days=60))

    by_case = ev.groupby("case_id", sort=False)
    cases = pd.DataFrame(
        {
            "priority": by_case["priority"].first(),
            "started": by_case["t"].min(),
            "month": by_case["local"].min().dt.strftime("%Y-%m"),
            "cancelled": ev["activity"].eq("cancelled").groupby(ev["case_id"], sort=False).any(),
            "responded": ev["t"]
            .where(ev["activity"].isin(["assigned", "in-progress", "resolved"]))
            .groupby(ev["case_id"], sort=False)
            .min(),
            "resolved": ev["t"].where(ev["activity"].eq("resolved")).groupby(ev["case_id"], sort=False).min(),
        }
    )
    cases = cases[~cases["cancelled"]]

    ev["next_t"] = by_case["t"].shift(-1)
    ev = ev.join(cases["resolved"], on="case_id", how="inner")
    run = ev[(ev["t"] < ev["resolved"]) & ev["activity"].ne("waiting")]
    s = run["t"].to_numpy()
    e = np.fmin(run["next_t"].to_numpy(dtype="float64"), run["resolved"].to_numpy(dtype="float64")).astype("int64")
    stretch = pd.DataFrame(
        {
            "case_id": run["case_id"].to_numpy(),
            "calendar": e - s,
            "business": business_before(e, *calendar) - business_before(s, *calendar),
        }
    )
    running = stretch.groupby("case_id", sort=False)[["calendar", "business"]].sum()
    cases = cases.join(running, how="inner")
    response = business_before(cases["responded"].to_numpy(dtype="int64"), *calendar) - business_before(
        cases["started"].to_numpy(dtype="int64"), *calendar
    )
    p1, p2 = cases["priority"].eq("P1").to_numpy(), cases["priority"].eq("P2").to_numpy()
    met = {
        "first-response": response <= np.where(p1, H, np.where(p2, 2 * H, 8 * H)),
        "resolution": np.where(p1, cases["calendar"], cases["business"]) <= np.where(p1, 48 * H, 16 * H),
        "resolution-calendar-time": cases["calendar"].to_numpy() <= np.where(p1, 8 * H, 5 * 24 * H),
    }
    out: Figures = {}
    for req, ok in met.items():
        frame = pd.DataFrame({"priority": cases["priority"].to_numpy(), "month": cases["month"].to_numpy(), "ok": ok})
        monthly = req != "resolution-calendar-time"  # that requirement has no period
        sets = [[], ["priority"], ["month"], ["priority", "month"]] if monthly else [[], ["priority"]]
        for dims in sets:
            if not dims:
                add(out, req, {}, len(frame), frame["ok"].mean(), int(frame["ok"].sum()))
                continue
            grouped = frame.groupby(dims)["ok"].agg(["size", "sum"])
            for labels, (n, k) in grouped.iterrows():
                labels = labels if isinstance(labels, tuple) else (labels,)
                add(out, req, dict(zip(dims, labels, strict=True)), int(n), k / n, int(k))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    result = figures(args.data)
    print(f"in-process {time.perf_counter() - started:.3f} s", file=sys.stderr)
    if args.out:
        save(result, args.out)


if __name__ == "__main__":
    main()
