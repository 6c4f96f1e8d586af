"""Steps shared between requirements and dropped once read for the last time (checker.engine.backend).

Each test runs real steps on DuckDB and then asks the engine's catalogue which relations exist,
so what is asserted is what the engine holds, not what the bookkeeping believes.
"""

from __future__ import annotations

from sqlglot import exp

from checker.engine.backend import SharedSteps, StepLifetimes, materialise_all
from checker.engine.duckdb_backend import DuckDBBackend
from checker.measures.base import Step


def q(sql: str) -> exp.Query:
    return exp.maybe_parse(sql, dialect="duckdb")  # type: ignore[return-value]


def existing(backend: DuckDBBackend) -> set[str]:
    return {r[0] for r in backend.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def two_requirements() -> tuple[list[Step], list[Step]]:
    """Two requirements that sort the same events, then each count them its own way."""
    first = [
        Step("_r0_seq", q("SELECT x, x * 2 AS y FROM range(10) t(x)")),
        Step("_r0_ev", q("SELECT *, x > 4 AS big FROM _r0_seq"), kind="view"),
        Step("_r0_st", q("SELECT x, big FROM _r0_ev AS e WHERE e.y >= 0")),
        Step("_r0_cases", q("SELECT count(*) FILTER (WHERE big) AS n FROM _r0_st")),
    ]
    second = [
        Step("_r1_seq", q("SELECT x, x * 2 AS y FROM range(10) t(x)")),
        Step("_r1_ev", q("SELECT *, x > 4 AS big FROM _r1_seq"), kind="view"),
        Step("_r1_st", q("SELECT x, big FROM _r1_ev AS e WHERE e.y >= 0")),
        Step("_r1_cases", q("SELECT count(*) FILTER (WHERE NOT big) AS n FROM _r1_st")),
    ]
    return first, second


def test_an_aliased_reference_to_a_shared_step_is_shared_too() -> None:
    backend = DuckDBBackend()
    shared = SharedSteps(backend)
    first, second = two_requirements()
    materialise_all(backend, first + second, shared)
    # _r1_st reads "_r1_ev AS e": it matched _r0_st only once the alias survived the renaming
    assert shared.same_as == {"_r1_seq": "_r0_seq", "_r1_ev": "_r0_ev", "_r1_st": "_r0_st"}
    assert backend.con.execute("SELECT n FROM _r1_cases").fetchall() == [(5,)]


def test_tables_are_dropped_after_their_last_reader_and_kept_ones_stay() -> None:
    backend = DuckDBBackend()
    shared = SharedSteps(backend)
    first, second = two_requirements()
    steps = first + second
    lifetimes = StepLifetimes(backend, steps, ["_r0_cases", q("SELECT n FROM _r1_cases")])
    seen = []
    for step in steps:
        materialise_all(backend, [step], shared, lifetimes)
        seen.append(existing(backend))
    # _r0_seq is read through the view _r0_ev by _r0_st, and last when _r1_ev (a view of _r0_ev) is made;
    # _r1_st is a view of _r0_st, so the last reader of _r0_st is _r1_cases
    assert "_r0_seq" in seen[steps.index(second[0])]
    assert "_r0_seq" not in seen[steps.index(second[1])]
    assert "_r0_st" in seen[steps.index(second[2])]
    assert "_r0_st" not in seen[-1]
    assert {"_r0_cases", "_r1_cases"} <= seen[-1]
    assert backend.con.execute("SELECT n FROM _r0_cases").fetchall() == [(5,)]
    assert backend.con.execute("SELECT n FROM _r1_cases").fetchall() == [(5,)]


def test_nothing_is_dropped_once_a_step_has_failed() -> None:
    backend = DuckDBBackend()
    first, _ = two_requirements()
    lifetimes = StepLifetimes(backend, first, ["_r0_cases"])
    lifetimes.stop()
    materialise_all(backend, first, SharedSteps(backend), lifetimes)
    assert {"_r0_seq", "_r0_st", "_r0_cases"} <= existing(backend)
