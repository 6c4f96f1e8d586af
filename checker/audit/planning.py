"""Stage 5, the measure plans: every requirement's measure turned into its plan of sqlglot trees.

Runs after the sources stage because a plan may depend on facts of the data that are known by
then (the audit period's days when the auditor gave none, the canonical view's name and fields);
it is complete before any measure runs, and nothing later changes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from pydantic import ValidationError

from checker import codes
from checker.audit.inputs import Inputs
from checker.audit.tables import Tables
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.engine.case_session import context_over
from checker.engine.expressions import scalar_start
from checker.engine.plan import AuditPlan, Planned
from checker.measures import registry
from checker.measures.base import Partner, PlanContext, TablePeers


@dataclass(frozen=True)
class MeasuredPlan:
    """The audit's plan with every measure planned: immutable from here on."""

    audit: AuditPlan
    requirements: tuple[Planned, ...]


def plan_measures(plan: AuditPlan, inputs: Inputs, tables: Tables, as_of: dt.datetime | None = None) -> MeasuredPlan:
    """``measure.plan(ctx)`` for every requirement whose table the dataset has; all errors at once."""
    problems: list[Diagnostic] = []
    planned: list[Planned] = []
    contexts = {
        index: dataclasses.replace(plan_context(p, index, inputs, tables, as_of), measure=p.rule.measure)
        for index, p in enumerate(plan.requirements)
        if p.table in tables.prepared
    }
    on_table: dict[str, list[PlanContext]] = {}
    for ctx in contexts.values():
        on_table.setdefault(ctx.table_name, []).append(ctx)
    peers = {table: TablePeers(tuple(found)) for table, found in on_table.items()}
    for index, p in enumerate(plan.requirements):
        if p.table not in tables.prepared:
            planned.append(p)
            continue
        ctx = dataclasses.replace(contexts[index], peers=peers[contexts[index].table_name])
        try:
            planned.append(dataclasses.replace(p, plan=registry.planner(p.rule.measure)(ctx)))
        except InvalidInput as err:
            problems.extend(err.diagnostics)
        except ValidationError as err:  # lint checks options first; kept so a gap is still located
            entry = inputs.library.rules[p.rule.id]
            problems.extend(
                Diagnostic.of(
                    codes.RULE_OPTIONS,
                    f"rule {p.rule.id!r} options: {e['msg']}",
                    entry.document.at((*entry.path, "options", *e["loc"])),
                )
                for e in err.errors()
            )
    if problems:
        raise InvalidInput(problems)
    return MeasuredPlan(plan, tuple(planned))


def plan_context(
    p: Planned, index: int, inputs: Inputs, tables: Tables, as_of: dt.datetime | None = None
) -> PlanContext:
    entry = inputs.library.rules[p.rule.id]
    prepared = tables.prepared[p.table]

    def locate(key: str) -> Location:
        return scalar_start(entry.document.text, entry.document.at((*entry.path, "options", key)))

    partners = {
        name: Partner(
            name,
            tables.prepared[name].view,
            {f: spec.type for f, spec in tables.prepared[name].table.fields.items()},
            tuple(tables.prepared[name].key),
            tables.prepared[name].table.time,
            tables.prepared[name].timezone,
        )
        for name in p.partners
        if name in tables.prepared
    }
    return context_over(
        prepared,
        p.rule.options,
        p.params,
        locate,
        period=tables.bounds,
        period_days=tables.period,
        calendars=inputs.calendars,
        prefix=f"_case_{index}",
        group_by=tuple(p.requirement.group_by),
        period_unit=p.requirement.period,
        scope=p.scope,
        as_of=as_of,
        partners=partners,
    )
