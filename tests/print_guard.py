"""A guard on the DuckDB backend's in-place printing: every tree printed is left as it was.

Why: :meth:`checker.engine.duckdb_backend.DuckDBBackend.sql` prints with ``copy=False`` (the deep
copy sqlglot makes by default was a fifth of a small audit's in-process time), which is right only
while the ``duckdb`` generator changes none of the trees the plan builds. The guard wraps that
method: before printing it takes the tree's shape (every node's identity, parent, place, plain
arguments, comments, metadata and type) and the text sqlglot prints from a copy; after, it
requires the same shape and the same text. A tree the generator does change (a ``CONNECT BY``
query, rewritten into a recursive CTE in place) is caught (``tests/engine/test_print_in_place.py``).

Used by that test (``from print_guard import ...``: pytest puts ``tests/`` on the path for its
conftest), and as a plugin over whole test folders, from the repository's root:
``python -m pytest -p tests.print_guard tests/audit tests/golden_cases ...`` checks every print of every test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlglot import exp

from checker.engine.duckdb_backend import DuckDBBackend


def shape(root: exp.Expression) -> tuple[list[exp.Expression], list[tuple[Any, ...]]]:
    """The nodes under ``root`` (kept alive, so their ids stay theirs) and what each one is."""
    nodes = list(root.walk())
    described = []
    for node in nodes:
        args = []
        for key, value in node.args.items():
            if value is None:  # an argument set to None is one not given (sqlglot reads, hashes, compares them so)
                continue
            if isinstance(value, exp.Expression):
                args.append((key, id(value)))
            elif type(value) is list:
                args.append((key, tuple(id(v) if isinstance(v, exp.Expression) else repr(v) for v in value)))
            else:
                args.append((key, repr(value)))
        described.append(
            (
                id(node),
                type(node),
                id(node.parent) if node.parent is not None else None,
                node.arg_key,
                node.index,
                tuple(args),
                tuple(node.comments or ()),
                repr(node._meta),
                repr(node._type),
            )
        )
    return nodes, described


@dataclass
class PrintLog:
    """What the guard saw: statements printed, and each one that changed its tree or its text."""

    printed: int = 0
    changed: list[str] = field(default_factory=list)


def check_print(log: PrintLog, dialect: str, node: exp.Expression, print_in_place: Any) -> str:
    """``print_in_place(node)``'s text, after checking it against a printed copy and the tree's shape."""
    expected = node.sql(dialect)  # sqlglot's default: a copy is printed, ``node`` is not touched
    _kept, before = shape(node)
    text = print_in_place(node)
    _kept_after, after = shape(node)
    log.printed += 1
    if text != expected:
        log.changed.append(f"text differs from the copy's:\n{text}\n---\n{expected}")
    if after != before:
        first = next((b, a) for b, a in zip([*before, None], [*after, None], strict=True) if b != a)
        log.changed.append(f"tree changed by printing: {first[0]} became {first[1]}\n{expected}")
    return text


@contextmanager
def guarded_prints() -> Iterator[PrintLog]:
    """Every :meth:`DuckDBBackend.sql` inside the block checked; the log of what was seen."""
    log = PrintLog()
    original = DuckDBBackend.sql

    def sql(self: DuckDBBackend, node: exp.Expression) -> str:
        return check_print(log, self.dialect, node, lambda n: original(self, n))

    DuckDBBackend.sql = sql  # type: ignore[method-assign]
    try:
        yield log
    finally:
        DuckDBBackend.sql = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _every_print_guarded(request: pytest.FixtureRequest) -> Iterator[None]:
    """As a plugin (``-p tests.print_guard``): each test fails if a print changed its tree or text
    (except the tests of the guard itself, which print such a tree on purpose and check their own)."""
    if request.node.path.name == "test_print_in_place.py":
        yield
        return
    with guarded_prints() as log:
        yield
    assert log.changed == [], "\n\n".join(log.changed)
