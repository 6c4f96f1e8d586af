"""Stage 8b, coverage: the declared universe, small groups and the data-quality gate decide what a
requirement's judged findings may claim.

Why: judging sees only the groups the data contains. Here, after judging and before the verdict:

* every member of a requirement's declared universe (``expect_groups``, :mod:`checker.engine.expect`)
  without a finding becomes a finding with outcome ``not-assessed`` ("no records for element E7");
* a group whose value is not a code of the taxonomy in force (``E10``) keeps its figures but is
  ``insufficient-data``, never judged as a normal group; members seen but not declared are stated;
* groups and period buckets below ``min_sample`` are ``insufficient-data`` and, unless the standard
  chose ``small_groups: observe`` (stated in the report as a limitation), they decide the outcome;
* a requirement resting on a table that failed its data-quality gate (:mod:`checker.audit.quality`)
  is ``insufficient-data`` with the gate's reason.

The requirement's outcome is then ``fail`` if any finding failed, else the worst of the rest
(:func:`checker.engine.judge.requirement_outcome`): a passing requirement with a missing or
under-sampled group is not CONFORMANT.

>>> from checker.model.report import Finding
>>> found = [Finding(group={"element": "E1"}, outcome="pass", value=4.0, n=2)]
>>> [f.reason for f in missing_members("element", ["E1", "E7"], found)]
['no records for element E7']
"""

from __future__ import annotations

from sqlglot import exp

from checker.audit.judging import outcome_of
from checker.audit.planning import MeasuredPlan
from checker.audit.quality import gate_reason
from checker.audit.tables import Tables
from checker.engine.backend import Backend, table
from checker.engine.expect import static_members, taxonomy_codes
from checker.i18n.context import audit_speaker
from checker.load.library import Library
from checker.model.report import Finding, QualityGate, RequirementResult
from checker.model.standard import Requirement, TableMembers, TaxonomyMembers

SHOWN = 10
"""How many small groups a limitation names before it says how many more there are (all stay in ``groups``)."""


def _q(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def reference_values(backend: Backend, tables: Tables, spec: TableMembers) -> list[str]:
    """Every value of the field among the reference table's used rows, as the report labels groups."""
    query = (
        exp.select(_q(spec.field))
        .distinct()
        .from_(table(tables.prepared[spec.table].view))
        .where(
            exp.and_(
                exp.Is(this=_q("_status"), expression=exp.null()),
                exp.Not(this=exp.Is(this=_q(spec.field), expression=exp.null())),
            )
        )
    )
    return sorted({str(value) for (value,) in backend.tuples(query)})


def universes(
    backend: Backend, library: Library, plan: MeasuredPlan, tables: Tables
) -> dict[int, dict[str, list[str]]]:
    """Each requirement's declared universe, resolved: field → members (sorted)."""
    taxonomy = taxonomy_codes(library)
    out: dict[int, dict[str, list[str]]] = {}
    for i, p in enumerate(plan.requirements):
        resolved = {}
        for name, spec in sorted(p.requirement.expect_groups.items()):
            members = static_members(spec, taxonomy)
            if members is None:
                assert isinstance(spec, TableMembers)
                members = reference_values(backend, tables, spec) if spec.table in tables.prepared else []
            resolved[name] = members
        if resolved:
            out[i] = resolved
    return out


def missing_members(name: str, members: list[str], groups: list[Finding]) -> list[Finding]:
    """A ``not-assessed`` finding for each declared member no finding has."""
    seen = {g.group[name] for g in groups if name in g.group}
    return [
        Finding(
            group={name: m},
            outcome="not-assessed",
            value=None,
            n=0,
            reason=audit_speaker()._("no records for {name} {value}", name=name, value=m),
        )
        for m in members
        if m not in seen
    ]


def _group_label(group: Finding) -> str:
    """``channel=email, day=2024-04-01 (n=0)``: keys as the standard and the JSON report write them."""
    keys = audit_speaker().p_("list separator", ", ").join(f"{k}={v}" for k, v in group.group.items())
    return f"{keys} (n={group.n})"


def _names(values: list[str], groups: bool = False) -> str:
    """The first few ``values`` joined, and how many more there are. Group labels hold a comma
    themselves, so ``groups`` are joined by a semicolon (full-width in Chinese)."""
    say = audit_speaker()
    separator = say.p_("clause separator", "; ") if groups else say.p_("list separator", ", ")
    shown = separator.join(values[:SHOWN])
    if len(values) <= SHOWN:
        return shown
    return audit_speaker()._("{shown} and {more} more", shown=shown, more=len(values) - SHOWN)


def cover(
    result: RequirementResult,
    requirement: Requirement,
    universe: dict[str, list[str]],
    taxonomy: dict[str, list[str]],
    gate: QualityGate | None = None,
) -> RequirementResult:
    """The result with its universe, small groups and gate applied, and its outcome decided again."""
    if result.overall.outcome in ("error", "not-applicable"):  # nothing was judged: nothing to cover
        return result.model_copy(update={"expected": universe, "small_groups": requirement.small_groups})
    groups = list(result.groups)
    limitations: list[str] = []
    unknown: set[int] = set()
    for name, members in universe.items():
        spec = requirement.expect_groups[name]
        seen = sorted({g.group[name] for g in groups if name in g.group})
        if isinstance(spec, TaxonomyMembers):
            codes = taxonomy.get(spec.taxonomy, [])
            for k, g in enumerate(groups):
                value = g.group.get(name)
                if value is not None and value not in codes:
                    unknown.add(k)
                    groups[k] = g.model_copy(
                        update={
                            "outcome": "insufficient-data",
                            "reason": audit_speaker().n_(
                                "{name} {value} is not one of the {taxonomy} codes of the taxonomy in force "
                                "({codes}); its {count} record is not judged",
                                "{name} {value} is not one of the {taxonomy} codes of the taxonomy in force "
                                "({codes}); its {count} records are not judged",
                                g.n,
                                count=g.n,
                                name=name,
                                value=value,
                                taxonomy=spec.taxonomy,
                                codes=audit_speaker().p_("list separator", ", ").join(codes),
                            ),
                            "margin": None,
                        }
                    )
            undeclared = [v for v in seen if v in codes and v not in members]
        else:
            undeclared = [v for v in seen if v not in members]
        if undeclared:
            limitations.append(
                audit_speaker()._(
                    "{name} values in the data that expect_groups does not declare (judged as found): {values}",
                    name=name,
                    values=_names(undeclared),
                )
            )
        groups += missing_members(name, members, groups)
    small = [
        k
        for k, g in enumerate(groups)
        if k not in unknown and g.outcome == "insufficient-data" and g.n < result.min_sample
    ]
    observed: set[int] = set()
    if small and requirement.small_groups == "observe":
        observed = set(small)
        labels = [_group_label(groups[k]) for k in small]
        limitations.append(
            audit_speaker().n_(
                "small_groups: observe — {count} group below the minimum sample {minimum} is listed but does not "
                "decide the outcome: {groups}",
                "small_groups: observe — {count} groups below the minimum sample {minimum} are listed but do not "
                "decide the outcome: {groups}",
                len(small),
                count=len(small),
                minimum=result.min_sample,
                groups=_names(labels, groups=True),
            )
        )
    deciding = [g for k, g in enumerate(groups) if k not in observed]
    outcome = outcome_of(result, result.overall, deciding)
    if gate is not None and not gate.passed:
        limitations.insert(0, gate_reason(result.table, gate))
        outcome = "insufficient-data"
    return result.model_copy(
        update={
            "groups": groups,
            "outcome": outcome,
            "expected": universe,
            "small_groups": requirement.small_groups,
            "limitations": limitations,
        }
    )


def cover_all(
    backend: Backend,
    library: Library,
    plan: MeasuredPlan,
    tables: Tables,
    gates: dict[str, QualityGate],
    results: list[RequirementResult],
) -> list[RequirementResult]:
    """:func:`cover` for every requirement (``results`` in plan order)."""
    resolved = universes(backend, library, plan, tables)
    taxonomy = taxonomy_codes(library)
    return [
        cover(r, p.requirement, resolved.get(i, {}), taxonomy, gates.get(p.table))
        for i, (p, r) in enumerate(zip(plan.requirements, results, strict=True))
    ]
