"""The timer on generated ticket lifecycles equals two independent computations of the same figures.

``bench/tickets`` holds a generator of service-desk lifecycles (waiting stretches, reopenings,
cancellations, creation at any hour) and two baselines written without servcheck's engine: DuckDB
SQL and pandas, both computing business time as the difference of a running total of working
seconds (servcheck intersects intervals instead). The calendar has split shifts, Italian public
holidays and spans both 2025 clock changes in Europe/Rome. A few thousand events exercise every
path; the benchmark times the same comparison at 10^5 … 10^7.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import duckdb

from checker.audit import AuditRequest, run_audit

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _module(path: Path) -> ModuleType:
    sys.path.insert(0, str(BENCH))  # the baselines import bench/figures.py
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


def test_timer_figures_equal_hand_written_sql_and_pandas(tmp_path: Path) -> None:
    tickets = _module(BENCH / "tickets" / "tickets_data.py")
    figures = _module(BENCH / "figures.py")
    data = tickets.generate(6000, seed=7, root=tmp_path)
    report = run_audit(AuditRequest(standard=BENCH / "tickets" / "standard.yaml", dataset=data / "dataset.yaml"))
    ours = figures.from_report(json.loads(report.model_dump_json(by_alias=True)))
    sql = _module(BENCH / "tickets" / "baseline_sql.py").figures(data, duckdb.connect())
    pandas = _module(BENCH / "tickets" / "baseline_pandas.py").figures(data)

    assert figures.differences(ours, sql) == []
    assert figures.differences(ours, pandas) == []
    judged, met = ours["first-response"][""][0], ours["first-response"][""][2]
    assert 900 < judged < 1200 and 0 < met < judged  # about 6000 / 5.45 tickets, 2% cancelled; some breached
    assert 0 < ours["resolution"][""][2] < judged
