"""Stage 6, execution: the plan's steps, one grouped pass per judged relation, finding sets, notes.

Every query goes through the backend; nothing here knows which measure it runs. Requirements that
share a relation (every aggregate requirement on a table's canonical view) share one grouped pass;
a case measure's per-case relation gets its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlglot import exp

from checker.audit.planning import MeasuredPlan
from checker.audit.tables import Tables
from checker.engine import distribution
from checker.engine import run as runner
from checker.engine.backend import Backend, BackendError, SharedSteps, StepLifetimes, each, materialise_all
from checker.engine.case_tables import CaseTables
from checker.engine.plan import Planned
from checker.measures.base import NoteQuery, both
from checker.model.quantity import target_bound
from checker.model.report import Histogram

T = TypeVar("T")


@dataclass(frozen=True)
class JudgedRelation:
    """What the grouped pass and evidence read: a relation's name and the fields that identify a row."""

    view: str
    key: list[str]
    value: str | None = None  # the column evidence reads as each record's value


@dataclass
class Executed:
    """Raw results per requirement index (absent: not assessed), with notes and charts."""

    raw: dict[int, list[runner.RawFinding]] = field(default_factory=dict)
    notes: dict[int, list[str]] = field(default_factory=dict)
    histograms: dict[int, Histogram | None] = field(default_factory=dict)
    relations: dict[int, JudgedRelation] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)  # requirements the engine failed on, and why


def judged_relation(p: Planned, tables: Tables) -> JudgedRelation:
    assert p.plan is not None
    if p.plan.relation is not None:
        return JudgedRelation(p.plan.relation.name, list(p.plan.relation.key), p.plan.relation.value)
    prepared = tables.prepared[p.table]
    return JudgedRelation(prepared.view, list(prepared.key))


def execute(backend: Backend, plan: MeasuredPlan, tables: Tables, distributions: bool) -> Executed:
    """Run every assessable requirement; one that fails at run time gets an error, the others still run."""
    out = Executed()
    runnable: list[tuple[int, Planned]] = []
    shared = SharedSteps(backend)
    assessable = [(i, p) for i, p in enumerate(plan.requirements) if p.plan is not None and not p.plan.unassessable]
    # every requirement's phase-0 steps, then every phase-1 step (see Step.phase), each requirement's in order
    phases = sorted({s.phase for _, p in assessable for s in p.plan.steps})  # type: ignore[union-attr]
    batches = [
        (phase, i, [s for s in p.plan.steps if s.phase == phase])  # type: ignore[union-attr]
        for phase in phases
        for i, p in assessable
    ]
    lifetimes = StepLifetimes(
        backend,
        [s for _, _, steps in batches for s in steps],
        [r for _, p in assessable for r in _read_after(p)],
        shared,
    )
    cases = CaseTables(backend, shared)
    for phase, i, steps in batches:
        if i in out.errors or not steps:
            continue
        if phase not in cases.planned:  # the phase's per-case steps that will run, once the phases before it ran
            cases.plan(phase, [s for f, j, st in batches if f == phase and j not in out.errors for s in st])
        try:
            materialise_all(backend, steps, shared, lifetimes, cases)
        except BackendError as err:
            out.errors[i] = str(err)
            lifetimes.stop()
    for i, p in assessable:
        if i not in out.errors:
            out.relations[i] = judged_relation(p, tables)
            runnable.append((i, p))
    grouped: dict[str, list[tuple[int, Planned]]] = {}
    sets: list[tuple[int, Planned]] = []
    for i, p in runnable:
        if p.plan.finding_sets:  # type: ignore[union-attr]
            sets.append((i, p))
        else:
            grouped.setdefault(out.relations[i].view, []).append((i, p))
    # independent passes: each distinct finding-set query (two requirements may ask the same one:
    # availability's overall figure), each relation's grouped query
    asked = {i: [_text(backend, fs.query) for fs in p.plan.finding_sets] for i, p in sets}  # type: ignore[union-attr]
    # run from the texts printed here: printing a tree again cost as much as the first time
    queries = list(dict.fromkeys(text for i, _ in sets for text, _ in asked[i] if text is not None))
    passes: list[Callable[[], Any]] = [lambda t=t: _guarded(lambda: backend.rows(t)) for t in queries]
    passes += [lambda r=r, m=m: _run_relation(backend, r, m) for r, m in grouped.items()]
    results = each(backend, passes)
    answers = dict(zip(queries, results[: len(queries)], strict=True))
    for i, p in sets:
        given = [answers[text] if text is not None else (None, refused) for text, refused in asked[i]]
        found, error = _finding_sets(p, given)
        if error is None:
            out.raw[i] = found
        else:
            out.errors[i] = error
    for members, (found, errors) in zip(grouped.values(), results[len(queries) :], strict=True):
        out.errors.update(errors)
        for local, findings in found.items():
            out.raw[members[local][0]] = findings
    for i, p in runnable:
        if i in out.errors:
            continue
        try:
            out.notes[i] = [_note(backend, n) for n in p.plan.notes]  # type: ignore[union-attr]
            if distributions and out.raw.get(i):
                out.histograms[i] = _histogram(backend, p, out.relations[i].view)
        except BackendError as err:
            out.errors[i] = str(err)
            out.raw.pop(i, None)
    return out


def _read_after(p: Planned) -> list[exp.Expression | str]:
    """What the executor, evidence, charts and the per-case export read of ``p``'s steps once they
    have run: its judged relation and every query or expression its plan hands over."""
    assert p.plan is not None
    plan = p.plan
    found: list[exp.Expression | str] = [plan.relation.name] if plan.relation is not None else []
    found += [n.query for n in plan.notes if isinstance(n, NoteQuery)]
    found += [fs.query for fs in plan.finding_sets]
    found += list(plan.aggregates.values())
    found += [e for e in plan.distribution or () if e is not None]
    offending = plan.offending(p.target.op, target_bound(p.target.quantity))
    return found + ([offending] if offending is not None else [])


def _guarded(call: Callable[[], T]) -> tuple[T | None, str | None]:
    """``call``'s result, or the engine's refusal as the requirement's error (the others still run)."""
    try:
        return call(), None
    except BackendError as err:
        return None, str(err)


def _run_relation(
    backend: Backend, relation: str, members: list[tuple[int, Planned]]
) -> tuple[dict[int, list[runner.RawFinding]], dict[int, str]]:
    """One relation's grouped pass; when the engine refuses it, each requirement alone, so the one
    whose query fails gets the error and every other one is still assessed."""
    try:
        return runner.run_table(backend, relation, [p for _, p in members]), {}
    except BackendError:
        found: dict[int, list[runner.RawFinding]] = {}
        errors: dict[int, str] = {}
        for local, (i, p) in enumerate(members):
            try:
                found[local] = runner.run_table(backend, relation, [p])[0]
            except BackendError as err:
                errors[i] = str(err)
        return found, errors


def _text(backend: Backend, query: exp.Query) -> tuple[str | None, str | None]:
    """A query's text for the engine (queries of equal text are run once), or the engine's refusal."""
    try:
        return backend.sql(query), None
    except BackendError as err:
        return None, str(err)


def _finding_sets(
    p: Planned, answers: list[tuple[list[dict[str, Any]] | None, str | None]]
) -> tuple[list[runner.RawFinding], str | None]:
    """``p``'s findings from what each of its finding-set queries gave (in the plan's order): its
    rows, or the engine's refusal, which is then the requirement's error."""
    assert p.plan is not None
    found = []
    for fs, (rows, error) in zip(p.plan.finding_sets, answers, strict=True):
        if error is not None:
            return [], error
        for row in rows or []:
            group = {name: ("(missing)" if row[col] is None else str(row[col])) for name, col in fs.dims}
            raw = {g: row[g] for g in fs.raw}
            found.append(runner.RawFinding(group, p.plan.read(row), raw, fs.offending(row)))
    return found, None


def _note(backend: Backend, note: str | NoteQuery) -> str:
    return note if isinstance(note, str) else note.render(backend.rows(note.query))


def distribution_unit(p: Planned) -> str:
    """The unit of the measured quantity's distribution: the measure's own, else seconds for waits and times."""
    assert p.plan is not None
    if p.plan.distribution_unit is not None:
        return p.plan.distribution_unit
    return "s" if p.rule.unit in ("duration", "percent") else ""


def _histogram(backend: Backend, p: Planned, view: str) -> Histogram | None:
    """The measured quantity's distribution over the requirement's scope, with its limit line."""
    assert p.plan is not None
    if p.plan.distribution is None:
        return None
    column, base = p.plan.distribution
    threshold = p.plan.threshold
    if threshold is None and p.rule.unit != "percent":
        threshold = float(target_bound(p.target.quantity))
    unit = distribution_unit(p)
    return distribution.histogram(backend, view, column, both(p.scope, base), unit, threshold)
