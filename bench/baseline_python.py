"""Baseline (c): the benchmark standard's figures with a plain Python loop over the CSV rows.

The standard library only (``csv``, ``datetime``, ``statistics``-free arithmetic), one pass per
file accumulating counts and value lists per group: what a script without a data library does.
For small N only (it holds each group's values in lists for the percentiles). CSV only.

    python bench/baseline_python.py bench/data/n100000-s1-csv --out /tmp/python.json
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import Figures, add, save

Row = dict[str, object]


def _sets(group_by: list[str], period: str | None) -> list[tuple[str, ...]]:
    sets: list[tuple[str, ...]] = [()]
    if group_by:
        sets.append(tuple(group_by))
    if period:
        sets.append((period,))
    if group_by and period:
        sets.append((*group_by, period))
    return sets


class Counter:
    """Counts (share/NPS) or values (statistics) per grouping set and group."""

    def __init__(self, req: str, group_by: list[str], period: str | None) -> None:
        self.req, self.sets = req, _sets(group_by, period)
        self.data: dict[tuple[tuple[str, ...], tuple[object, ...]], list] = defaultdict(lambda: [0, 0, 0, []])
        self.seen: set[tuple[tuple[str, ...], tuple[object, ...]]] = set()

    def _keys(self, row: Row) -> list[tuple[tuple[str, ...], tuple[object, ...]]]:
        return [(s, tuple(row[d] for d in s)) for s in self.sets]

    def count(self, row: Row, n: bool, a: bool, b: bool = False) -> None:
        for k in self._keys(row):
            cell = self.data[k]
            cell[0] += n
            cell[1] += a
            cell[2] += b

    def value(self, row: Row, in_scope: bool, value: float | None) -> None:
        if in_scope and value is not None:
            for k in self._keys(row):
                self.data[k][3].append(value)

    def groups(self) -> list[tuple[dict[str, object], list]]:
        return [(dict(zip(s, g, strict=True)), cell) for (s, g), cell in self.data.items()]


def quantile(values: list[float], q: float) -> float:
    """Continuous (linear) interpolation, as DuckDB's quantile_cont and pandas' default."""
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


STATS: dict[str, Callable[[list[float]], float]] = {
    "mean": lambda v: math.fsum(v) / len(v),
    "max": max,
    "median": lambda v: quantile(v, 0.5),
    "p90": lambda v: quantile(v, 0.9),
}


def emit_share(out: Figures, c: Counter) -> None:
    for group, (n, ok, _b, _v) in c.groups():
        add(out, c.req, group, n, ok / n if n else None, ok)


def emit_nps(out: Figures, c: Counter) -> None:
    for group, (n, pro, det, _v) in c.groups():
        add(out, c.req, group, n, 100 * (pro - det) / n if n else None)


def emit_stat(out: Figures, c: Counter, how: str) -> None:
    for group, (_n, _a, _b, values) in c.groups():
        if values:
            add(out, c.req, group, len(values), STATS[how](values))


def _int(text: str) -> int | None:
    return int(text) if text else None


def calls(out: Figures, path: Path, span: list[dt.datetime]) -> None:
    share_reqs = {
        "sl-20s-queue-day": Counter("sl-20s-queue-day", ["queue"], "day"),
        "sl-30s-phone-site": Counter("sl-30s-phone-site", ["site"], None),
        "sl-15s-vip-positive-day": Counter("sl-15s-vip-positive-day", [], "day"),
        "answered-2-rings": Counter("answered-2-rings", [], None),
        "answered-3-rings-p1-month": Counter("answered-3-rings-p1-month", [], "month"),
        "abandonment-queue": Counter("abandonment-queue", ["queue"], None),
        "abandonment-day-phone-app": Counter("abandonment-day-phone-app", [], "day"),
    }
    stats = {
        "asa-queue-day": (Counter("asa-queue-day", ["queue"], "day"), "mean"),
        "talk-p90-queue": (Counter("talk-p90-queue", ["queue"], None), "p90"),
        "wait-max-queue": (Counter("wait-max-queue", ["queue"], None), "max"),
        "wait-median-billing-tech-month": (Counter("wait-median-billing-tech-month", [], "month"), "median"),
    }
    with path.open(newline="", encoding="utf-8") as handle:
        for raw in csv.DictReader(handle):
            if raw["QueueName"] == "Q_TEST":
                continue
            ts = dt.datetime.strptime(raw["QueueEnterTime"], "%Y/%m/%d %H:%M:%S")
            span.append(ts)
            row: Row = {
                "queue": raw["QueueName"],
                "site": raw["Site"] or None,
                "day": ts.strftime("%Y-%m-%d"),
                "month": ts.strftime("%Y-%m"),
            }
            wait, talk_ms = int(raw["WaitSec"]), _int(raw["TalkMs"])
            answered, abandoned = raw["Result"] == "ANS", raw["Result"] == "ABN"
            offered = answered or (abandoned and wait >= 5)
            phone, vip = raw["Media"] == "VOICE", raw["QueueName"] == "Q_VIP"
            share_reqs["sl-20s-queue-day"].count(row, offered, answered and wait <= 20)
            share_reqs["sl-30s-phone-site"].count(row, phone and answered, phone and answered and wait <= 30)
            share_reqs["sl-15s-vip-positive-day"].count(row, vip and offered, vip and offered and wait <= 15)
            share_reqs["answered-2-rings"].count(row, answered, answered and wait <= 10)
            p1 = raw["Prio"] == "1" and answered
            share_reqs["answered-3-rings-p1-month"].count(row, p1, p1 and wait <= 15)
            share_reqs["abandonment-queue"].count(row, offered, offered and abandoned)
            pa = raw["Media"] in ("VOICE", "APP") and offered
            share_reqs["abandonment-day-phone-app"].count(row, pa, pa and abandoned)
            stats["asa-queue-day"][0].value(row, answered, wait)
            stats["talk-p90-queue"][0].value(row, answered, None if talk_ms is None else talk_ms / 1000)
            stats["wait-max-queue"][0].value(row, answered, wait)
            stats["wait-median-billing-tech-month"][0].value(
                row, answered and raw["QueueName"] in ("Q_BILLING", "Q_TECH"), wait
            )
    for c in share_reqs.values():
        emit_share(out, c)
    for c, how in stats.values():
        emit_stat(out, c, how)


def surveys(out: Figures, path: Path, span: list[dt.datetime]) -> None:
    nps_all, nps_qm = Counter("nps", [], None), Counter("nps-queue-month", ["queue"], "month")
    csat_top = Counter("csat-top2-queue-day", ["queue"], "day")
    csat_mean, ces_mean = Counter("csat-mean-phone", [], None), Counter("ces-mean-channel", ["channel"], None)
    ces_easy = Counter("ces-easy-month", [], "month")
    with path.open(newline="", encoding="utf-8") as handle:
        for raw in csv.DictReader(handle):
            ts = dt.datetime.strptime(raw["SubmittedAt"], "%Y-%m-%dT%H:%M:%S")
            span.append(ts)
            row: Row = {
                "queue": raw["QueueName"],
                "channel": raw["Channel"],
                "day": ts.strftime("%Y-%m-%d"),
                "month": ts.strftime("%Y-%m"),
            }
            nps, csat, ces = _int(raw["Q1_Recommend"]), _int(raw["Q2_Satisfied"]), _int(raw["Q3_Effort"])
            valid = nps is not None and 0 <= nps <= 10
            for c in (nps_all, nps_qm):
                c.count(row, valid, valid and nps >= 9, valid and nps <= 6)  # type: ignore[operator]
            ok_csat = csat is not None and 1 <= csat <= 5
            csat_top.count(row, ok_csat, ok_csat and csat >= 4)  # type: ignore[operator]
            csat_mean.value(row, ok_csat and raw["Channel"] == "Voice", csat)
            ok_ces = ces is not None and 1 <= ces <= 7
            ces_mean.value(row, ok_ces, ces)
            ces_easy.count(row, ok_ces, ok_ces and ces <= 3)  # type: ignore[operator]
    for c in (nps_all, nps_qm):
        emit_nps(out, c)
    emit_share(out, csat_top)
    emit_share(out, ces_easy)
    emit_stat(out, csat_mean, "mean")
    emit_stat(out, ces_mean, "mean")


def availability(out: Figures, path: Path, span: list[dt.datetime], assessed: list[dt.datetime]) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        outages = [
            (
                r["System"],
                dt.datetime.strptime(r["DownFrom"], "%Y-%m-%d %H:%M"),
                dt.datetime.strptime(r["DownTo"], "%Y-%m-%d %H:%M"),
            )
            for r in csv.DictReader(handle)
            if r["Type"] != "PLANNED"
        ]
    moments = span + assessed + [s for _, s, _ in outages]
    first = min(moments).replace(hour=0, minute=0, second=0)
    end = max(moments).replace(hour=0, minute=0, second=0) + dt.timedelta(days=1)
    buckets = [("all", first, end)]
    cursor = first.replace(day=1)
    while cursor < end:
        nxt = (cursor + dt.timedelta(days=32)).replace(day=1)
        buckets.append((cursor.strftime("%Y-%m"), max(cursor, first), min(nxt, end)))
        cursor = nxt
    down: dict[tuple[str, str], float] = defaultdict(float)
    for service, start, stop in outages:
        for label, bs, be in buckets:
            if start < be and stop > bs:
                down[(label, service)] += max(0.0, (min(stop, be) - max(start, bs)).total_seconds())
    services = sorted({s for _, s in down})
    total = (end - first).total_seconds()
    for req, monthly in (("availability-service-month", True), ("availability-overall", False)):
        add(out, req, {}, int(total), 1 - sum(v for (lb, _), v in down.items() if lb == "all") / total)
        if monthly:
            for s in services:
                add(out, req, {"service": s}, int(total), 1 - down.get(("all", s), 0.0) / total)
            for label, bs, be in buckets[1:]:
                for s in services:
                    length = (be - bs).total_seconds()
                    add(out, req, {"service": s, "month": label}, int(length), 1 - down.get((label, s), 0.0) / length)


def assessments(out: Figures, path: Path, assessed: list[dt.datetime]) -> None:
    c = Counter("element-score", ["element"], None)
    with path.open(newline="", encoding="utf-8") as handle:
        for raw in csv.DictReader(handle):
            assessed.append(dt.datetime.strptime(raw["AssessedOn"], "%Y-%m-%d"))
            score = float(raw["Score"])
            c.value({"element": raw["ElementCode"]}, 1 <= score <= 5, score)
    emit_stat(out, c, "mean")


def compute(data: Path) -> Figures:
    out: Figures = {}
    span: list[dt.datetime] = []
    assessed: list[dt.datetime] = []
    calls(out, data / "calls.csv", span)
    surveys(out, data / "surveys.csv", span)
    span = [min(span), max(span)]
    assessments(out, data / "assessments.csv", assessed)
    availability(out, data / "outages.csv", span, assessed)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="CSV folder written by bench/generate.py")
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    started = time.perf_counter()
    figures = compute(args.data)
    if args.out:
        save(figures, args.out)
    print(
        f"python: {sum(map(len, figures.values()))} findings in {time.perf_counter() - started:.3f} s", file=sys.stderr
    )


if __name__ == "__main__":
    main()
