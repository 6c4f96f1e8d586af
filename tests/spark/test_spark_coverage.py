"""Coverage and the data-quality gate on Spark: the reference-table universe (a DISTINCT query) and
the completeness count (``COUNT(*)``, ``COUNT(field)``) give the report DuckDB gives, byte for byte
apart from ``tool.engine``. The shipped examples' gates and universes are covered by the golden
parity suite (``test_spark_parity.py``)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from checker.audit import AuditRequest, run_audit
from checker.engine.spark_backend import SparkBackend
from checker.report.json_report import render_json

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "audit"))

from audit_kit import CALL_FIELDS, CALLS_HEADER, call, calls_table, csv_text, dataset, result, write_case  # noqa: E402
from audit_kit import requirement as requirement_doc  # noqa: E402
from audit_kit import standard as standard_doc  # noqa: E402
from spark_kit import as_duckdb  # noqa: E402


def test_gate_and_reference_universe_on_spark_as_on_duckdb(tmp_path: Path, spark: SparkBackend) -> None:
    fields = {**CALL_FIELDS, "wait": {**CALL_FIELDS["wait"], "max": 3600}}
    calls = {**calls_table(fields), "quality": {"max_rejected": "10%", "complete": {"queue": "99%"}}}
    queues = {
        "source": ["queues.csv"],
        "key": ["name"],
        "time": "opened",
        "fields": {
            "name": {"column": "name", "required": True},
            "opened": {"column": "opened", "type": "timestamp", "required": True},
        },
    }
    lines = [call(f"g{i}", "answered", 5) for i in range(4)]
    lines += [call("nq", "answered", 5, queue=""), call("bad", "answered", 99999)]
    req = requirement_doc(
        "asa",
        "contact.asa",
        "<= 30s",
        group_by=["queue"],
        expect_groups={"queue": {"table": "queues", "field": "name"}},
    )
    std, data, rules = write_case(
        tmp_path,
        standard_doc(req),
        dataset({"calls": calls, "queues": queues}),
        {
            "calls.csv": csv_text(CALLS_HEADER, lines),
            "queues.csv": "name,opened\ngeneral,2024-04-01 00:00:00\nvip,2024-04-01 00:00:00\n",
        },
    )
    request = AuditRequest(std, data, rules, (dt.date(2024, 4, 1), dt.date(2024, 4, 1)))
    on_spark = run_audit(request, backend=spark)
    r = result(on_spark, "asa")
    # 1 of 6 rejected (16.7% > 10%); queue given in 4 of 5 used rows (80% < 99%); vip has no calls
    gate = on_spark.ledger[0].quality
    assert [(c.check, c.exact, c.passed) for c in gate.checks] == [
        ("rejected", "1/6", False),
        ("complete", "4/5", False),
    ]
    assert r.expected == {"queue": ["general", "vip"]}
    assert r.outcome == "insufficient-data"
    assert as_duckdb(render_json(on_spark)) == render_json(run_audit(request))
