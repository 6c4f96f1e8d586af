"""The first start and first stop of every timer of a table, read with the case attributes.

Why: a timer's cycle bounds (:mod:`checker.measures.case_timeline`, rules with no ``reset`` that
start and stop at the first start and stop) were one window over the events that start or stop
its clock — a sort of millions of rows per timer (at 10^7 ticket events, 7.2 M for a first
response, 3.8 M for a resolution), 5–6 s of one-thread CPU each. Most cases have one cycle, and
that cycle is known from four per-case figures: the first start, the last start and the first
stop (with their times). The attributes step (``_at``) already groups every ordered event by case
and every timer of the table shares it, so it computes these figures for every timer of the table
at once (a handful of aggregates more in one hash aggregate); the window then runs only over the
events of the cases where a case has more than one cycle or starts after a stop (reopened tickets,
about 5% of the benchmark's cases).

A case's marks are *simple* when it has a start, and its first stop is at or after its first start
and no start comes after that stop: the clock runs from the first start to the first stop (or is
still open when there is no stop) and never opens again — one cycle, exactly what the window
finds (a start while the clock runs is ignored; a stop while idle does nothing). Any other case
with a start goes through the window.

Every timer of a table plans the same attributes step, with the marks of all of them in one
canonical order (their conditions' text), so the engine runs it once
(:class:`checker.engine.backend.SharedSteps`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlglot import exp

from checker.engine.sql_types import cast
from checker.measures.case_nodes import as_, col, cols, filtered, func, is_null, lit, null_timestamp, rel


def _distinct(nodes: Iterable[exp.Expression]) -> tuple[exp.Expression, ...]:
    """Each condition once, ordered by its text: the same tuple whichever timer lists them first."""
    by_text = {node.sql(): node for node in nodes}
    return tuple(by_text[text] for text in sorted(by_text))


def flag(node: exp.Expression | None) -> exp.Expression:
    """A condition as a flag: ``coalesce((condition), false)``; ``false`` when there is none."""
    return func("coalesce", exp.paren(node.copy()), lit(False)) if node is not None else lit(False)


@dataclass(frozen=True)
class MarkColumns:
    """The attributes step's columns for one timer: its first start (``_seq`` and time), its last
    start, its first stop (``_seq`` and time)."""

    first_start: str
    last_start: str
    first_start_t: str
    first_stop: str
    first_stop_t: str


@dataclass(frozen=True)
class TableMarks:
    """The distinct start and stop conditions of a table's timers, in canonical order."""

    starts: tuple[exp.Expression, ...]
    stops: tuple[exp.Expression, ...]

    @staticmethod
    def of(pairs: Iterable[tuple[exp.Expression, exp.Expression]]) -> TableMarks:
        """From (start, stop) conditions; each distinct condition once, ordered by its text."""
        listed = list(pairs)
        return TableMarks(_distinct(s for s, _ in listed), _distinct(p for _, p in listed))

    def with_pair(self, start: exp.Expression, stop: exp.Expression) -> TableMarks:
        """These marks and one more timer's (a measure that plans through the timer without being one)."""
        return TableMarks(_distinct((*self.starts, start)), _distinct((*self.stops, stop)))

    def _index(self, found: Sequence[exp.Expression], node: exp.Expression) -> int:
        text = node.sql()
        return next(i for i, n in enumerate(found) if n.sql() == text)

    def columns(self, start: exp.Expression, stop: exp.Expression) -> MarkColumns:
        """The columns of the timer with these conditions (one of the pairs it was made of)."""
        i, j = self._index(self.starts, start), self._index(self.stops, stop)
        return MarkColumns(f"_mk_s{i}", f"_mk_s{i}_last", f"_mk_s{i}_t", f"_mk_p{j}", f"_mk_p{j}_t")

    def pairs(self) -> list[MarkColumns]:
        """The columns of every start with every stop: a timer's own pair is one of them."""
        return [self.columns(start, stop) for start in self.starts for stop in self.stops]

    def touching(self) -> exp.Expression:
        """Whether an event matches any of the starts or stops (the only events a clock's bounds read)."""
        return exp.or_(*(flag(node) for node in (*self.starts, *self.stops)))

    @property
    def names(self) -> list[str]:
        """Every column :meth:`aggregates` makes (the per-case relation leaves them out)."""
        return [node.alias_or_name for node in self.aggregates()]

    def aggregates(self) -> list[exp.Expression]:
        """The aggregates over ordered events (``_seq``, ``_t``) that the attributes step adds."""
        out: list[exp.Expression] = []
        for i, start in enumerate(self.starts):
            on = flag(start)
            out += [
                as_(filtered(func("min", col("_seq")), on.copy()), f"_mk_s{i}"),
                as_(filtered(func("max", col("_seq")), on.copy()), f"_mk_s{i}_last"),
                as_(filtered(func("min", col("_t")), on.copy()), f"_mk_s{i}_t"),
            ]
        for j, stop in enumerate(self.stops):
            on = flag(stop)
            out += [
                as_(filtered(func("min", col("_seq")), on.copy()), f"_mk_p{j}"),
                as_(filtered(func("min", col("_t")), on.copy()), f"_mk_p{j}_t"),
            ]
        return out


def simple(marks: MarkColumns) -> exp.Expression:
    """Whether a case's marks make exactly one cycle (see the module docstring)."""
    first_start, first_stop = col(marks.first_start), col(marks.first_stop)
    after = exp.and_(
        exp.GTE(this=first_stop.copy(), expression=first_start.copy()),
        exp.LTE(this=col(marks.last_start), expression=first_stop.copy()),
    )
    return exp.and_(exp.not_(is_null(first_start.copy())), exp.paren(exp.or_(is_null(first_stop.copy()), after)))


def simple_bounds(keys: Sequence[str], attributes: str, marks: MarkColumns) -> exp.Select:
    """The one cycle of each case with simple marks, with the columns of a timer's cycle bounds.
    ``_cycle`` is an INT and ``_cycles`` a BIGINT, as the window's ``ROW_NUMBER`` and ``COUNT``
    give them on Spark (DuckDB widens the union to its BIGINT row number)."""
    return (
        exp.select(
            *cols(keys),
            as_(cast(lit(1), "INT"), "_cycle"),
            as_(col(marks.first_start), "_start_seq"),
            as_(col(marks.first_stop), "_stop_seq"),
            as_(col(marks.first_start_t), "_start_t"),
            as_(col(marks.first_stop_t), "_stop_t"),
            as_(null_timestamp(), "_reset_t"),
            as_(cast(lit(1), "BIGINT"), "_cycles"),
        )
        .from_(rel(attributes))
        .where(simple(marks))
    )


def other_cases(keys: Sequence[str], attributes: str, marks: MarkColumns) -> exp.Select:
    """The keys of the cases with a start whose marks are not simple (one row each)."""
    started = exp.not_(is_null(col(marks.first_start)))
    return exp.select(*cols(keys)).from_(rel(attributes)).where(exp.and_(started, exp.not_(exp.paren(simple(marks)))))


def some_other_cases(keys: Sequence[str], attributes: str, marks: TableMarks) -> exp.Select:
    """The keys of the cases that :func:`other_cases` lists for some start and stop of ``marks``: a
    superset of every timer's own other cases (one row each)."""
    unsimple = [
        exp.and_(exp.not_(is_null(col(pair.first_start))), exp.not_(exp.paren(simple(pair)))) for pair in marks.pairs()
    ]
    return exp.select(*cols(keys)).from_(rel(attributes)).where(exp.or_(*unsimple))
