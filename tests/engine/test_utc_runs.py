"""Wall-clock → UTC by runs of one offset (checker.engine.utc_runs) agrees with ``zoneinfo``.

Every wall time every five minutes from three hours before to three hours after each clock change
of two years, in zones with a spring gap and an autumn fold of one hour (Rome, New York, Sydney in
the southern hemisphere) and of half an hour (Lord Howe), plus a zone that never changes (Kolkata).
The expected instant is ``zoneinfo``'s reading (``fold=0``: the first occurrence of a repeated time,
the offset before a skipped one), worked out in Python, not by the code under test.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlglot import exp

from checker.engine import dialect
from checker.engine.duckdb_backend import DuckDBBackend
from checker.engine.utc_runs import MAX_HOURS, Run, runs_from, runs_query, span_ok, whole_months, within

ZONES = ["Europe/Rome", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata"]


def _reference(wall: datetime, zone: str) -> datetime:
    return wall.replace(tzinfo=ZoneInfo(zone), fold=0).astimezone(UTC).replace(tzinfo=None)


def _changes(zone: str, years: range) -> list[datetime]:
    """The UTC instants (on the quarter hour) at which the zone's offset changes, by zoneinfo."""
    tz, step = ZoneInfo(zone), timedelta(minutes=15)
    at, end, found = datetime(years.start, 1, 1, tzinfo=UTC), datetime(years.stop, 1, 1, tzinfo=UTC), []
    while at < end:
        if (at + step).astimezone(tz).utcoffset() != at.astimezone(tz).utcoffset():
            found.append(at + step)
        at += step
    return found


def _walls(zone: str) -> list[datetime]:
    tz = ZoneInfo(zone)
    walls = [datetime(2023, 1, 1, 0, 0, 7), datetime(2023, 7, 14, 12, 34, 56), datetime(2024, 12, 31, 23, 59, 59)]
    for change in _changes(zone, range(2023, 2025)):
        local = change.astimezone(tz).replace(tzinfo=None)
        for minutes in range(-180, 185, 5):
            instant = change + timedelta(minutes=minutes, seconds=13)
            walls.append(instant.astimezone(tz).replace(tzinfo=None))  # both passes of a repeated time
            walls.append(local + timedelta(minutes=minutes))  # wall arithmetic: the skipped times too
    return walls


def _convert(backend: DuckDBBackend, walls: list[datetime], runs: tuple[Run, ...], zone: str) -> list[datetime]:
    backend.con.execute("CREATE OR REPLACE TABLE w (i INTEGER, v TIMESTAMP)")
    backend.con.executemany("INSERT INTO w VALUES (?, ?)", list(enumerate(walls)))
    converted = dialect.to_utc(exp.column("v", quoted=True), zone, runs).sql("duckdb")
    return [row[0] for row in backend.con.execute(f"SELECT {converted} FROM w ORDER BY i").fetchall()]


@pytest.mark.parametrize("zone", ZONES)
def test_runs_agree_with_zoneinfo_across_gaps_and_folds(zone: str) -> None:
    backend = DuckDBBackend()
    backend.con.execute("SET TimeZone = 'UTC'")
    walls = _walls(zone)
    runs = runs_from(backend.tuples(runs_query(zone, min(walls), max(walls))))
    assert runs, "a span of two years has runs"
    # the runs cover nearly the whole span: all but a few hours around each change
    covered = sum(((r.end - r.start) for r in runs), timedelta())
    changes = len(_changes(zone, range(2023, 2025)))
    assert max(walls) - min(walls) - covered <= timedelta(hours=3 * changes + 2)
    # no run holds a wall time whose offset zoneinfo gives differently (the hour of each change is left out)
    for run in runs:
        assert _reference(run.start, zone) - run.start == timedelta(seconds=run.offset_s)
    assert _convert(backend, walls, runs, zone) == [_reference(w, zone) for w in walls]


def test_rome_leaves_the_changing_hours_to_the_expression() -> None:
    backend = DuckDBBackend()
    runs = runs_from(backend.tuples(runs_query("Europe/Rome", datetime(2024, 3, 1), datetime(2024, 11, 30, 12, 5))))
    # 31 Mar 2024 02:00 CET → 03:00 CEST; 27 Oct 2024 03:00 CEST → 02:00 CET (02:00–03:00 twice)
    assert [(r.start, r.end, r.offset_s) for r in runs] == [
        (datetime(2024, 3, 1), datetime(2024, 3, 31, 2), -3600),
        (datetime(2024, 3, 31, 3), datetime(2024, 10, 27, 1), -7200),
        (datetime(2024, 10, 27, 3), datetime(2024, 11, 30, 13), -3600),
    ]


def test_a_wrong_run_would_show() -> None:
    """The comparison above can fail: a run given the summer offset in winter moves winter times."""
    backend = DuckDBBackend()
    backend.con.execute("SET TimeZone = 'UTC'")
    wrong = (Run(datetime(2024, 1, 1), datetime(2024, 2, 1), -7200),)
    got = _convert(backend, [datetime(2024, 1, 15, 10)], wrong, "Europe/Rome")
    assert got != [_reference(datetime(2024, 1, 15, 10), "Europe/Rome")]


def test_long_or_empty_spans_have_no_runs() -> None:
    assert not span_ok(None, datetime(2024, 1, 1))
    assert not span_ok(datetime(1900, 1, 1), datetime(1900, 1, 1) + timedelta(hours=MAX_HOURS + 1))
    assert span_ok(datetime(2024, 1, 1), datetime(2024, 1, 1))
    assert runs_from([(datetime(2024, 1, 1), datetime(2024, 1, 2), 1_500_000)]) == ()  # not whole seconds


@pytest.mark.parametrize(
    ("zone", "months"),
    [
        # 2024's changes (walls from three hours before to three after): 10 Mar and 3 Nov in New
        # York, 7 Apr and 6 Oct at Lord Howe
        ("America/New_York", (datetime(2024, 3, 1), datetime(2024, 11, 30, 23))),
        ("Australia/Lord_Howe", (datetime(2024, 4, 1), datetime(2024, 10, 31, 23))),
    ],
)
def test_runs_of_whole_months_kept_within_a_span_agree_with_zoneinfo(
    zone: str, months: tuple[datetime, datetime]
) -> None:
    """Runs asked for the calendar months and cut to a span convert the span's times as zoneinfo does."""
    backend = DuckDBBackend()
    walls = [w for w in _walls(zone) if datetime(2024, 2, 1) <= w <= datetime(2024, 12, 15)]
    low, high = min(walls), max(walls)
    assert whole_months(low, high) == months
    everything = runs_from(backend.tuples(runs_query(zone, *months)), most=None)
    kept = within(everything, low, high)
    assert kept and len(kept) <= len(everything)
    assert all(r.start <= high and r.end > low for r in kept)
    assert _convert(backend, walls, kept, zone) == [_reference(w, zone) for w in walls]


def test_within_drops_runs_outside_the_span_and_too_many() -> None:
    runs = tuple(
        Run(datetime(2024, 1, 1) + timedelta(days=d), datetime(2024, 1, 2) + timedelta(days=d), 0) for d in range(60)
    )
    assert within(runs, datetime(2024, 1, 3, 12), datetime(2024, 1, 4)) == (runs[2], runs[3])
    assert within(runs, datetime(2023, 1, 1), datetime(2023, 2, 1)) == ()
    assert within(runs, datetime(2024, 1, 1), datetime(2024, 3, 1)) == ()  # 60 > MAX_RUNS: row by row
    assert len(runs_from([(r.start, r.end, 0) for r in runs], most=None)) == 60
    assert runs_from([(r.start, r.end, 0) for r in runs]) == ()


def test_a_span_in_the_last_year_is_converted_row_by_row() -> None:
    """Its hours would end after 9999-12-31 23:00, which is no date: no runs are asked."""
    assert not span_ok(datetime(9999, 3, 1), datetime(9999, 12, 31, 23, 30))
    assert span_ok(datetime(9998, 3, 1), datetime(9998, 12, 31, 23, 30))


def test_only_an_engine_that_keeps_the_runs_converts_by_them() -> None:
    from checker.engine.duckdb_backend import DuckDBBackend
    from checker.engine.utc_runs import converts_by_runs

    class RowByRow(DuckDBBackend):
        utc_runs = False

    assert converts_by_runs(DuckDBBackend())
    assert not converts_by_runs(RowByRow())  # an engine can say no
    assert not converts_by_runs(object())  # no memo, no runs: converted row by row
