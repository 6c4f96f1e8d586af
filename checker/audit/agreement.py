"""Stage 8b, agreement: servcheck's per-case verdict beside the recording system's own.

A service-management tool judges its own SLAs (ServiceNow's ``made_sla`` on an incident, a
``task_sla``'s ``has_breached``). An auditor who hands both verdicts to a customer must be able to
say how often they agree and, case by case, why they do not. A dataset table declares the field
that holds the system's verdict (``system_verdict:``, see ``docs/agreement.md``); for every
``timer`` requirement on that table, this stage starts from the per-case verdict rows that
``--cases`` exports (:func:`checker.audit.case_verdicts.verdict_query`: verdict met / breached /
pending / cancelled / not counted, reason, goal, stop, elapsed and paused time), adds the system's
verdict and the mapping's ``explain`` conditions as columns, and counts, over the cases servcheck
judged or holds pending inside the requirement's ``where``:

- the 2×2 table of verdicts (servcheck met / breached × system met / breached), plus the cases
  servcheck still has pending and those the system left without a verdict (never compared);
- the disagreeing cases, by key, at most :data:`CASES` of them, each with what servcheck can tell:
  ``open past its goal (no stop recorded)`` (never resolved), ``stopped after its goal``,
  ``stopped within its goal``, ``clock paused`` (pauses were deducted), and every ``explain``
  condition of the mapping that holds for the case (``priority changed``, ``reopened``…).

Every query is a sqlglot tree over the per-case relation; user text (the ``explain`` conditions)
arrives only compiled by :func:`checker.engine.expressions.compile_expression`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from checker.audit.case_verdicts import VerdictSource, sources_of, verdict_query
from checker.audit.execute import Executed
from checker.audit.planning import MeasuredPlan
from checker.engine.backend import Backend
from checker.engine.expressions import compile_expression, scalar_start
from checker.engine.plan import Planned
from checker.i18n import N_
from checker.i18n.context import audit_speaker
from checker.load.documents import Document
from checker.measures.base import count_if
from checker.measures.case_nodes import as_, cases, col, count_star, is_null, lit
from checker.model.dataset import SystemVerdict
from checker.model.report import Agreement, AgreementCase, AgreementCell

CASES = 50
"""Disagreeing cases listed per requirement (all are counted)."""
MEASURES = frozenset({"timer"})
"""Measures whose per-case relation carries a met / breached / pending verdict."""
NEVER_STOPPED = N_("open past its goal (no stop recorded)")
STOPPED_LATE = N_("stopped after its goal")
STOPPED_IN_TIME = N_("stopped within its goal")
PAUSED = N_("clock paused")


@dataclass(frozen=True)
class Comparison:
    """The queries comparing one requirement's per-case verdicts with the system's."""

    verdict: SystemVerdict
    matrix: exp.Query
    reasons: exp.Query
    listed: exp.Query
    reason_names: tuple[str, ...]
    keys: tuple[str, ...]


def _system(verdict: SystemVerdict) -> exp.Expression:
    value = col(verdict.field)
    met, breached = ("met", "breached") if verdict.true_means == "met" else ("breached", "met")
    return cases([(is_null(value), lit("missing")), (value.copy(), lit(met))], lit(breached))


def plan_comparison(p: Planned, source: VerdictSource, dataset: Document) -> Comparison:
    """The three queries for one requirement, over its per-case verdict rows
    (:func:`checker.audit.case_verdicts.verdict_query`, the rows ``--cases`` exports) with the
    system's verdict and the ``explain`` conditions added: verdict pairs, reasons of the
    disagreeing cases, the listed ones."""
    table = dataset.model.tables[p.table]
    verdict: SystemVerdict = table.system_verdict
    types = {name: spec.type for name, spec in table.fields.items()}
    columns = sorted(types)
    speak = audit_speaker()
    flags: list[tuple[str, exp.Expression]] = [
        (
            speak._(NEVER_STOPPED),
            exp.and_(exp.EQ(this=col("verdict"), expression=lit("breached")), is_null(col("stop"))),
        ),
        (
            speak._(STOPPED_LATE),
            exp.and_(exp.EQ(this=col("verdict"), expression=lit("breached")), is_null(col("stop")).not_()),
        ),
        (speak._(STOPPED_IN_TIME), exp.EQ(this=col("verdict"), expression=lit("met"))),
        (speak._(PAUSED), exp.GT(this=exp.func("coalesce", col("paused_s"), lit(0)), expression=lit(0))),
    ]
    explained: list[exp.Expression] = []
    for i, explanation in enumerate(verdict.explain):
        where = scalar_start(dataset.text, dataset.at(("tables", p.table, "system_verdict", "explain", i, "when")))
        node = compile_expression(explanation.when, columns=columns, location=where, types=types)
        explained.append(as_(exp.func("coalesce", exp.paren(node), exp.false()), f"_x{i}"))
        flags.append((explanation.reason, col(f"_x{i}")))
    rows = verdict_query(source).select(
        *(as_(col(k), f"_k{j}") for j, k in enumerate(source.keys)), as_(_system(verdict), "_system"), *explained
    )
    if p.scope is not None:
        rows = rows.where(p.scope.copy())
    judged = exp.column("verdict").isin(lit("met"), lit("breached"), lit("pending"))
    labelled = exp.select(exp.Star()).from_(rows.subquery("v")).where(judged).subquery("c")
    disagree = exp.and_(
        exp.column("verdict").isin(lit("met"), lit("breached")),
        exp.column("_system").isin(lit("met"), lit("breached")),
        exp.NEQ(this=col("verdict"), expression=col("_system")),
    )
    matrix = (
        exp.select(col("verdict"), col("_system"), as_(count_star(), "n"))
        .from_(labelled.copy())
        .group_by(col("verdict"), col("_system"))
        .order_by(col("verdict"), col("_system"))
    )
    reasons = (
        exp.select(
            *(as_(count_if(flag.copy()), f"r{i}") for i, (_, flag) in enumerate(flags)),
            as_(count_star(), "total"),
        )
        .from_(labelled.copy())
        .where(disagree.copy())
    )
    keys = [col(f"_k{j}") for j in range(len(source.keys))]
    listed = (
        exp.select(
            *keys,
            col("verdict"),
            col("_system"),
            col("reason"),
            col("calendar_elapsed_s"),
            col("goal"),
            *(as_(flag.copy(), f"r{i}") for i, (_, flag) in enumerate(flags)),
        )
        .from_(labelled.copy())
        .where(disagree.copy())
        .order_by(*(k.copy() for k in keys))
        .limit(CASES)
    )
    return Comparison(verdict, matrix, reasons, listed, tuple(name for name, _ in flags), source.keys)


def _case(row: dict[str, Any], comparison: Comparison) -> AgreementCase:
    elapsed = row["calendar_elapsed_s"]
    return AgreementCase(
        key={k: "" if row[f"_k{j}"] is None else str(row[f"_k{j}"]) for j, k in enumerate(comparison.keys)},
        servcheck=row["verdict"],
        system=row["_system"],
        verdict_reason=row["reason"],
        elapsed=None if elapsed is None else float(elapsed),
        goal=row["goal"],
        reasons=[name for i, name in enumerate(comparison.reason_names) if row[f"r{i}"]],
    )


def run_comparison(backend: Backend, comparison: Comparison) -> Agreement:
    cells = [
        AgreementCell(servcheck=r["verdict"], system=r["_system"], count=int(r["n"]))
        for r in backend.rows(comparison.matrix)
    ]
    decided = [c for c in cells if c.servcheck != "pending" and c.system != "missing"]
    compared = sum(c.count for c in decided)
    agree = sum(c.count for c in decided if c.servcheck == c.system)
    (counted,) = backend.rows(comparison.reasons)
    reasons = {name: int(counted[f"r{i}"] or 0) for i, name in enumerate(comparison.reason_names)}
    return Agreement(
        field=comparison.verdict.field,
        true_means=comparison.verdict.true_means,
        compared=compared,
        agree=agree,
        disagree=compared - agree,
        share=agree / compared if compared else None,
        exact=f"{agree}/{compared}" if compared else None,
        matrix=cells,
        reasons={name: n for name, n in sorted(reasons.items()) if n},
        cases=[_case(r, comparison) for r in backend.rows(comparison.listed)],
        cases_total=int(counted["total"] or 0),
    )


def compare_verdicts(
    backend: Backend, plan: MeasuredPlan, executed: Executed, dataset: Document
) -> dict[int, Agreement]:
    """The agreement of every timer requirement whose table declares a system verdict, by index."""
    out: dict[int, Agreement] = {}
    sources = {s.index: s for s in sources_of(plan)}
    for i, p in enumerate(plan.requirements):
        table = dataset.model.tables.get(p.table)
        if table is None or table.system_verdict is None or p.rule.measure not in MEASURES:
            continue
        if i not in executed.raw or i in executed.errors:
            continue
        source = sources.get(i)
        if source is not None:
            out[i] = run_comparison(backend, plan_comparison(p, source, dataset))
    return out
