"""The ledger's census of a table's typed rows, and its duplicate keys.

A record's key identifies it in the ledger and the evidence (``call_id=C1``); two usable rows with
the same key are both rejected (``duplicate key``): the audit cannot tell which copy is right.
The census is one grouped pass per status (rows, example keys, span of the used rows), kept as a
table so the ledger does not read the rows again. On DuckDB the same pass counts the distinct
128-bit hashes of the used rows' keys (on Spark a light pass beside it counts distinct 64-bit
hashes): as many as there are used rows proves every key unique, and only a shortfall (a
duplicate, or a hash collision) costs the grouped pass over the keys.
"""

from __future__ import annotations

from sqlglot import exp

from checker.engine.backend import Backend, each
from checker.engine.backend import table as relation
from checker.engine.dialect import key_hash
from checker.engine.expressions import literal
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


CENSUS_COLUMNS = ("_status", "_n", "_first", "_last", "_ex1", "_ex2")
"""What the ledger reads of a census, in this order (a fused census has ``_keys`` besides)."""


def status_census(source: str, key: list[str], rows: bool = False, distinct_keys: bool = False) -> exp.Select:
    """Per ``_status``: rows, local span of the used rows, and two examples of the rows that are not
    used: the rows first and last in (key, file, row) order, each as one STRUCT of its key,
    ``_file``, ``_row`` (when the source has row numbers) and ``_bad``, the raw value that got the
    row its status. The used rows get no examples (the ledger shows none for them): taking the
    least and greatest STRUCT of every used row was half the cost of the pass.
    With ``distinct_keys``, ``_keys`` counts the distinct hashes of the used rows' keys (see
    :func:`census`).

    Why one STRUCT per example and not a ``min_by``/``arg_min`` per column: each of those eight
    aggregates carried its own ordering struct through the pass (on Spark about a scan's cost
    each), and ties on (key, file) — rows without row numbers — could take the file of one row and
    the bad value of another; the whole row as one value is compared once and stays one row.
    Duplicate keys are found by :func:`duplicate_keys`, not here."""
    used = exp.Is(this=q("_status"), expression=exp.null())
    row = q("_row") if rows else exp.cast(exp.null(), "BIGINT")
    # rows sharing the example key (a missing key, a duplicate) are told apart by file and row, so
    # the example is the same row on every engine, not whichever the scan met first
    fields = {"_k": key_struct(key), "_f": q("_file"), "_r": row, "_b": q("_bad")}
    whole = exp.Struct(
        expressions=[exp.PropertyEQ(this=exp.to_identifier(n, quoted=True), expression=v) for n, v in fields.items()]
    )
    unused = exp.Where(this=exp.not_(used.copy()))
    columns = [
        q("_status"),
        exp.alias_(exp.Count(this=exp.Star()), "_n", quoted=True),
        exp.alias_(exp.Filter(this=exp.Min(this=q("_local")), expression=exp.Where(this=used)), "_first"),
        exp.alias_(exp.Filter(this=exp.Max(this=q("_local")), expression=exp.Where(this=used.copy())), "_last"),
        exp.alias_(exp.Filter(this=exp.Min(this=whole.copy()), expression=unused), "_ex1"),
        exp.alias_(exp.Filter(this=exp.Max(this=whole), expression=unused.copy()), "_ex2"),
    ]
    if distinct_keys:
        hashed = exp.Count(this=exp.Distinct(expressions=[key_hash([q(k) for k in key])]))
        columns.append(exp.alias_(exp.Filter(this=hashed, expression=exp.Where(this=used.copy())), "_keys"))
    return exp.select(*columns).from_(exp.to_identifier(source, quoted=True)).group_by(q("_status"))


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
    backend: Backend, view: str, view_sql: exp.Select, table: Table, known: tuple[str, int] | None, rows: bool = False
) -> tuple[exp.Select, tuple[str, int], str | None]:
    """What the ledger needs, and the duplicate keys, before the view is final.

    A grouped pass over the typed rows gives, per status, the count, two example rows (the first
    and last by key, so the choice is deterministic) and for usable rows the local time span; a
    second grouped pass finds the keys that occur more than once, every copy of which is then
    rejected (the audit cannot tell which copy is right). One GROUPING SETS pass over (key) and
    (status) would compute the examples for every key too, which measured slower on DuckDB.

    On DuckDB the census also counts the distinct 128-bit hashes of the used rows' keys (see
    :func:`checker.engine.dialect.key_hash`): when there
    are as many as used rows, no key repeats (equal keys hash alike), and the second pass is not
    made; otherwise (duplicates, or in a rare case two keys of one hash) it is, and it alone decides.
    At 10^7 calls this saves a grouped pass over ten million text keys. On Spark a distinct count in
    the census pass cost an ``Expand`` and two shuffles of every key, so the count is a pass of its
    own (:func:`distinct_key_hashes`) beside the census, and the grouped pass follows only on a
    shortfall. ``known`` is the
    duplicate-key table of another view of the same rows (the one with row numbers, built for
    evidence): nothing is counted again. Returns the final view's query, (duplicate-key table,
    how many) and the census table.
    """
    pre = f"{view}_pre"
    # the census, the duplicate keys and every grouped pass scan these rows ("reused"); a view
    # whose duplicates are known (the row-numbered one, for evidence) is scanned about once
    backend.materialise(pre, view_sql, "reused" if known is None else "view")
    counted = dup = None
    if known is None:
        counted, dup = f"{view}_census", f"{view}_dup"
    fused = known is None and backend.dialect == "duckdb"
    if fused:
        backend.materialise(counted, status_census(pre, table.key, rows, distinct_keys=True))
        used = exp.Is(this=q("_status"), expression=exp.null())
        found = backend.tuples(exp.select(q("_n"), q("_keys")).from_(relation(counted)).where(used))
        if not found or found[0][0] == found[0][1]:
            known = (dup, 0)  # every used key distinct: no table of duplicates is needed
    census_pass = [] if fused else [lambda: backend.materialise(counted, status_census(pre, table.key, rows))]
    hashed = known is None and backend.dialect == "spark"
    if hashed and all(table.fields[k].type in HASHED_KEY_TYPES for k in table.key):
        *_, ((used_rows, keys),) = each(
            backend, [*census_pass, lambda: backend.tuples(distinct_key_hashes(pre, table.key))]
        )
        census_pass = []
        if used_rows == keys:
            known = (dup, 0)  # every used key distinct: no table of duplicates is needed
    if known is None:
        each(backend, [*census_pass, lambda: backend.materialise(dup, duplicate_keys(pre, table.key))])
        ((found,),) = backend.tuples(exp.select(exp.Count(this=exp.Star())).from_(relation(dup)))
        known = (dup, int(found))
    dup, count = known
    if count == 0:
        return exp.select(exp.Star()).from_(exp.to_identifier(pre, quoted=True)), known, counted
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
    return select.from_(exp.to_identifier(pre, quoted=True)), known, counted
