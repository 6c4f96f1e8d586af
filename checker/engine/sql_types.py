"""SQL type nodes by name, parsed once per process, and casts to them.

``exp.cast(node, "VARCHAR")`` and ``exp.DataType.build("VARCHAR")`` run sqlglot's tokenizer and
parser over the type's name at every call (about 0.1 ms each); a 10^5-row benchmark audit built
about 270 of them, nearly all one of five names, for its typed rows, grouped queries and
evidence. Here each name is parsed once and every use takes a copy of that node: the same tree as
before, so the same SQL text.

>>> cast(exp.column("x"), "VARCHAR").sql("duckdb")
'CAST(x AS TEXT)'
>>> sql_type("TIMESTAMP") is sql_type("TIMESTAMP")
False
"""

from __future__ import annotations

from functools import cache

from sqlglot import exp


@cache
def _parsed(name: str) -> exp.DataType:
    return exp.DataType.build(name)


def sql_type(name: str) -> exp.DataType:
    """The type ``name`` (``VARCHAR``, ``DECIMAL(18, 3)`` …) as a node of its own, as
    ``exp.DataType.build(name)`` gives it."""
    return _parsed(name).copy()


def cast(node: exp.Expression, name: str, copy: bool = True) -> exp.Expression:
    """``exp.cast(node, name, copy=copy)`` (which leaves a cast to the same type as it is) with
    the type parsed once."""
    return exp.cast(node, sql_type(name), copy=copy)
