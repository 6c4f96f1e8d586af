"""One audit: standard + dataset + period → report, as explicit stages that never climb back.

request → inputs (load, lint gate, calendars) → plan the requirements (rules, parameters, targets,
scope) → sources (relations, ledger, period) → plan the measures (immutable) → execute (backend) →
judge → evidence → verdict → assemble. The CLI's ``audit`` and ``explain-case`` are thin wrappers
over :class:`~checker.audit.session.AuditSession`.
"""

from __future__ import annotations

from checker.audit.agreement import compare_verdicts
from checker.audit.assemble import assemble
from checker.audit.case_verdicts import sources_of, write_case_verdicts
from checker.audit.coverage import cover_all
from checker.audit.evidence import attach_evidence
from checker.audit.execute import execute
from checker.audit.inputs import Inputs, calendars_in_force, load_inputs
from checker.audit.judging import judge_findings, requirement_result
from checker.audit.quality import quality_gates
from checker.audit.request import AuditRequest, Progress, parse_period
from checker.audit.session import AuditSession
from checker.audit.verdict import audit_exit_code
from checker.audit.waivers import apply_waivers, given_waivers, mark_overlays, reference_date
from checker.diagnostics import InvalidInput
from checker.engine.backend import Backend
from checker.engine.judge import preload as preload_statistics
from checker.engine.wilson import INTERVALS
from checker.i18n.context import speaking
from checker.measures import registry
from checker.model.report import Report
from checker.sources.files import changed_sources

__all__ = [
    "AuditRequest",
    "AuditSession",
    "Inputs",
    "Progress",
    "audit_exit_code",
    "calendars_in_force",
    "load_inputs",
    "parse_period",
    "run_audit",
    "run_session",
]


def run_audit(request: AuditRequest, progress: Progress | None = None, backend: Backend | None = None) -> Report:
    """The audit on ``request.engine``, or on ``backend`` when given (e.g. ``SparkBackend(spark)`` in a notebook)."""
    with speaking(request.lang):  # planning words notes too: the whole audit speaks the request's language
        return run_session(AuditSession.open(request, backend), progress)


def run_session(session: AuditSession, progress: Progress | None = None) -> Report:
    """The audit of an open session, from reading the tables to the report (``servcheck test`` opens
    its own session: a golden case judges its requirements with the case's minimum sample).

    Every reason and note the stages write is in ``session.request.lang`` (:mod:`checker.i18n.context`)."""
    with speaking(session.request.lang):
        return _run_session(session, progress)


def _run_session(session: AuditSession, progress: Progress | None = None) -> Report:
    request = session.request
    total = len(session.table_names()) + 4
    steps = iter(range(total + 1))

    def say(message: str) -> None:
        if progress is not None:
            progress(message, next(steps), total)

    if any(p.rule.measure in registry.WITH_INTERVAL for p in session.documents.requirements):
        preload_statistics()  # now at the latest (the command line started it earlier)
    else:
        INTERVALS.helper.cancel()  # no share to give an interval: the helper's import is not wanted
    tables = session.read(say)
    gates = quality_gates(session.backend, session.inputs.dataset.model, tables)
    plan = session.plan(tables)
    say("measuring")
    executed = execute(session.backend, plan, tables, request.distributions)
    if request.cases is not None:  # before judging: the relations are all there, nothing later changes them
        write_case_verdicts(session.backend, sources_of(plan), request.cases)
    say("judging and collecting evidence")
    judged = judge_findings(plan, executed)
    if request.evidence_limit > 0:
        attach_evidence(session.backend, session.inputs, tables, plan, executed, judged, request.evidence_limit)
    dataset, standard = session.inputs.dataset.model, session.inputs.standard
    results = [
        requirement_result(p, judged.get(i), executed, i, p.table in dataset.tables, str(standard.at(p.path)))
        for i, p in enumerate(plan.requirements)
    ]
    results = cover_all(session.backend, session.inputs.library, plan, tables, gates, results)
    for i, agreement in compare_verdicts(session.backend, plan, executed, session.inputs.dataset).items():
        results[i] = results[i].model_copy(update={"agreement": agreement})
    results = mark_overlays(results, session.inputs.overlay)
    tally = None
    if session.inputs.waivers:
        given = given_waivers(session.inputs.waivers)
        results, tally = apply_waivers(
            results, given, reference_date(tables.period, session.as_of(), dataset), tables.period
        )
    changed = changed_sources((name, t.files) for name, t in sorted(tables.prepared.items()))
    if changed:
        raise InvalidInput(changed, request.lang or "en")
    say("writing report")
    if progress is not None:
        progress("done", total, total)
    return assemble(
        session.documents, session.inputs, tables, results, session.as_of(), session.backend.dialect, tally, gates
    )
