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
    as_of: str | None = None  # ISO 8601: judge open cases as of this instant; later events are not read
    cases: Path | None = None  # write the per-case verdicts here (.csv or .parquet)
    waivers: tuple[Path, ...] = ()  # waiver files (kind: waivers) applied after judging
    lang: str | None = None  # language of the problems that stop the audit (default: the standard's first)


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


def parse_instant(text: str, zone: str) -> dt.datetime:
    """An ISO 8601 instant as naive UTC; without an offset it is read in the dataset's ``zone``.

    >>> parse_instant("2026-04-10T12:00:00+02:00", "UTC")
    datetime.datetime(2026, 4, 10, 10, 0)
    >>> parse_instant("2026-04-10 12:00", "Europe/Rome")
    datetime.datetime(2026, 4, 10, 10, 0)
    """
    try:
        at = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"instant {text!r}: write ISO 8601, e.g. 2026-04-10T12:00 or 2026-04-10T12:00+02:00") from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=ZoneInfo(zone))
    return at.astimezone(dt.UTC).replace(tzinfo=None)
