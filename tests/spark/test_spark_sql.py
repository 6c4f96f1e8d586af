"""How the plan's DuckDB forms print on Spark, and what the printed SQL answers on a Spark session.

Printing tests need no session: expected strings are the Spark forms measured equal to DuckDB's in
``formats-and-spark.md``, written out by hand. Each rewrite with its own semantics (the ASOF join,
offset-carrying timestamps, the charts' bin counts) is also run on a tiny relation loaded in both
engines: the Spark answer must equal DuckDB's and, where it is small enough, a hand count or a few
lines of plain Python over the same rows. The session is the folder's one (``conftest.py``).
"""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

from checker.cli import cli
from checker.engine import dialect
from checker.engine.backend import BackendError, Rows
from checker.engine.spark_sql import SparkUnsupported, java_pattern, to_spark

T = exp.column("t", quoted=True)


def _select(node: exp.Expression) -> str:
    return to_spark(exp.select(node)).removeprefix("SELECT ")


def test_zone_conversions_use_spark_utc_functions() -> None:
    assert _select(dialect.to_utc(T, "Asia/Kolkata")) == (
        "CAST(FROM_UTC_TIMESTAMP(TO_UTC_TIMESTAMP(CAST(`t` AS TIMESTAMP_LTZ), 'Asia/Kolkata'), 'UTC') AS TIMESTAMP_NTZ)"
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
    assert quantile.startswith("ELEMENT_AT(TRANSFORM(ARRAY(SORT_ARRAY(COLLECT_LIST(CAST(`t` AS DOUBLE)))), _sorted -> ")
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


def test_histogram_and_a_star_over_an_asof_join_are_refused_not_mistranslated() -> None:
    joined = dialect.asof_left_join(exp.select("*").from_("a"), exp.to_table("b"), exp.condition("a.t >= b.t"))
    with pytest.raises(SparkUnsupported, match="star over an ASOF join"):
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
            "--lang",
            "en",
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


# --------------------------------------------------------------------------- ASOF LEFT JOIN


def test_asof_join_prints_as_a_lead_range_join_keeping_equality_keys() -> None:
    right = exp.alias_(exp.to_table("r"), "p", table=True)
    joined = dialect.asof_left_join(
        exp.select("l.id", "p.v").from_("l"), right, exp.condition("l.g = p.g AND l.t >= p.k")
    )
    assert to_spark(joined) == (
        "SELECT l.id, p.v FROM l LEFT JOIN (SELECT p.*, LEAD(p.k) OVER (PARTITION BY p.g ORDER BY p.k NULLS LAST) "
        "AS __asof_next FROM r AS p WHERE NOT p.k IS NULL) AS p "
        "ON l.g = p.g AND l.t >= p.k AND (p.__asof_next IS NULL OR l.t < p.__asof_next)"
    )
    # the key on the left of the inequality is the same join, the comparison turned round
    flipped = dialect.asof_left_join(exp.select("l.id").from_("l"), right.copy(), exp.condition("p.k <= l.t"))
    assert "l.t >= p.k AND (p.__asof_next IS NULL OR l.t < p.__asof_next)" in to_spark(flipped)
    # at or after: the least key, with the previous key as the range's open end
    after = dialect.asof_left_join(exp.select("l.id").from_("l"), right.copy(), exp.condition("l.t < p.k"))
    assert "LAG(p.k)" in to_spark(after)
    assert "l.t < p.k AND (p.__asof_next IS NULL OR l.t >= p.__asof_next)" in to_spark(after)


def test_asof_condition_without_a_right_key_is_refused() -> None:
    right = exp.alias_(exp.to_table("r"), "p", table=True)
    for condition in ("l.t >= l.u", "l.t >= p.k OR l.g = p.g", "l.t >= p.k AND l.u >= p.k"):
        joined = dialect.asof_left_join(exp.select("l.id").from_("l"), right.copy(), exp.condition(condition))
        with pytest.raises(SparkUnsupported):
            to_spark(joined)


LEFT = Rows(
    (("id", "INTEGER"), ("g", "VARCHAR"), ("t", "BIGINT")),
    (
        (1, "a", 1),  # before a's first key: no match for >= and >
        (2, "a", 3),  # on a tied key 3 (two right rows, same payload): >= matches 3, > matches 2
        (3, "a", 3),  # a tie on the left: the same answer as id 2
        (4, "a", None),  # NULL key: matches nothing
        (5, "a", 10),  # after the last key: >= matches 7, <= nothing
        (6, None, 3),  # NULL partition: matches nothing
        (7, "b", 3),  # partition b has one key, 5
        (8, "c", 3),  # partition c is not on the right
    ),
)
RIGHT = Rows(
    (("g", "VARCHAR"), ("k", "BIGINT"), ("v", "VARCHAR")),
    (
        ("a", 2, "a2"),
        ("a", 3, "a3"),
        ("a", 3, "a3"),
        ("a", 7, "a7"),
        ("a", None, "a-null"),  # a NULL key is never matched
        (None, 4, "null-4"),  # nor a NULL partition (when there is one)
        ("b", 5, "b5"),
    ),
)
OPS = {">=": exp.GTE, ">": exp.GT, "<=": exp.LTE, "<": exp.LT}


def _asof_reference(op: str, left: Rows, right: Rows, partitioned: bool) -> list[tuple]:
    """DuckDB's ASOF LEFT JOIN in plain Python: per left row the right row of its partition whose key
    is the greatest at or before (``>=``; ``>`` strictly) or the least at or after (``<=``, ``<``)."""
    test = {">=": lambda t, k: t >= k, ">": lambda t, k: t > k, "<=": lambda t, k: t <= k, "<": lambda t, k: t < k}[op]
    out = []
    for lid, g, t in left.values:
        found = [
            (k, v)
            for rg, k, v in right.values
            if t is not None and k is not None and (not partitioned or (g is not None and rg == g)) and test(t, k)
        ]
        best = (max if op in (">=", ">") else min)(found, default=(None, None), key=lambda kv: kv[0])
        out.append((lid, best[1]))
    return sorted(out)


def _asof_query(op: str, partitioned: bool) -> exp.Select:
    on = OPS[op](this=exp.column("t", "l"), expression=exp.column("k", "p"))
    if partitioned:
        on = exp.and_(exp.EQ(this=exp.column("g", "l"), expression=exp.column("g", "p")), on)
    right = exp.alias_(exp.to_table("asof_r"), "p", table=True)
    query = exp.select(exp.column("id", "l"), exp.column("v", "p")).from_(
        exp.alias_(exp.to_table("asof_l"), "l", table=True)
    )
    return dialect.asof_left_join(query, right, on)


@pytest.fixture(scope="module")
def engines(spark):  # type: ignore[no-untyped-def]
    from checker.engine.duckdb_backend import DuckDBBackend

    duck = DuckDBBackend()
    for backend in (duck, spark):
        backend.load_rows("asof_l", LEFT)
        backend.load_rows("asof_r", RIGHT)
    return duck, spark


@pytest.mark.parametrize("partitioned", [True, False], ids=["with-equality-key", "inequality-only"])
@pytest.mark.parametrize("op", list(OPS))
def test_asof_join_on_spark_equals_duckdb_with_ties_and_nulls(op: str, partitioned: bool, engines) -> None:  # type: ignore[no-untyped-def]
    duck, spark = engines
    query = _asof_query(op, partitioned)
    expected = _asof_reference(op, LEFT, RIGHT, partitioned)
    assert len(expected) == len(LEFT.values)  # a left join: every left row once
    assert sorted(duck.tuples(query)) == expected  # the Python reference is DuckDB's meaning
    assert sorted(spark.tuples(query)) == expected


def test_asof_reference_by_hand() -> None:
    """The Python reference itself, checked against answers worked out by hand from the table above."""
    assert _asof_reference(">=", LEFT, RIGHT, True) == [
        (1, None), (2, "a3"), (3, "a3"), (4, None), (5, "a7"), (6, None), (7, None), (8, None)
    ]  # fmt: skip
    assert _asof_reference("<", LEFT, RIGHT, True) == [
        (1, "a2"), (2, "a7"), (3, "a7"), (4, None), (5, None), (6, None), (7, "b5"), (8, None)
    ]  # fmt: skip


_KEYS = st.one_of(st.none(), st.integers(0, 12))


@settings(max_examples=8, deadline=None)
@given(
    left=st.lists(st.tuples(st.sampled_from(["x", "y"]), _KEYS), min_size=1, max_size=12),
    right=st.lists(st.tuples(st.sampled_from(["x", "y", None]), _KEYS), max_size=12),
)
def test_asof_join_on_spark_matches_the_reference_on_random_rows(left: list, right: list, engines) -> None:  # type: ignore[no-untyped-def]
    """Invariant: whatever the ties and NULLs, each left row meets the right row the reference picks
    (a right payload is a function of its partition and key, so tied rows are interchangeable)."""
    _, spark = engines
    left_rows = Rows(LEFT.columns, tuple((i, g, t) for i, (g, t) in enumerate(left)))
    right_rows = Rows(RIGHT.columns, tuple((g, k, f"{g}{k}") for g, k in right))
    spark.load_rows("asof_l", left_rows)
    spark.load_rows("asof_r", right_rows)
    try:
        for op in ("<=", ">"):
            assert sorted(spark.tuples(_asof_query(op, True))) == _asof_reference(op, left_rows, right_rows, True)
    finally:
        spark.load_rows("asof_l", LEFT)
        spark.load_rows("asof_r", RIGHT)


# --------------------------------------------------------------------------- timestamps with offsets


def test_offset_timestamps_parse_to_the_same_utc_instants(engines) -> None:  # type: ignore[no-untyped-def]
    """DuckDB's ``%z`` reads +HH:MM, +HHMM and +HH, and nothing else (no ``Z``, no missing offset)."""
    duck, spark = engines
    texts = [
        "2010-01-13 08:40:25+02:00",
        "2010-01-13 08:40:25+0200",
        "2010-01-13 08:40:25-05",
        "2010-01-13 08:40:25Z",
        "2010-01-13 08:40:25",
        "not a time",
        None,
    ]
    rows = Rows((("i", "INTEGER"), ("s", "VARCHAR")), tuple(enumerate(texts)))
    for backend in (duck, spark):
        backend.load_rows("stamps", rows)
    parsed = dialect.at_zone(dialect.parse_timestamp(exp.column("s"), "%Y-%m-%d %H:%M:%S%z"), "UTC")
    query = exp.select("i", exp.alias_(parsed, "utc")).from_("stamps").order_by("i")
    utc = dt.datetime(2010, 1, 13, 6, 40, 25)
    expected = [
        (0, utc),
        (1, utc),
        (2, dt.datetime(2010, 1, 13, 13, 40, 25)),
        (3, None),
        (4, None),
        (5, None),
        (6, None),
    ]
    assert duck.tuples(query) == expected
    assert spark.tuples(query) == expected


def test_a_repeated_wall_time_is_its_first_occurrence_on_both_engines(engines) -> None:  # type: ignore[no-untyped-def]
    """Rome went from 03:00 CEST (+2) back to 02:00 CET (+1) on 27 October 2024: 02:30 happened twice and is
    read as the first time (00:30 UTC) on both engines — Spark does so itself, DuckDB by ``to_utc``'s
    correction; 02:30 on 31 March never happened and is read with the offset before the gap (+1)."""
    duck, spark = engines
    walls = ["2024-10-27 01:59:59", "2024-10-27 02:30:00", "2024-10-27 03:00:00", "2024-03-31 02:30:00"]
    rows = Rows((("i", "INTEGER"), ("w", "TIMESTAMP")), tuple(enumerate(map(dt.datetime.fromisoformat, walls))))
    for backend in (duck, spark):
        backend.load_rows("walls", rows)
    query = exp.select("i", exp.alias_(dialect.to_utc(exp.column("w"), "Europe/Rome"), "utc")).from_("walls")
    expected = [
        (0, dt.datetime(2024, 10, 26, 23, 59, 59)),
        (1, dt.datetime(2024, 10, 27, 0, 30)),
        (2, dt.datetime(2024, 10, 27, 2, 0)),
        (3, dt.datetime(2024, 3, 31, 1, 30)),
    ]
    assert duck.tuples(query.order_by("i")) == expected
    assert spark.tuples(query.order_by("i")) == expected


def test_milliseconds_directive(engines) -> None:  # type: ignore[no-untyped-def]
    duck, spark = engines
    rows = Rows((("s", "VARCHAR"),), (("2019-02-19T14:18:16.736+02:00",),))
    for backend in (duck, spark):
        backend.load_rows("xes_stamps", rows)
    parsed = dialect.at_zone(dialect.parse_timestamp(exp.column("s"), "%Y-%m-%dT%H:%M:%S.%g%z"), "UTC")
    query = exp.select(parsed).from_("xes_stamps")
    expected = [(dt.datetime(2019, 2, 19, 12, 18, 16, 736000),)]
    assert duck.tuples(query) == expected
    assert spark.tuples(query) == expected


# --------------------------------------------------------------------------- the charts' bins


def test_histogram_counts_are_the_same_on_both_engines_and_by_hand(engines) -> None:  # type: ignore[no-untyped-def]
    """1…100 (plus a NULL and a row set aside, neither counted): minimum 1, 99th percentile 99.01,
    DuckDB's nice bins are 5, 10, …, 100, the tail clipped to 99.01 stays in the last bar: 5 per bar."""
    from checker.engine.distribution import histogram

    duck, spark = engines
    values = [(float(i), None) for i in range(1, 101)] + [(None, None), (1000.0, "excluded")]
    rows = Rows((("x", "DOUBLE"), ("_status", "VARCHAR")), tuple(values))
    for backend in (duck, spark):
        backend.load_rows("spread", rows)
    on_duck = histogram(duck, "spread", exp.column("x"), None, "s", 50.0)
    on_spark = histogram(spark, "spread", exp.column("x"), None, "s", 50.0)
    assert on_duck is not None
    assert on_duck.edges == [0.0, *(5.0 * i for i in range(1, 21))]
    assert on_duck.counts == [5] * 20
    assert on_spark == on_duck
