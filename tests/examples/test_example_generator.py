"""The example-data generator: byte-for-byte determinism, stream independence, shapes, and its math."""

from __future__ import annotations

import csv
import random
import sys
from datetime import date
from pathlib import Path

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "contact-centre"
sys.path.insert(0, str(ROOT / "examples"))

import generate  # noqa: E402
from servgen import Scenario, csv_to_parquet, write_csv_tables  # noqa: E402
from servgen.arrivals import poisson  # noqa: E402
from servgen.call_rows import clock  # noqa: E402
from servgen.staffing import agents_needed, erlang_c  # noqa: E402

SMALL = Scenario(seed=3, days=3, calls_per_day=400)


def _bytes(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first = _bytes(write_csv_tables(tmp_path / "a", SMALL)["calls"].parent)
    second = _bytes(write_csv_tables(tmp_path / "b", SMALL)["calls"].parent)
    assert first == second
    assert set(first) == {"calls.csv", "surveys.csv", "complaints.csv", "outages.csv", "assessments.csv"}


def test_another_seed_gives_other_calls(tmp_path: Path) -> None:
    a = write_csv_tables(tmp_path / "a", SMALL, ["calls"])["calls"].read_bytes()
    b = write_csv_tables(tmp_path / "b", Scenario(seed=4, days=3, calls_per_day=400), ["calls"])
    assert a != b["calls"].read_bytes()


def test_committed_example_is_what_the_cli_generates(tmp_path: Path) -> None:
    argv = ["--out", str(tmp_path), "--seed", "7", "--days", "14", "--calls-per-day", "1500"]
    assert generate.main(argv) == 0
    for name in ("calls.csv", "surveys.csv", "complaints.csv", "outages.csv", "assessments.csv", "breaches.yaml"):
        assert (tmp_path / name).read_bytes() == (EXAMPLE / name).read_bytes(), name


def test_example_is_small_enough_to_ship() -> None:
    total = sum(p.stat().st_size for p in EXAMPLE.glob("*.csv"))
    assert total < 3 * 1024 * 1024


def test_a_table_subset_does_not_change_the_calls(tmp_path: Path) -> None:
    """Each table draws from its own stream, so calls alone equal the calls of a full run."""
    alone = write_csv_tables(tmp_path / "alone", SMALL, ["calls"])
    full = write_csv_tables(tmp_path / "full", SMALL)
    assert alone["calls"].read_bytes() == full["calls"].read_bytes()
    assert sorted(alone) == ["calls"]


def test_cli_refuses_unknown_tables(tmp_path: Path, capsys) -> None:
    assert generate.main(["--out", str(tmp_path), "--tables", "calls,cals"]) == 2
    assert "cals" in capsys.readouterr().err
    assert not (tmp_path / "calls.csv").exists()


def test_parquet_copy_keeps_every_row(tmp_path: Path) -> None:
    calls = write_csv_tables(tmp_path, SMALL, ["calls"])["calls"]
    parquet = csv_to_parquet(calls, tmp_path / "calls.parquet")
    lines = calls.read_text(encoding="utf-8").count("\n") - 1
    with duckdb.connect() as con:
        count = con.execute("SELECT count(*) FROM read_parquet(?)", [str(parquet)]).fetchall()
    assert count == [(lines,)]


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    days=st.integers(1, 3),
    volume=st.integers(30, 600),
    breaches=st.booleans(),
)
def test_call_rows_are_coherent(seed: int, days: int, volume: int, breaches: bool, tmp_path_factory) -> None:
    """Whatever the scenario: codes known, agent and talk exactly on answered calls, ids unique,
    time order kept, every call inside the scenario's days, the voicemail cut-off respected."""
    scenario = Scenario(seed=seed, days=days, calls_per_day=volume, **({} if breaches else {"breaches": None}))
    out = tmp_path_factory.mktemp("gen")
    rows = _rows(write_csv_tables(out, scenario, ["calls"])["calls"])
    days_seen = {r["QueueEnterTime"][:10] for r in rows}
    assert days_seen <= {scenario.day(i).strftime("%Y/%m/%d") for i in range(days)}
    assert len({r["CallID"] for r in rows}) == len(rows)
    assert [r["QueueEnterTime"] for r in rows] == sorted(r["QueueEnterTime"] for r in rows)
    for r in rows:
        assert r["Result"] in {"ANS", "ABN", "VM"}
        answered = r["Result"] == "ANS"
        assert bool(r["AgentID"]) == answered and bool(r["TalkMs"]) == answered
        assert 0 <= int(r["WaitSec"]) <= 300
        if r["Result"] == "VM":
            assert r["WaitSec"] == "300"


def test_clock_truncates_to_whole_seconds() -> None:
    assert clock(0) == "00:00:00"
    assert clock(3661.99) == "01:01:01"
    assert clock(23 * 3600 + 59 * 60 + 59.5) == "23:59:59"


def test_erlang_c_matches_hand_computation() -> None:
    # M/M/2 with 1 Erlang: Erlang B = (1/2)/(1 + 1 + 1/2) = 0.2; C = 2·0.2 / (2 − 1·0.8) = 1/3.
    assert abs(erlang_c(2, 1.0) - 1 / 3) < 1e-12
    # M/M/1: P(wait) = utilisation.
    assert abs(erlang_c(1, 0.7) - 0.7) < 1e-12
    assert erlang_c(3, 3.0) == 1.0


def test_staffing_meets_its_own_risk_with_the_fewest_agents() -> None:
    # 60 calls/h × 240 s = 4 Erlangs.
    agents = agents_needed(60, 240, threshold=6, risk=0.015)
    late = erlang_c(agents, 4.0) * 2.718281828459045 ** (-(agents - 4.0) * 6 / 240)
    fewer = erlang_c(agents - 1, 4.0) * 2.718281828459045 ** (-(agents - 5.0) * 6 / 240)
    assert late <= 0.015 < fewer


def test_poisson_draws_have_the_requested_mean() -> None:
    rng = random.Random(1)
    for mean in (0.5, 8.0, 200.0):
        draws = [poisson(rng, mean) for _ in range(4000)]
        average = sum(draws) / len(draws)
        # 5 standard errors of the mean (sd = sqrt(mean)).
        assert abs(average - mean) < 5 * (mean / len(draws)) ** 0.5
    assert poisson(rng, 0.0) == 0


def test_weekends_are_quieter_than_weekdays() -> None:
    rows = _rows(EXAMPLE / "calls.csv")
    per_day: dict[str, int] = {}
    for r in rows:
        per_day[r["QueueEnterTime"][:10]] = per_day.get(r["QueueEnterTime"][:10], 0) + 1
    weekday = [n for d, n in per_day.items() if date(*map(int, d.split("/"))).weekday() < 5]
    weekend = [n for d, n in per_day.items() if date(*map(int, d.split("/"))).weekday() >= 5]
    assert len(weekday) == 10 and len(weekend) == 4
    assert max(weekend) < min(weekday) * 0.7


def test_weekday_traffic_has_two_peaks() -> None:
    """Morning (9–11) and afternoon (14–16) hours both beat the lunch hour 12–13."""
    rows = _rows(EXAMPLE / "calls.csv")
    hours = [0] * 24
    for r in rows:
        if date(*map(int, r["QueueEnterTime"][:10].split("/"))).weekday() < 5:
            hours[int(r["QueueEnterTime"][11:13])] += 1
    assert hours[10] > hours[12] * 1.3 and hours[15] > hours[12] * 1.3
    assert hours[7] < hours[10] / 3 and sum(hours[:7]) == 0
