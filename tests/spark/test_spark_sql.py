"""How the plan's DuckDB forms print on Spark (no Spark session: pure tree printing), and the
``--engine spark`` usage error without pyspark. Expected strings are the Spark forms measured equal
to DuckDB's in ``formats-and-spark.md``, written out by hand."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from sqlglot import exp

from checker.cli import cli
from checker.engine import dialect
from checker.engine.backend import BackendError
from checker.engine.spark_sql import SparkUnsupported, java_pattern, to_spark

T = exp.column("t", quoted=True)


def _select(node: exp.Expression) -> str:
    return to_spark(exp.select(node)).removeprefix("SELECT ")


def test_zone_conversions_use_spark_utc_functions() -> None:
    assert _select(dialect.to_utc(T, "Asia/Shanghai")) == (
        "CAST(FROM_UTC_TIMESTAMP(TO_UTC_TIMESTAMP(CAST(`t` AS TIMESTAMP_LTZ), 'Asia/Shanghai'), 'UTC') "
        "AS TIMESTAMP_NTZ)"
    )
    assert _select(dialect.from_utc(T, "Europe/London")) == (
        "CAST(FROM_UTC_TIMESTAMP(TO_UTC_TIMESTAMP(CAST(`t` AS TIMESTAMP_LTZ), 'UTC'), 'Europe/London') "
        "AS TIMESTAMP_NTZ)"
    )


def test_epochs_quantiles_grouping_and_parsing() -> None:
    assert _select(dialect.epoch_seconds(T)) == "UNIX_MICROS(CAST(`t` AS TIMESTAMP_LTZ)) / CAST(1000000 AS DOUBLE)"
    assert _select(dialect.epoch_micros(T)) == "UNIX_MICROS(CAST(`t` AS TIMESTAMP_LTZ))"
    # DuckDB's fused interpolation, over the values sorted once (Spark's PERCENTILE rounds differently)
    quantile = _select(dialect.quantile(T, 0.9))
    assert quantile.startswith("ELEMENT_AT(TRANSFORM(ARRAY(ARRAY_SORT(COLLECT_LIST(CAST(`t` AS DOUBLE)))), _sorted -> ")
    assert "REFLECT('java.lang.Math', 'fma', GET(_sorted, CAST(FLOOR(" in quantile
    assert "PERCENTILE" not in quantile
    assert _select(dialect.grouping_id([exp.column("a"), exp.column("b")])) == "GROUPING_ID(a, b)"
    assert _select(dialect.parse_timestamp(T, "%d/%m/%Y %H:%M")) == (
        "CAST(TRY_TO_TIMESTAMP(`t`, 'dd/MM/yyyy HH:mm') AS TIMESTAMP_NTZ)"
    )
    assert _select(dialect.from_epoch_micros(T)) == "CAST(TIMESTAMP_MICROS(`t`) AS TIMESTAMP_NTZ)"


def test_day_truncation_is_a_timestamp_not_a_date_trunc() -> None:
    """sqlglot alone prints TRUNC(t, 'DAY'), which Spark answers with NULL for a timestamp."""
    node = exp.func("date_trunc", exp.Literal.string("day"), T)
    assert _select(node) == "CAST(DATE_TRUNC('DAY', `t`) AS TIMESTAMP_NTZ)"


def test_clock_text_durations_are_summed_from_their_parts() -> None:
    node = dialect.epoch_seconds(exp.TryCast(this=T, to=exp.DataType.build("INTERVAL")))
    text = _select(node)
    assert "SPLIT(`t`, ':')" in text and "* 3600" in text and "INTERVAL" not in text


def test_asof_join_and_histogram_are_refused_not_mistranslated() -> None:
    joined = dialect.asof_left_join(exp.select("*").from_("a"), exp.to_table("b"), exp.condition("a.t >= b.t"))
    with pytest.raises(SparkUnsupported, match="ASOF"):
        to_spark(joined)
    with pytest.raises(SparkUnsupported, match="histogram"):
        to_spark(exp.select(exp.func("histogram", T)))


def test_spark_backend_turns_a_refusal_into_a_backend_error() -> None:
    from checker.engine.spark_backend import SparkBackend

    backend = SparkBackend.__new__(SparkBackend)  # printing needs no session
    with pytest.raises(BackendError, match="not available on the Spark engine yet"):
        backend.sql(exp.select(exp.func("histogram", T)))


@pytest.mark.parametrize(
    ("strptime", "java"),
    [
        ("%Y/%m/%d %H:%M:%S", "yyyy/MM/dd HH:mm:ss"),
        ("%Y-%m-%dT%H:%M:%S", "yyyy-MM-dd'T'HH:mm:ss"),
        ("%d.%m.%y %I:%M %p", "dd.MM.yy hh:mm a"),
    ],
)
def test_java_patterns(strptime: str, java: str) -> None:
    assert java_pattern(strptime) == java


_DIRECTIVES = st.lists(st.sampled_from(["%Y", "%m", "%d", "%H", "%M", "%S"]), min_size=1, max_size=6, unique=True)


@given(_DIRECTIVES, st.sampled_from(["-", "/", " ", ":", "."]))
def test_java_pattern_keeps_each_field_once_in_order(fields: list[str], sep: str) -> None:
    """Invariant: every directive becomes its one Java field, in the same order, separators kept."""
    java = java_pattern(sep.join(fields))
    expected = {"%Y": "yyyy", "%m": "MM", "%d": "dd", "%H": "HH", "%M": "mm", "%S": "ss"}
    assert java == sep.join(expected[f] for f in fields)


def test_unknown_directive_is_refused() -> None:
    with pytest.raises(SparkUnsupported, match="%G"):
        java_pattern("%G-%V")


def test_engine_spark_without_pyspark_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark now raises ImportError
    result = CliRunner().invoke(
        cli,
        [
            "audit",
            "standards/contact-centre.yaml",
            "--data",
            "examples/contact-centre/dataset.yaml",
            "--engine",
            "spark",
        ],
    )
    assert result.exit_code == 2
    assert "pip install 'servcheck[spark]'" in result.output
    assert "Traceback" not in result.output
