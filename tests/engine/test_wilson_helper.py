"""The Wilson intervals computed by the helper process are scipy's, to the last bit.

Why: an audit no longer imports scipy.stats itself; a child interpreter does, on the other core,
and sends the intervals back as text (:mod:`checker.engine.wilson`). The references are scipy's
public ``binomtest().proportion_ci`` and the Wilson formula written out by hand; the helper's
figures must also equal, exactly, the ones this process computes with the same function (a
report must not change with the process that computed its intervals).
"""

from __future__ import annotations

import math

import pytest
from scipy.stats import binomtest

from checker.engine.wilson import Helper, Intervals, wilson_function

GRID = [(k, n) for n in (1, 2, 3, 7, 30, 100, 411, 17640) for k in sorted({0, 1, n // 3, n // 2, n - 1, n})]


def by_hand(k: int, n: int) -> tuple[float, float]:
    """Wilson score interval without continuity correction, z = Φ⁻¹(0.975); 0 and 1 at the ends."""
    z, p = 1.959963984540054, k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (0.0 if k == 0 else centre - half, 1.0 if k == n else centre + half)


@pytest.fixture
def helper():
    made = Helper()
    assert made.start(even_if_loaded=True)  # this test process has scipy.stats loaded already
    yield made
    made.stop()


def test_the_helper_gives_scipys_intervals_bit_for_bit(helper: Helper) -> None:
    intervals = Intervals(helper)
    intervals.prefetch(GRID)
    assert helper.answered and not helper.failed
    local = wilson_function()
    for k, n in GRID:
        got = intervals.get(k, n)
        assert got == tuple(float(x) for x in local(k, n))  # exactly: repr text reads back the same double
        ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert got == pytest.approx((ci.low, ci.high), abs=1e-12)
        assert got == pytest.approx(by_hand(k, n), abs=1e-12)


def test_two_of_three_by_hand(helper: Helper) -> None:
    # p = 2/3, n = 3: centre (0.666667 + 0.640243) / 2.280486 = 0.573084, half 0.365424
    low, high = Intervals(helper).get(2, 3)
    assert (round(low, 4), round(high, 4)) == (0.2077, 0.9385)


def test_one_exchange_answers_every_pair_and_later_asks_send_only_new_pairs(helper: Helper) -> None:
    intervals = Intervals(helper)
    sent: list[list[tuple[int, int]]] = []
    ask = helper.ask
    helper.ask = lambda pairs: sent.append(pairs) or ask(pairs)  # type: ignore[method-assign]
    intervals.prefetch([(5, 10), (5, 10), (1, 3), (0, 0)])  # a repeat, and n = 0 (no interval)
    intervals.prefetch([(1, 3), (2, 3)])
    assert intervals.get(5, 10) == intervals.get(5, 10)
    assert sent == [[(1, 3), (5, 10)], [(2, 3)]]


def test_a_helper_that_dies_at_once_falls_back_to_scipy_here() -> None:
    broken = Helper(["/bin/sh", "-c", "exit 0"])
    assert broken.start(even_if_loaded=True)
    intervals = Intervals(broken)
    assert intervals.get(96, 100) == pytest.approx(by_hand(96, 100), abs=1e-12)
    assert broken.failed and broken.proc is None
    assert not broken.start(even_if_loaded=True)  # not tried again in this process


def test_a_helper_that_cannot_start_falls_back_to_scipy_here() -> None:
    missing = Helper(["/nonexistent/python"])
    assert not missing.start(even_if_loaded=True)
    assert Intervals(missing).get(0, 7) == pytest.approx(by_hand(0, 7), abs=1e-12)


def test_no_helper_starts_where_scipy_is_already_loaded() -> None:
    # the golden-case suite imports scipy.stats once: computing here then costs nothing more
    idle = Helper()
    assert not idle.start()
    assert idle.proc is None


def test_cancel_kills_a_helper_that_has_not_answered(helper: Helper) -> None:
    proc = helper.proc
    assert proc is not None
    helper.cancel()
    assert helper.proc is None
    assert proc.returncode is not None  # ended and reaped, not left running


def test_a_checker_package_in_the_working_directory_is_not_the_one_the_helper_loads(tmp_path, monkeypatch) -> None:
    # another checkout's `checker` (without this module) in the working directory used to shadow ours
    decoy = tmp_path / "checker"
    (decoy / "engine").mkdir(parents=True)
    (decoy / "__init__.py").write_text("raise ImportError('the decoy was imported')\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    made = Helper()
    assert made.start(even_if_loaded=True)
    try:
        assert Intervals(made).get(96, 100) == pytest.approx(by_hand(96, 100), abs=1e-12)
        assert made.answered and not made.failed
    finally:
        made.stop()


def test_a_helper_that_never_answers_does_not_hang_the_audit() -> None:
    # a child that reads nothing and says nothing: after `patience` seconds the interval is computed here
    silent = Helper(["/bin/sh", "-c", "sleep 60"], patience=0.5)
    assert silent.start(even_if_loaded=True)
    proc = silent.proc
    assert Intervals(silent).get(30, 100) == pytest.approx(by_hand(30, 100), abs=1e-12)
    assert silent.failed and silent.proc is None
    assert proc is not None and proc.returncode is not None  # killed and reaped


def test_the_child_imports_scipy_with_its_collector_resting_then_freezes_it() -> None:
    """The child's program, run to the end of its input: it answered, scipy.stats' objects were frozen
    (tens of thousands), and its collector runs again for whatever comes after."""
    import gc
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from checker.engine.wilson import CHILD

    program = CHILD + "import gc\nprint(json.dumps([gc.get_freeze_count(), gc.isenabled()]))\n"
    program = program.replace("import sys\n", "import json, sys\n", 1)
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH"))))}
    done = subprocess.run(
        [sys.executable, "-c", program], input="[[2, 3]]\n", capture_output=True, text=True, env=env, check=True
    )
    answer, state = done.stdout.splitlines()
    ((low, high),) = json.loads(answer)
    assert (round(low, 4), round(high, 4)) == (0.2077, 0.9385)
    frozen, enabled = json.loads(state)
    assert frozen > 50_000 and enabled is True
    assert gc.get_freeze_count() == 0  # this process, which imported the same module, froze nothing
