"""Benchmark ticket events: service-desk lifecycles, vectorised, 10^5 … 10^7 events.

Each ticket is created (80% in office hours, the rest at any hour, any day of 2025 up to
30 November), gets a first response (``in-progress``, or ``assigned`` then ``in-progress``) after
an exponential delay whose mean depends on its priority, may wait on the customer once or twice
(``waiting`` … ``in-progress``), is resolved — or cancelled (2%) —, is reopened and resolved again in
5% of cases, and is closed a few days later. Every event of a ticket is at least one second after
the one before, so the order of a case never rests on a tie-break.

Timestamps are local wall-clock times in Europe/Rome (the dataset's zone). Tickets with an event in
the hour a clock change skips or repeats (the last Sundays of March and October, 02:00–03:00) are
dropped: a naive local time there is missing or ambiguous, and every engine would need the same
guess. The calendar still spans both changes, so business time crosses them.

Why numpy and not ``examples/servgen``: ten million events in a few seconds, with no per-row
Python; the distributions are plain and stated here, which is all a timing benchmark needs.

    python bench/tickets/tickets_data.py --events 1000000 --seed 1
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
EVENTS_PER_TICKET = 5.45  # measured mean of the lifecycle below; used to size the first draw
PRIORITIES = np.array(["P1", "P2", "P3", "P4"])
PRIORITY_SHARE = [0.05, 0.20, 0.50, 0.25]
FIRST_RESPONSE_MEAN_H = np.array([0.5, 2.0, 6.0, 10.0])
WORK_MEAN_H = np.array([4.0, 12.0, 24.0, 36.0])
YEAR_START = np.datetime64("2025-01-01T00:00:00", "s")
CREATION_DAYS = 334  # 2025-01-01 … 2025-11-30
DST_DAYS = (np.datetime64("2025-03-30", "D"), np.datetime64("2025-10-26", "D"))


def data_dir(events: int, seed: int, root: Path = DATA) -> Path:
    return root / f"tickets-n{events}-s{seed}-parquet"


def _seconds(rng: np.random.Generator, mean_hours: np.ndarray | float, size: int) -> np.ndarray:
    """Exponential delays of at least one second."""
    return np.maximum(1, np.rint(rng.exponential(mean_hours, size) * 3600)).astype(np.int64)


def lifecycles(tickets: int, seed: int) -> dict[str, np.ndarray]:
    """One row per event of ``tickets`` tickets: case index, local time (s), activity, priority."""
    rng = np.random.default_rng(seed)
    day = rng.integers(0, CREATION_DAYS, tickets)
    office = rng.random(tickets) < 0.8
    second_of_day = np.where(office, rng.integers(8 * 3600, 18 * 3600, tickets), rng.integers(0, 86400, tickets))
    created = day * 86400 + second_of_day
    prio = rng.choice(4, tickets, p=PRIORITY_SHARE)

    slots: list[tuple[str, np.ndarray, np.ndarray]] = []  # (activity, delay from previous slot, present)
    everyone = np.ones(tickets, bool)
    slots.append(("created", np.zeros(tickets, np.int64), everyone))
    assigned_first = rng.random(tickets) < 0.3
    slots.append(("assigned", _seconds(rng, FIRST_RESPONSE_MEAN_H[prio], tickets), assigned_first))
    in_progress_delay = np.where(
        assigned_first, _seconds(rng, 0.5, tickets), _seconds(rng, FIRST_RESPONSE_MEAN_H[prio], tickets)
    )
    slots.append(("in-progress", in_progress_delay, everyone))
    waits = rng.choice(3, tickets, p=[0.6, 0.3, 0.1])
    for round_ in (1, 2):
        present = waits >= round_
        slots.append(("waiting", _seconds(rng, 2.0, tickets), present))
        slots.append(("in-progress", _seconds(rng, 8.0, tickets), present))
    cancelled = rng.random(tickets) < 0.02
    final = _seconds(rng, WORK_MEAN_H[prio], tickets)
    slots.append(("resolved", final, ~cancelled))
    slots.append(("cancelled", final, cancelled))
    reopened = (rng.random(tickets) < 0.05) & ~cancelled
    slots.append(("reopened", _seconds(rng, 48.0, tickets), reopened))
    slots.append(("in-progress", _seconds(rng, 1.0, tickets), reopened))
    slots.append(("resolved", _seconds(rng, 8.0, tickets), reopened))
    slots.append(("closed", _seconds(rng, 48.0, tickets), ~cancelled))

    delays = np.stack([np.where(p, d, 0) for _, d, p in slots], axis=1)
    times = created[:, None] + np.cumsum(delays, axis=1)
    present = np.stack([p for _, _, p in slots], axis=1)
    activity = np.array([name for name, _, _ in slots])

    local = YEAR_START + times.astype("timedelta64[s]")
    hour = (local - local.astype("datetime64[D]")).astype(np.int64) // 3600
    on_change_day = np.isin(local.astype("datetime64[D]"), DST_DAYS)
    bad = (present & on_change_day & (hour == 2)).any(axis=1)
    present &= ~bad[:, None]

    case, slot = np.nonzero(present)  # row-major: a ticket's events in lifecycle (= time) order
    return {"case": case, "local": local[case, slot], "activity": activity[slot], "priority": PRIORITIES[prio[case]]}


def generate(events: int, seed: int, root: Path = DATA) -> Path:
    """Write ``events`` events (cut at a ticket boundary at or past ``events``) to ``tickets.parquet``."""
    out = data_dir(events, seed, root)
    if (out / ".done").exists():
        return out
    tickets = int(events / EVENTS_PER_TICKET * 1.1) + 100
    rows = lifecycles(tickets, seed)
    ends = np.flatnonzero(np.diff(rows["case"])) + 1  # first row of each ticket after the first
    cut = int(ends[np.searchsorted(ends, events)]) if events < len(rows["case"]) else len(rows["case"])
    ids = np.char.add("T", np.char.zfill(rows["case"][:cut].astype(str), 8))
    table = pa.table(
        {
            "TicketID": pa.array(ids),
            "Timestamp": pa.array(rows["local"][:cut]),
            "Event": pa.array(rows["activity"][:cut]),
            "Priority": pa.array(rows["priority"][:cut]),
        }
    )
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    pq.write_table(table, out / "tickets.parquet", row_group_size=1_000_000)
    shutil.copy(HERE / "dataset.yaml", out / "dataset.yaml")
    (out / ".done").write_text(f"{cut} events\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    out = generate(args.events, args.seed)
    print(f"{out}: {(out / '.done').read_text().strip()} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
