"""Spark against DuckDB on the same audits: every golden case's report JSON byte for byte (apart from
``tool.engine``), the HTML report with its distribution charts, the ledger of a malformed CSV line,
and the CLI's ``--engine spark``.

The DuckDB side of each golden case is its golden file, which ``tests/golden/test_golden_reports.py``
pins to a fresh DuckDB run; comparing with the file spares a second audit per case. The Spark tests
share one session (``conftest.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.audit import AuditRequest, run_audit
from checker.cli import cli
from checker.engine.spark_backend import SparkBackend
from checker.report.html import render_html
from checker.report.json_report import render_json

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "audit"))
sys.path.insert(0, str(REPO / "tests"))

from audit_kit import CALL_FIELDS, calls_table, csv_text, dataset, finding, requirement, result, standard, write_case  # noqa: E402
from golden.cases import CASES, WAIVERS  # noqa: E402
from spark_kit import as_duckdb  # noqa: E402

BLOCKED_BY_SPARK_SOURCES: dict[str, str] = {}
"""Golden cases that differ on Spark only because of how Spark loads their sources (the sources work
of issue 10), with the reason; each is still run below and must differ, so a fix shows up here.
Empty: every golden case gives DuckDB's bytes."""


def test_every_golden_case_is_in_the_parity_suite() -> None:
    assert sorted(CASES) == sorted(PARITY_CASES)
    assert not set(BLOCKED_BY_SPARK_SOURCES) - set(CASES)


PARITY_CASES = sorted(CASES)


@pytest.mark.parametrize("name", PARITY_CASES)
def test_report_is_byte_identical_to_duckdb(name: str, spark: SparkBackend) -> None:
    """Record measures (service level with grouping sets, rates, percentiles, NPS/CSAT/CES, the ISO
    23592 assessment, availability), case timers on business calendars (ASOF joins), follow-up,
    case paths (list functions), evidence and the ledger: on Spark the report DuckDB gives."""
    standard_path, dataset_path = CASES[name]
    waivers = tuple(REPO / path for path in WAIVERS.get(name, ()))
    request = AuditRequest(REPO / standard_path, REPO / dataset_path, waivers=waivers)
    on_spark = as_duckdb(render_json(run_audit(request, backend=spark)))
    on_duckdb = (REPO / f"tests/golden/{name}.json").read_text(encoding="utf-8")
    if name in BLOCKED_BY_SPARK_SOURCES:
        assert on_spark != on_duckdb, f"{name} now matches: take it out of BLOCKED_BY_SPARK_SOURCES"
    else:
        assert on_spark == on_duckdb


def test_html_report_and_its_charts_are_byte_identical(spark: SparkBackend) -> None:
    """The distribution charts (nice bins over the 99th percentile, clipped tail) are counted on
    Spark as on DuckDB: the report JSON with its histograms, and so the HTML page, are the same."""
    standard_path, dataset_path = CASES["contact-centre"]
    request = AuditRequest(REPO / standard_path, REPO / dataset_path, distributions=True)
    on_spark, on_duckdb = run_audit(request, backend=spark), run_audit(request)
    charted = [r.histogram for c in on_duckdb.clauses for r in c.requirements if r.histogram is not None]
    assert len(charted) >= 2  # ASA and the talk-time P90 at least: the comparison is not vacuous
    assert all(sum(h.counts) > 0 and len(h.edges) == len(h.counts) + 1 for h in charted)
    assert as_duckdb(render_json(on_spark)) == render_json(on_duckdb)
    assert render_html(on_spark) == render_html(on_duckdb)


def test_cross_table_kpis_over_a_period_cut_are_byte_identical(spark: SparkBackend) -> None:
    """The cross-table KPIs of clause 6 (complaints per 1,000 calls stacked from two tables, survey
    responses joined to their calls, repeat calls by window ``lead()``) with an auditor's period that
    cuts both ends: responses and repeat calls after the period still count (their records are
    outside it), calls whose window runs past the data's end are pending, channels with complaints
    and no calls have no rate."""
    import datetime as dt

    standard_path, dataset_path = CASES["contact-centre"]
    period = (dt.date(2024, 4, 3), dt.date(2024, 4, 12))  # the data run to 2024-04-14: 3-day windows from 04-12 pend
    request = AuditRequest(REPO / standard_path, REPO / dataset_path, (), period)
    on_spark, on_duckdb = run_audit(request, backend=spark), run_audit(request)
    cross = {"complaint-rate", "survey-coverage", "survey-within-2h", "first-contact-resolution"}
    found = {r.id: r for c in on_duckdb.clauses for r in c.requirements if r.id in cross}
    assert set(found) == cross and all(r.outcome != "error" for r in found.values())
    assert found["first-contact-resolution"].overall.counts["pending"] > 0  # the convention is exercised
    assert any(g.value is None and g.counts["complaints"] > 0 for g in found["complaint-rate"].groups)
    assert as_duckdb(render_json(on_spark)) == render_json(on_duckdb)


HEADER = "call_id,offered_at,outcome,wait,talk,queue"
FIELDS = {
    **CALL_FIELDS,
    "outcome": {"column": "outcome", "required": True, "values": {"ANS": "answered", "ABN": "abandoned"}},
    "wait": {"column": "wait", "type": "duration", "unit": "s", "max": 3600},
}
LINES = [
    "good1,2024-04-01 09:00:00,ANS,5,60,general",
    "good2,2024-04-02 09:00:00,ANS,30,60,general",
    "toomany,2024-04-01 09:00:00,ANS,5,60,general,EXTRA",  # 7 fields for 6: line 4 of the file
    "good3,2024-04-03 09:00:00,ANS,8,60,general",
]


def test_malformed_csv_line_is_rejected_in_the_ledger_as_on_duckdb(tmp_path: Path, spark: SparkBackend) -> None:
    calls = calls_table(FIELDS)
    by_10s = requirement("by-10s", "contact.answered-within", ">= 50%", params={"threshold": "10s"})
    std, data, rules = write_case(
        tmp_path, standard(by_10s), dataset({"calls": calls}), {"calls.csv": csv_text(HEADER, LINES)}
    )
    request = AuditRequest(std, data, rules)
    on_spark = run_audit(request, backend=spark)
    (ledger,) = on_spark.ledger
    # 4 data records: 3 used, the malformed one rejected under its reason, named by its line
    assert (ledger.read, ledger.used) == (4, 3)
    assert [(r.reason, r.count) for r in ledger.rejected] == [("malformed CSV line", 1)]
    assert "line 4" in " ".join(ledger.rejected[0].examples)
    # good1 (5 s) and good3 (8 s) meet 10 s, good2 (30 s) does not → 2/3
    assert finding(result(on_spark, "by-10s")).exact == "2/3"
    assert as_duckdb(render_json(on_spark)) == render_json(run_audit(request))


def test_cli_engine_spark_writes_the_duckdb_report_but_for_the_engine(tmp_path: Path) -> None:
    """``servcheck audit … --engine spark --format json:OUT`` (its own process and Spark session) on
    the service desk (case timers on a business calendar) against the same command on DuckDB."""
    args = ["audit", "--lang", "en", "standards/service-desk.yaml", "--data", "examples/service-desk/dataset.yaml"]
    on_duckdb = tmp_path / "duckdb.json"
    ran = CliRunner().invoke(cli, [*args, "--format", f"json:{on_duckdb}"])
    assert ran.exit_code == 1, ran.output  # the example has its planted breaches: nonconformities
    on_spark = tmp_path / "spark.json"
    servcheck = Path(sys.executable).with_name("servcheck")
    done = subprocess.run(
        [str(servcheck), *args, "--engine", "spark", "--format", f"json:{on_spark}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "PYSPARK_PYTHON": sys.executable},
        timeout=600,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert json.loads(on_duckdb.read_text(encoding="utf-8"))["tool"]["engine"] == "duckdb"
    assert as_duckdb(on_spark.read_text(encoding="utf-8")) == on_duckdb.read_text(encoding="utf-8")
