"""``servcheck sample`` draws the same sample on Spark as on DuckDB: the order is md5('<seed>:<key>'),
text both engines compute alike, never ``random()`` — per lot and per group, byte for byte."""

from __future__ import annotations

from pathlib import Path

from checker.audit import AuditRequest
from checker.engine.spark_backend import SparkBackend
from checker.sample.draw import SampleSize, draw, sidecar_text

REPO = Path(__file__).resolve().parents[2]
REQUEST = AuditRequest(
    REPO / "standards" / "contact-centre.yaml", REPO / "examples" / "contact-centre" / "dataset.yaml"
)


def test_sample_is_the_same_on_spark(spark: SparkBackend) -> None:
    for requirement, size, per_group in (
        ("answered-by-2nd-ring", SampleSize(level="II", aql="1.0"), False),
        ("abandonment-rate", SampleSize(n=6), True),
    ):
        on_duckdb = draw(REQUEST, requirement, size, "parity", "reviews", per_group=per_group)
        on_spark = draw(REQUEST, requirement, size, "parity", "reviews", per_group=per_group, backend=spark)
        assert on_spark.csv == on_duckdb.csv
        assert sidecar_text(on_spark.record) == sidecar_text(on_duckdb.record)
        assert sum(len(lot.cases) for lot in on_duckdb.lots) > 0
