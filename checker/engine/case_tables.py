"""One per-case table for the requirements that join the same case attributes.

Every timer of an event table judges the same cases: its per-case table (``<prefix>_cg``,
:func:`checker.measures.timer.design`) is the table's case attributes (``<prefix>_at``: one row per
case, one step that every timer of the table shares, :class:`checker.engine.backend.SharedSteps`)
joined to the timer's own figures per case (its first cycle and totals), with the goal picked.
Made one requirement at a time, the attributes' columns were written once per timer: three copies
of ten columns of 1.84 M cases at 10^7 ticket events, and a constant ``_file`` text in each.

A step that says what it joins (:class:`CaseJoin`) may instead be made with the others that join
the same attributes: one table holds the attributes once (constants left out) and each member's
columns under names of its own (``_u<k><column>``); each member's step is then a view that gives
the columns their names back, in the step's order, the constants in their place. Same columns,
same values: the members' figures are one row per case (at most), so the left joins side by side
keep every case once, as each alone did.

The members' own queries stay whole: a requirement planned alone (``explain-case``) runs its step
as it is, and so does a member when the shared table cannot be made (the engine refused it): then
each member runs its own query and the one that fails gets the error, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from checker.engine.backend import Backend, BackendError, SharedSteps, table


@dataclass(frozen=True)
class CaseJoin:
    """What a per-case step is: ``attributes`` (one row per case) left-joined on ``keys`` to ``units``
    (at most one row per case), then ``derived`` columns.

    The step's columns, in order: ``attribute_columns`` (the attributes' columns it keeps; those in
    ``constants`` are the same literal on every row), ``unit_columns`` (the units' columns, keys left
    out), then ``derived`` (name, expression over the attribute columns alone: no unit column, no
    constant). ``units`` must be made in an earlier phase than the step (see ``Step.phase``): the
    shared table is made when the first member runs, and reads every member's units then."""

    attributes: str
    keys: tuple[str, ...]
    attribute_columns: tuple[str, ...]
    units: str
    unit_columns: tuple[str, ...]
    derived: tuple[tuple[str, exp.Expression], ...] = ()
    constants: tuple[tuple[str, exp.Expression], ...] = ()


@dataclass
class _Group:
    """The members of one shared table, in the order they run, and whether it was made."""

    name: str
    members: list[Any]  # checker.measures.base.Step, each with a case_join
    made: bool = False
    broken: bool = False


def _own(member: int, column: str) -> str:
    return f"_u{member}{column}"


def _column(name: str, alias: str | None = None) -> exp.Column:
    return exp.column(exp.to_identifier(name, quoted=True), table=exp.to_identifier(alias) if alias else None)


def _aliased(node: exp.Expression, name: str) -> exp.Alias:
    return exp.alias_(node, exp.to_identifier(name, quoted=True))


def _row_columns(node: exp.Expression) -> list[exp.Column]:
    """The columns of the row an expression reads (those inside its subqueries read other relations)."""
    return [c for c in node.find_all(exp.Column) if c.find_ancestor(exp.Subquery) is None]


def _reads_attributes_only(join: CaseJoin) -> bool:
    """Whether every derived column reads attribute columns only (subqueries aside: they read other
    relations), so it can be computed once the attributes are beside other members' columns."""
    constants = {name for name, _ in join.constants}
    stored = set(join.attribute_columns) - constants
    for _, node in join.derived:
        for column in _row_columns(node):
            if column.table or column.name not in stored:
                return False
    return True


class CaseTables:
    """Makes the per-case steps that join the same attributes as one table (see the module docstring)."""

    def __init__(self, backend: Backend, shared: SharedSteps) -> None:
        self.backend = backend
        self.shared = shared
        self.groups: dict[str, _Group] = {}  # a member step → its group
        self.planned: set[int] = set()  # the phases whose steps were grouped

    def plan(self, phase: int, steps: Sequence[Any]) -> None:
        """Group the per-case steps of ``phase`` that will run, in their order: those over the same
        attributes (read through :class:`SharedSteps`), keys and kept columns. A step whose text is a
        step's already in a group is left out: it becomes a view of that step (SharedSteps) as before.
        Called once per phase, before its first step runs: every member's units exist then."""
        self.planned.add(phase)
        by: dict[tuple[Any, ...], list[Any]] = {}
        texts: set[str] = set()
        for step in steps:
            join: CaseJoin | None = step.case_join
            text = self.shared.texts.get(step.name)
            if join is None or text is None or text in texts or not _reads_attributes_only(join):
                continue
            texts.add(text)
            attributes = self.shared.same_as.get(join.attributes, join.attributes)
            constants = tuple((name, node.sql()) for name, node in join.constants)
            by.setdefault((attributes, join.keys, join.attribute_columns, constants), []).append(step)
        for members in by.values():
            if len(members) < 2:
                continue
            names = set(members[0].case_join.attribute_columns)
            own = {_own(k, c) for k, m in enumerate(members) for c in self._columns_of(m.case_join)}
            if names & own:  # a field already has such a name: each member makes its own table
                continue
            group = _Group(f"{members[0].name}_all", members)
            for member in members:
                self.groups[member.name] = group

    @staticmethod
    def _columns_of(join: CaseJoin) -> list[str]:
        return [*join.unit_columns, *(name for name, _ in join.derived)]

    def materialise(self, step: Any) -> bool:
        """Make ``step`` as a view of its group's table (made first if need be); False when ``step`` is
        in no group or the group's table could not be made (the caller runs the step itself)."""
        group = self.groups.get(step.name)
        if group is None or group.broken:
            return False
        if not group.made:
            try:
                self.backend.materialise(group.name, self._shared_query(group), "table")
            except BackendError:
                group.broken = True
                return False
            group.made = True
        self.shared.share(step.name, step.query, step.kind)  # its text is known to steps planned after
        self.backend.materialise(step.name, self._member_view(group, step), "view")
        return True

    def _shared_query(self, group: _Group) -> exp.Select:
        """The attributes once (constants left out), each member's units' columns and derived columns
        under the member's own names."""
        first: CaseJoin = group.members[0].case_join
        constants = {name for name, _ in first.constants}
        stored = [c for c in first.attribute_columns if c not in constants]
        inner = exp.select(*(_column(c, "a") for c in stored))
        inner = inner.from_(exp.alias_(table(first.attributes), "a", table=True))
        for k, member in enumerate(group.members):
            join: CaseJoin = member.case_join
            alias = f"u{k}"
            inner = inner.select(*(_aliased(_column(c, alias), _own(k, c)) for c in join.unit_columns))
            on = exp.and_(
                *(exp.NullSafeEQ(this=_column(key, "a"), expression=_column(key, alias)) for key in join.keys)
            )
            inner = inner.join(exp.alias_(table(join.units), alias, table=True), on=on, join_type="LEFT")
        derived = [_aliased(node.copy(), stored) for stored, node in self._stored_derived(group).items()]
        return exp.select(exp.Star(), *derived).from_(inner.subquery())

    def _text(self, node: exp.Expression) -> str:
        """An expression's text with each shared step read as the step it shares."""
        return self.shared.canonical(node).sql()

    def _stored_derived(self, group: _Group) -> dict[str, exp.Expression]:
        """The derived columns the shared table stores, by stored name: each distinct one once (two
        timers with the same goals store one goal column, every timer of an audit one ``_asof``)."""
        stored: dict[str, exp.Expression] = {}
        texts: set[str] = set()
        for k, member in enumerate(group.members):
            for name, node in member.case_join.derived:
                text = self._text(node)
                if text not in texts:
                    texts.add(text)
                    stored[_own(k, name)] = node
        return stored

    def _member_view(self, group: _Group, step: Any) -> exp.Select:
        """The member's columns, in its step's order, under their names; constants in their place."""
        k = next(i for i, m in enumerate(group.members) if m.name == step.name)
        join: CaseJoin = step.case_join
        constants = dict(join.constants)
        columns = [_aliased(constants[c].copy(), c) if c in constants else _column(c) for c in join.attribute_columns]
        columns += [_aliased(_column(_own(k, c)), c) for c in join.unit_columns]
        stored = {self._text(node): name for name, node in self._stored_derived(group).items()}
        columns += [_aliased(_column(stored[self._text(node)]), name) for name, node in join.derived]
        return exp.select(*columns).from_(table(group.name))
