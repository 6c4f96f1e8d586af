"""The Spark backend over Spark Connect: a client session with no JVM and no RDDs, talking gRPC to a
Connect server (the server jar ships with pyspark 4) that runs as a plugin of the tests' local Spark
(``conftest.py``) on a port picked at start-up. The contact-centre golden case must give DuckDB's
report bytes, and a CSV read by Spark must be numbered and set aside as on a classic session.

One Connect session serves the module. Its client is made by pyspark's Connect builder, not by
:func:`~checker.engine.spark_backend.start_session`, which (as pyspark) refuses a Connect session
beside the classic one of this process; ``SPARK_CONNECT_MODE_ENABLED``, which pyspark sets so that
its functions build Connect columns, is set for the module and restored afterwards.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.audit import AuditRequest, run_audit
from checker.engine.spark_backend import SparkBackend, is_connect
from checker.report.json_report import render_json

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "audit"))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "spark"))
from audit_kit import calls_table, csv_text, dataset, requirement, standard, write_case  # noqa: E402
from golden.cases import CASES  # noqa: E402
from spark_kit import as_duckdb  # noqa: E402


@pytest.fixture(scope="module")
def connect(connect_url: str) -> Iterator[SparkBackend]:
    from pyspark.sql.connect.session import SparkSession as ConnectSession

    saved = dict(os.environ)
    os.environ["SPARK_CONNECT_MODE_ENABLED"] = "1"  # what pyspark's builder sets for a Connect session
    session = ConnectSession.builder.remote(connect_url).appName("servcheck").getOrCreate()
    try:
        yield SparkBackend(session)
    finally:
        session.stop()
        os.environ.clear()
        os.environ.update(saved)


def test_the_session_is_a_connect_client_and_the_backend_needs_no_jvm_handle(connect: SparkBackend) -> None:
    """A Connect client has no RDDs and no SparkContext: the backend's modules use neither."""
    assert is_connect(connect.spark)
    for module in ("spark_backend.py", "spark_readers.py"):
        code = re.sub(r"``[^`]*``", "", (REPO / "checker/engine" / module).read_text(encoding="utf-8"))
        assert re.search(r"\.rdd\b|sparkContext", code) is None, module


def test_contact_centre_over_connect_is_byte_identical_to_duckdb(connect: SparkBackend) -> None:
    standard_path, dataset_path = CASES["contact-centre"]
    request = AuditRequest(REPO / standard_path, REPO / dataset_path)
    golden = (REPO / "tests/golden/contact-centre.json").read_text(encoding="utf-8")
    assert render_json(run_audit(request)) == golden  # the reference, pinned
    assert as_duckdb(render_json(run_audit(request, backend=connect))) == golden


def test_a_malformed_csv_line_over_connect_is_rejected_as_on_duckdb(tmp_path: Path, connect: SparkBackend) -> None:
    lines = [
        "c1,2024-04-01 09:00:00,answered,5,60,general",
        "c2,2024-04-01 09:00:00,answered,5,60",  # line 3: a field missing
        "c3,2024-04-01 09:10:00,answered,30,60,general",
    ]
    by_10s = requirement("by-10s", "contact.answered-within", ">= 90%", params={"threshold": "10s"})
    header = "call_id,offered_at,outcome,wait,talk,queue"
    std, data, rules = write_case(
        tmp_path, standard(by_10s), dataset({"calls": calls_table()}), {"calls.csv": csv_text(header, lines)}
    )
    request = AuditRequest(std, data, rules)
    on_connect = run_audit(request, backend=connect)
    (ledger,) = on_connect.ledger
    assert (ledger.read, ledger.used) == (3, 2)
    # the line is quoted as written (file line 3: the header is line 1)
    assert ledger.rejected[0].examples == [f"calls.csv line 3: missing columns: {lines[1]!r}"]
    assert as_duckdb(render_json(on_connect)) == render_json(run_audit(request))
