"""Type nodes parsed once give the trees, and so the SQL, that sqlglot's own build gives each time."""

from __future__ import annotations

import doctest

import pytest
from sqlglot import exp

from checker.engine import sql_types
from checker.engine.sql_types import cast, sql_type

NAMES = ["VARCHAR", "TIMESTAMP", "BIGINT", "DOUBLE", "BOOLEAN", "INTERVAL", "TIMESTAMPTZ", "DECIMAL(18, 3)"]


def test_module_examples() -> None:
    failed, attempted = doctest.testmod(sql_types)
    assert attempted > 0 and failed == 0


@pytest.mark.parametrize("name", NAMES)
def test_the_same_node_as_a_fresh_build(name: str) -> None:
    fresh = exp.DataType.build(name)
    once = sql_type(name)
    assert once.args == fresh.args
    for dialect in ("duckdb", "spark"):
        assert once.sql(dialect) == fresh.sql(dialect)
        assert cast(exp.column("x"), name).sql(dialect) == exp.cast(exp.column("x"), name).sql(dialect)


def test_each_use_is_a_node_of_its_own() -> None:
    first = cast(exp.column("a"), "VARCHAR")
    second = cast(exp.column("b"), "VARCHAR")
    assert first.to is not second.to
    first.to.set("this", exp.DataType.Type.BIGINT)  # changing one tree leaves the next ones alone
    assert second.sql("duckdb") == "CAST(b AS TEXT)"
    assert cast(exp.column("c"), "VARCHAR").sql("duckdb") == "CAST(c AS TEXT)"


def test_a_cast_to_the_same_type_is_left_as_it_is() -> None:
    inner = exp.cast(exp.column("x"), "DOUBLE")
    assert cast(inner, "DOUBLE").sql("duckdb") == "CAST(x AS DOUBLE)"
    assert cast(inner, "VARCHAR").sql("duckdb") == "CAST(CAST(x AS DOUBLE) AS TEXT)"
