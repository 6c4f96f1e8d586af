"""The benchmark standard at 10^5 calls on Spark and on DuckDB, and exact percentiles on both.

The benchmark's 20 requirements cover every aggregate measure (service level with three abandon
policies, shares, rates, mean/p90/median/max, NPS, CSAT, CES, availability, assessment) grouped by
queue/site/channel/service/element per day and month, with where-filters, over data made by
``bench/generate.py`` (servgen's base replicated by DuckDB — a core dependency; no pandas). The
session is the one of ``conftest.py``. On 2 busy cores this module takes about a minute or more;
Spark's per-statement cost, not the data, is most of it.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import parse_one

from checker.audit import AuditRequest, run_audit
from checker.engine.spark_backend import SparkBackend
from checker.engine.spark_sql import to_spark
from checker.report.json_report import render_json

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"
sys.path.insert(0, str(REPO / "tests" / "spark"))

from spark_kit import as_duckdb  # noqa: E402


def _bench_module(name: str) -> ModuleType:
    """``bench/<name>.py`` under a name of its own: ``examples/generate.py`` is also imported as
    ``generate`` by the example tests, and the first one imported would win."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _bench_module("generate").generate

N = 100_000


@pytest.fixture(scope="module")
def bench_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(N, "parquet", seed=1, quiet=True, root=tmp_path_factory.mktemp("bench-data"))


def test_benchmark_standard_at_1e5_is_byte_identical_on_spark(bench_data: Path, spark: SparkBackend) -> None:
    request = AuditRequest(BENCH / "standard.yaml", bench_data / "dataset.yaml", (REPO / "rules", BENCH / "rules.yaml"))
    on_spark = render_json(run_audit(request, backend=spark))
    on_duckdb = render_json(run_audit(request))
    report = json.loads(on_duckdb)
    # the generator cuts exactly N calls: every one is read (an independent count, not the engine's)
    (calls,) = [t for t in report["ledger"] if t["table"] == "calls"]
    assert calls["read"] == N
    assert as_duckdb(on_spark) == on_duckdb  # byte for byte, but for tool.engine


_values = st.lists(
    st.one_of(st.none(), st.integers(0, 10**6).map(lambda i: i * 0.001), st.floats(-1e6, 1e6)), max_size=30
)


@settings(max_examples=12, deadline=None)
@given(groups=st.lists(_values, min_size=1, max_size=8), fraction=st.sampled_from([0.1, 0.33, 0.5, 0.9, 0.95, 0.99]))
def test_percentiles_equal_duckdb_to_the_last_bit(
    groups: list[list[float | None]], fraction: float, spark: SparkBackend
) -> None:
    """Any values, any group sizes (empty and all-NULL groups too), any fraction: Spark's translated
    ``quantile_cont`` and ``median`` give DuckDB's doubles exactly, not merely close ones."""
    rows = [(g, v) for g, values in enumerate(groups) for v in values] or [(0, None)]
    sql = f"SELECT g, quantile_cont(x, {fraction}) AS q, median(x) AS m FROM t GROUP BY g ORDER BY g"
    con = duckdb.connect()
    con.execute("CREATE TABLE t (g INTEGER, x DOUBLE)")
    con.executemany("INSERT INTO t VALUES (?, ?)", rows)
    spark.spark.createDataFrame(rows, "g INT, x DOUBLE").createOrReplaceTempView("t")
    on_spark = [tuple(r) for r in spark.spark.sql(to_spark(parse_one(sql, read="duckdb"))).collect()]
    assert on_spark == con.execute(sql).fetchall()


def test_reused_view_is_kept_on_spark_and_a_plain_view_on_duckdb(spark: SparkBackend) -> None:
    """``materialise(kind="reused")`` (a table's typed rows, scanned by several passes): Spark keeps
    the rows it computed (a later change of the source is not seen), DuckDB keeps a view (it is)."""
    from checker.engine.duckdb_backend import DuckDBBackend

    query = parse_one("SELECT x * 2 AS y FROM src", read="duckdb")
    spark.spark.createDataFrame([(1,), (2,)], "x INT").createOrReplaceTempView("src")
    spark.materialise("kept", query, "reused")
    spark.spark.createDataFrame([(5,)], "x INT").createOrReplaceTempView("src")
    assert sorted(spark.tuples(parse_one("SELECT y FROM kept"))) == [(2,), (4,)]
    duck = DuckDBBackend()
    duck.con.execute("CREATE TABLE src AS SELECT 1 AS x UNION ALL SELECT 2")
    duck.materialise("kept", query, "reused")
    duck.con.execute("DELETE FROM src WHERE x = 1")
    assert duck.tuples(parse_one("SELECT y FROM kept")) == [(4,)]
    kind = "SELECT table_type FROM information_schema.tables WHERE table_name = 'kept'"
    assert duck.con.execute(kind).fetchone() == ("VIEW",)
