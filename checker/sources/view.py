"""A dataset table → the canonical view of its files: typed, UTC records with a status per row.

Each file goes through its format's reader (:mod:`checker.sources.registry`): read by the backend
itself, or streamed from Python in batches. Every source row then ends up in exactly one place of
the ledger: used (``_status`` NULL), excluded (declared exclusions, outside the period) or
rejected (unparseable or missing value, unmapped code, value out of range, duplicate key, a line
the reader set aside). The first reason in evaluation order wins so a row is never counted twice.

Queries are sqlglot trees run through the backend; file paths reach the engine as values, never
pasted into SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from sqlglot import exp

from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.engine import dialect
from checker.engine.backend import Backend, Rows
from checker.engine.expressions import literal
from checker.engine.sql_types import cast
from checker.engine.utc_runs import Run, RunsBackend, converts_by_runs, runs_over, span_ok
from checker.load.documents import Document
from checker.model.dataset import Dataset, Table
from checker.sources import registry, sniff
from checker.sources.census import DUPLICATE_KEY, CensusRow, census
from checker.sources.errors import check_source, reading
from checker.sources.files import SourceFile, check_timezone, resolve_sources
from checker.sources.reader import native
from checker.sources.typing import (
    EXCLUDED,
    REJECTED,
    deferred_utc,
    field_reasons,
    narrow,
    q,
    typed_rows,
    wall_clocks,
)

OUTSIDE_PERIOD = "outside the audit period"


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
    census: list[CensusRow] | None = None  # per status: counts, span and examples (the ledger's)
    has_row_numbers: bool = False  # _row is a column: evidence can be read from this view itself
    rejects: list[str | None] = field(default_factory=list)  # per file: where its reader set lines aside
    statuses: frozenset[str] | None = None  # the statuses its census found; None when not narrowed
    # the one file every row's ``_file`` names, when the view reads one file that its reader does
    # not split (no ``_file`` column of the read): a case measure then leaves ``_file`` out of its sort
    one_file: str | None = None
    # each naive time field's runs of one UTC offset as this view found them (:func:`_utc_runs`);
    # None when it did not look. Another view of the same files (evidence) reuses them.
    utc_runs: dict[str, tuple[Run, ...]] | None = None

    @property
    def key(self) -> list[str]:
        return self.table.key


def format_of(table: Table, source: SourceFile) -> str:
    """The registered format a source file of ``table`` is read as (a catalog table's, for ``catalog_table:``)."""
    if source.catalog is not None:
        return registry.CATALOG
    return registry.format_of(table.format, source.path)


def _read(
    backend: Backend, tname: str, table: Table, kind: str, source: SourceFile, tag: str, rows: bool
) -> tuple[str, dict[str, str], str | None]:
    """One file as the relation ``_src_<tag>``: (its name, column → type, where its rejects go)."""
    reader = registry.module(kind)
    part_view = f"_src_{tag}"
    if not source.remote:  # a URI or catalog table is Spark's to find and report
        check_source(tname, kind, table, source)
    with reading(tname, table, [(kind, source)]):
        if native(reader):
            spec = reader.native(table, source, tag, rows)
            if source.uri is not None:
                spec = replace(spec, uri=source.uri)
            column_types, rejects = backend.read_native(part_view, spec), spec.rejects
        elif source.remote:
            raise InvalidInput([_remote_streamed(tname, kind, source)])
        else:
            column_types, rejects = _stream(backend, reader, table, source, tag, part_view)
    if not column_types:
        code, message = getattr(reader, "NO_RECORDS", (sniff.EMPTY_SOURCE, "the file holds no records"))
        raise InvalidInput([Diagnostic.of(code, message, Location(str(source.path), 1, 1))])
    return part_view, column_types, rejects


def _remote_streamed(tname: str, kind: str, source: SourceFile) -> Diagnostic:
    return Diagnostic.of(
        sniff.UNREADABLE_SOURCE,
        f"table {tname!r}: {kind} files are parsed in Python, which reads local files only, not {source.display}",
        Location(source.display),
        "copy the file to the machine that runs servcheck, or convert it to Parquet where it lives",
    )


def _stream(
    backend: Backend, reader: Any, table: Table, source: SourceFile, tag: str, part_view: str
) -> tuple[dict[str, str], str | None]:
    """A streamed reader's batches into ``part_view``. A reader with a ``REJECT_REASON`` is handed a
    ``reject(line, reason)`` callback too; the lines it sets aside become the rejects table
    ``_rej_<tag>`` (line, error_type), which the ledger counts like a CSV's."""
    if reader.REJECT_REASON is None:
        return backend.load_batches(part_view, reader.batches(table, source)), None
    set_aside: list[tuple[int, str]] = []
    column_types = backend.load_batches(
        part_view, reader.batches(table, source, lambda line, why: set_aside.append((line, why)))
    )
    rejects = f"_rej_{tag}"
    backend.load_rows(rejects, Rows((("line", "BIGINT"), ("error_type", "VARCHAR")), tuple(set_aside)))
    return column_types, rejects


def build_view(
    backend: Backend,
    doc: Document,
    dataset: Dataset,
    tname: str,
    period: tuple[dt.datetime, dt.datetime] | None,
    with_row_numbers: bool = False,
    files: list[SourceFile] | None = None,
    duplicates: tuple[str, int] | None = None,
    statuses: frozenset[str] | None = None,
    utc_runs: dict[str, tuple[Run, ...]] | None = None,
) -> PreparedTable:
    """Register ``tname``'s canonical view; raises located errors for mapping/source mismatches.

    ``duplicates``, ``statuses`` and ``utc_runs`` come from another view of the same rows (the one
    without row numbers; this one is built for evidence): nothing is counted again, a view read
    from its files tests only the statuses that census found (:func:`typing.narrowed`), and its
    naive times convert by the runs that view found over the same files' span (the spans and runs
    queries cost a tenth of a second of sqlglot building and printing at 10^5 rows)."""
    table = dataset.tables[tname]
    zone = check_timezone(
        table.timezone or dataset.timezone,
        doc.at(("tables", tname, "timezone")) if table.timezone else doc.at(("timezone",)),
    )
    files = files if files is not None else resolve_sources(doc, tname, table)
    kinds = [(format_of(table, f), f) for f in files]
    # Text sources are parsed once into a typed temporary table (with row numbers, for evidence):
    # the census, the measures and the evidence then read columns instead of re-parsing text.
    materialize = any(not registry.module(kind).TYPED for kind, _ in kinds)
    suffix = "_r" if with_row_numbers and not materialize else ""
    # the ledger's examples name a row only where the rows were numbered for a measure or parsed
    # from text; rows numbered for evidence alone (below) stay unnamed there
    shown_rows = with_row_numbers or materialize
    for_evidence = not shown_rows and _numbered_for_evidence(backend, table, kinds)
    with_row_numbers = shown_rows or for_evidence
    # a backend whose tables keep insertion order numbers each file's typed table by position
    positional = materialize and getattr(backend, "positional_rows", False)
    parts = []
    rejects: list[str | None] = []
    for i, (kind, source) in enumerate(kinds):
        tag = f"{tname}_{i}{suffix}"
        numbered_there = positional and getattr(registry.module(kind), "NUMBERED_BY_POSITION", False)
        read_rows = with_row_numbers and not numbered_there
        part_view, column_types, rejected = _read(backend, tname, table, kind, source, tag, read_rows)
        rejects.append(rejected)
        parts.append((kind, source, part_view, column_types, tag, read_rows))

    reasons: list[tuple[str, str]] = [(EXCLUDED, ex.reason) for ex in table.exclude]
    reasons += field_reasons(table)
    selects = []

    found_runs: dict[str, tuple[Run, ...]] | None = None  # None: not looked for (row numbers, or no runs engine)
    if not positional and converts_by_runs(backend):
        if utc_runs is not None:
            found_runs = utc_runs
        else:
            walls = [wall_clocks(doc, tname, table, part, types) for _, _, part, types, _, _ in parts]
            with reading(tname, table, kinds):
                found_runs = _utc_runs(backend, zone, walls)
    runs = found_runs or {}

    def typed(found: frozenset[str] | None) -> list[exp.Select]:
        """The files' typed rows (not materialised), testing only the statuses ``found``."""
        return [
            typed_rows(doc, tname, table, zone, s.display, part, types, read_rows, statuses=found, utc_runs=runs)
            for _, s, part, types, _, read_rows in parts
        ]

    for kind, source, part_view, column_types, tag, read_rows in parts:
        if not positional:
            continue
        select = typed_rows(
            doc, tname, table, zone, source.display, part_view, column_types, read_rows, positional, compact=True
        )
        # each file typed (in parallel) into a table of its own; rows its reader did not number are
        # numbered there by position, naive times converted to UTC only when read, and the columns
        # in typed_rows' order so the files' rows line up
        with reading(tname, table, [(kind, source)]):  # the file is read in full here
            backend.materialise(f"_typed_{tag}", select)
        later = deferred_utc(table, column_types)
        tagged = exp.select(exp.Star()).from_(exp.to_identifier(f"_typed_{tag}", quoted=True))
        by_hour = _utc_runs(backend, zone, [(tagged, later)]) if converts_by_runs(backend) else {}
        columns: list[exp.Expression] = [
            exp.alias_(dialect.to_utc(q(later[f]), zone, by_hour.get(f, ())), f, quoted=True) if f in later else q(f)
            for f in sorted(table.fields)
        ]
        # the file's name is a constant of the view, not a column of the table (typed_rows' compact)
        named = exp.alias_(literal(source.display), "_file", quoted=True)
        columns.append(q("_file") if "_file" in column_types else named)
        columns.append(q("_row") if read_rows else exp.alias_(dialect.table_position(), "_row", quoted=True))
        columns += [q("_local"), q("_status"), q("_bad")]
        selects.append(exp.select(*columns).from_(exp.to_identifier(f"_typed_{tag}", quoted=True)))
    outside = _period_condition(q("_local"), _local_bounds(period, zone))
    if outside is not None:
        reasons.append((EXCLUDED, OUTSIDE_PERIOD))

    def final(selects: list[exp.Select]) -> exp.Select:
        """The files' rows as one relation, with the period's exclusion."""
        union: exp.Expression = selects[0]
        for select in selects[1:]:
            union = exp.union(union, select, distinct=False, copy=False)
        inner = exp.Subquery(this=union, alias=exp.TableAlias(this=exp.to_identifier("t")))
        final_status = exp.Case(
            ifs=[exp.If(this=exp.Is(this=q("_status"), expression=exp.null()).not_(), true=q("_status"))]
            + ([exp.If(this=outside.copy(), true=literal(OUTSIDE_PERIOD))] if outside is not None else []),
            default=exp.null(),
        )
        cols = [exp.Star(except_=[q("_status")])]
        return exp.select(*cols, exp.alias_(final_status, "_status", quoted=True)).from_(inner)

    # a view read from its files (not materialised) types every row again in every pass over it:
    # once its census is known, it tests only the statuses found there (the census's own typed
    # rows, narrowed in place once they have been counted: no second build of them)
    reads_files = not (positional or materialize)
    counted_rows = selects if positional else typed(statuses if reads_files else None)
    narrowing = (lambda found: final([narrow(s, found) for s in counted_rows])) if reads_files else None
    view_sql = final(counted_rows)

    view = f"_view_{tname}{suffix}"
    counted = None
    final_sql: exp.Select | None = view_sql
    with reading(tname, table, kinds):
        if materialize and not positional and table.kind != "records":
            # text parsed once; a record table's typed rows are kept by its census instead (once)
            backend.materialise(f"_typed_{tname}", view_sql)
            view_sql = exp.select(exp.Star()).from_(exp.to_identifier(f"_typed_{tname}", quoted=True))
        if table.kind == "records":
            final_sql, duplicates, counted, found = census(
                backend, view, view_sql, table, duplicates, shown_rows, narrowing if statuses is None else None
            )
            statuses = statuses if found is None else found
            reasons.append((REJECTED, DUPLICATE_KEY))
    if final_sql is not None:  # None: the census made the view
        backend.materialise(view, final_sql, "view")
    return PreparedTable(
        tname,
        view,
        table,
        files,
        sorted(table.fields),
        reasons,
        zone,
        duplicates,
        counted,
        with_row_numbers,
        rejects,
        statuses if narrowing else None,
        parts[0][1].display if len(parts) == 1 and "_file" not in parts[0][3] else None,
        found_runs,
    )


def _utc_runs(
    backend: RunsBackend, zone: str, walls: list[tuple[exp.Select, dict[str, str]]]
) -> dict[str, tuple[Run, ...]]:
    """Each naive time field's runs of one UTC offset over its span (:mod:`checker.engine.utc_runs`).

    ``walls``: per file, its rows and each naive field's wall-clock column there. One query per file
    finds the spans (min and max: from Parquet statistics where the column is read as stored), and
    one converts the hours from the earliest to the latest; with no span, or too long a one, there are
    no runs and every time is converted row by row, as on an engine without ``utc_runs``."""
    spans: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    for rows, columns in walls:
        if not columns:
            continue
        names = sorted(columns)
        bounds = [f(q(columns[n])) for n in names for f in (lambda c: exp.func("min", c), lambda c: exp.func("max", c))]
        # the rows are this call's own (copy=False): a copy of the typed rows cost more than printing them
        spans_query = exp.select(*bounds, copy=False).from_(
            exp.Subquery(this=rows, alias=exp.TableAlias(this=exp.to_identifier("w"))), copy=False
        )
        found = backend.memo_tuples(spans_query)[0]
        for i, name in enumerate(names):
            low, high = found[2 * i], found[2 * i + 1]
            if not isinstance(low, dt.datetime) or not isinstance(high, dt.datetime):
                continue
            if name in spans:
                low, high = min(low, spans[name][0]), max(high, spans[name][1])
            spans[name] = (low, high)
    if not spans:
        return {}
    # one set of runs for every field, over all their hours: a run is exact for any time in it
    low, high = min(s[0] for s in spans.values()), max(s[1] for s in spans.values())
    if not span_ok(low, high):
        return {}
    return dict.fromkeys(sorted(spans), runs_over(backend, zone, low, high))


def _numbered_for_evidence(backend: Backend, table: Table, kinds: list[tuple[str, SourceFile]]) -> bool:
    """Whether a record table's view carries ``_row`` although no measure cites rows.

    On a backend that says ``numbers_parquet_records``, a Parquet row's number is a column of the
    read that costs nothing where no query reads it: Spark's ``_metadata.row_index``, in typed rows
    kept once for the census anyway; DuckDB's ``file_row_number``, which its projection pushdown
    leaves out of every scan that does not read ``_row`` (the same CPU for the benchmark's grouped
    query over 10^7 calls with and without it). Numbering the view there lets the evidence read it,
    where it would otherwise read and type the files a second time for a view with row numbers
    (on DuckDB at 10^5 calls about a tenth of a second: the typed rows built and printed again, a
    census and two views). Parquet only: a catalog table's numbered read names each row's data
    file, which would change the file the ledger's examples show."""
    if table.kind != "records" or not getattr(backend, "numbers_parquet_records", False):
        return False
    return all(kind == "parquet" and source.catalog is None for kind, source in kinds)


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
    start, end = (cast(literal(p.strftime("%Y-%m-%d %H:%M:%S")), "TIMESTAMP") for p in period)
    return exp.or_(exp.LT(this=time_col.copy(), expression=start), exp.GTE(this=time_col.copy(), expression=end))
