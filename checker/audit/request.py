"""Stage 1, the request: what the auditor asked for, checked before anything is read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from checker.engine.run import EVIDENCE_LIMIT

Progress = Callable[[str, int, int], None]
"""Called with (what is being done, steps done, steps in all) as the audit advances."""


@dataclass(frozen=True)
class AuditRequest:
    standard: Path
    dataset: Path
    rules: tuple[Path, ...] = ()
    period: tuple[dt.date, dt.date] | None = None
    evidence_limit: int = EVIDENCE_LIMIT
    distributions: bool = False  # histograms of waits/times for the HTML report's charts (one more scan each)
    engine: str = "duckdb"  # the backend the audit runs on: duckdb (embedded) or spark (checker.engine.backends)
    spark_master: str | None = None  # Spark's master URL (default local[*]); only with engine spark
    spark_remote: str | None = None  # a Spark Connect URL (sc://host:15002); default: SPARK_REMOTE


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """``2024-08-01..2024-08-15`` (both days included, in the dataset's time zone)."""
    try:
        first, last = (dt.date.fromisoformat(part.strip()) for part in text.split(".."))
    except ValueError:
        raise ValueError(f"period {text!r}: write FROM..TO as dates, e.g. 2024-08-01..2024-08-15") from None
    if last < first:
        raise ValueError(f"period {text!r} ends before it starts")
    return first, last


def utc_bounds(period: tuple[dt.date, dt.date], zone: str) -> tuple[dt.datetime, dt.datetime]:
    """The period's local days as naive-UTC instants [start of first day, start of the day after the last)."""
    tz = ZoneInfo(zone)
    start = dt.datetime.combine(period[0], dt.time(), tz)
    end = dt.datetime.combine(period[1] + dt.timedelta(days=1), dt.time(), tz)
    return tuple(m.astimezone(dt.UTC).replace(tzinfo=None) for m in (start, end))  # type: ignore[return-value]
