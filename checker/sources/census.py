"""The ledger's census of a table's typed rows, and its duplicate keys.

A record's key identifies it in the ledger and the evidence (``call_id=C1``); two usable rows with
the same key are both rejected (``duplicate key``): the audit cannot tell which copy is right.
The census is one grouped pass per status (rows, example keys, span of the used rows), kept as a
table so the ledger does not read the rows again.
"""

from __future__ import annotations

from sqlglot import exp

from checker.engine.backend import Backend
from checker.engine.backend import table as relation
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


def status_census(source: str, key: list[str], rows: bool = False) -> exp.Select:
    """Per ``_status``: rows, local span of the used rows, the smallest and largest key (with file),
    how many distinct keys the used rows have (fewer than rows means duplicate keys), and for those
    two examples their ``_row`` (when the source has row numbers) and ``_bad``, the raw value that
    got the row its status."""
    used = exp.Is(this=q("_status"), expression=exp.null())
    text = key_struct(key)
    row = q("_row") if rows else exp.cast(exp.null(), "BIGINT")
    # rows sharing the example key (a missing key, a duplicate) are told apart by file and row, so
    # the example is the same row on every engine, not whichever the scan met first
    where = [exp.PropertyEQ(this=exp.to_identifier("_f", quoted=True), expression=q("_file"))]
    if rows:
        where.append(exp.PropertyEQ(this=exp.to_identifier("_r", quoted=True), expression=q("_row")))
    order = exp.Struct(expressions=[exp.PropertyEQ(this=exp.to_identifier("_k", quoted=True), expression=text), *where])
    located = [
        exp.alias_(exp.func("arg_min", row.copy(), order.copy()), "_ex1_row"),
        exp.alias_(exp.func("arg_min", q("_bad"), order.copy()), "_ex1_bad"),
        exp.alias_(exp.func("arg_max", row.copy(), order.copy()), "_ex2_row"),
        exp.alias_(exp.func("arg_max", q("_bad"), order.copy()), "_ex2_bad"),
    ]
    return (
        exp.select(
            q("_status"),
            exp.alias_(exp.Count(this=exp.Star()), "_n", quoted=True),
            exp.alias_(exp.Filter(this=exp.Min(this=q("_local")), expression=exp.Where(this=used)), "_first"),
            exp.alias_(exp.Filter(this=exp.Max(this=q("_local")), expression=exp.Where(this=used.copy())), "_last"),
            exp.alias_(exp.Min(this=text.copy()), "_ex1"),
            exp.alias_(exp.func("arg_min", q("_file"), order.copy()), "_ex1_file"),
            exp.alias_(exp.Max(this=text.copy()), "_ex2"),
            exp.alias_(exp.func("arg_max", q("_file"), order.copy()), "_ex2_file"),
            exp.alias_(
                exp.Filter(
                    this=exp.Count(this=exp.Distinct(expressions=[q(key[0]) if len(key) == 1 else text.copy()])),
                    expression=exp.Where(this=used.copy()),
                ),
                "_distinct",
            ),
            *located,
        )
        .from_(exp.to_identifier(source, quoted=True))
        .group_by(q("_status"))
    )


def census(
    backend: Backend, view: str, view_sql: exp.Select, table: Table, known: tuple[str, int] | None, rows: bool = False
) -> tuple[exp.Select, tuple[str, int], str | None]:
    """What the ledger needs, and the duplicate keys, before the view is final.

    A grouped pass over the typed rows gives, per status, the count, two example keys (the smallest
    and largest, so the choice is deterministic), for usable rows the local time span and the
    number of distinct keys. Only when that is less than the number of usable rows does a second
    pass find the keys that occur more than once, every copy of which is then rejected (the
    audit cannot tell which copy is right). One GROUPING SETS pass over (key) and (status) would
    compute the examples for every key too, which measured slower. ``known`` is the
    duplicate-key table of another view of the same rows (the one with row numbers, built for
    evidence): nothing is counted again. Returns the final view's query, (duplicate-key table,
    how many) and the census table.
    """
    pre = f"{view}_pre"
    backend.materialise(pre, view_sql, "view")
    counted = None
    if known is None:
        counted = f"{view}_census"
        backend.materialise(counted, status_census(pre, table.key, rows))
        used_rows = backend.tuples(
            exp.select(q("_n"), q("_distinct"))
            .from_(relation(counted))
            .where(exp.Is(this=q("_status"), expression=exp.null()))
        )
        if not used_rows or used_rows[0][0] == used_rows[0][1]:
            # every usable key is distinct (the common case): no second pass to find duplicates
            known = (f"{view}_dup", 0)
    if known is None:
        keys = [q(k) for k in table.key]
        dup_sql = (
            exp.select(*keys, exp.alias_(exp.Count(this=exp.Star()), "_copies", quoted=True))
            .from_(exp.to_identifier(pre, quoted=True))
            .where(exp.Is(this=q("_status"), expression=exp.null()))
            .group_by(*keys)
            .having(exp.GT(this=exp.Count(this=exp.Star()), expression=literal(1)))
        )
        dup = f"{view}_dup"
        backend.materialise(dup, dup_sql)
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
