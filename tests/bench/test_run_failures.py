"""``bench/run.py --full`` keeps going past a failed part and names it in ``results.md``.

Session 23's run stopped at its last part (a 10,000-requirement audit that crashed DuckDB) and its
results had to be rebuilt from ``runs-partial.json`` by hand: every part is now attempted, and the
failures are listed at the top of the results and make the run exit 3.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]


def _run_module() -> ModuleType:
    """``bench/run.py``, loaded without leaving its imports behind: it puts ``bench/`` first on
    ``sys.path`` and imports ``generate`` from there, a name ``examples/generate.py`` is imported
    under by the example tests (whichever comes first would win). A module of that name imported
    before is set aside while ``run.py`` loads, and put back after."""
    path = list(sys.path)
    siblings = {p.stem for p in (REPO / "bench").glob("*.py")}
    hidden = {name: sys.modules.pop(name) for name in siblings & set(sys.modules)}
    before = set(sys.modules)
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = path
        for name in set(sys.modules) - before - {spec.name}:
            if getattr(sys.modules[name], "__file__", "") and str(REPO / "bench") in sys.modules[name].__file__:
                del sys.modules[name]
        sys.modules.update(hidden)
    return module


RUN = _run_module()


def test_a_failing_part_is_recorded_and_the_next_part_runs() -> None:
    failures: list[str] = []
    done: list[str] = []

    def crash() -> None:
        raise RuntimeError("servcheck audit failed (136):\nFatal Python error: Floating point exception")

    RUN.attempt("many requirements", crash, failures)
    RUN.attempt("small commands", lambda: done.append("small"), failures)
    assert done == ["small"]
    assert failures == [
        "many requirements: servcheck audit failed (136):\nFatal Python error: Floating point exception"
    ]


def test_a_disagreeing_baseline_is_a_failure_too() -> None:
    failures: list[str] = []
    RUN.attempt("records n=100,000 csv", lambda: (_ for _ in ()).throw(SystemExit("sql disagrees")), failures)
    assert failures == ["records n=100,000 csv: sql disagrees"]


def test_the_results_name_each_failure_by_its_first_and_last_lines() -> None:
    tickets = "tickets: failed (1):\n  Traceback …\n\n  duckdb.OutOfMemoryException: x\n"
    section = RUN.failed_section([tickets, "small: boom"])
    assert section == [
        "## Failed parts (their figures are missing below)",
        "",
        "- tickets: failed (1): … duckdb.OutOfMemoryException: x",
        "- small: boom",
        "",
    ]
    assert RUN.failed_section([]) == []
