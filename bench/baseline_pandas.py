"""Baseline (b): the benchmark standard's figures in pandas, as a competent analyst writes them.

Vectorised throughout: only the needed columns are read (pyarrow for Parquet and CSV), each
requirement is boolean masks summed per group with ``groupby(...).sum()`` or a built-in
``groupby`` aggregation (``mean``, ``max``, ``median``, ``quantile``) — no ``apply`` over rows
or groups. Group labels are formatted on the (small) grouped results, never per row.

    python bench/baseline_pandas.py bench/data/n1000000-s1-parquet --out /tmp/pandas.json
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import Figures, add, save

COLUMNS = {
    "calls": ["QueueName", "Media", "Site", "Prio", "Result", "WaitSec", "TalkMs", "QueueEnterTime"],
    "surveys": ["QueueName", "Channel", "Q1_Recommend", "Q2_Satisfied", "Q3_Effort", "SubmittedAt"],
    "outages": ["System", "Type", "DownFrom", "DownTo"],
    "assessments": ["ElementCode", "Score", "AssessedOn"],
}
TIME = {
    "calls": ("QueueEnterTime", "%Y/%m/%d %H:%M:%S"),
    "surveys": ("SubmittedAt", "%Y-%m-%dT%H:%M:%S"),
    "outages": ("DownFrom", "%Y-%m-%d %H:%M"),
    "assessments": ("AssessedOn", "%Y-%m-%d"),
}


def read(data: Path, table: str) -> pd.DataFrame:
    parquet = data / f"{table}.parquet"
    if parquet.exists():
        return pd.read_parquet(parquet, columns=COLUMNS[table])
    frame = pd.read_csv(
        data / f"{table}.csv",
        usecols=COLUMNS[table],
        engine="pyarrow",
        dtype={"Prio": "str", "Q3_Effort": "float64", "TalkMs": "float64"},
    )
    column, fmt = TIME[table]
    frame[column] = pd.to_datetime(frame[column], format=fmt)
    if table == "outages":
        frame["DownTo"] = pd.to_datetime(frame["DownTo"], format=fmt)
    return frame


def _labels(dims: list[str], index: object) -> dict[str, object]:
    values = index if isinstance(index, tuple) else (index,)
    out = {}
    for d, v in zip(dims, values, strict=True):
        if pd.isna(v):
            out[d] = None
        elif d == "day":
            out[d] = pd.Timestamp(v).strftime("%Y-%m-%d")
        elif d == "month":
            out[d] = pd.Timestamp(v).strftime("%Y-%m")
        else:
            out[d] = v
    return out


def _sets(group_by: list[str], period: str | None) -> list[list[str]]:
    sets: list[list[str]] = [[]]
    if group_by:
        sets.append(group_by)
    if period:
        sets.append([period])
    if group_by and period:
        sets.append([*group_by, period])
    return sets


def counts(
    out: Figures,
    req: str,
    df: pd.DataFrame,
    masks: dict[str, pd.Series],
    group_by: list[str],
    period: str | None,
    finish: object,
) -> None:
    """Sum boolean masks per group (every group of the table, as servcheck reports them)."""
    frame = pd.DataFrame({name: m.astype("int64") for name, m in masks.items()})
    for dims in _sets(group_by, period):
        if not dims:
            finish(out, req, {}, frame.sum())  # type: ignore[operator]
            continue
        summed = frame.join(df[dims]).groupby(dims, dropna=False, observed=True, sort=False)[list(masks)].sum()
        for index, row in summed.iterrows():  # one row per group, not per record
            finish(out, req, _labels(dims, index), row)  # type: ignore[operator]


def share_of(base: pd.Series, ok: pd.Series) -> dict[str, pd.Series]:
    return {"n": base, "ok": base & ok}


def finish_share(out: Figures, req: str, group: dict, row: pd.Series) -> None:
    n, ok = int(row["n"]), int(row["ok"])
    add(out, req, group, n, ok / n if n else None, ok)


def finish_nps(out: Figures, req: str, group: dict, row: pd.Series) -> None:
    n = int(row["n"])
    add(out, req, group, n, 100 * (int(row["pro"]) - int(row["det"])) / n if n else None)


def statistic(
    out: Figures,
    req: str,
    df: pd.DataFrame,
    column: str,
    scope: pd.Series,
    how: str,
    group_by: list[str],
    period: str | None,
) -> None:
    """mean/max/median/pNN of ``column`` over ``scope`` per group, with built-in groupby aggregations."""
    sub = df.loc[scope & df[column].notna()]
    for dims in _sets(group_by, period):
        if not dims:
            values = sub[column]
            result = values.quantile(float(how[1:]) / 100) if how.startswith("p") else getattr(values, how)()
            add(out, req, {}, len(values), result if len(values) else None)
            continue
        grouped = sub.groupby(dims, dropna=False, observed=True, sort=False)[column]
        result = grouped.quantile(float(how[1:]) / 100) if how.startswith("p") else grouped.agg(how)
        sizes = grouped.size()
        for index, value in result.items():
            add(out, req, _labels(dims, index), int(sizes[index]), float(value))


def calls_figures(out: Figures, calls: pd.DataFrame) -> None:
    calls = calls[calls["QueueName"] != "Q_TEST"]
    calls = calls.assign(
        day=calls["QueueEnterTime"].dt.floor("D"),
        month=calls["QueueEnterTime"].values.astype("datetime64[M]"),
        talk=calls["TalkMs"] / 1000,
    )
    result, wait = calls["Result"], calls["WaitSec"]
    answered, abandoned = result == "ANS", result == "ABN"
    offered = answered | (abandoned & (wait >= 5))
    phone, vip = calls["Media"] == "VOICE", calls["QueueName"] == "Q_VIP"
    calls = calls.rename(columns={"QueueName": "queue", "Site": "site"})
    counts(out, "sl-20s-queue-day", calls, share_of(offered, answered & (wait <= 20)), ["queue"], "day", finish_share)
    counts(out, "sl-30s-phone-site", calls, share_of(phone & answered, wait <= 30), ["site"], None, finish_share)
    counts(out, "sl-15s-vip-positive-day", calls, share_of(vip & offered, wait <= 15), [], "day", finish_share)
    counts(out, "answered-2-rings", calls, share_of(answered, wait <= 10), [], None, finish_share)
    counts(
        out,
        "answered-3-rings-p1-month",
        calls,
        share_of((calls["Prio"] == "1") & answered, wait <= 15),
        [],
        "month",
        finish_share,
    )
    counts(out, "abandonment-queue", calls, share_of(offered, abandoned), ["queue"], None, finish_share)
    counts(
        out,
        "abandonment-day-phone-app",
        calls,
        share_of(calls["Media"].isin(["VOICE", "APP"]) & offered, abandoned),
        [],
        "day",
        finish_share,
    )
    statistic(out, "asa-queue-day", calls, "WaitSec", answered, "mean", ["queue"], "day")
    statistic(out, "talk-p90-queue", calls, "talk", answered, "p90", ["queue"], None)
    statistic(out, "wait-max-queue", calls, "WaitSec", answered, "max", ["queue"], None)
    statistic(
        out,
        "wait-median-billing-tech-month",
        calls,
        "WaitSec",
        calls["queue"].isin(["Q_BILLING", "Q_TECH"]) & answered,
        "median",
        [],
        "month",
    )


def surveys_figures(out: Figures, surveys: pd.DataFrame) -> None:
    surveys = surveys.rename(columns={"QueueName": "queue", "Channel": "channel"}).assign(
        day=surveys["SubmittedAt"].dt.floor("D"), month=surveys["SubmittedAt"].values.astype("datetime64[M]")
    )
    nps, csat, ces = surveys["Q1_Recommend"], surveys["Q2_Satisfied"], surveys["Q3_Effort"]
    nps_masks = {"n": nps.between(0, 10), "pro": nps.isin([9, 10]), "det": nps.between(0, 6)}
    counts(out, "nps", surveys, nps_masks, [], None, finish_nps)
    counts(out, "nps-queue-month", surveys, nps_masks, ["queue"], "month", finish_nps)
    valid_csat, valid_ces = csat.between(1, 5), ces.between(1, 7)
    counts(out, "csat-top2-queue-day", surveys, share_of(valid_csat, csat.isin([4, 5])), ["queue"], "day", finish_share)
    statistic(
        out, "csat-mean-phone", surveys, "Q2_Satisfied", (surveys["channel"] == "Voice") & valid_csat, "mean", [], None
    )
    statistic(out, "ces-mean-channel", surveys, "Q3_Effort", valid_ces, "mean", ["channel"], None)
    counts(out, "ces-easy-month", surveys, share_of(valid_ces, ces.isin([1, 2, 3])), [], "month", finish_share)


def availability(out: Figures, outages: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> None:
    """Outage seconds clipped to the whole period and to each month (a cross join of outages × buckets)."""
    outages = outages[outages["Type"] != "PLANNED"]
    end = last + pd.Timedelta(days=1)
    starts = pd.date_range(first.to_period("M").to_timestamp(), end, freq="MS", inclusive="left")
    buckets = pd.DataFrame(
        {
            "label": ["all", *starts.strftime("%Y-%m")],
            "bs": [first, *np.maximum(starts.to_numpy(), first.to_datetime64())],
            "be": [end, *np.minimum((starts + pd.offsets.MonthBegin(1)).to_numpy(), end.to_datetime64())],
        }
    )
    seconds = dict(zip(buckets["label"], (buckets["be"] - buckets["bs"]).dt.total_seconds(), strict=True))
    joined = outages.merge(buckets, how="cross")
    overlap = np.minimum(joined["DownTo"], joined["be"]) - np.maximum(joined["DownFrom"], joined["bs"])
    joined = joined.assign(down=overlap.dt.total_seconds().clip(lower=0))
    joined = joined[(joined["DownFrom"] < joined["be"]) & (joined["DownTo"] > joined["bs"])]
    down = joined.groupby(["label", "System"])["down"].sum().to_dict()
    services = sorted({s for _, s in down})
    total = seconds["all"]
    for req, monthly in (("availability-service-month", True), ("availability-overall", False)):
        add(out, req, {}, int(total), 1 - sum(v for (lb, _), v in down.items() if lb == "all") / total)
        if monthly:
            for s in services:
                add(out, req, {"service": s}, int(total), 1 - down.get(("all", s), 0.0) / total)
            for label, length in seconds.items():
                if label != "all":
                    for s in services:
                        add(
                            out,
                            req,
                            {"service": s, "month": label},
                            int(length),
                            1 - down.get((label, s), 0.0) / length,
                        )


def compute(data: Path) -> Figures:
    out: Figures = {}
    calls = read(data, "calls")
    surveys = read(data, "surveys")
    outages = read(data, "outages")
    assessments = read(data, "assessments")
    times = [
        calls.loc[calls["QueueName"] != "Q_TEST", "QueueEnterTime"],
        surveys["SubmittedAt"],
        outages.loc[outages["Type"] != "PLANNED", "DownFrom"],
        pd.to_datetime(assessments["AssessedOn"]),
    ]
    first = min(t.min() for t in times).normalize()
    last = max(t.max() for t in times).normalize()
    calls_figures(out, calls)
    del calls
    surveys_figures(out, surveys)
    availability(out, outages, first, last)
    scores = assessments.rename(columns={"ElementCode": "element"})
    statistic(out, "element-score", scores, "Score", scores["Score"].between(1, 5), "mean", ["element"], None)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="folder written by bench/generate.py")
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    started = time.perf_counter()
    figures = compute(args.data)
    if args.out:
        save(figures, args.out)
    print(
        f"pandas: {sum(map(len, figures.values()))} findings in {time.perf_counter() - started:.3f} s", file=sys.stderr
    )


if __name__ == "__main__":
    main()
