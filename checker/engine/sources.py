"""Dataset tables → DuckDB views of canonical, typed, UTC records with a status per row.

Files are read by DuckDB itself (CSV as text so that servcheck, not the sniffer, decides what a
bad value is; Parquet with its own types). Every source row ends up in exactly one place of the
ledger: used (``_status`` NULL), excluded (declared exclusions, outside the period) or rejected
(unparseable or missing value, unmapped code, value out of range, duplicate key, malformed CSV
line). The first reason in :data:`REASON_ORDER`-order wins so a row is never counted twice.

Queries are built as sqlglot ASTs; file paths are passed to DuckDB's Python API as values,
never pasted into SQL.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
from sqlglot import exp

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.engine.ddl import create, q
from checker.engine.expressions import compile_expression, literal, scalar_start
from checker.engine.source_errors import check_source, reading
from checker.load.documents import Document
from checker.model.dataset import Dataset, FieldSpec, Table

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
OUTSIDE_PERIOD = "outside the audit period"
MALFORMED_LINE = "malformed CSV line"
MALFORMED_JSON_LINE = "malformed JSON line"
FIRST_TIME, END_TIME = "0001-01-02", "9999-12-31"
"""Timestamps are kept within years 1–9999 (Python's and the reports' range) with a day's margin,
so that no time zone can carry an accepted value over the edge."""
DUPLICATE_KEY = "duplicate key"


@dataclass(frozen=True)
class SourceFile:
    """One input file with the identity the report records (path as given, SHA-256, size)."""

    path: Path
    display: str
    sha256: str
    size: int


@dataclass
class PreparedTable:
    """A registered view plus what the ledger and evidence need to know about it."""

    name: str
    view: str
    table: Table
    files: list[SourceFile]
    fields: list[str]
    reasons: list[tuple[str, str]]  # (class, reason) in evaluation order
    timezone: str
    duplicates: tuple[str, int] | None = None  # (temp table of duplicated keys, how many)
    census: str | None = None  # temp table: per status counts, examples and span
    has_row_numbers: bool = False  # _row is a column: evidence can be read from this view itself
    rejects: list[str] = field(default_factory=list)  # DuckDB's rejects tables of the CSV reader

    @property
    def key(self) -> list[str]:
        return self.table.key


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def resolve_sources(doc: Document, name: str, table: Table) -> list[SourceFile]:
    """Expand the table's globs relative to the mapping file; a glob matching nothing is an error."""
    base = doc.path.parent
    files: list[SourceFile] = []
    problems = []
    for i, pattern in enumerate(table.source):
        matches = sorted(glob.glob(str(base / pattern), recursive=True))
        if not matches:
            problems.append(
                Diagnostic.of(
                    codes.MISSING_SOURCE,
                    f"table {name!r}: source {pattern!r} matches no file (looked in {base})",
                    doc.at(("tables", name, "source", i)),
                )
            )
        for match in matches:
            path = Path(match)
            display = str(Path(pattern).parent / path.name) if "*" in pattern else pattern
            files.append(SourceFile(path, display, sha256_file(path), path.stat().st_size))
    if problems:
        raise InvalidInput(problems)
    return files


def check_timezone(zone: str, loc: Location) -> str:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            [
                Diagnostic.of(
                    codes.TIMEZONE,
                    f"unknown IANA time zone {zone!r}",
                    loc,
                    "use a name such as 'Asia/Shanghai' or 'Europe/London'",
                )
            ]
        ) from None
    return zone


def _format_of(table: Table, path: Path) -> str:
    if table.format:
        return table.format
    suffix = "".join(path.suffixes[-2:]).lower()
    if ".parquet" in suffix:
        return "parquet"
    if ".jsonl" in suffix or ".ndjson" in suffix or suffix.endswith(".json"):
        return "jsonl"
    return "csv"


def format_of(table: Table, path: Path) -> str:
    """The reader a source file goes through: ``csv``, ``jsonl`` or ``parquet``."""
    return _format_of(table, path)


def _read_file(
    con: duckdb.DuckDBPyConnection, table: Table, source: SourceFile, tag: str, with_row_numbers: bool
) -> duckdb.DuckDBPyRelation:
    kind = _format_of(table, source.path)
    if kind == "parquet":
        rel = con.read_parquet(str(source.path), file_row_number=with_row_numbers)
        if with_row_numbers:
            rel = rel.select("* EXCLUDE (file_row_number), file_row_number + 1 AS _row")
        return rel
    if kind == "jsonl":
        return _read_jsonl(con, source, tag, with_row_numbers)
    else:
        rel = con.read_csv(
            str(source.path),
            header=table.csv.header,
            sep=table.csv.delimiter,
            quotechar=table.csv.quote,
            all_varchar=True,
            store_rejects=True,
            rejects_table=f"_rej_{tag}",
            rejects_scan=f"_rejscan_{tag}",
        )
    if with_row_numbers:
        rel = rel.select("*, row_number() OVER () AS _row")
    return rel


def _read_jsonl(
    con: duckdb.DuckDBPyConnection, source: SourceFile, tag: str, with_row_numbers: bool
) -> duckdb.DuckDBPyRelation:
    """A JSON Lines file as one text column per key, read line by line.

    DuckDB's JSON reader types a column from a sample and then fails (or nulls the column) on
    one odd value, and one line that is not JSON fails the whole file. Here every non-blank line
    is a row numbered by its line in the file; a line that is not a JSON object goes to the
    file's rejects table (``malformed JSON line``, with its line number) and every value stays
    text, so servcheck's typing rejects an odd value in its own row only.
    """
    lines = f"_lines_{tag}"
    split = "string_split(content, chr(10))"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {q(lines)} AS "
        "SELECT n AS _row, CASE WHEN json_valid(line) THEN json_type(line) END AS _type, "
        "CASE WHEN _type = 'OBJECT' THEN line END AS line FROM ("
        f"SELECT generate_subscripts({split}, 1) AS n, rtrim(unnest({split}), chr(13)) AS line FROM read_text(?)"
        ") WHERE trim(line) <> ''",
        [str(source.path)],
    )
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {q(f'_rej_{tag}')} AS "
        "SELECT _row AS line, "
        "CASE WHEN _type IS NULL THEN 'not JSON' ELSE 'JSON, but not an object' END AS error_type "
        f"FROM {q(lines)} WHERE line IS NULL"
    )
    keys = [
        k
        for (k,) in con.execute(
            f"SELECT k FROM (SELECT unnest(json_keys(line)) AS k, _row FROM {q(lines)} WHERE line IS NOT NULL) "
            "GROUP BY k ORDER BY min(_row), k"
        ).fetchall()
    ]
    if not keys:
        raise InvalidInput(
            [
                Diagnostic.of(
                    codes.NO_JSON_RECORDS,
                    "no line of the file is a JSON object with fields (JSON Lines holds one object per line)",
                    Location(str(source.path), 1, 1),
                )
            ]
        )
    values = [
        f"json_extract_string(line, {literal('$.' + json.dumps(k)).sql('duckdb')}) AS {q(k)}" for k in keys
    ]
    row = ["_row"] if with_row_numbers else []
    return con.sql(f"SELECT {', '.join([*values, *row])} FROM {q(lines)} WHERE line IS NOT NULL")


def _columns_of(con: duckdb.DuckDBPyConnection, table: Table, source: SourceFile) -> list[str]:
    return list(_read_file(con, table, source, "probe", False).columns)


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
    return exp.cast(node, "VARCHAR")


def _nulled(raw: exp.Expression, spec: FieldSpec) -> exp.Expression:
    if not spec.null_values:
        return raw
    cond = exp.In(this=_as_text(raw), expressions=[literal(v) for v in spec.null_values])
    return exp.Case(ifs=[exp.If(this=cond, true=exp.null())], default=raw)


def _utc(naive_local: exp.Expression, zone: str) -> exp.Expression:
    """Local wall-clock TIMESTAMP → TIMESTAMP holding the UTC instant (DST handled by ICU)."""
    aware = exp.func("timezone", literal(zone), naive_local)
    return exp.func("timezone", literal("UTC"), aware)


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
        return exp.TryCast(this=value, to=exp.DataType.build("BIGINT"))
    if spec.type == "number":
        return exp.TryCast(this=value, to=exp.DataType.build("DOUBLE"))
    if spec.type == "boolean":
        return exp.TryCast(this=value, to=exp.DataType.build("BOOLEAN"))
    if spec.type == "duration":
        factor = _UNIT_FACTOR[spec.unit or "s"]
        if source_type.split("(")[0] in _NUMERIC_TYPES:
            return exp.Mul(this=exp.cast(value, "DOUBLE"), expression=literal(factor))
        text = _as_text(value)
        as_clock = exp.func("epoch", exp.TryCast(this=text, to=exp.DataType.build("INTERVAL")))
        as_number = exp.Mul(this=exp.TryCast(this=text, to=exp.DataType.build("DOUBLE")), expression=literal(factor))
        return exp.Case(ifs=[exp.If(this=exp.func("contains", text, literal(":")), true=as_clock)], default=as_number)
    # timestamp carrying its own offset (naive ones go through _naive_timestamp and _utc)
    if source_type.startswith("TIMESTAMP WITH TIME ZONE"):
        return exp.func("timezone", literal("UTC"), value)
    aware = exp.func("try_strptime", _as_text(value), literal(spec.format or ""))
    return exp.func("timezone", literal("UTC"), aware)


def _q(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def build_view(
    con: duckdb.DuckDBPyConnection,
    doc: Document,
    dataset: Dataset,
    tname: str,
    period: tuple[dt.datetime, dt.datetime] | None,
    with_row_numbers: bool = False,
    files: list[SourceFile] | None = None,
    duplicates: tuple[str, int] | None = None,
) -> PreparedTable:
    """Register ``tname``'s canonical view; raises located errors for mapping/source mismatches."""
    table = dataset.tables[tname]
    zone = check_timezone(
        table.timezone or dataset.timezone,
        doc.at(("tables", tname, "timezone")) if table.timezone else doc.at(("timezone",)),
    )
    files = files if files is not None else resolve_sources(doc, tname, table)
    # Text sources are parsed once into a typed temporary table (with row numbers, for evidence):
    # the census, the measures and the evidence then read columns instead of re-parsing text.
    materialize = any(_format_of(table, f.path) != "parquet" for f in files)
    suffix = "_r" if with_row_numbers and not materialize else ""
    with_row_numbers = with_row_numbers or materialize
    parts = []
    rejects: list[str] = []
    kinds = [(_format_of(table, f.path), f) for f in files]
    for i, (kind, source) in enumerate(kinds):
        tag = f"{tname}_{i}{suffix}"
        rejects.append(f"_rej_{tag}")
        check_source(tname, kind, table, source)
        with reading(tname, table, [(kind, source)]):
            rel = _read_file(con, table, source, tag, with_row_numbers)
            part_view = f"_src_{tag}"
            rel.create_view(part_view, replace=True)
        parts.append((source, part_view, dict(zip(rel.columns, map(str, rel.types), strict=True))))

    reasons: list[tuple[str, str]] = [(EXCLUDED, ex.reason) for ex in table.exclude]
    reasons += _field_reasons(table)
    selects = [
        _typed_rows(doc, tname, table, zone, source, part_view, column_types, with_row_numbers)
        for source, part_view, column_types in parts
    ]
    union: exp.Expression = selects[0]
    for select in selects[1:]:
        union = exp.union(union, select, distinct=False)
    inner = exp.Subquery(this=union, alias=exp.TableAlias(this=exp.to_identifier("t")))

    outside = _period_condition(_q("_local"), _local_bounds(period, zone))
    final_status = exp.Case(
        ifs=[
            exp.If(
                this=exp.Is(this=exp.column("_status", quoted=True), expression=exp.null()).not_(), true=_q("_status")
            )
        ]
        + ([exp.If(this=outside, true=literal(OUTSIDE_PERIOD))] if outside is not None else []),
        default=exp.null(),
    )
    if outside is not None:
        reasons.append((EXCLUDED, OUTSIDE_PERIOD))
    cols = [exp.Star(except_=[exp.column("_status", quoted=True)])]
    view_sql = exp.select(*cols, exp.alias_(final_status, "_status", quoted=True)).from_(inner)

    view = f"_view_{tname}{suffix}"
    census = None
    with reading(tname, table, kinds):
        if materialize:
            view_sql = exp.select(exp.Star()).from_(create(con, f"_typed_{tname}", view_sql))
        if table.kind == "records":
            view_sql, duplicates, census = _census(con, view, view_sql, table, duplicates)
            reasons.append((REJECTED, DUPLICATE_KEY))
    create(con, view, view_sql, "VIEW")
    return PreparedTable(
        tname, view, table, files, sorted(table.fields), reasons, zone, duplicates, census, with_row_numbers, rejects
    )


def _field_reasons(table: Table) -> list[tuple[str, str]]:
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


def _typed_rows(
    doc: Document,
    tname: str,
    table: Table,
    zone: str,
    source: SourceFile,
    part_view: str,
    column_types: dict[str, str],
    with_row_numbers: bool,
) -> exp.Select:
    """One source file's rows as canonical fields, ``_status`` (first reason that applies), ``_local``.

    Three nested selects so every value is computed once per row: the raw (null-mapped) values
    and the exclusion flags over the source columns; then the typed values (and the wall-clock time
    of a naive time field, which places the record in a local day without a round trip through
    UTC); then the status, read from both.
    """
    src_columns = [c for c in column_types if c != "_row"]
    level1: list[exp.Expression] = [exp.alias_(literal(source.display), "_file", quoted=True)]
    if with_row_numbers:
        level1.append(_q("_row"))
    for j, ex in enumerate(table.exclude):
        pred = compile_expression(
            ex.where,
            columns=src_columns,
            location=scalar_start(doc.text, doc.at(("tables", tname, "exclude", j, "where"))),
            kind="predicate",
        )
        level1.append(exp.alias_(pred, f"__ex_{j}", quoted=True))
    level2: list[exp.Expression] = [_q("_file"), *([_q("_row")] if with_row_numbers else [])]
    level2 += [_q(f"__ex_{j}") for j in range(len(table.exclude))]
    local: exp.Expression | None = None
    naive_fields: set[str] = set()
    for fname, spec in sorted(table.fields.items()):
        raw_name = f"__raw_{fname}"
        source_type = column_types.get(spec.column or "", "VARCHAR")
        level1.append(exp.alias_(_nulled(_raw(doc, tname, fname, spec, src_columns), spec), raw_name, quoted=True))
        naive = _naive_timestamp(_q(raw_name), spec, source_type) if spec.type == "timestamp" else None
        if naive is not None:
            naive_fields.add(fname)
            level1.append(exp.alias_(naive, f"__naive_{fname}", quoted=True))
            typed = _utc(_q(f"__naive_{fname}"), zone)
            if fname == table.time:
                local = _q(f"__naive_{fname}")
        else:
            typed = _typed(_q(raw_name), spec, source_type)
        level2 += [_q(raw_name), exp.alias_(typed, fname, quoted=True)]
        if naive is not None:
            level2.append(_q(f"__naive_{fname}"))
    if local is None:
        local = exp.func("timezone", literal(zone), exp.func("timezone", literal("UTC"), _q(table.time)))
    level2.append(exp.alias_(local, "_local", quoted=True))

    status_ifs = [exp.If(this=_q(f"__ex_{j}"), true=literal(ex.reason)) for j, ex in enumerate(table.exclude)]
    for fname, spec in sorted(table.fields.items()):
        raw, typed = _q(f"__raw_{fname}"), _q(fname)
        if fname in naive_fields:
            # parsed or not is decided on the wall-clock value: the UTC instant is then computed
            # only where a query uses it
            typed = _q(f"__naive_{fname}")
        missing = exp.Is(this=raw, expression=exp.null())
        if spec.required or fname in table.key or fname == table.time:
            status_ifs.append(exp.If(this=missing.copy(), true=literal(f"missing {fname}")))
        word = "unmapped value" if spec.values else "unparseable value"
        bad = exp.and_(exp.not_(missing), exp.Is(this=typed.copy(), expression=exp.null()))
        status_ifs.append(exp.If(this=bad, true=literal(f"{word} in {fname}")))
        status_ifs += _value_faults(fname, spec, typed)
        if spec.type == "duration":
            negative = exp.LT(this=typed.copy(), expression=literal(0))
            status_ifs.append(exp.If(this=negative, true=literal(f"negative duration in {fname}")))
        if spec.min is not None or spec.max is not None:
            low = exp.LT(this=typed.copy(), expression=literal(spec.min)) if spec.min is not None else None
            high = exp.GT(this=typed.copy(), expression=literal(spec.max)) if spec.max is not None else None
            cond = exp.or_(*[c for c in (low, high) if c is not None])
            status_ifs.append(exp.If(this=cond, true=literal(f"out of range {fname}")))
    status = exp.Case(ifs=status_ifs) if status_ifs else exp.null()
    keep = [_q(f) for f in sorted(table.fields)] + [_q("_file"), *([_q("_row")] if with_row_numbers else [])]
    first = exp.select(*level1).from_(part_view)
    second = exp.select(*level2).from_(exp.Subquery(this=first, alias=exp.TableAlias(this=exp.to_identifier("l1"))))
    return exp.select(*keep, _q("_local"), exp.alias_(status, "_status", quoted=True)).from_(
        exp.Subquery(this=second, alias=exp.TableAlias(this=exp.to_identifier("l2")))
    )


def _value_faults(fname: str, spec: FieldSpec, typed: exp.Expression) -> list[exp.If]:
    """Values that parse but cannot be used: NaN and infinite numbers (``nan``, ``inf``,
    ``Infinity`` cast to DOUBLE without complaint, and NaN compares as neither in nor out of
    time), and timestamps outside years 1–9999 (DuckDB holds them; Python and the reports do not)."""
    if spec.values:
        return []
    if spec.type in ("number", "duration"):
        infinite = exp.not_(exp.func("isfinite", exp.cast(typed.copy(), "DOUBLE")))
        return [exp.If(this=infinite, true=literal(f"not a finite number in {fname}"))]
    if spec.type == "timestamp":
        low, high = (exp.cast(literal(t), "TIMESTAMP") for t in (FIRST_TIME, END_TIME))
        value = exp.cast(typed.copy(), "TIMESTAMP")
        outside = exp.or_(exp.LT(this=value, expression=low), exp.GTE(this=value.copy(), expression=high))
        return [exp.If(this=outside, true=literal(f"timestamp out of range in {fname}"))]
    return []


def _naive_timestamp(value: exp.Expression, spec: FieldSpec, source_type: str) -> exp.Expression | None:
    """The wall-clock TIMESTAMP of a naive source value, or None when the source carries its offset."""
    if spec.values or source_type.startswith("TIMESTAMP WITH TIME ZONE") or (spec.format and "%z" in spec.format):
        return None
    if source_type.startswith(("TIMESTAMP", "DATE")):
        return exp.cast(value, "TIMESTAMP")
    text = _as_text(value)
    if spec.format:
        return exp.cast(exp.func("try_strptime", text, literal(spec.format)), "TIMESTAMP")
    return exp.TryCast(this=text, to=exp.DataType.build("TIMESTAMP"))


def _local_bounds(period: tuple[dt.datetime, dt.datetime] | None, zone: str) -> tuple[dt.datetime, dt.datetime] | None:
    """The period's UTC bounds as wall-clock times of the table's zone.

    Records are placed in the period by their local time (``_local``), which for a naive source
    is the value as written: no per-row time-zone conversion is needed to filter by period."""
    if period is None:
        return None
    tz = ZoneInfo(zone)
    start, end = (moment.replace(tzinfo=dt.UTC).astimezone(tz).replace(tzinfo=None) for moment in period)
    return start, end


def _period_condition(
    time_col: exp.Expression, period: tuple[dt.datetime, dt.datetime] | None
) -> exp.Expression | None:
    if period is None:
        return None
    start, end = (exp.cast(literal(p.strftime("%Y-%m-%d %H:%M:%S")), "TIMESTAMP") for p in period)
    return exp.or_(exp.LT(this=time_col.copy(), expression=start), exp.GTE(this=time_col.copy(), expression=end))


def key_struct(keys: list[str]) -> exp.Expression:
    """The key columns as one comparable STRUCT, so min/max pick example keys without building text."""
    return exp.Struct(
        expressions=[exp.PropertyEQ(this=exp.to_identifier(k, quoted=True), expression=_q(k)) for k in keys]
    )


def describe_key(value: dict[str, object] | None) -> str:
    """``call_id=C1, date=2024-08-01``: a record's key as readers see it in the ledger."""
    if not value:
        return "(no key)"
    return ", ".join(f"{k}={'(missing)' if v is None else v}" for k, v in value.items())


def status_census(source: str, key: list[str]) -> exp.Select:
    """Per ``_status``: rows, local span of the used rows, the smallest and largest key (with file),
    and how many distinct keys the used rows have: fewer than rows means duplicate keys."""
    used = exp.Is(this=_q("_status"), expression=exp.null())
    text = key_struct(key)
    return (
        exp.select(
            _q("_status"),
            exp.alias_(exp.Count(this=exp.Star()), "_n", quoted=True),
            exp.alias_(exp.Filter(this=exp.Min(this=_q("_local")), expression=exp.Where(this=used)), "_first"),
            exp.alias_(exp.Filter(this=exp.Max(this=_q("_local")), expression=exp.Where(this=used.copy())), "_last"),
            exp.alias_(exp.Min(this=text.copy()), "_ex1"),
            exp.alias_(exp.func("arg_min", _q("_file"), text.copy()), "_ex1_file"),
            exp.alias_(exp.Max(this=text.copy()), "_ex2"),
            exp.alias_(exp.func("arg_max", _q("_file"), text.copy()), "_ex2_file"),
            exp.alias_(
                exp.Filter(
                    this=exp.Count(this=exp.Distinct(expressions=[_q(key[0]) if len(key) == 1 else text.copy()])),
                    expression=exp.Where(this=used.copy()),
                ),
                "_distinct",
            ),
        )
        .from_(exp.to_identifier(source, quoted=True))
        .group_by(_q("_status"))
    )


def _census(
    con: duckdb.DuckDBPyConnection, view: str, view_sql: exp.Select, table: Table, known: tuple[str, int] | None
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
    create(con, pre, view_sql, "VIEW")
    census = None
    if known is None:
        census = f"{view}_census"
        census_id = create(con, census, status_census(pre, table.key))
        used_rows = con.execute(f'SELECT "_n", "_distinct" FROM {census_id} WHERE "_status" IS NULL').fetchall()
        if not used_rows or used_rows[0][0] == used_rows[0][1]:
            # every usable key is distinct (the common case): no second pass to find duplicates
            known = (f"{view}_dup", 0)
    if known is None:
        keys = [_q(k) for k in table.key]
        dup_sql = (
            exp.select(*keys, exp.alias_(exp.Count(this=exp.Star()), "_copies", quoted=True))
            .from_(exp.to_identifier(pre, quoted=True))
            .where(exp.Is(this=_q("_status"), expression=exp.null()))
            .group_by(*keys)
            .having(exp.GT(this=exp.Count(this=exp.Star()), expression=literal(1)))
        )
        dup = f"{view}_dup"
        dup_id = create(con, dup, dup_sql)
        (found,) = con.execute(f"SELECT count(*) FROM {dup_id}").fetchone()
        known = (dup, int(found))
    dup, count = known
    if count == 0:
        return exp.select(exp.Star()).from_(exp.to_identifier(pre, quoted=True)), known, census
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
                this=exp.and_(exp.Is(this=_q("_status"), expression=exp.null()), matched), true=literal(DUPLICATE_KEY)
            )
        ],
        default=_q("_status"),
    )
    select = exp.select(exp.Star(except_=[_q("_status")]), exp.alias_(status, "_status", quoted=True))
    return select.from_(exp.to_identifier(pre, quoted=True)), known, census


def source_rejects(con: duckdb.DuckDBPyConnection, prepared: PreparedTable) -> dict[str, tuple[int, list[str]]]:
    """Lines the readers set aside, per reason (malformed CSV line, malformed JSON line), each
    counted once, with a few examples naming the file and line."""
    found: dict[str, tuple[int, list[str]]] = {}
    for name, source in zip(prepared.rejects, prepared.files, strict=True):
        try:
            rows = con.execute(f"SELECT DISTINCT line, error_type FROM {q(name)} ORDER BY line").fetchall()
        except duckdb.CatalogException:
            continue
        if not rows:
            continue
        reason = MALFORMED_JSON_LINE if _format_of(prepared.table, source.path) == "jsonl" else MALFORMED_LINE
        total, examples = found.get(reason, (0, []))
        said = (lambda kind: kind) if reason == MALFORMED_JSON_LINE else str.lower
        examples = examples + [f"{source.display} line {line}: {said(kind)}" for line, kind in rows[:3]]
        found[reason] = (total + len(rows), examples[:5])
    return found


def csv_rejects(con: duckdb.DuckDBPyConnection, prepared: PreparedTable) -> tuple[int, list[str]]:
    """Malformed CSV lines DuckDB's reader set aside (counted once each), with a few examples."""
    return source_rejects(con, prepared).get(MALFORMED_LINE, (0, []))
