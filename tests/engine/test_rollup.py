"""The grouped pass's rollup: figures from the finest groups equal the grouping sets over the rows.

Expected values are worked by hand for a small table; a property test then compares the rolled
query with DuckDB's own GROUPING SETS over the rows (not the code under test) on random tables
with missing group values, missing measures and empty inputs.
"""

from __future__ import annotations

import datetime as dt
import math

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp, parse_one

from checker.engine.duckdb_backend import DuckDBBackend
from checker.engine.rollup import decomposable, rolled_up
from checker.engine.run import PERIOD_COLUMN, _coarser_periods, _grouped_rows, _period_projection

DIMS = ["a", "b"]
SETS = [(), ("a",), ("b",), ("a", "b")]
AGGREGATES = {
    "n": "COUNT(*)",
    "big": "COUNT(*) FILTER (WHERE x > 1)",
    "ys": "COUNT(y)",
    "xs": "SUM(x)",
    "lo": "MIN(y)",
    "hi": "MAX(y) FILTER (WHERE x >= 2)",
    "mean": "AVG(y)",
    "xmean": "AVG(x) FILTER (WHERE y IS NOT NULL)",
    "none": "COALESCE(SUM(x) FILTER (WHERE FALSE), 0)",
    "ratio": "COUNT(*) FILTER (WHERE x = 1) / COUNT(*)",
}


def projections() -> list[exp.Expression]:
    head = [exp.alias_(exp.func("grouping", *[exp.column(d) for d in DIMS]), "_gid"), *map(exp.column, DIMS)]
    return head + [exp.alias_(parse_one(sql, read="duckdb"), name) for name, sql in AGGREGATES.items()]


def grouping() -> exp.GroupingSets:
    return exp.GroupingSets(expressions=[exp.Tuple(expressions=[exp.column(d) for d in s]) for s in SETS])


def source() -> exp.Subquery:
    inner = parse_one("SELECT * FROM t WHERE keep", read="duckdb")
    return exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("u")))


def plain_sql() -> str:
    return exp.select(*projections()).from_(source()).group_by(grouping()).sql("duckdb")


def rolled_sql() -> str:
    select = projections()
    assert decomposable(select)
    return rolled_up(select, DIMS, source(), grouping()).sql("duckdb")


def table(rows: list[tuple]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (a VARCHAR, b INTEGER, x BIGINT, y DOUBLE, keep BOOLEAN)")
    if rows:
        con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
    return con


def same(plain: dict[tuple, dict], rolled: dict[tuple, dict]) -> bool:
    """Equal figures set by set; 0 / 0 is NaN on both sides, and a mean of doubles may differ in
    its last bits (the same additions, grouped otherwise)."""
    assert plain.keys() == rolled.keys()
    for key, row in plain.items():
        for name, value in row.items():
            other = rolled[key][name]
            if isinstance(value, float) and math.isnan(value):
                assert isinstance(other, float) and math.isnan(other), (key, name)
            elif name == "mean" and value is not None:
                assert abs(other - value) <= 1e-9 * max(1.0, abs(value)), (key, name)
            else:
                assert other == value, (key, name, other, value)
    return True


def by_set(con: duckdb.DuckDBPyConnection, sql: str) -> dict[tuple, tuple]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return {(r[0], r[1], r[2]): dict(zip(names, r, strict=True)) for r in cursor.fetchall()}


ROWS = [
    ("p", 1, 1, 2.0, True),
    ("p", 1, 3, None, True),
    ("p", 2, 2, 4.0, True),
    ("q", 2, 1, 6.5, True),
    (None, 2, 5, 1.0, True),
    ("q", 1, 9, 100.0, False),  # not kept: in no figure
]


def test_rolled_figures_by_hand() -> None:
    found = by_set(table(ROWS), rolled_sql())
    overall = found[(3, None, None)]
    # kept rows: x = 1, 3, 2, 1, 5; y = 2, -, 4, 6.5, 1
    assert overall["n"] == 5 and overall["big"] == 3 and overall["ys"] == 4 and overall["xs"] == 12
    assert overall["lo"] == 1.0 and overall["hi"] == 4.0  # x >= 2: y = -, 4, 1
    assert overall["mean"] == 13.5 / 4 and overall["xmean"] == 9 / 4  # x of rows with y: 1, 2, 1, 5
    assert overall["none"] == 0 and overall["ratio"] == 2 / 5
    p = found[(1, "p", None)]  # a = p: (1, 2.0), (3, -), (2, 4.0)
    assert (p["n"], p["big"], p["ys"], p["xs"], p["lo"], p["hi"], p["mean"]) == (3, 2, 2, 6, 2.0, 4.0, 3.0)
    missing = found[(1, None, None)]  # the row without a: its own group, as GROUP BY makes it
    assert (missing["n"], missing["xs"], missing["mean"]) == (1, 5, 1.0)
    b1 = found[(2, None, 1)]  # b = 1: (1, 2.0), (3, -)
    assert (b1["n"], b1["ys"], b1["hi"], b1["xmean"]) == (2, 1, None, 1.0)
    assert found[(0, "q", 2)]["n"] == 1 and (0, "q", 1) not in found
    assert len(found) == 1 + 3 + 2 + 4


def test_empty_input_counts_zero() -> None:
    """No kept row: the overall set is still one row, its counts 0 and the rest missing, as the
    plain GROUPING SETS give."""
    found = by_set(table([("p", 1, 1, 2.0, False)]), rolled_sql())
    assert list(found) == [(3, None, None)]
    overall = found[(3, None, None)]
    assert (overall["n"], overall["big"], overall["ys"], overall["none"]) == (0, 0, 0, 0)
    assert overall["xs"] is None and overall["mean"] is None and overall["hi"] is None
    assert math.isnan(overall["ratio"])  # 0 / 0, as DuckDB divides
    assert same(by_set(table([]), plain_sql()), by_set(table([]), rolled_sql()))


rows = st.lists(
    st.tuples(
        st.sampled_from(["p", "q", "r", None]),
        st.one_of(st.none(), st.integers(0, 3)),
        st.integers(-(10**12), 10**12),
        st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 2))),
        st.booleans(),
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(rows)
def test_rolled_equals_grouping_sets(data: list[tuple]) -> None:
    con = table(data)
    assert same(by_set(con, plain_sql()), by_set(con, rolled_sql()))


def test_not_decomposable_keeps_the_query() -> None:
    assert decomposable(projections())
    for sql in ("QUANTILE_CONT(y, 0.9)", "MEDIAN(y)", "COUNT(DISTINCT a)", "MODE(b)", "LIST(y)"):
        node = exp.alias_(parse_one(sql, read="duckdb"), "v")
        assert not decomposable([*projections(), node]), sql


def test_refused_rollup_falls_back_to_the_plain_query() -> None:
    """A mean of intervals: DuckDB has no sum of intervals, so the rolled form fails to bind and
    the plain query answers (mean of 1 h and 3 h = 2 h)."""
    backend = DuckDBBackend()
    backend.con.execute(
        "CREATE TABLE t AS SELECT * FROM (VALUES ('p', 1, INTERVAL 1 HOUR, TRUE), ('p', 2, INTERVAL 3 HOUR, TRUE))"
        " v(a, b, d, keep)"
    )

    def select() -> list[exp.Expression]:
        return [*projections()[:3], exp.alias_(parse_one("AVG(d)", read="duckdb"), "m")]

    assert decomposable(select())
    found = _grouped_rows(backend, select, DIMS, SETS, source())
    overall = [r for r in found if r["_gid"] == 3]
    assert [r["m"].total_seconds() for r in overall] == [7200.0]
    assert len(found) == 1 + 1 + 2 + 2


def test_coarser_periods_follow_the_finest() -> None:
    assert set(_coarser_periods(["_p_day", "_p_month", "queue", "site"])) == {"_p_month"}
    assert set(_coarser_periods(["_p_15min", "_p_hour", "_p_week", "_p_year"])) == {"_p_hour", "_p_week", "_p_year"}
    assert _coarser_periods(["_p_week", "_p_month"]) == {}  # a week straddles two months
    assert _coarser_periods(["_p_day", "queue"]) == {}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(
                st.none(),
                st.datetimes(dt.datetime(2023, 12, 20), dt.datetime(2025, 1, 10)),
            ),
            st.sampled_from(["p", "q"]),
            st.integers(0, 100),
        ),
        max_size=50,
    ),
    st.sets(st.sampled_from(list(PERIOD_COLUMN.values())), min_size=2, max_size=4),
)
def test_derived_periods_equal_grouping_sets(data: list[tuple], periods: set[str]) -> None:
    """Period buckets derived from the finest bucket (weeks across month ends and a year end
    included) give the sets the plain GROUPING SETS give over every row's own buckets."""
    con = duckdb.connect()
    con.execute("CREATE TABLE t (_local TIMESTAMP, a VARCHAR, x BIGINT)")
    if data:
        con.executemany("INSERT INTO t VALUES (?, ?, ?)", data)
    dims = sorted({*periods, "a"})
    sets = [(), *[(p,) for p in sorted(periods)], ("a", min(periods))]

    def select() -> list[exp.Expression]:
        grouping = exp.alias_(exp.func("grouping", *[exp.column(d, quoted=True) for d in dims]), "_gid")
        return [grouping, *[exp.column(d, quoted=True) for d in dims], exp.alias_(parse_one("SUM(x)"), "s")]

    inner = exp.select(exp.Star(), *_period_projection()).from_("t")
    source = exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("u")))
    tuples = [exp.Tuple(expressions=[exp.column(d, quoted=True) for d in s]) for s in sets]
    sets_sql = exp.GroupingSets(expressions=tuples)
    plain = exp.select(*select()).from_(source.copy()).group_by(sets_sql.copy()).sql("duckdb")
    derived = _coarser_periods(dims)
    rolled = rolled_up(select(), dims, source.copy(), sets_sql.copy(), derived).sql("duckdb")
    assert sorted(map(repr, con.execute(plain).fetchall())) == sorted(map(repr, con.execute(rolled).fetchall()))


def test_a_week_across_a_month_end_is_not_cut_by_the_month() -> None:
    """30 April and 1 May 2024 share the ISO week of Monday 29 April: the month set must count one
    call in April and one in May, which a month taken from the week's start would not."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t AS SELECT * FROM (VALUES (TIMESTAMP '2024-04-30 10:00', 'p', 1),"
        " (TIMESTAMP '2024-05-01 09:00', 'p', 1)) v(_local, a, x)"
    )
    dims = ["_p_month", "_p_week"]
    tuples = [exp.Tuple(expressions=[exp.column(d, quoted=True) for d in s]) for s in [("_p_month",), ("_p_week",)]]
    head = [exp.alias_(exp.func("grouping", *[exp.column(d, quoted=True) for d in dims]), "_gid")]
    select = [*head, *[exp.column(d, quoted=True) for d in dims], exp.alias_(parse_one("COUNT(*)"), "n")]
    inner = exp.select(exp.Star(), *_period_projection()).from_("t")
    source = exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("u")))
    rolled = rolled_up(select, dims, source, exp.GroupingSets(expressions=tuples), _coarser_periods(dims))
    found = {(r[1] or r[2]).date().isoformat(): r[3] for r in con.execute(rolled.sql("duckdb")).fetchall()}
    assert found == {"2024-04-01": 1, "2024-05-01": 1, "2024-04-29": 2}


def test_what_the_rollup_leaves_alone() -> None:
    """A nested aggregate, a scalar subquery and a window are not moved into the finest pass."""
    for sql in ("SUM(MAX(x))", "(SELECT MAX(x) FROM t)", "SUM(x) OVER ()", "COUNT(*) + (SELECT 1)"):
        assert not decomposable([*projections(), exp.alias_(parse_one(sql, read="duckdb"), "v")]), sql
    assert decomposable([*projections(), exp.alias_(parse_one("COALESCE(SUM(x), 0) + 1", read="duckdb"), "v")])
