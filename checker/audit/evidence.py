"""Stage 8, evidence: the offending records behind every failing finding, and nothing for the rest.

Batched per judged relation (one scan for all failing requirements of a table); the findings with
their own predicate (an availability bucket's outages) are one statement per relation too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from checker.audit.execute import Executed
from checker.audit.inputs import Inputs
from checker.audit.planning import MeasuredPlan
from checker.audit.tables import Tables, rows_view
from checker.engine import run as runner
from checker.engine.backend import each
from checker.engine.duckdb_backend import DuckDBBackend
from checker.model.report import Evidence, Finding
from checker.sources.view import PreparedTable


def attach_evidence(
    backend: DuckDBBackend,
    inputs: Inputs,
    tables: Tables,
    plan: MeasuredPlan,
    executed: Executed,
    judged: dict[int, list[Finding]],
    limit: int,
) -> None:
    with_rows: dict[str, PreparedTable] = {}

    def rows_of(table: str) -> PreparedTable:
        if table not in with_rows:
            with_rows[table] = rows_view(backend, inputs, tables, table)
        return with_rows[table]

    singles: list[tuple[int, int, PreparedTable, dict[str, Any], Any]] = []
    batches: dict[str, tuple[object, list[runner.EvidenceAsk]]] = {}
    for i, findings in judged.items():
        p = plan.requirements[i]
        for j, (rf, found) in enumerate(zip(executed.raw[i], findings, strict=True)):
            if found.outcome != "fail":
                continue
            if rf.offending is not None:
                singles.append((i, j, rows_of(p.table), rf.dims, rf.offending))
            else:
                view = executed.relations[i] if p.plan and p.plan.relation else rows_of(p.table)
                batches.setdefault(view.view, (view, []))[1].append(runner.EvidenceAsk((i, j), p, rf.dims))
    # the views exist now; the queries are independent (one per relation of own-predicate findings,
    # one batch per relation)
    owners: dict[str, tuple[PreparedTable, list[tuple[int, int, runner.OwnAsk]]]] = {}
    for i, j, view, dims, own in singles:
        owners.setdefault(view.view, (view, []))[1].append((i, j, (plan.requirements[i], dims, own)))
    own_calls = [
        lambda v=view, a=asks: runner.own_evidence(backend, v, [ask for *_, ask in a], limit)
        for view, asks in owners.values()
    ]
    batch_calls = [
        lambda v=view, a=asks: runner.batch_evidence(backend, v, a, limit) for view, asks in batches.values()
    ]
    results = each(backend, [*own_calls, *batch_calls])
    for (_, asks), found in zip(owners.values(), results[: len(owners)], strict=True):
        for (i, j, _), (records, total) in zip(asks, found, strict=True):  # type: ignore[arg-type]
            judged[i][j] = with_evidence(judged[i][j], records, total)
    for served in results[len(owners) :]:
        for (i, j), (records, total) in served.items():  # type: ignore[union-attr]
            judged[i][j] = with_evidence(judged[i][j], records, total)


def with_evidence(finding: Finding, records: Sequence[tuple[Any, ...]], total: int) -> Finding:
    """``records``: (key, file, row) or (key, file, row, value) — a value when the relation names one."""
    evidence = [Evidence(key=r[0], file=r[1], row=r[2], value=r[3] if len(r) > 3 else None) for r in records]
    return finding.model_copy(update={"evidence": evidence, "evidence_total": total})
