"""Plan an audit: every requirement → its rule, typed parameters, target in the rule's unit,
compiled scope filter, and the measure's plan. All problems are collected and located before
any data is read, so an invalid standard stops with every error at once (exit 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.engine.expect import plan_problems as expect_problems
from checker.engine.expect import taxonomy_codes
from checker.engine.expressions import compile_expression, scalar_start
from checker.load.documents import Document
from checker.load.library import Library, RuleEntry
from checker.measures.base import MeasurePlan
from checker.measures.registry import partners_of
from checker.model.cadence import ring_cadence as shared_ring_cadence
from checker.model.cadence import target_in_unit
from checker.model.dataset import Dataset
from checker.model.params import resolve_params
from checker.model.quantity import Duration, Target
from checker.model.rule import Rule
from checker.model.standard import Clause, Requirement, TableMembers


@dataclass
class Planned:
    """One requirement ready to run."""

    path: tuple[str | int, ...]
    clause: Clause
    requirement: Requirement
    rule: Rule
    params_display: dict[str, str]
    target: Target
    warn: Target | None
    scope: exp.Expression | None
    plan: MeasurePlan | None
    params: dict = field(default_factory=dict)

    @property
    def table(self) -> str:
        return self.rule.table

    @property
    def partners(self) -> tuple[str, ...]:
        """Other tables a cross-table rule reads (complaints per *calls*): read by the audit too."""
        return partners_of(self.rule.measure, self.rule.options)


@dataclass
class AuditPlan:
    standard_doc: Document
    dataset_doc: Document
    library: Library
    cadence: float
    cadence_source: str
    requirements: list[Planned]

    def tables(self) -> list[str]:
        """The tables the requirements read, and the reference tables their expect_groups read."""
        referenced = {
            spec.table
            for p in self.requirements
            for spec in p.requirement.expect_groups.values()
            if isinstance(spec, TableMembers)
        }
        return sorted({t for p in self.requirements for t in (p.table, *p.partners)} | referenced)


def ring_cadence(standard_doc: Document, dataset_doc: Document) -> tuple[float, str]:
    """Seconds per ring: the dataset's telephony wins, then the standard's, then the default."""
    return shared_ring_cadence(standard_doc.model, dataset_doc.model)


def _target(text: str, rule: Rule, cadence: float, loc: Location) -> Target:
    target, problem = target_in_unit(text, rule.unit, cadence)
    if target is None:
        raise InvalidInput([Diagnostic.of(codes.UNIT, problem or "not a target", loc)])
    return target


def plan_audit(library: Library, standard_doc: Document, dataset_doc: Document) -> AuditPlan:
    cadence, source = ring_cadence(standard_doc, dataset_doc)
    dataset: Dataset = dataset_doc.model
    problems: list[Diagnostic] = []
    planned: list[Planned] = []
    taxonomy = taxonomy_codes(library)
    for path, clause, req in standard_doc.model.requirements():
        try:
            planned.append(_plan_one(library, standard_doc, dataset, path, clause, req, cadence))
        except InvalidInput as err:
            problems.extend(err.diagnostics)
        problems.extend(expect_problems(standard_doc, dataset, path, req, taxonomy))
    if problems:
        raise InvalidInput(problems)
    return AuditPlan(standard_doc, dataset_doc, library, cadence, source, planned)


def _plan_one(
    library: Library,
    doc: Document,
    dataset: Dataset,
    path: tuple[str | int, ...],
    clause: Clause,
    req: Requirement,
    cadence: float,
) -> Planned:
    entry: RuleEntry | None = library.rules.get(req.rule)
    if entry is None:
        raise InvalidInput(
            [Diagnostic.of(codes.UNKNOWN_RULE, f"no rule {req.rule!r} in the rule library", doc.at((*path, "rule")))]
        )
    rule = entry.rule
    values, param_problems = resolve_params(rule, dict(req.params), cadence)
    if param_problems:
        raise InvalidInput(
            [
                Diagnostic.of(
                    p.code,
                    p.message,
                    doc.key_at((*path, "params", p.key)) if p.key in req.params else doc.at((*path, "rule")),
                )
                for p in param_problems
            ]
        )
    target = _target(req.target, rule, cadence, doc.at((*path, "target")))
    warn = _target(req.warn, rule, cadence, doc.at((*path, "warn"))) if req.warn else None
    table = dataset.tables.get(rule.table)
    columns = sorted(table.fields) if table else list(rule.fields)
    scope = (
        compile_expression(
            req.where, columns=columns, location=scalar_start(doc.text, doc.at((*path, "where"))), kind="predicate"
        )
        if req.where
        else None
    )
    problems = [
        Diagnostic.of(
            codes.UNKNOWN_FIELD,
            f"group_by field {g!r} is not a field of table {rule.table!r}",
            doc.at((*path, "group_by", i)),
        )
        for i, g in enumerate(req.group_by)
        if table and g not in table.fields
    ]
    if table:
        missing = sorted(set(rule.fields) - set(table.fields))
        if missing:
            problems.append(
                Diagnostic.of(
                    codes.MISSING_FIELD,
                    f"rule {rule.id!r} needs field(s) {', '.join(missing)} that the dataset's table "
                    f"{rule.table!r} does not map",
                    doc.at((*path, "rule")),
                )
            )
    if problems:
        raise InvalidInput(problems)
    display = {
        k: (v.text if isinstance(v, Duration) else str(req.params.get(k, rule.parameters[k].default)))
        for k, v in sorted(values.items())
    }
    return Planned(path, clause, req, rule, display, target, warn, scope, None, values)
