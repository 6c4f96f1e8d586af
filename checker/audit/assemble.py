"""Stage 10, assembly: the report model every renderer reads (JSON is the contract)."""

from __future__ import annotations

import datetime as dt

from checker import __version__
from checker.audit.inputs import Inputs
from checker.audit.judging import text
from checker.audit.ledger_words import ledger_reason
from checker.audit.qualitative import qualitative_outcome
from checker.audit.tables import Tables
from checker.audit.verdict import summarise
from checker.engine.judge import worst
from checker.engine.plan import AuditPlan
from checker.i18n.context import audit_speaker
from checker.load.library import Library
from checker.model.common import Text
from checker.model.report import (
    ClauseResult,
    InputFile,
    LedgerReason,
    LocalText,
    QualityGate,
    Report,
    RequirementResult,
    RuleDefinition,
    TableLedger,
    TagSetInfo,
    WaiverTally,
)
from checker.model.standard import Clause
from checker.sources.files import sha256_file


def _clause_results(clauses: list[Clause], results: dict[str, RequirementResult]) -> list[ClauseResult]:
    out = []
    for clause in clauses:
        reqs = [results[r.id] for r in clause.requirements]
        outcome = worst([r.outcome for r in reqs]) if reqs else None
        qualitative: dict[str, object] = {}
        if clause.kind == "qualitative" and not reqs:
            outcome, review, reason = qualitative_outcome(clause, results.values())
            qualitative = {"assessment": clause.assessment, "review": review, "reason": reason}
        tags = clause.tags.model_dump(exclude_none=True) if clause.tags else {}
        if clause.tags and clause.tags.dimension:
            tags["dimension"] = clause.tags.dimension
        out.append(
            ClauseResult(
                number=clause.number,
                title=text(clause.title),
                text=text(clause.text),  # type: ignore[arg-type]
                kind=clause.kind,
                tags=tags,
                outcome=outcome,
                requirements=reqs,
                **qualitative,  # type: ignore[arg-type]
            )
        )
        out.extend(_clause_results(clause.clauses, results))
    return out


def _taxonomy_names(library: Library) -> dict[str, LocalText]:
    """Names of every ISO 23592 dimension, element and level (17 entries), for tags and for
    self-assessment groups (element ids come from the data, not only from clause tags)."""
    names: dict[str, LocalText] = {}
    for doc in library.of_kind("taxonomy"):
        for entry in [*doc.model.dimensions, *doc.model.elements, *doc.model.levels]:
            names[entry.id] = LocalText(zh=entry.name.zh, en=entry.name.en)
    return dict(sorted(names.items()))


def _rule_definitions(plan: AuditPlan) -> dict[str, RuleDefinition]:
    """Each rule the audit used, as the rule library defines it: the method section of the report."""
    rules = {p.rule.id: p.rule for p in plan.requirements}
    return {
        rule_id: RuleDefinition(
            title=text(rule.title),  # type: ignore[arg-type]
            definition=text(rule.definition),  # type: ignore[arg-type]
            measure=rule.measure,
            references=[ref.id for ref in rule.references],
        )
        for rule_id, rule in sorted(rules.items())
    }


def cadence_source(source: str) -> str:
    """Where the ring cadence comes from (``standard contact-centre``), in the audit's language; the id as written."""
    speak = audit_speaker()
    kind, _, name = source.partition(" ")
    if kind == "dataset":
        return speak.p_("declared by", "dataset {id}", id=name)
    if kind == "standard":
        return speak.p_("declared by", "standard {id}", id=name)
    return speak.p_("declared by", "default") if source == "default" else source


def _titles(text: Text) -> dict[str, str]:
    """``title`` (English, else Chinese) plus ``title_en``/``title_zh`` for the languages given."""
    out = {"title": text.get("en")}
    out.update({f"title_{lang}": getattr(text, lang) for lang in ("en", "zh") if getattr(text, lang)})
    return out


def assemble(
    plan: AuditPlan,
    inputs: Inputs,
    tables: Tables,
    results: list[RequirementResult],
    as_of: dt.datetime | None = None,
    engine: str = "duckdb",
    waivers: WaiverTally | None = None,
    gates: dict[str, QualityGate] | None = None,
) -> Report:
    """The report model: the standard's clauses with their requirements' results, the ledger, the
    inputs with their SHA-256, the parameters in force and the taxonomy's names. ``engine`` (the
    backend's dialect: ``duckdb``, ``spark``) is named beside the tool's version, as the one field
    by which the same audit's JSON differs between engines."""
    audit_inputs = inputs
    standard_doc, dataset_doc, library = inputs.standard, inputs.dataset, inputs.library
    prepared, ledgers, period = tables.prepared, tables.ledgers, tables.period
    std = standard_doc.model
    by_id = {r.id: r for r in results}
    inputs = [
        InputFile(
            role="standard",
            path=standard_doc.name,
            sha256=sha256_file(standard_doc.path),
            bytes=standard_doc.path.stat().st_size,
        ),
        InputFile(
            role="dataset",
            path=dataset_doc.name,
            sha256=sha256_file(dataset_doc.path),
            bytes=dataset_doc.path.stat().st_size,
        ),
    ]
    used_rules = {p.rule.id for p in plan.requirements}
    rule_docs = sorted({library.rules[r].document.name: library.rules[r].document for r in used_rules}.items())
    inputs += [
        InputFile(role="rules", path=name, sha256=sha256_file(doc.path), bytes=doc.path.stat().st_size)
        for name, doc in rule_docs
    ]
    inputs += [
        InputFile(role="extends", path=doc.name, sha256=sha256_file(doc.path), bytes=doc.path.stat().st_size)
        for doc in audit_inputs.parents
    ]
    inputs += [
        InputFile(role="waivers", path=doc.name, sha256=sha256_file(doc.path), bytes=doc.path.stat().st_size)
        for doc in audit_inputs.waivers
    ]
    for name, table in sorted(prepared.items()):
        inputs += [InputFile(role=f"data:{name}", path=f.display, sha256=f.sha256, bytes=f.size) for f in table.files]
    written = {ex.reason for table in dataset_doc.model.tables.values() for ex in table.exclude}
    ledger = [
        TableLedger(
            table=name,
            read=lc.read,
            used=lc.used,
            excluded=[
                LedgerReason(reason=ledger_reason(r, written), count=c, examples=e)
                for r, (c, e) in sorted(lc.excluded.items())
            ],
            rejected=[
                LedgerReason(reason=ledger_reason(r, written), count=c, examples=e)
                for r, (c, e) in sorted(lc.rejected.items())
            ],
            quality=(gates or {}).get(name),
        )
        for name, lc in sorted(ledgers.items())
    ]
    dataset = dataset_doc.model
    clauses = _clause_results(std.clauses, by_id)
    return Report(
        tool={"name": "servcheck", "version": __version__, "engine": engine},
        standard={
            "id": std.id,
            "version": std.version,
            "status": std.status,
            **_titles(std.title),
            **(
                {"extends": " → ".join(f"{p.model.id} {p.model.version}" for p in audit_inputs.parents)}
                if audit_inputs.parents
                else {}
            ),
        },
        dataset={
            "id": dataset.id,
            **_titles(dataset.title),
            "timezone": dataset.timezone,
            **({"attribution": dataset.attribution} if dataset.attribution else {}),
        },
        period={"from": period[0].isoformat(), "to": period[1].isoformat(), "timezone": dataset.timezone}
        if period
        else {},
        parameters={
            "ring_cadence": f"{plan.cadence:g} s",
            "ring_cadence_source": cadence_source(plan.cadence_source),
            **({"as_of": f"{as_of.isoformat(sep='T')}Z"} if as_of else {}),
        },
        summary=summarise(results, clauses).model_copy(update={"waivers": waivers}),
        clauses=clauses,
        ledger=ledger,
        inputs=inputs,
        taxonomy=_taxonomy_names(library),
        scope=text(std.scope),
        rules=_rule_definitions(plan),
        tag_sets={name: TagSetInfo(title=text(ts.title), values=list(ts.values)) for name, ts in std.tag_sets.items()},
    )
