"""Canonical typed fields: a source row's values → the mapping's types, and the reason a row is rejected.

Every field of a row is typed by one expression per construct (null values, code maps, numbers,
durations in a unit, timestamps naive or with an offset); a value that does not type is NULL
here and the status column says why (``unparseable value in talk``), the first reason in
evaluation order winning, so a row is never counted twice in the ledger. Trees are sqlglot;
zone conversions and timestamp parsing go through :mod:`checker.engine.dialect`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlglot import exp

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput
from checker.engine import dialect
from checker.engine.expressions import compile_expression, literal, scalar_start
from checker.engine.sql_types import cast, sql_type
from checker.engine.utc_runs import Run
from checker.load.documents import Document
from checker.model.dataset import FieldSpec, Table

_NUMERIC_TYPES = {
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
}
_UNIT_FACTOR = {"ms": 0.001, "s": 1.0, "min": 60.0, "h": 3600.0}
EXCLUDED, REJECTED = "excluded", "rejected"
FIRST_TIME, END_TIME = "0001-01-02", "9999-12-31"
"""Timestamps are kept within years 1–9999 (Python's and the reports' range) with a day's margin,
so that no time zone can carry an accepted value over the edge."""


def q(name: str) -> exp.Column:
    """A column by quoted name."""
    return exp.column(name, quoted=True)


def _raw(doc: Document, tname: str, fname: str, spec: FieldSpec, columns: list[str]) -> exp.Expression:
    if spec.column is not None:
        if spec.column not in columns:
            raise InvalidInput(
                [
                    Diagnostic.of(
                        codes.MISSING_COLUMN,
                        f"table {tname!r} field {fname!r}: column {spec.column!r} is not in the source "
                        f"(it has: {', '.join(columns)})",
                        doc.at(("tables", tname, "fields", fname, "column")),
                    )
                ]
            )
        return exp.column(spec.column, quoted=True)
    return compile_expression(
        spec.expr or "",
        columns=columns,
        location=scalar_start(doc.text, doc.at(("tables", tname, "fields", fname, "expr"))),
        kind="value",
    )


def _as_text(node: exp.Expression) -> exp.Expression:
    return cast(node, "VARCHAR")


def _nulled(raw: exp.Expression, spec: FieldSpec) -> exp.Expression:
    if not spec.null_values:
        return raw
    cond = exp.In(this=_as_text(raw), expressions=[literal(v) for v in spec.null_values])
    return exp.Case(ifs=[exp.If(this=cond, true=exp.null())], default=raw)


def _typed(value: exp.Expression, spec: FieldSpec, source_type: str = "VARCHAR") -> exp.Expression:
    """The canonical typed value of a field that is not a naive timestamp. ``source_type`` is the
    column's type in a typed source (Parquet, JSON), so numbers are not round-tripped through text."""
    if spec.values:
        return exp.Case(
            this=_as_text(value),
            ifs=[exp.If(this=literal(src), true=literal(dst)) for src, dst in sorted(spec.values.items())],
        )
    if spec.type == "text":
        return _as_text(value)
    if spec.type == "integer":
        return exp.TryCast(this=value, to=sql_type("BIGINT"))
    if spec.type == "number":
        return exp.TryCast(this=value, to=sql_type("DOUBLE"))
    if spec.type == "boolean":
        return exp.TryCast(this=value, to=sql_type("BOOLEAN"))
    if spec.type == "duration":
        factor = _UNIT_FACTOR[spec.unit or "s"]
        if source_type.split("(")[0] in _NUMERIC_TYPES:
            return exp.Mul(this=cast(value, "DOUBLE"), expression=literal(factor))
        text = _as_text(value)
        as_clock = dialect.epoch_seconds(exp.TryCast(this=text, to=sql_type("INTERVAL")))
        as_number = exp.Mul(this=exp.TryCast(this=text, to=sql_type("DOUBLE")), expression=literal(factor))
        return exp.Case(ifs=[exp.If(this=exp.func("contains", text, literal(":")), true=as_clock)], default=as_number)
    # timestamp carrying its own offset (naive ones go through _naive_timestamp and to_utc)
    if source_type.startswith("TIMESTAMP WITH TIME ZONE"):
        return dialect.at_zone(value, "UTC")
    return dialect.at_zone(dialect.parse_timestamp(_as_text(value), spec.format or ""), "UTC")


def _naive_timestamp(value: exp.Expression, spec: FieldSpec, source_type: str) -> exp.Expression | None:
    """The wall-clock TIMESTAMP of a naive source value, or None when the source carries its offset."""
    if spec.values or source_type.startswith("TIMESTAMP WITH TIME ZONE") or (spec.format and "%z" in spec.format):
        return None
    if source_type.startswith(("TIMESTAMP", "DATE")):
        return cast(value, "TIMESTAMP")
    text = _as_text(value)
    if spec.format:
        return cast(dialect.parse_timestamp(text, spec.format), "TIMESTAMP")
    return exp.TryCast(this=text, to=sql_type("TIMESTAMP"))


def _carries_offset(value: exp.Expression, spec: FieldSpec, source_type: str) -> exp.Expression | None:
    """For text read without a ``format``: true where the text ends in a UTC offset (``…+02:00``,
    ``…Z``). A plain TIMESTAMP cast drops the offset without a word (DuckDB and Spark alike), which
    would place the record at the wrong instant; such values are read as the instant they name.
    None where the field cannot carry one in its text (a format, a typed column, mapped values)."""
    if spec.values or spec.format or not source_type.startswith("VARCHAR"):
        return None
    return dialect.has_utc_offset(_as_text(value))


def field_reasons(table: Table) -> list[tuple[str, str]]:
    """Every rejection reason the fields can give, in evaluation order (the first that applies wins)."""
    out: list[tuple[str, str]] = []
    for fname, spec in sorted(table.fields.items()):
        if spec.required or fname in table.key or fname == table.time:
            out.append((REJECTED, f"missing {fname}"))
        out.append((REJECTED, f"{'unmapped value' if spec.values else 'unparseable value'} in {fname}"))
        if spec.type in ("number", "duration") and not spec.values:
            out.append((REJECTED, f"not a finite number in {fname}"))
        if spec.type == "timestamp" and not spec.values:
            out.append((REJECTED, f"timestamp out of range in {fname}"))
        if spec.type == "duration":
            out.append((REJECTED, f"negative duration in {fname}"))
        if spec.min is not None or spec.max is not None:
            out.append((REJECTED, f"out of range {fname}"))
    return out


def deferred_utc(table: Table, column_types: dict[str, str]) -> dict[str, str]:
    """Naive timestamp fields whose UTC instant a materialised table need not hold → the column
    that holds their wall-clock value instead (``_local`` for the table's time field).

    Converting ten million wall-clock times to UTC costs more than parsing them (a zone lookup per
    row), and most queries read ``_local`` only; a table of typed rows keeps the wall clock and
    the view over it converts, so the cost falls only on a query that reads the instant. Fields
    whose text may carry its own offset are converted where they are typed (their wall clock
    depends on it)."""
    out: dict[str, str] = {}
    for fname, spec in sorted(table.fields.items()):
        if spec.type != "timestamp":
            continue
        source_type = column_types.get(spec.column or "", "VARCHAR")
        raw = q(f"__raw_{fname}")
        if _naive_timestamp(raw, spec, source_type) is None or _carries_offset(raw, spec, source_type) is not None:
            continue
        out[fname] = "_local" if fname == table.time else f"__naive_{fname}"
    return out


def wall_clocks(
    doc: Document, tname: str, table: Table, part_view: str, column_types: dict[str, str]
) -> tuple[exp.Select, dict[str, str]]:
    """One file's wall-clock times of the fields of :func:`deferred_utc`, each under the column name
    that function gives (so ``min``/``max`` of them are the spans the offset runs must cover), and
    that mapping. The same values as :func:`typed_rows` with ``defer_utc`` gives there, from the raw
    columns alone: the spans query of a 10^5-row table printed and bound the whole typed select
    (3-5 KB of SQL) for two columns of it."""
    later = deferred_utc(table, column_types)
    columns = [c for c in column_types if c not in ("_row", "_file")]
    walls = []
    for fname, name in later.items():
        spec = table.fields[fname]
        raw = _nulled(_raw(doc, tname, fname, spec, columns), spec)
        naive = _naive_timestamp(raw, spec, column_types.get(spec.column or "", "VARCHAR"))
        assert naive is not None  # deferred_utc keeps only the naive fields
        walls.append(exp.alias_(naive, name, quoted=True, copy=False))
    return exp.select(*walls, copy=False).from_(part_view, copy=False), later


def code_enum(value: exp.Expression, spec: FieldSpec) -> exp.Expression:
    """A mapped text field's code map with each canonical value an ENUM of them all (sorted, so the
    ENUM's order is the text's byte order): the field is then an ENUM.

    Why, for a table of typed rows (a text file parsed once): a code stored as VARCHAR took 16
    bytes a row and every ``queue = 'vip'`` of the measures compared text; as an ENUM it is one
    byte and the comparisons are of integers. At 10^7 calls from CSV (queue, channel, outcome):
    320 MB less in the table and the shared grouped query about 2 s less CPU of 8 (one thread).
    The map yields ENUM constants, not text cast afterwards (a lookup per row: 0.35 s against
    0.12 s a column at 10^7 rows, text 0.17 s). Values read back, grouped, ordered and compared
    as before, a literal outside the ENUM included (it equals no row)."""
    assert spec.values
    codes = [literal(v) for v in sorted(set(spec.values.values()))]
    enum = exp.DataType(this=exp.DataType.Type.ENUM, expressions=codes)
    ifs = [exp.If(this=literal(k), true=exp.cast(literal(v), enum.copy())) for k, v in sorted(spec.values.items())]
    return exp.Case(this=_as_text(value), ifs=ifs)


def typed_rows(
    doc: Document,
    tname: str,
    table: Table,
    zone: str,
    display: str,
    part_view: str,
    column_types: dict[str, str],
    with_row_numbers: bool,
    defer_utc: bool = False,
    statuses: frozenset[str] | None = None,
    compact: bool = False,
    utc_runs: Mapping[str, Sequence[Run]] | None = None,
) -> exp.Select:
    """One source file's rows as canonical fields, ``_status`` (first reason that applies), ``_local``.

    Three nested selects so every value is computed once per row: the raw (null-mapped) values
    and the exclusion flags over the source columns; then the typed values (and the wall-clock time
    of a naive time field, which places the record in a local day without a round trip through
    UTC); then the status, read from both. With ``defer_utc`` the fields of :func:`deferred_utc`
    are given as their wall-clock column, not as the UTC instant (the caller converts).

    ``statuses``: when a census of these very rows has shown which statuses occur, only the reasons
    among them are tested (see :func:`narrowed`); None tests every reason. With ``compact`` (DuckDB,
    rows kept in a table of one file's rows) a mapped text field is given as an ENUM
    (:func:`code_enum`), and ``_file`` is left out when it is the file's name, the same in every
    row (the view over the table names it: 160 MB less at 10^7 rows). ``utc_runs``: a naive field's
    runs of one UTC offset (:mod:`checker.engine.utc_runs`), which its conversion adds directly.
    """
    src_columns = [c for c in column_types if c not in ("_row", "_file")]
    # a read of several files at once (a URI glob on Spark) names each row's file itself
    file = q("_file") if "_file" in column_types else literal(display)
    level1: list[exp.Expression] = [exp.alias_(file, "_file", quoted=True)]
    if with_row_numbers:
        level1.append(q("_row"))
    for j, ex in enumerate(table.exclude):
        pred = compile_expression(
            ex.where,
            columns=src_columns,
            location=scalar_start(doc.text, doc.at(("tables", tname, "exclude", j, "where"))),
            kind="predicate",
        )
        level1.append(exp.alias_(pred, f"__ex_{j}", quoted=True))
    level2: list[exp.Expression] = [q("_file"), *([q("_row")] if with_row_numbers else [])]
    level2 += [q(f"__ex_{j}") for j in range(len(table.exclude))]
    local: exp.Expression | None = None
    naive_fields: set[str] = set()
    for fname, spec in sorted(table.fields.items()):
        raw_name = f"__raw_{fname}"
        source_type = column_types.get(spec.column or "", "VARCHAR")
        level1.append(exp.alias_(_nulled(_raw(doc, tname, fname, spec, src_columns), spec), raw_name, quoted=True))
        naive = _naive_timestamp(q(raw_name), spec, source_type) if spec.type == "timestamp" else None
        offset = _carries_offset(q(raw_name), spec, source_type) if naive is not None else None
        naive_out: exp.Expression = q(f"__naive_{fname}")
        if naive is not None:
            naive_fields.add(fname)
            level1.append(exp.alias_(naive, f"__naive_{fname}", quoted=True))
            typed = dialect.to_utc(q(f"__naive_{fname}"), zone, (utc_runs or {}).get(fname, ()))
            if offset is not None:
                # text with its own offset names an instant: read it as one, and its wall-clock
                # time in the table's zone (the day it falls in) from that instant
                level1.append(exp.alias_(offset, f"__offset_{fname}", quoted=True))
                instant = dialect.offset_instant(_as_text(q(raw_name)))
                has = q(f"__offset_{fname}")
                typed = exp.Case(ifs=[exp.If(this=has.copy(), true=instant.copy())], default=typed)
                naive_out = exp.Case(
                    ifs=[exp.If(this=has.copy(), true=dialect.from_utc(instant, zone))], default=naive_out
                )
            if fname == table.time:
                local = naive_out.copy()
        elif compact and spec.values and spec.type == "text":
            typed = code_enum(q(raw_name), spec)
        else:
            typed = _typed(q(raw_name), spec, source_type)
        level2 += [q(raw_name), exp.alias_(typed, fname, quoted=True)]
        if naive is not None:
            level2.append(exp.alias_(naive_out, f"__naive_{fname}", quoted=True))
    if local is None:
        local = dialect.from_utc(q(table.time), zone)
    level2.append(exp.alias_(local, "_local", quoted=True))

    status_ifs = [exp.If(this=q(f"__ex_{j}"), true=literal(ex.reason)) for j, ex in enumerate(table.exclude)]
    # _bad: the raw value behind a row's status (the ledger's examples show it), by the same conditions
    bad_ifs = [exp.If(this=q(f"__ex_{j}"), true=cast(exp.null(), "VARCHAR")) for j in range(len(table.exclude))]
    for fname, spec in sorted(table.fields.items()):
        before = len(status_ifs)
        raw, typed = q(f"__raw_{fname}"), q(fname)
        if fname in naive_fields:
            # parsed or not is decided on the wall-clock value: the UTC instant is then computed
            # only where a query uses it
            typed = q(f"__naive_{fname}")
        missing = exp.Is(this=raw, expression=exp.null())
        if spec.required or fname in table.key or fname == table.time:
            status_ifs.append(exp.If(this=missing.copy(), true=literal(f"missing {fname}")))
        word = "unmapped value" if spec.values else "unparseable value"
        bad = exp.and_(exp.not_(missing), exp.Is(this=typed.copy(), expression=exp.null()))
        status_ifs.append(exp.If(this=bad, true=literal(f"{word} in {fname}")))
        status_ifs += value_faults(fname, spec, typed)
        if spec.type == "duration":
            negative = exp.LT(this=typed.copy(), expression=literal(0))
            status_ifs.append(exp.If(this=negative, true=literal(f"negative duration in {fname}")))
        if spec.min is not None or spec.max is not None:
            low = exp.LT(this=typed.copy(), expression=literal(spec.min)) if spec.min is not None else None
            high = exp.GT(this=typed.copy(), expression=literal(spec.max)) if spec.max is not None else None
            cond = exp.or_(*[c for c in (low, high) if c is not None])
            status_ifs.append(exp.If(this=cond, true=literal(f"out of range {fname}")))
        # a computed number is shown through DOUBLE, whose text both engines write alike
        shown = _as_text(cast(raw.copy(), "DOUBLE") if spec.expr and spec.type in ("number", "duration") else raw)
        bad_ifs += [exp.If(this=i.this.copy(), true=shown.copy()) for i in status_ifs[before:]]
    status = exp.Case(ifs=status_ifs) if status_ifs else cast(exp.null(), "VARCHAR")
    bad = exp.Case(ifs=bad_ifs) if bad_ifs else cast(exp.null(), "VARCHAR")
    later = deferred_utc(table, column_types) if defer_utc else {}
    keep: list[exp.Expression] = [q(later.get(f, f)) for f in sorted(table.fields) if later.get(f) != "_local"]
    if not compact or "_file" in column_types:
        keep.append(q("_file"))
    keep += [q("_row")] if with_row_numbers else []
    # built in place (copy=False): every node above is this call's own, and each builder's copy of
    # the levels below it was most of the cost of typing a table (three per audit and table)
    first = exp.select(*level1, copy=False).from_(part_view, copy=False)
    l1 = exp.Subquery(this=first, alias=exp.TableAlias(this=exp.to_identifier("l1")))
    second = exp.select(*level2, copy=False).from_(l1, copy=False)
    outputs = [
        *keep,
        q("_local"),
        exp.alias_(status, "_status", quoted=True, copy=False),
        exp.alias_(bad, "_bad", quoted=True, copy=False),
    ]
    l2 = exp.Subquery(this=second, alias=exp.TableAlias(this=exp.to_identifier("l2")))
    select = exp.select(*outputs, copy=False).from_(l2, copy=False)
    return select if statuses is None else narrow(select, statuses)


def narrow(select: exp.Select, statuses: frozenset[str]) -> exp.Select:
    """``select``, a :func:`typed_rows` select, testing only the reasons among ``statuses``
    (:func:`narrowed`): changed in place and returned.

    In place because a view read from its files narrows the very rows its census has just counted
    (and printed): building them again cost 10-16 ms of sqlglot per table at any size. Only the
    outer ``_status`` and ``_bad`` change; with no reason left both are a typed NULL.

    >>> rows = {"call_id": {"column": "id", "required": True}, "at": {"column": "at", "type": "timestamp"}}
    >>> table = Table.model_validate({"source": ["c.csv"], "key": ["call_id"], "time": "at", "fields": rows})
    >>> select = typed_rows(None, "c", table, "UTC", "c.csv", "_src", {"id": "VARCHAR", "at": "VARCHAR"}, False)
    >>> print(narrow(select, frozenset({"missing call_id"})).expressions[-2].sql())
    CASE WHEN "__raw_call_id" IS NULL THEN 'missing call_id' END AS "_status"
    >>> print(narrow(select, frozenset()).expressions[-1].sql())
    CAST(NULL AS VARCHAR) AS "_bad"
    """
    status, bad = select.expressions[-2], select.expressions[-1]
    assert (status.alias, bad.alias) == ("_status", "_bad"), "not a typed_rows select"
    if not isinstance(status.this, exp.Case):  # no reason to test, none to drop
        return select
    status_ifs, bad_ifs = narrowed(status.this.args["ifs"], bad.this.args["ifs"], statuses)
    if status_ifs:
        status.this.set("ifs", status_ifs)
        bad.this.set("ifs", bad_ifs)
    else:
        status.set("this", cast(exp.null(), "VARCHAR"))
        bad.set("this", cast(exp.null(), "VARCHAR"))
    return select


def narrowed(
    status_ifs: list[exp.If], bad_ifs: list[exp.If], statuses: frozenset[str]
) -> tuple[list[exp.If], list[exp.If]]:
    """The status tests (and their ``_bad`` twins) whose reason is among ``statuses``, in order.

    Why this is exact: a row's status is the reason of the first test it meets. Run over the same
    rows, a census finds every such first reason; a test whose reason it never found is met by no
    row before a test that is kept, so dropping it changes no row's first match, and a row that met
    none meets none. What it saves: every later pass over a Parquet view (the grouped queries, the
    percentiles, evidence) typed and checked every field of every row for its ``_status IS NULL``;
    with only the exclusion left (the benchmark's test calls) that filter is one comparison, which
    DuckDB pushes into the Parquet scan.

    >>> tests = [exp.If(this=exp.column("x"), true=literal(r)) for r in ("excluded", "missing a", "out of range a")]
    >>> [i.args["true"].name for i in narrowed(tests, tests, frozenset({"out of range a"}))[0]]
    ['out of range a']
    """
    kept = [(s, b) for s, b in zip(status_ifs, bad_ifs, strict=True) if s.args["true"].name in statuses]
    return [s for s, _ in kept], [b for _, b in kept]


def value_faults(fname: str, spec: FieldSpec, typed: exp.Expression) -> list[exp.If]:
    """Values that parse but cannot be used: NaN and infinite numbers (``nan``, ``inf``,
    ``Infinity`` cast to DOUBLE without complaint, and NaN compares as neither in nor out of
    time), and timestamps outside years 1–9999 (DuckDB holds them; Python and the reports do not)."""
    if spec.values:
        return []
    if spec.type in ("number", "duration"):
        infinite = exp.not_(exp.func("isfinite", cast(typed.copy(), "DOUBLE")))
        return [exp.If(this=infinite, true=literal(f"not a finite number in {fname}"))]
    if spec.type == "timestamp":
        low, high = (cast(literal(t), "TIMESTAMP") for t in (FIRST_TIME, END_TIME))
        value = cast(typed.copy(), "TIMESTAMP")
        outside = exp.or_(exp.LT(this=value, expression=low), exp.GTE(this=value.copy(), expression=high))
        return [exp.If(this=outside, true=literal(f"timestamp out of range in {fname}"))]
    return []
