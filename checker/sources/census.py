"""The ledger's census of a table's typed rows, and its duplicate keys.

A record's key identifies it in the ledger and the evidence (``call_id=C1``); two usable rows with
the same key are both rejected (``duplicate key``): the audit cannot tell which copy is right.
The census is one grouped pass per status (rows, example keys, span of the used rows), kept as
rows in Python so the ledger reads neither the rows nor a table again. After it, on DuckDB, a light ungrouped pass
counts the used rows' distinct keys (on Spark, distinct 64-bit hashes of them): as many as there
are used rows proves every key unique, and only a shortfall (a duplicate, or on Spark a hash
collision) costs the grouped pass over the keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlglot import exp

from checker.engine.backend import Backend, each
from checker.engine.backend import table as relation
from checker.engine.expressions import literal
from checker.engine.sql_types import cast
from checker.model.dataset import Table
from checker.sources.typing import q

DUPLICATE_KEY = "duplicate key"


def key_struct(keys: list[str]) -> exp.Expression:
    """The key columns as one comparable STRUCT, so min/max pick example keys without building text."""
    return exp.Struct(
        expressions=[exp.PropertyEQ(this=exp.to_identifier(k, quoted=True), expression=q(k)) for k in keys]
    )


def example(file: str, row: int | None, key: dict[str, object] | None, bad: str | None, shows_value: bool) -> str:
    """A ledger example: where the row is, and for a rejected value the value as written.

    >>> example("calls.csv", 12, {"call_id": "C7"}, "24/13/2024", True)
    "calls.csv row 12: '24/13/2024' (call_id=C7)"
    >>> example("calls.csv", None, {"call_id": "C7"}, None, True)
    'calls.csv: (empty) (call_id=C7)'
    >>> example("calls.csv", 3, {"call_id": "C7"}, None, False)
    'calls.csv row 3: call_id=C7'
    """
    where = f"{file} row {row}" if row is not None else file
    if not shows_value:
        return f"{where}: {describe_key(key)}"
    shown = "(empty)" if bad is None else repr(bad if len(bad) <= 60 else bad[:57] + "...")
    return f"{where}: {shown} ({describe_key(key)})"


def describe_key(value: dict[str, object] | None) -> str:
    """``call_id=C1, date=2024-08-01``: a record's key as readers see it in the ledger."""
    if not value:
        return "(no key)"
    return ", ".join(f"{k}={'(missing)' if v is None else v}" for k, v in value.items())


CensusRow = tuple[Any, ...]
"""One status of a census, as the ledger reads it: the status (None for the used rows), its rows,
the first and last local time of the used rows, and two example rows (``_ex1``, ``_ex2`` of
:func:`_examples`, as dicts; None for the used rows)."""


def _relation(source: str | exp.Query) -> exp.Expression:
    """A relation by name, or a query as a subquery (a census read straight from the typed rows)."""
    if isinstance(source, str):
        return exp.to_identifier(source, quoted=True)
    return exp.Subquery(this=source, alias=exp.TableAlias(this=exp.to_identifier("c")))


def status_census(source: str | exp.Query, key: list[str], rows: bool = False, examples: bool = True) -> exp.Select:
    """Per ``_status``: rows, local span of the used rows, and two examples of the rows that are not
    used (:func:`_examples`). The used rows get no examples (the ledger shows none for them):
    taking the least and greatest STRUCT of every used row was half the cost of the pass.
    Without ``examples`` there are none (see :func:`unused_examples`).
    Duplicate keys are found by :func:`distinct_used_keys` and :func:`duplicate_keys`, not here."""
    used = exp.Is(this=q("_status"), expression=exp.null())
    columns = [
        q("_status"),
        exp.alias_(exp.Count(this=exp.Star()), "_n", quoted=True),
        exp.alias_(exp.Filter(this=exp.Min(this=q("_local")), expression=exp.Where(this=used)), "_first"),
        exp.alias_(exp.Filter(this=exp.Max(this=q("_local")), expression=exp.Where(this=used.copy())), "_last"),
    ]
    if examples:
        unused = exp.Where(this=exp.not_(used.copy()))
        columns += [
            exp.alias_(exp.Filter(this=agg, expression=unused.copy()), name) for agg, name in _examples(key, rows)
        ]
    # in place: the typed rows given as a query are this call's to print, and a copy costs as much
    return exp.select(*columns).from_(_relation(source), copy=False).group_by(q("_status"), copy=False)


def _examples(key: list[str], rows: bool) -> list[tuple[exp.Expression, str]]:
    """``_ex1`` and ``_ex2``: the rows first and last in (key, file, row) order, each as one STRUCT
    of its key, ``_file``, ``_row`` (when the source has row numbers) and ``_bad``, the raw value
    that got the row its status.

    Why one STRUCT per example and not a ``min_by``/``arg_min`` per column: each of those eight
    aggregates carried its own ordering struct through the pass (on Spark about a scan's cost
    each), and ties on (key, file) — rows without row numbers — could take the file of one row and
    the bad value of another; the whole row as one value is compared once and stays one row."""
    row = q("_row") if rows else cast(exp.null(), "BIGINT")
    # rows sharing the example key (a missing key, a duplicate) are told apart by file and row, so
    # the example is the same row on every engine, not whichever the scan met first
    fields = {"_k": key_struct(key), "_f": q("_file"), "_r": row, "_b": q("_bad")}
    whole = exp.Struct(
        expressions=[exp.PropertyEQ(this=exp.to_identifier(n, quoted=True), expression=v) for n, v in fields.items()]
    )
    return [(exp.Min(this=whole.copy()), "_ex1"), (exp.Max(this=whole), "_ex2")]


def unused_examples(source: str, key: list[str], rows: bool) -> exp.Select:
    """Each status but the used rows' with its two examples (``_status``, ``_ex1``, ``_ex2``), by a
    pass over the rows that are not used only; :func:`with_examples` puts them beside the counts.

    Why apart from the counts: in the census pass the example STRUCT was built for every row before
    its filter dropped the used ones (a second of CPU at 10^7 rows); once the view tests only the
    statuses found, the rows not used are one cheap filter away (on the benchmark, the test calls'
    queue, which DuckDB reads from the Parquet file alone)."""
    return (
        exp.select(q("_status"), *[exp.alias_(agg, name, quoted=True) for agg, name in _examples(key, rows)])
        .from_(exp.to_identifier(source, quoted=True))
        .where(exp.not_(exp.Is(this=q("_status"), expression=exp.null())))
        .group_by(q("_status"))
    )


def with_examples(counts: list[CensusRow], examples: list[CensusRow]) -> list[CensusRow]:
    """The census: each status's (status, rows, first, last) of ``counts`` with its two examples of
    ``examples`` (status, ex1, ex2); the used rows, which have none, get None.

    >>> with_examples([(None, 5, 1, 9), ("bad", 2, None, None)], [("bad", {"_k": 1}, {"_k": 2})])
    [(None, 5, 1, 9, None, None), ('bad', 2, None, None, {'_k': 1}, {'_k': 2})]
    """
    by_status = {status: (ex1, ex2) for status, ex1, ex2 in examples}
    return [(*row, *by_status.get(row[0], (None, None))) for row in counts]


def distinct_used_keys(source: str, key: list[str]) -> exp.Select:
    """DuckDB: how many distinct keys the used rows of ``source`` carry (as many as used rows
    proves every key unique, and the grouped pass of :func:`duplicate_keys` is not needed).

    The key itself, or the STRUCT of its columns: the same equality as that pass's GROUP BY, and
    cheaper than any hash of it (``md5_number`` of ten million call ids cost more than the distinct
    count; DuckDB's 64-bit ``hash()`` collides on keys like call ids). A statement of its own over
    the narrowed rows, not a ``count(DISTINCT …) FILTER`` in the census: grouped by status there,
    DuckDB paid about 2.6 s CPU for it at 10^7 calls against about 1.5 s for this ungrouped count
    (one thread), which also reads no typed column but the key once the view is narrowed."""
    value = q(key[0]) if len(key) == 1 else key_struct(key)
    return (
        exp.select(exp.alias_(exp.Count(this=exp.Distinct(expressions=[value])), "_keys", quoted=True))
        .from_(exp.to_identifier(source, quoted=True))
        .where(exp.Is(this=q("_status"), expression=exp.null()))
    )


def duplicate_keys(source: str, key: list[str]) -> exp.Select:
    """The keys that more than one usable row of ``source`` carries, with how many rows each.

    Computed only when the distinct key hashes fall short of the used rows (or cannot be trusted:
    see :data:`HASHED_KEY_TYPES`); it alone then decides."""
    keys = [q(k) for k in key]
    return (
        exp.select(*keys, exp.alias_(exp.Count(this=exp.Star()), "_copies", quoted=True))
        .from_(exp.to_identifier(source, quoted=True))
        .where(exp.Is(this=q("_status"), expression=exp.null()))
        .group_by(*keys)
        .having(exp.GT(this=exp.Count(this=exp.Star()), expression=literal(1)))
    )


HASHED_KEY_TYPES = ("text", "integer", "timestamp")
"""Key field types whose equal values Spark's ``xxhash64`` hashes alike exactly when its grouping
calls them equal (a double's ``-0.0`` and ``0.0`` group together but hash apart)."""


def distinct_key_hashes(source: str, key: list[str]) -> exp.Select:
    """Spark: the used rows and the distinct 64-bit ``xxhash64`` of their keys, in one light pass.

    Equal keys hash alike, so as many distinct hashes as used rows proves every key unique and the
    grouped pass of :func:`duplicate_keys` is not needed; a shortfall (a duplicate, or two keys of
    one hash) sends the table to that pass, which alone decides. Measured on the benchmark's 10^6
    calls: about 0.7× the grouped pass's CPU (a long per row shuffled, not the key and a count) and
    one job instead of two (the grouped pass's table, then its count). Not in the census pass: a
    ``count(DISTINCT …)`` beside its other aggregates costs Spark an ``Expand`` and two shuffles."""
    used = exp.Is(this=q("_status"), expression=exp.null())
    hashed = exp.Count(this=exp.Distinct(expressions=[exp.func("xxhash64", *[q(k) for k in key])]))
    return (
        exp.select(exp.alias_(exp.Count(this=exp.Star()), "_n", quoted=True), exp.alias_(hashed, "_keys", quoted=True))
        .from_(exp.to_identifier(source, quoted=True))
        .where(used)
    )


def census(
    backend: Backend,
    view: str,
    view_sql: exp.Select,
    table: Table,
    known: tuple[str, int] | None,
    rows: bool = False,
    narrowing: Callable[[frozenset[str]], exp.Select] | None = None,
) -> tuple[exp.Select | None, tuple[str, int], list[CensusRow] | None, frozenset[str] | None]:
    """What the ledger needs, and the duplicate keys, before the view is final.

    A grouped pass over the typed rows gives, per status, the count, two example rows (the first
    and last by key, so the choice is deterministic) and for usable rows the local time span; a
    second grouped pass finds the keys that occur more than once, every copy of which is then
    rejected (the audit cannot tell which copy is right). One GROUPING SETS pass over (key) and
    (status) would compute the examples for every key too, which measured slower on DuckDB.

    On DuckDB an ungrouped pass after the census (over the narrowed rows, when the view is
    narrowed) counts the distinct keys of the used rows (:func:`distinct_used_keys`): when there
    are as many as used rows, no key repeats, and the second pass is not made; otherwise it is,
    and lists them. At 10^7 calls this saves a grouped pass over ten million text keys. On Spark a
    distinct count in the census pass cost an ``Expand`` and two shuffles of every key, so there
    the count is a light pass of its own over 64-bit hashes (:func:`distinct_key_hashes`) and the
    grouped pass follows only on a shortfall. ``known`` is the duplicate-key table of another view
    of the same rows (the one with row numbers, built for evidence): nothing is
    counted again.

    ``narrowing`` gives the view's query testing only some statuses (a view read from its files,
    on DuckDB): once the census has found which statuses occur, the rows are the census's rows
    with only those tested (:func:`checker.sources.typing.narrowed`), for the duplicate pass and
    every later pass. On DuckDB the examples of the rows not used are taken after that, by a
    pass over those rows only (:func:`unused_examples`).

    The census comes back as rows (:data:`CensusRow`), which the ledger reads, not as a table.
    On DuckDB, where no key repeats (the usual case), the view ``view`` is made here, as the
    typed rows themselves, and the final query returned is None: the census counts straight from
    the typed rows, and the distinct keys and examples read the view, so that no intermediate view
    is made and bound (each ``CREATE VIEW`` of the typed rows cost DuckDB 4-8 ms at any size, and
    printing its text as much again). Returns the final view's query (None when ``view`` is made),
    (duplicate-key table, how many), the census rows (None when ``known`` was given) and the
    statuses found when the view was narrowed to them (else None).
    """
    pre = f"{view}_pre"
    dup = f"{view}_dup"
    if known is None and backend.dialect == "duckdb":
        return _duckdb_census(backend, view, view_sql, table, rows, narrowing)
    # the census, the duplicate keys and every grouped pass scan these rows ("reused"); a view
    # whose duplicates are known (the row-numbered one, for evidence) is scanned about once
    backend.materialise(pre, view_sql, "reused" if known is None else "view")
    counted: list[CensusRow] | None = None
    census_pass = [lambda: backend.tuples(status_census(pre, table.key, rows))] if known is None else []
    hashed = known is None and backend.dialect == "spark"
    if hashed and all(table.fields[k].type in HASHED_KEY_TYPES for k in table.key):
        counted, ((used_rows, keys),) = each(
            backend, [*census_pass, lambda: backend.tuples(distinct_key_hashes(pre, table.key))]
        )
        census_pass = []
        if used_rows == keys:
            known = (dup, 0)  # every used key distinct: no table of duplicates is needed
    if known is None:
        done = each(backend, [*census_pass, lambda: backend.materialise(dup, duplicate_keys(pre, table.key))])
        counted = done[0] if census_pass else counted
        ((found,),) = backend.tuples(exp.select(exp.Count(this=exp.Star())).from_(relation(dup)))
        known = (dup, int(found))
    return _marked(pre, table, known), known, counted, None


KEPT_ROWS = 10_000
"""On DuckDB a record table of at most this many rows (all statuses) is kept as a table of its
typed rows once its census has counted them, not as a view. Why: every later statement that reads
a view binds and optimises its whole typed select again (the status tests, the UTC conversion of
every naive time); for a small table that planning is most of each statement's cost. At 10^5 calls
the benchmark's few hundred outage records cost DuckDB 12-28 ms per statement as a view against
4-15 ms as a table (ten statements: availability's finding sets and evidence, distinct keys,
examples) for 8 ms to make the table; for the 15,600 surveys or the 100,000 calls the table cost
more than it saved. The bound keeps the memory of such tables negligible."""


def _duckdb_census(
    backend: Backend,
    view: str,
    view_sql: exp.Select,
    table: Table,
    rows: bool,
    narrowing: Callable[[frozenset[str]], exp.Select] | None,
) -> tuple[exp.Select | None, tuple[str, int], list[CensusRow], frozenset[str] | None]:
    """:func:`census` on DuckDB: counts from the typed rows, then the (narrowed) view, its distinct
    used keys and the examples of the rows not used; the duplicate-key pass only on a shortfall."""
    # the typed rows become the counts query's subquery: a copy when they are also the view's
    counted = view_sql if narrowing is not None else view_sql.copy()
    counts = backend.tuples(status_census(counted, table.key, rows, examples=False))
    statuses = None
    if narrowing is not None:
        statuses = frozenset(status for status, *_ in counts if status is not None)
        view_sql = narrowing(statuses)
    used = [n for status, n, *_ in counts if status is None]
    kind = "table" if sum(n for _, n, *_ in counts) <= KEPT_ROWS else "view"
    backend.materialise(view, view_sql, kind)  # the final view, unless a key repeats
    dup, pre = f"{view}_dup", view
    known = (dup, 0)  # every used key distinct: no table of duplicates is needed
    if used and backend.tuples(distinct_used_keys(view, table.key)) != [(used[0],)]:
        pre = f"{view}_pre"
        backend.materialise(pre, view_sql, "table" if kind == "table" else "reused")
        backend.materialise(dup, duplicate_keys(pre, table.key))
        ((found,),) = backend.tuples(exp.select(exp.Count(this=exp.Star())).from_(relation(dup)))
        known = (dup, int(found))
        backend.drop(view)  # a table of the rows until now
        backend.materialise(view, _marked(pre, table, known), "view")
    # the rows before any was rejected as a duplicate (the ledger counts those by the table of keys)
    examples = backend.tuples(unused_examples(pre, table.key, rows)) if len(counts) > len(used) else []
    return None, known, with_examples(counts, examples), statuses


def _marked(pre: str, table: Table, known: tuple[str, int]) -> exp.Select:
    """The rows of ``pre`` with every copy of a repeated key rejected (``duplicate key``)."""
    dup, count = known
    if count == 0:
        return exp.select(exp.Star()).from_(exp.to_identifier(pre, quoted=True))
    matched = exp.Exists(
        this=exp.select(literal(1))
        .from_(exp.to_identifier(dup, quoted=True))
        .where(
            exp.and_(
                *[
                    exp.NullSafeEQ(
                        this=exp.column(k, table=dup, quoted=True), expression=exp.column(k, table=pre, quoted=True)
                    )
                    for k in table.key
                ]
            )
        )
    )
    status = exp.Case(
        ifs=[
            exp.If(
                this=exp.and_(exp.Is(this=q("_status"), expression=exp.null()), matched), true=literal(DUPLICATE_KEY)
            )
        ],
        default=q("_status"),
    )
    select = exp.select(exp.Star(except_=[q("_status")]), exp.alias_(status, "_status", quoted=True))
    return select.from_(exp.to_identifier(pre, quoted=True))
