"""What an engine does for an audit: the seam between the plan (sqlglot trees) and a database.

The audit's plan is data: named steps (sqlglot SELECT trees, or rows made in Python), the
aggregates of one grouped pass per table, and queries for notes and evidence. A backend turns
that into relations and rows. DuckDB (:mod:`checker.engine.duckdb_backend`) is the embedded
default; a second engine (Spark) implements the same protocol, and dialect differences live in
:mod:`checker.engine.dialect`, never in measures.

Why a protocol and not a base class: engines share no state, and a test double is never needed
(the DuckDB backend is fast enough for every test).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlglot import exp

if TYPE_CHECKING:
    from checker.engine.case_tables import CaseTables
    from checker.sources.reader import NativeRead

T = TypeVar("T")

ColumnType = str
"""A portable column type name: VARCHAR, BIGINT, DOUBLE, BOOLEAN, TIMESTAMP, DATE, INTEGER."""


@dataclass(frozen=True)
class Rows:
    """A relation made in Python (a calendar's working intervals, availability buckets, one batch of a
    source file streamed from Python).

    ``columns`` are (name, portable type); ``values`` are tuples in that order. Loaded by the
    backend as a temporary table, so the SQL that uses it stays a plain join.
    """

    columns: tuple[tuple[str, ColumnType], ...]
    values: tuple[tuple[Any, ...], ...]


class BackendError(Exception):
    """The engine refused or failed a statement at run time (overflow, conversion, out of memory).

    Raised by every backend method in place of the engine's own exception types, so the executor
    can isolate the requirement whose query failed instead of crashing the audit."""


class Backend(Protocol):
    """The operations an audit needs from an engine."""

    dialect: str
    """sqlglot dialect the trees are printed in (``duckdb``, ``spark``)."""

    jobs: int
    """How many independent steps :func:`each` may run at once on this engine (1: one after another)."""

    def materialise(self, name: str, query: exp.Query | str, kind: str = "table") -> None:
        """``CREATE OR REPLACE TEMP TABLE|VIEW name AS query`` (a ``str``: the query as :meth:`sql`
        printed it already). ``kind="reused"``: a view that several
        later statements scan (a table's typed rows): an engine that recomputes a view in every
        statement that reads it (Spark: Parquet decoding and typing each time) may keep its rows
        instead; DuckDB makes it a plain view."""

    def load_rows(self, name: str, rows: Rows) -> None:
        """A temporary table ``name`` holding ``rows``."""

    def rows(self, query: exp.Query | str) -> list[dict[str, Any]]:
        """Run a query (a tree, or the text :meth:`sql` printed from one); every row as a dict of
        column name → value."""

    def tuples(self, query: exp.Query) -> list[tuple[Any, ...]]:
        """Run a query; every row as a tuple in the select list's order."""

    def columns(self, relation: str) -> list[str]:
        """The column names of a table or view."""

    def drop(self, name: str) -> None:
        """Drop a temporary table or view if it exists."""

    def read_native(self, name: str, read: NativeRead) -> dict[str, str]:
        """A relation ``name`` over a data file read by the engine's own reader for ``read.format``
        (DuckDB: ``read_csv``, ``read_parquet``, a JSON Lines line reader); its column name → type,
        ``{}`` when the file gives no column."""

    def append_rows(self, name: str, rows: Rows) -> None:
        """Append ``rows`` to the temporary table ``name``."""

    def load_batches(self, name: str, batches: Iterable[Rows]) -> dict[str, str]:
        """A temporary table ``name`` filled from rows streamed in batches (a format Python parses),
        in constant memory; its column name → type, ``{}`` when no batch came."""

    def rejected_lines(self, name: str) -> list[tuple[int, str]]:
        """(line, error) of each line a file reader set aside in ``name``, by line; none if it has none."""


def table(name: str) -> exp.Table:
    """A relation by (quoted) name, for FROM clauses."""
    return exp.to_table(exp.to_identifier(name, quoted=True).sql())


def each(backend: Backend, calls: Sequence[Callable[[], T]]) -> list[T]:
    """Run independent steps (one table's census, one relation's grouped pass) and return their
    results in the order given, whatever order they finish in, so reports stay byte-identical.

    Why: on Spark every statement costs the driver planning and code generation on one core, and a
    small table's stages are single tasks, so one statement at a time leaves the executors idle;
    steps submitted from several threads overlap (Spark schedules concurrent jobs of one session).
    DuckDB parallelises inside each statement and runs them one by one (``jobs = 1``). Every call
    runs to its end; the first exception in the order given is then raised, as a loop would have.

    >>> class Engine:
    ...     jobs = 3
    >>> each(Engine(), [lambda i=i: i * i for i in range(5)])
    [0, 1, 4, 9, 16]
    """
    workers = min(getattr(backend, "jobs", 1), len(calls))
    if workers <= 1:
        return [call() for call in calls]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="servcheck-step") as pool:
        # each step in a copy of the caller's context: the audit's language (checker.i18n.context) goes with it
        futures = [pool.submit(contextvars.copy_context().run, call) for call in calls]
        wait(futures)
    return [future.result() for future in futures]


class SharedSteps:
    """Runs a query step once when several requirements plan the same relation.

    Every measure names its steps with its requirement's prefix, so two timers on one event table
    each plan ``<prefix>_seq`` — the same sort of the same events. A step whose query, with the
    names of steps already shared read as the names they share, is the text of a step already run
    becomes a view of that step instead of being run again. Same text, same relation: the queries
    hold no random or time-dependent function, and their orderings are total (see
    :mod:`checker.measures.case_timeline`), so sharing cannot change a figure.
    """

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.by_text: dict[str, str] = {}  # canonical query text → the step that ran it
        self.same_as: dict[str, str] = {}  # a step not run → the step it is a view of
        self.texts: dict[str, str] = {}  # a step → its canonical text, when a replay made it already

    def share(self, name: str, query: exp.Query, kind: str) -> str | None:
        """The step ``name`` shares (and records it), or None when it is the first of its text
        (recorded as such). Pure bookkeeping: :class:`StepLifetimes` replays it before anything runs
        and hands the texts it printed over (printing a tree is the dear part)."""
        text = self.texts.get(name)
        if text is None:
            canonical = self.canonical(query)
            text = f"{kind}:{self.backend.sql(canonical)}"
            self.texts[name] = text
        first = self.by_text.get(text)
        if first is None:
            self.by_text[text] = name
            return None
        self.same_as[name] = first
        return first

    def materialise(self, name: str, query: exp.Query, kind: str) -> None:
        """Run ``query`` as ``name``, or make ``name`` a view of the step that already ran its text.

        A step run is run from the canonical text :meth:`share` printed, not printed again: the
        same query with each shared step read as the step it shares, a view of which has the
        same rows (printing a timer's trees twice was a tenth of a small timer audit)."""
        first = self.share(name, query, kind)
        if first is None:
            self.backend.materialise(name, self.texts[name].partition(":")[2], kind)
        else:
            self.backend.materialise(name, exp.select(exp.Star()).from_(table(first)), "view")

    def canonical(self, node: exp.Expression) -> exp.Expression:
        """``node`` with each reference to a shared step read as the step it shares."""
        return node.transform(self._shared_name) if self.same_as else node

    def _shared_name(self, node: exp.Expression) -> exp.Expression:
        """A reference to a shared step read as the step it shares, keeping its alias (``FROM x AS c``):
        dropping the alias made every aliased reference differ from the text it should have matched."""
        if isinstance(node, exp.Table) and not node.args.get("db") and node.name in self.same_as:
            renamed = node.copy()
            quoted = bool(node.this.args.get("quoted"))
            renamed.set("this", exp.to_identifier(self.same_as[node.name], quoted=quoted))
            return renamed
        return node


class StepLifetimes:
    """Drops each step's table once nothing later reads it: the audit's peak memory is then the
    largest set of relations alive at one time, not every intermediate of every requirement.

    A timer at 10^7 events made about twenty tables of up to one row per event (the ordered events,
    their flags, the stretches, their business time) and kept them all until the audit ended.
    Built before anything runs from every step of the audit in order (the sharing of
    :class:`SharedSteps` replayed, views read through to the tables under them) and from ``keep``,
    the queries and names read after the steps (notes, grouped passes, evidence, charts, exports):
    a table they read is never dropped. After a step fails, nothing more is dropped (the plan of
    sharing no longer holds).
    """

    def __init__(
        self,
        backend: Backend,
        steps: Sequence[Any],
        keep: Iterable[exp.Expression | str],
        shared: SharedSteps | None = None,
    ) -> None:
        self.backend = backend
        self.stopped = False
        self.shared = shared
        replay = SharedSteps(backend)
        views: dict[str, set[str]] = {}  # a view step (or shared step) → the step tables it reads
        tables: dict[str, int] = {}  # a step's table → the position of the step that made it
        last: dict[str, int] = {}  # a step's table → the position of the last step that reads it

        def through(names: Iterable[str]) -> set[str]:
            found: set[str] = set()
            for name in names:
                found |= views.get(name, {name} if name in tables else set())
            return found

        for position, step in enumerate(steps):
            query = step.query if step.query is not None else step.rows_from.facts if step.rows_from else None
            read = through(_tables_in(query)) if query is not None else set()
            first = replay.share(step.name, step.query, step.kind) if step.query is not None else None
            if first is not None:
                read = through([first])
                views[step.name] = read
            elif step.query is not None and step.kind == "view":
                views[step.name] = read
            else:
                tables[step.name] = position
            for name in read:
                last[name] = position
        if shared is not None:  # the same steps will be shared the same way: no need to print them twice
            shared.texts = {step.name: replay.texts[step.name] for step in steps if step.name in replay.texts}
        kept: set[str] = set()
        for item in keep:
            kept |= through([item] if isinstance(item, str) else _tables_in(item))
        self.release: dict[str, list[str]] = {}
        for name, made in tables.items():
            if name not in kept:
                self.release.setdefault(steps[last.get(name, made)].name, []).append(name)

    def after(self, step: str) -> None:
        """``step`` has run: drop the tables it was the last to read."""
        if not self.stopped:
            for name in self.release.get(step, ()):
                self.backend.drop(name)

    def stop(self) -> None:
        """A step failed: keep every table from now on (and let sharing print its own texts again:
        with a step missing, its decisions may differ from the replay's)."""
        self.stopped = True
        if self.shared is not None:
            self.shared.texts = {}


def _tables_in(query: exp.Expression) -> list[str]:
    """The names of the relations a query reads (its own CTE names included, harmlessly)."""
    return [t.name for t in query.find_all(exp.Table) if not t.args.get("db")]


def materialise_all(
    backend: Backend,
    steps: Iterable[Any],
    shared: SharedSteps | None = None,
    lifetimes: StepLifetimes | None = None,
    cases: CaseTables | None = None,
) -> None:
    """Run a plan's steps in order (see :class:`checker.measures.base.Step`); with ``shared``, a query
    step another requirement already ran is a view of it (:class:`SharedSteps`); with ``lifetimes``,
    tables nothing later reads are dropped as soon as they are done with (:class:`StepLifetimes`);
    with ``cases``, a per-case step grouped with others is a view of their one table
    (:class:`checker.engine.case_tables.CaseTables`)."""
    for step in steps:
        if cases is not None and cases.materialise(step):
            pass
        elif step.rows is not None:
            backend.load_rows(step.name, step.rows)
        elif step.rows_from is not None:
            (facts,) = backend.rows(step.rows_from.facts) or [{}]
            backend.load_rows(step.name, step.rows_from.build(facts))
        elif shared is not None:
            shared.materialise(step.name, step.query, step.kind)
        else:
            backend.materialise(step.name, step.query, step.kind)
        if lifetimes is not None:
            lifetimes.after(step.name)
