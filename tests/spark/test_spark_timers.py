"""The case-timer benchmark standard on Spark gives DuckDB's report bytes, one shared per-case table included.

``bench/tickets/standard.yaml`` has three timers on one ticket event log with no deadline goal, so the
audit makes their per-case tables as one (``<prefix>_cg_all``, :mod:`checker.engine.case_tables`)
and picks the reopened cases' events out once (``<prefix>_ox``). No golden example has such timers:
without this test that path would run on Spark in no test. A few thousand generated events
(waiting stretches, reopenings, cancellations, split shifts, holidays, both clock changes) exercise
every branch; the DuckDB run is recorded to prove the shared table was made.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from checker.audit import AuditRequest, run_audit
from checker.engine.spark_backend import SparkBackend
from checker.report.json_report import render_json

REPO = Path(__file__).resolve().parents[2]
TICKETS = REPO / "bench" / "tickets"
sys.path.insert(0, str(REPO / "tests" / "spark"))
sys.path.insert(0, str(REPO / "tests" / "cases"))

from case_kit import Recording  # noqa: E402
from spark_kit import as_duckdb  # noqa: E402


@pytest.fixture(scope="module")
def ticket_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("bench_tickets_data", TICKETS / "tickets_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(3000, seed=3, root=tmp_path_factory.mktemp("tickets"))


def test_ticket_timers_with_one_per_case_table_are_byte_identical_on_spark(
    ticket_log: Path, spark: SparkBackend
) -> None:
    request = AuditRequest(TICKETS / "standard.yaml", ticket_log / "dataset.yaml")
    recorded = Recording()
    on_duckdb = render_json(run_audit(request, backend=recorded))
    shared = [name for name, kind, _sql in recorded.made if name.endswith("_cg_all") and kind == "table"]
    assert len(shared) == 1, [name for name, _kind, _sql in recorded.made]
    assert any(name.endswith("_ox") for name, _kind, _sql in recorded.made)
    assert as_duckdb(render_json(run_audit(request, backend=spark))) == on_duckdb
