"""The expression type checker: refusals located with a hint, and a property tying it to DuckDB.

The property is the contract that makes lint a gate: any expression the checker accepts over a
set of typed columns is accepted by DuckDB over a table of those types — empty, and with one row
of NULLs (no value that could fail a conversion).
"""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.diagnostics import InvalidInput, Location
from checker.engine.expression_types import literal_fits
from checker.engine.expressions import compile_expression, literal

TYPES = {
    "c_text": "text",
    "c_int": "integer",
    "c_num": "number",
    "c_bool": "boolean",
    "c_ts": "timestamp",
    "c_dur": "duration",
}
SQL_TYPES = {
    "text": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "timestamp": "TIMESTAMP",
    "duration": "DOUBLE",
}
AT = Location("rules/contact.yaml", 4, 10)


def _compile(text: str, kind: str = "predicate", params=None):
    return compile_expression(text, columns=list(TYPES), location=AT, types=TYPES, kind=kind, params=params)


def _refusal(text: str, kind: str = "predicate"):
    with pytest.raises(InvalidInput) as caught:
        _compile(text, kind)
    return caught.value.diagnostics[0]


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        # column = 10 + the offset of the offending token in the text (counted by hand)
        ("CAST(c_text AS INTEGER) = 1", 10, "CAST of c_text (text) to INT fails"),
        ("date_part('year', c_text) = 1", 28, "date_part() takes a timestamp, date or interval, but c_text is text"),
        ("c_text = @c_text", 19, "'@c_text' is not a parameter"),
        ("c_ts > 5", 10, "cannot compare c_ts (a timestamp) with 5 (an integer)"),
        ("c_num LIKE 'a%'", 10, "LIKE matches text, but c_num is a number"),
        ("c_int = 'x'", 18, "cannot compare c_int (an integer) with 'x'"),
        ("c_text = 1", 10, "cannot compare c_text (text) with 1"),
        ("lower(c_int) = 'a'", 16, "lower() takes text, but c_int is an integer"),
        ("c_ts + 5 > c_ts", 10, "'+' does not apply to c_ts (a timestamp) and 5 (an integer)"),
        ("coalesce(c_text, 1) = 'a'", 27, "coalesce() mixes text (c_text) and an integer (1)"),
        ("(c_text AND c_bool) = true", 11, "AND combines conditions, but c_text is text"),
        ("c_ts = 'yesterday'", 17, "cannot compare c_ts (a timestamp) with 'yesterday'"),
    ],
)
def test_type_errors_are_refused_at_their_token(text, column, words):
    problem = _refusal(text)
    assert (problem.location.line, problem.location.column) == (4, column)
    assert words in problem.message
    assert problem.hint


def test_hints_name_the_way_out():
    assert "TRY_CAST(c_text AS INT)" in _refusal("CAST(c_text AS INTEGER) = 1").hint
    assert "epoch(c_ts)" in _refusal("CAST(c_ts AS DOUBLE) > 1").hint
    assert ":c_text" in _refusal("c_text = @c_text").hint
    assert "strptime" in _refusal("date_part('year', c_text) = 1").hint


@pytest.mark.parametrize(
    "text",
    [
        "c_text = 'Q1'",
        "TRY_CAST(c_text AS INTEGER) = 1",
        "date_part('year', c_ts) = 2024",
        "c_ts >= '2024-01-01'",
        "c_ts >= '2024-01-01 08:30:00'",
        "c_int = '5'",
        "c_num = '2.5'",
        "c_bool = 't'",
        "c_dur <= 20 and c_int in (1, 2, 3)",
        "c_ts + INTERVAL 5 MINUTE > c_ts",
        "epoch(c_ts) > 0",
        "c_text || c_int = 'a1'",
        "CAST(c_int AS DOUBLE) > c_num",
        "CAST(c_ts AS DATE) = '2024-01-01'",
        "strptime(c_text, '%Y-%m-%d') > c_ts",
        "case when c_bool then 1 else 2.5 end > c_dur",
        "c_text LIKE 'Q%' ESCAPE '!'",
        "NULL = c_ts",
    ],
)
def test_well_typed_expressions_pass(text):
    assert _compile(text) is not None


def test_unknown_types_refuse_only_what_fails_for_every_type():
    # no types known (a standard linted without its dataset): a CAST may be fine, '@' never is
    compile_expression("CAST(queue AS INTEGER) = 1", columns=["queue"], location=AT, types={})
    with pytest.raises(InvalidInput):
        compile_expression("queue = @queue", columns=["queue"], location=AT, types={})
    with pytest.raises(InvalidInput):
        compile_expression("date_part('week', 'abc') = 1", columns=["queue"], location=AT, types={})


def test_a_parameter_has_its_value_type():
    _compile("c_dur <= :limit", params={"limit": literal(20.0)})
    problem = None
    with pytest.raises(InvalidInput) as caught:
        _compile("c_int = :name", params={"name": literal("P1")})
    problem = caught.value.diagnostics[0]
    assert "cannot compare c_int (an integer) with :name (text)" in problem.message


@pytest.mark.parametrize(
    ("text", "kind", "fits"),
    [
        ("5", "integer", True),
        ("5.5", "integer", False),
        ("-12", "integer", True),
        ("2.5", "number", True),
        ("1e3", "number", True),
        ("nan", "number", False),
        ("abc", "number", False),
        ("true", "boolean", True),
        ("yes", "boolean", False),
        ("2024-02-29", "timestamp", True),
        ("2023-02-29", "timestamp", False),
        ("2024-01-01 25:00:00", "timestamp", False),
        ("2024-01-01 08:00", "date", False),
        ("5 minutes", "interval", True),
    ],
)
def test_literal_fits(text, kind, fits):
    assert literal_fits(text, kind) is fits


# -- the property: accepted here => DuckDB binds and runs it ------------------------------------

COLUMN_NAMES = sorted(TYPES)
LITERALS = ["'Q1'", "'5'", "'2.5'", "'2024-01-01'", "'t'", "3", "2.5", "-1", "true", "NULL", "INTERVAL 5 MINUTE"]
UNARY = ["lower", "upper", "trim", "length", "abs", "round", "floor", "ceil", "epoch", "NOT ", "-"]
BINARY = ["=", "<>", "<", ">=", "+", "-", "*", "/", "%", "||", "AND", "OR", "LIKE"]
CASTS = ["VARCHAR", "INTEGER", "BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "INTERVAL"]
FUNCTIONS2 = ["coalesce", "nullif", "least", "greatest", "contains", "starts_with", "strptime", "date_diff"]

atoms = st.sampled_from(COLUMN_NAMES) | st.sampled_from(LITERALS)


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(st.sampled_from(UNARY), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, st.sampled_from(BINARY), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["CAST", "TRY_CAST"]), children, st.sampled_from(CASTS)).map(
            lambda t: f"{t[0]}({t[1]} AS {t[2]})"
        ),
        st.tuples(st.sampled_from(FUNCTIONS2), children, children).map(
            lambda t: f"{t[0]}('day', {t[1]}, {t[2]})" if t[0] == "date_diff" else f"{t[0]}({t[1]}, {t[2]})"
        ),
        st.tuples(st.sampled_from(["year", "hour", "dow"]), children).map(lambda t: f"date_part('{t[0]}', {t[1]})"),
        st.tuples(children, children, children).map(lambda t: f"CASE WHEN {t[0]} THEN {t[1]} ELSE {t[2]} END"),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} BETWEEN {t[1]} AND {t[2]})"),
        st.tuples(children, st.lists(st.sampled_from(LITERALS[:-1]), min_size=1, max_size=3)).map(
            lambda t: f"({t[0]} IN ({', '.join(t[1])}))"
        ),
        children.map(lambda c: f"({c} IS NULL)"),
        children.map(lambda c: f"({c} IS TRUE)"),
    )


expressions = st.recursive(atoms, _extend, max_leaves=6)


@pytest.fixture(scope="module")
def tables() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    columns = ", ".join(f'"{name}" {SQL_TYPES[kind]}' for name, kind in TYPES.items())
    con.execute(f"CREATE TABLE empty_t ({columns})")
    con.execute(f"CREATE TABLE nulls_t ({columns})")
    con.execute(f"INSERT INTO nulls_t VALUES ({', '.join(['NULL'] * len(TYPES))})")
    return con


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=expressions, kind=st.sampled_from(["predicate", "value"]))
def test_what_the_checker_accepts_duckdb_accepts(tables, text, kind):
    try:
        tree = _compile(text, kind)
    except InvalidInput:
        return
    sql = tree.sql("duckdb")
    for table in ("empty_t", "nulls_t"):
        tables.execute(f"SELECT {sql} FROM {table}").fetchall()
    if kind == "predicate":
        tables.execute(f"SELECT count(*) FROM empty_t WHERE {sql}").fetchall()


def test_the_property_accepts_a_fair_share_of_its_inputs():
    """The generator must not be so hostile that the property only ever sees refusals."""
    accepted = 0
    samples = [
        "(c_int + 3)",
        "lower(c_text)",
        "(c_ts IS NULL)",
        "CASE WHEN (c_bool AND true) THEN c_num ELSE 3 END",
        "date_part('year', c_ts)",
        "coalesce(c_text, 'Q1')",
    ]
    for text in samples:
        try:
            _compile(text, "value")
            accepted += 1
        except InvalidInput:
            pass
    assert accepted == len(samples)
