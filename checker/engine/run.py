"""Run a planned audit on DuckDB: one grouped query per table for all its aggregate requirements.

Each table's requirements are combined into a single ``GROUP BY GROUPING SETS`` query: every
requirement contributes its aggregates (with its scope as ``FILTER (WHERE …)``) and its grouping
sets (overall, per group, per period, per group and period). ``GROUPING(...)`` tells each result
row's set apart. The ledger is one more grouped pass; evidence is queried only for failures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from checker.engine.backend import Backend, BackendError, each, table
from checker.engine.dialect import grouping_id, truncate
from checker.engine.expressions import literal
from checker.engine.plan import Planned
from checker.engine.rollup import decomposable, rolled_up
from checker.engine.sql_types import cast
from checker.measures.base import Measured, both
from checker.model.quantity import target_bound
from checker.sources import rejects
from checker.sources.census import (
    DUPLICATE_KEY,
    describe_key,
    example,
    key_struct,
    status_census,
    unused_examples,
    with_examples,
)
from checker.sources.typing import EXCLUDED, REJECTED
from checker.sources.view import PreparedTable

PERIOD_UNITS = ("15min", "30min", "hour", "day", "week", "month", "quarter", "year")
"""A requirement's ``period`` units, shortest first. Buckets are wall-clock intervals of the table's
zone (``_local``), cut by :func:`checker.engine.dialect.truncate`: a day is a local day of 23, 24
or 25 hours; on the night clocks go back, the repeated wall-clock hour is one bucket holding both
passes (a naive export cannot tell them apart), and the skipped hour of spring has no bucket."""
PERIOD_COLUMN = {unit: f"_p_{unit}" for unit in PERIOD_UNITS}
PERIOD_FORMAT = {
    "15min": "%Y-%m-%d %H:%M",
    "30min": "%Y-%m-%d %H:%M",
    "hour": "%Y-%m-%d %H:00",
    "day": "%Y-%m-%d",
    "week": "week of %Y-%m-%d",
    "month": "%Y-%m",
    "year": "%Y",
}
EVIDENCE_LIMIT = 10
GROUPS_NAMED = 64
"""Up to this many failing groups of one requirement, the evidence scan keeps only their rows (an
``OR`` of the groups' values): a day-and-queue requirement that fails on 9 of 1,174 groups then
keeps a few thousand offending records instead of every offending record of the year. Beyond it,
or when the overall finding fails, every offending record is kept and the groups are picked after."""


@dataclass
class RawFinding:
    """An aggregated row for one requirement and one group (empty group = overall)."""

    group: dict[str, str]
    measured: Measured
    dims: dict[str, Any] = field(default_factory=dict)  # raw group values, for evidence queries
    offending: exp.Expression | None = None  # this finding's own evidence predicate, when the plan has none


@dataclass
class LedgerCounts:
    read: int
    used: int
    excluded: dict[str, tuple[int, list[str]]]
    rejected: dict[str, tuple[int, list[str]]]
    local_range: tuple[dt.datetime, dt.datetime] | None = None  # first and last used record, local time


def _q(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def dims_of(p: Planned) -> list[list[str]]:
    """The grouping sets a requirement is judged on, overall first."""
    period = [PERIOD_COLUMN[p.requirement.period]] if p.requirement.period != "none" else []
    groups = list(p.requirement.group_by)
    sets = [[]]
    if groups:
        sets.append(groups)
    if period:
        sets.append(period)
    if groups and period:
        sets.append(groups + period)
    return sets


def _period_projection() -> list[exp.Expression]:
    """Every unit's bucket column (the engines drop the ones a query does not read)."""
    return [exp.alias_(truncate(_q("_local"), unit), col, quoted=True) for unit, col in PERIOD_COLUMN.items()]


def period_label(unit: str, start: dt.datetime) -> str:
    """How the report names the bucket starting at ``start`` (local wall-clock time).

    >>> period_label("30min", dt.datetime(2024, 10, 27, 2, 30))
    '2024-10-27 02:30'
    >>> period_label("quarter", dt.datetime(2024, 7, 1))
    '2024-Q3'
    >>> period_label("week", dt.datetime(2024, 9, 30))
    'week of 2024-09-30'
    """
    if unit == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return start.strftime(PERIOD_FORMAT[unit])


def _label(dim: str, value: Any) -> str:
    if value is None:
        return "(missing)"
    for unit, col in PERIOD_COLUMN.items():
        if dim == col and isinstance(value, dt.datetime):
            return period_label(unit, value)
    return str(value)


def _display_dim(dim: str) -> str:
    for unit, col in PERIOD_COLUMN.items():
        if dim == col:
            return unit
    return dim


def run_table(backend: Backend, relation: str, planned: list[Planned]) -> dict[int, list[RawFinding]]:
    """Findings per requirement index (position in ``planned``) for every aggregate requirement.

    Requirements whose aggregates are streaming (counts, sums, means) share one query. A holistic
    aggregate (median, percentile) must keep every value of every group of every grouping set in
    the query, so each such requirement gets a query of its own with only its own grouping sets:
    at 10^7 calls a p90 computed over the union of everyone's sets cost half the shared query's
    time and most of its memory.
    """
    aggregate_reqs = [(i, p) for i, p in enumerate(planned) if p.plan is not None]
    shared = [(i, p) for i, p in aggregate_reqs if not p.plan.holistic]  # type: ignore[union-attr]
    groups = _shared_queries(shared) + [[(i, p)] for i, p in aggregate_reqs if p.plan.holistic]  # type: ignore[union-attr]
    results: dict[int, list[RawFinding]] = {}
    for found in each(backend, [lambda g=group: _run_query(backend, relation, g) for group in groups]):
        results.update(found)
    return results


MAX_SHARED_AGGREGATES = 2000
"""At most this many aggregates in one shared query; more requirements share several queries.

Why a bound: DuckDB keeps every aggregate's state of a group in one row of its hash table, and a
row wider than its storage block ends the process (SIGFPE, DuckDB 1.x-2.0: 10,000 benchmark
requirements rolled up — counts summed as HUGEINT — crashed where 5,000 did not). 2,000 states of
at most a few dozen bytes stay far below that; each further query is one more scan of the table,
which next to the planning of 2,000 requirements costs little."""


def _shared_queries(shared: list[tuple[int, Planned]]) -> list[list[tuple[int, Planned]]]:
    """``shared`` cut, in order, into queries of at most :data:`MAX_SHARED_AGGREGATES` aggregates
    (a requirement with more than that many gets a query of its own)."""
    queries: list[list[tuple[int, Planned]]] = []
    size = 0
    for i, p in shared:
        count = len(p.plan.aggregates)  # type: ignore[union-attr]
        if not queries or size + count > MAX_SHARED_AGGREGATES:
            queries.append([])
            size = 0
        queries[-1].append((i, p))
        size += count
    return queries


def _run_query(
    backend: Backend, relation: str, aggregate_reqs: list[tuple[int, Planned]]
) -> dict[int, list[RawFinding]]:
    """One grouped query for these requirements: GROUPING SETS of all their sets."""
    all_dims = sorted({d for _, p in aggregate_reqs for s in dims_of(p) for d in s})
    sets = sorted({tuple(s) for _, p in aggregate_reqs for s in dims_of(p)}, key=lambda s: (len(s), s))
    # requirement → aggregate name → column: no scan of all columns per row
    aliases = {i: {name: f"r{i}__{name}" for name in sorted(p.plan.aggregates)} for i, p in aggregate_reqs if p.plan}

    def projections() -> list[exp.Expression]:
        """The select list (built afresh for each query it goes into: the rollup takes its nodes)."""
        made: list[exp.Expression] = [_q(d) for d in all_dims]
        if all_dims:
            made.insert(0, exp.alias_(grouping_id([_q(d) for d in all_dims]), "_gid", quoted=True))
        for i, p in aggregate_reqs:
            assert p.plan is not None
            for name, agg in sorted(p.plan.aggregates.items()):
                node = agg.copy()
                if p.scope is not None:
                    node = _scoped(node, p.scope)
                made.append(exp.alias_(node, aliases[i][name], quoted=True, copy=False))
        return made

    # Built in place (copy=False): with thousands of requirements every builder call would otherwise copy the
    # whole query again.
    source = (
        exp.select(exp.Star(), *_period_projection(), copy=False)
        .from_(exp.to_identifier(relation, quoted=True), copy=False)
        .where(exp.Is(this=_q("_status"), expression=exp.null()), copy=False)
    )
    subquery = exp.Subquery(this=source, alias=exp.TableAlias(this=exp.to_identifier("u")))
    rows_by_gid: dict[int, list[dict[str, Any]]] = {}  # each requirement reads only its own sets' rows
    for row in _grouped_rows(backend, projections, all_dims, sets, subquery):
        rows_by_gid.setdefault(row.get("_gid", 0), []).append(row)
    results: dict[int, list[RawFinding]] = {}
    for i, p in aggregate_reqs:
        assert p.plan is not None
        found = []
        for dims in map(tuple, dims_of(p)):
            for row in rows_by_gid.get(_gid(all_dims, dims), ()):
                values = {name: row[alias] for name, alias in aliases[i].items()}
                group = {_display_dim(d): _label(d, row[d]) for d in dims}
                found.append(RawFinding(group, p.plan.read(values), {d: row[d] for d in dims}))
        found.sort(key=lambda f: (len(f.group), sorted(f.group.items())))
        results[i] = found
    return results


def _grouped_rows(
    backend: Backend,
    projections: Callable[[], list[exp.Expression]],
    all_dims: list[str],
    sets: list[tuple[str, ...]],
    subquery: exp.Subquery,
) -> list[dict[str, Any]]:
    """The rows of ``SELECT projections FROM subquery GROUP BY GROUPING SETS (sets)``.

    On DuckDB, with more than one set and only decomposable aggregates, asked as a rollup of the
    finest groups (:mod:`checker.engine.rollup`): one aggregation of the rows instead of one per
    set. Should DuckDB refuse that form (a sum of a type it cannot add), the plain query runs,
    and its own error, if any, is the one reported."""
    grouping = exp.GroupingSets(expressions=[exp.Tuple(expressions=[_q(d) for d in s]) for s in sets])
    select = projections()
    if backend.dialect == "duckdb" and len(sets) > 1 and decomposable(select):
        derived = _coarser_periods(all_dims)
        try:
            return backend.rows(rolled_up(select, all_dims, subquery.copy(), grouping.copy(), derived))
        except BackendError:
            select = projections()  # the rollup took the first list's nodes
    query = exp.select(*select, copy=False).from_(subquery, copy=False)
    if all_dims:
        query = query.group_by(grouping, copy=False)
    return backend.rows(query)


def _coarser_periods(dims: list[str]) -> dict[str, exp.Expression]:
    """Period buckets among ``dims`` that follow from the finest one: each as the truncation of
    the finest bucket's start (a month bucket is the month of the day bucket's start).

    Exact where every finest bucket lies inside one coarser bucket: 15 and 30 minutes, hours and
    days inside every longer unit, months inside quarters and years, quarters inside years. Weeks
    straddle months, so with weeks the finest nothing is derived, and a week among coarser units
    of a day still is (a day lies in one week)."""
    periods = [u for u in PERIOD_UNITS if PERIOD_COLUMN[u] in dims]
    if len(periods) < 2 or periods[0] == "week":
        return {}
    finest = _q(PERIOD_COLUMN[periods[0]])
    return {PERIOD_COLUMN[u]: truncate(finest.copy(), u) for u in periods[1:]}


def _gid(all_dims: list[str], subset: tuple[str, ...]) -> int:
    """DuckDB's GROUPING() bit for a set: 1 for each dimension NOT grouped, first dim most significant."""
    bits = 0
    for d in all_dims:
        bits = (bits << 1) | (0 if d in subset else 1)
    return bits


def _scoped(agg: exp.Expression, scope: exp.Expression) -> exp.Expression:
    if isinstance(agg, exp.Filter):
        cond = agg.expression.this
        return exp.Filter(this=agg.this, expression=exp.Where(this=exp.and_(exp.paren(scope.copy()), exp.paren(cond))))
    return exp.Filter(this=agg, expression=exp.Where(this=scope.copy()))


def ledger(backend: Backend, prepared: PreparedTable) -> LedgerCounts:
    """Rows read = used + excluded + rejected, by reason, with example keys for each reason.

    Record tables read it from the census their view was built with (one pass for the ledger
    and the duplicate keys); event logs, which have no duplicate-key rule, take one grouped pass.
    Either way the local time span of the used records comes along: it is the audit period when
    the auditor gives none."""
    rows = _status_rows(backend, prepared)
    excluded_reasons = {r for cls, r in prepared.reasons if cls == EXCLUDED}
    used = 0
    local_range = None
    excluded: dict[str, tuple[int, list[str]]] = {}
    rejected: dict[str, tuple[int, list[str]]] = {}
    for status, count, first, last, examples in rows:
        if status is None:
            used = count
            local_range = (first, last) if first is not None else None
            continue
        (excluded if status in excluded_reasons else rejected)[status] = (count, examples)
    if prepared.duplicates is not None and prepared.duplicates[1]:
        dup = table(prepared.duplicates[0])
        ((dup_rows,),) = backend.tuples(exp.select(exp.Sum(this=_q("_copies"))).from_(dup))
        shown = backend.tuples(
            exp.select(key_struct(prepared.key), _q("_copies"))
            .from_(dup.copy())
            .order_by(exp.Literal.number(1))
            .limit(3)
        )
        used -= int(dup_rows)
        rejected[DUPLICATE_KEY] = (int(dup_rows), [f"{describe_key(key)} ({copies} rows)" for key, copies in shown])
    rejected.update(rejects.by_reason(backend, prepared))
    total = used + sum(c for c, _ in excluded.values()) + sum(c for c, _ in rejected.values())
    return LedgerCounts(total, used, excluded, rejected, local_range)


def _status_rows(backend: Backend, prepared: PreparedTable) -> list[tuple[Any, int, Any, Any, list[str]]]:
    """(status, rows, first and last local time of used rows, examples) per status.

    An event log's census on DuckDB counts first and takes the examples of the rows not used by a
    second pass over those rows only, and only when there are some (:func:`unused_examples`): in one
    pass the example STRUCT was built for every row before its filter dropped the used ones,
    0.7 of the pass's 1.15 s CPU at 10^7 ticket events (one thread), all of them used. On Spark the
    second pass would be a second job over the files: one pass there, as before."""
    if prepared.census is not None:
        census = prepared.census
    elif backend.dialect == "duckdb":
        view, key, rows = prepared.view, prepared.key, prepared.has_row_numbers
        counts = backend.tuples(status_census(view, key, rows, examples=False))
        unused = any(status is not None for status, *_ in counts)
        census = with_examples(counts, backend.tuples(unused_examples(view, key, rows)) if unused else [])
    else:
        census = backend.tuples(status_census(prepared.view, prepared.key, prepared.has_row_numbers))
    field_reasons = {r for cls, r in prepared.reasons if cls == REJECTED}
    out = []
    for status, count, first, last, ex1, ex2 in census:
        if status is None:  # used rows: no examples
            out.append((status, int(count), first, last, []))
            continue
        value = status in field_reasons
        examples = [example(ex1["_f"], ex1["_r"], ex1["_k"], ex1["_b"], value)]
        if (ex2["_k"], ex2["_r"]) != (ex1["_k"], ex1["_r"]):
            examples.append(example(ex2["_f"], ex2["_r"], ex2["_k"], ex2["_b"], value))
        out.append((status, int(count), first, last, examples))
    return out


def _value(value: Any) -> exp.Expression:
    """A group value back as SQL: period buckets are timestamps, the rest plain literals."""
    if isinstance(value, dt.datetime):
        return cast(literal(value.isoformat(sep=" ")), "TIMESTAMP")
    return literal(value)


OwnAsk = tuple[Planned, dict[str, Any], exp.Expression]
"""A failing finding that names its own offending rows: its requirement, its group, the predicate."""


def own_evidence(
    backend: Backend, view_with_rows: PreparedTable, asks: list[OwnAsk], limit: int = EVIDENCE_LIMIT
) -> list[tuple[list[tuple[dict[str, str], str, int]], int]]:
    """For each ask, in order: up to ``limit`` of its offending records, ordered by key, and how
    many offend in all. Each finding names its own predicate (availability: the outages that cut
    into its bucket).

    One statement for all of a relation's asks: each ask's rows are one branch of a ``UNION ALL``
    tagged with its index, numbered and counted per index by windows. One statement per finding
    (the four failing buckets of the benchmark) cost each a plan of the view and a round trip."""
    used = exp.Is(this=_q("_status"), expression=exp.null())
    source = exp.select(exp.Star(), *_period_projection()).from_(exp.to_identifier(view_with_rows.view, quoted=True))
    inner = exp.Subquery(this=source, alias=exp.TableAlias(this=exp.to_identifier("u")))
    key = view_with_rows.key
    branches: list[exp.Select] = []
    for n, (p, dims, own) in enumerate(asks):
        cond = both(both(used.copy(), p.scope), own)
        if dims:
            cond = both(cond, in_group(dims))
        columns = [exp.alias_(literal(n), "_ask", quoted=True)]
        columns += [exp.alias_(_q(k), f"_o{i}", quoted=True) for i, k in enumerate(key)]  # ordered as written
        columns += [exp.alias_(cast(_q(k), "VARCHAR"), f"_k{i}", quoted=True) for i, k in enumerate(key)]
        columns += [_q("_file"), _q("_row")]
        branches.append(exp.select(*columns).from_(inner.copy()).where(cond, copy=False))
    union: exp.Query = branches[0]
    for branch in branches[1:]:
        union = exp.union(union, branch, distinct=False, copy=False)
    ask = _q("_ask")
    order = exp.Order(
        expressions=[exp.Ordered(this=_q(c)) for c in [*[f"_o{i}" for i in range(len(key))], "_file", "_row"]]
    )
    total = exp.Window(this=exp.Count(this=exp.Star()), partition_by=[ask.copy()])
    rank = exp.Window(this=exp.RowNumber(), partition_by=[ask.copy()], order=order)
    query = (
        exp.select(
            ask,
            *[_q(f"_k{i}") for i in range(len(key))],
            _q("_file"),
            _q("_row"),
            exp.alias_(total, "_total", quoted=True),
            exp.alias_(rank, "_rank", quoted=True),
        )
        .from_(exp.Subquery(this=union, alias=exp.TableAlias(this=exp.to_identifier("a"))), copy=False)
        .qualify(exp.LTE(this=_q("_rank"), expression=literal(limit)), copy=False)
        .order_by(ask.copy(), _q("_rank"), copy=False)
    )
    out: list[tuple[list[tuple[dict[str, str], str, int]], int]] = [([], 0) for _ in asks]
    for row in backend.tuples(query):
        n = row[0]
        values = {k: ("(missing)" if v is None else str(v)) for k, v in zip(key, row[1 : 1 + len(key)], strict=True)}
        out[n][0].append((values, row[-4], int(row[-3])))
        out[n] = (out[n][0], int(row[-2]))
    return out


def in_group(dims: dict[str, Any]) -> exp.Expression:
    """The rows of one finding's group: each grouped column equal to the group's value (or NULL)."""
    matches = [
        exp.Is(this=_q(dim), expression=exp.null()) if value is None else exp.EQ(this=_q(dim), expression=_value(value))
        for dim, value in dims.items()
    ]
    return exp.and_(*matches)


def in_groups(groups: list[dict[str, Any]]) -> exp.Expression:
    """The rows of any of ``groups`` (each a finding's dims): ``queue = 'a' AND day IN (…)``.

    Groups of the same dimensions are gathered by all but their last dimension and that one is
    matched with ``IN``: the same test as an ``OR`` of equalities (NULL where they give NULL), which
    DuckDB makes as one lookup per row instead of a comparison per group (13 failing days of one
    queue, in three requirements, were 39 ``date_trunc`` comparisons per row of the evidence scan).

    >>> print(in_groups([{"queue": "a", "day": 1}, {"queue": "a", "day": 2}, {"queue": "b", "day": None}]).sql())
    "queue" = 'a' AND "day" IN (1, 2) OR "queue" = 'b' AND "day" IS NULL
    >>> print(in_groups([{"day": 1}, {"day": 2}, {"queue": "a"}]).sql())
    "day" IN (1, 2) OR "queue" IN ('a')
    """
    by_dims: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for group in groups:
        by_dims.setdefault(tuple(group), []).append(group)
    parts: list[exp.Expression] = []
    for (*rest, last), same in by_dims.items():
        gathered: dict[tuple[Any, ...], list[Any]] = {}
        for group in same:
            gathered.setdefault(tuple(group[d] for d in rest), []).append(group[last])
        for values, lasts in gathered.items():
            found = [v for v in dict.fromkeys(lasts) if v is not None]
            tests: list[exp.Expression] = (
                [exp.In(this=_q(last), expressions=[_value(v) for v in found])] if found else []
            )
            if None in lasts:
                tests.append(exp.Is(this=_q(last), expression=exp.null()))
            test = any_of(tests)
            parts.append(exp.and_(in_group(dict(zip(rest, values, strict=True))), test) if rest else test)
    return any_of(parts)


def any_of(conditions: list[exp.Expression]) -> exp.Expression:
    """``c1 OR c2 OR …`` as a balanced tree: sqlglot prints (and copies) an expression recursively,
    so the left-deep chain ``exp.or_`` builds for 400 failing requirements exhausts Python's
    recursion limit, while a balanced tree of 400 is 9 levels deep."""
    if len(conditions) == 1:
        return conditions[0]
    middle = len(conditions) // 2
    return exp.Or(this=any_of(conditions[:middle]), expression=any_of(conditions[middle:]))


def evidence_value(view: Any, p: Planned) -> tuple[exp.Expression, str]:
    """What the evidence "Value" column shows for each offending record of ``p``, and its unit suffix.

    A judged relation that names a value column (a case path's violation) gives it as text; otherwise
    the measured quantity of the measure's distribution (the call's wait, the case's elapsed time),
    read as DOUBLE so both engines hand Python the same number; NULL when the measure has none.
    """
    judged = getattr(view, "value", None)
    if judged:
        return cast(_q(judged), "VARCHAR"), ""
    if p.plan is not None and p.plan.distribution is not None:  # over the same view as the histogram
        unit = p.plan.distribution_unit
        if unit is None:
            unit = "s" if p.rule.unit in ("duration", "percent") else ""
        return cast(p.plan.distribution[0].copy(), "DOUBLE"), (" " + unit if unit and unit != "%" else unit)
    return cast(exp.null(), "VARCHAR"), ""


def shown_value(value: Any, suffix: str) -> str | None:
    """A record's evidence value as text: numbers without float noise (``63`` s, ``20.5`` s).

    >>> shown_value(63.0, " s"), shown_value(20.25, " s"), shown_value("skipped step", ""), shown_value(None, " s")
    ('63 s', '20.25 s', 'skipped step', None)
    >>> shown_value(104.16666, "%")
    '104.2%'
    """
    if value is None:
        return None
    if isinstance(value, float) and suffix == "%":
        return f"{value:.1f}%"
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else f"{value:.3f}".rstrip("0").rstrip(".")
        return text + suffix
    return f"{value}{suffix}"


@dataclass(frozen=True)
class EvidenceAsk:
    """A failing finding whose offending records are wanted: its requirement's index and group."""

    token: tuple[int, int]  # (requirement index, finding index), the caller's handle
    planned: Planned
    dims: dict[str, Any]


def batch_evidence(
    backend: Backend, view: PreparedTable, asks: list[EvidenceAsk], limit: int = EVIDENCE_LIMIT
) -> dict[tuple[int, int], tuple[list[tuple[dict[str, str], str, int, str | None]], int]]:
    """Evidence for many failing findings with one scan of the source.

    The scan keeps only rows that offend some requirement in one of its failing groups (a flag
    column per requirement; see :data:`GROUPS_NAMED`) in a temporary table; each requirement's
    findings are then served from that small table with one windowed query per grouping set: the
    first ``limit`` records by key, and how many in all. A judged relation that names a ``value``
    column (a case path's violation) gives each record its value.
    Scanning the source once per failing finding made evidence the dominant cost of large audits.
    """
    if not asks:
        return {}
    requirements: dict[int, Planned] = {}
    for ask in asks:
        requirements.setdefault(ask.token[0], ask.planned)
    flags: dict[int, str] = {}
    flag_columns: list[exp.Expression] = []
    conditions: list[exp.Expression] = []
    used = exp.Is(this=_q("_status"), expression=exp.null())
    for index, p in sorted(requirements.items()):
        assert p.plan is not None
        offending = p.plan.offending(p.target.op, target_bound(p.target.quantity))
        if offending is None:
            continue
        cond = both(p.scope, offending)
        groups = [ask.dims for ask in asks if ask.token[0] == index]
        if all(groups) and len(groups) <= GROUPS_NAMED:
            cond = both(cond, exp.paren(in_groups(groups)))
        cond = exp.paren(cond)
        flags[index] = f"_off_{index}"
        flag_columns.append(exp.alias_(exp.and_(used.copy(), cond.copy()), flags[index], quoted=True))
        conditions.append(cond)
    if not conditions:
        return {}
    # the row's status (every field typed and checked) only for rows that offend: as a conjunct
    # beside the offence DuckDB computed it for every row of the table, two thirds of the scan
    any_offends = exp.Case(ifs=[exp.If(this=any_of(conditions), true=used.copy())], default=exp.false())
    dims = sorted({d for ask in asks for d in ask.dims})
    keys = [_q(k) for k in view.key]
    source = exp.select(exp.Star(), *_period_projection()).from_(exp.to_identifier(view.view, quoted=True))
    table_name = f"_evidence_{view.view}"
    values = {index: evidence_value(view, requirements[index]) for index in flags}
    value_columns = [exp.alias_(shown, f"_value_{index}", quoted=True) for index, (shown, _) in values.items()]
    collect = (
        exp.select(*keys, _q("_file"), _q("_row"), *value_columns, *[_q(d) for d in dims])
        .select(*flag_columns)
        .from_(exp.Subquery(this=source, alias=exp.TableAlias(this=exp.to_identifier("u"))))
        .where(any_offends)
    )
    backend.materialise(table_name, collect)

    out: dict[tuple[int, int], tuple[list[tuple[dict[str, str], str, int, str | None]], int]] = {}
    for index, flag in flags.items():
        mine = [ask for ask in asks if ask.token[0] == index]
        for dim_set in sorted({tuple(sorted(ask.dims)) for ask in mine}):
            partition = [_q(d) for d in dim_set]
            order = exp.Order(expressions=[exp.Ordered(this=k.copy()) for k in [*keys, _q("_file"), _q("_row")]])
            total = exp.Window(this=exp.Count(this=exp.Star()), partition_by=[p.copy() for p in partition])
            rank = exp.Window(this=exp.RowNumber(), partition_by=[p.copy() for p in partition], order=order)
            query = (
                exp.select(
                    *partition,
                    # aliased: sqlglot's QUALIFY rewrite for Spark re-parses an unaliased column's name,
                    # which fails on a key named like a keyword (a review table's ``case``)
                    *[exp.alias_(cast(k.copy(), "VARCHAR"), f"_key{n}", quoted=True) for n, k in enumerate(keys)],
                    _q("_file"),
                    _q("_row"),
                    exp.alias_(_q(f"_value_{index}"), "_value", quoted=True),
                    exp.alias_(total, "_total", quoted=True),
                    exp.alias_(rank, "_rank", quoted=True),
                )
                .from_(table(table_name))
                .where(exp.EQ(this=_q(flag), expression=exp.true()))
                .qualify(exp.LTE(this=_q("_rank"), expression=literal(limit)))
                .order_by(*[p.copy() for p in partition], _q("_rank"))
            )
            found: dict[tuple[Any, ...], tuple[list[tuple[dict[str, str], str, int, str | None]], int]] = {}
            width = len(dim_set)
            for row in backend.tuples(query):
                group = tuple(row[:width])
                key = {k: ("(missing)" if v is None else str(v)) for k, v in zip(view.key, row[width:], strict=False)}
                records, _ = found.get(group, ([], 0))
                records.append((key, row[-5], int(row[-4]), shown_value(row[-3], values[index][1])))
                found[group] = (records, int(row[-2]))
            for ask in mine:
                if tuple(sorted(ask.dims)) == dim_set:
                    out[ask.token] = found.get(tuple(ask.dims[d] for d in dim_set), ([], 0))
    backend.drop(table_name)
    return out
