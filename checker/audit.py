"""One audit: standard + dataset + period → report. The CLI's ``audit`` command is a thin wrapper.

Order of work: load every document (an invalid one stops with located errors), plan every
requirement (all problems at once), build one canonical view per table, run one grouped query per
table plus the ledger, judge, then fetch evidence for failures only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from checker import __version__
from checker.diagnostics import InvalidInput, Severity
from checker.engine import distribution
from checker.engine import run as runner
from checker.engine.case_session import case_context, run_case_plan
from checker.engine.duckdb_backend import DuckDBBackend
from checker.engine.judge import judge, margin, requirement_outcome, wilson_interval, worst
from checker.engine.judge import preload as preload_statistics
from checker.engine.plan import AuditPlan, Planned, plan_audit
from checker.engine.sources import PreparedTable, build_view, sha256_file
from checker.exitcodes import ExitCode
from checker.lint.runner import lint_library
from checker.load.documents import Document, load_document
from checker.load.library import Library, display_name, load_library, rules_folder_near
from checker.measures import availability
from checker.measures.base import Measured, MeasurePlan, both
from checker.measures.registry import CASE_MODULES
from checker.model.calendar import Calendar
from checker.model.common import Text
from checker.model.quantity import target_bound
from checker.model.report import (
    ClauseResult,
    Evidence,
    Finding,
    Histogram,
    InputFile,
    LedgerReason,
    LocalText,
    Report,
    RequirementResult,
    Summary,
    TableLedger,
)
from checker.model.standard import Clause

TAXONOMY_FILE = "iso-23592.yaml"
"""The ISO 23592 taxonomy beside the standard: clause tags are checked against it and named by it."""

Progress = Callable[[str, int, int], None]
"""Called with (what is being done, steps done, steps in all) as the audit advances."""


@dataclass(frozen=True)
class AuditRequest:
    standard: Path
    dataset: Path
    rules: tuple[Path, ...] = ()
    period: tuple[dt.date, dt.date] | None = None
    evidence_limit: int = runner.EVIDENCE_LIMIT
    distributions: bool = False  # histograms of waits/times for the HTML report's charts (one more scan each)


SEVERITY_RANK = {"major": 3, "minor": 2, "observation": 1}


def audit_exit_code(report: Report, fail_on: str, allow_incomplete: bool = False) -> ExitCode:
    """1 when a requirement of severity ``fail_on`` or above failed — or, unless allowed, when the
    audit is incomplete: a requirement that could not be assessed is never counted as met."""
    if fail_on == "never":
        return ExitCode.OK
    threshold = SEVERITY_RANK[fail_on]
    failed = any(
        r.outcome == "fail" and SEVERITY_RANK[r.severity] >= threshold
        for clause in report.clauses
        for r in clause.requirements
    )
    incomplete = report.summary.verdict == "incomplete" and not allow_incomplete
    return ExitCode.FINDINGS if failed or incomplete else ExitCode.OK


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """``2024-08-01..2024-08-15`` (both days included, in the dataset's time zone)."""
    try:
        first, last = (dt.date.fromisoformat(part.strip()) for part in text.split(".."))
    except ValueError:
        raise ValueError(f"period {text!r}: write FROM..TO as dates, e.g. 2024-08-01..2024-08-15") from None
    if last < first:
        raise ValueError(f"period {text!r} ends before it starts")
    return first, last


def default_rule_paths(standard: Path) -> tuple[Path, ...]:
    """The nearest ``rules/`` folder beside the standard's folder or an ancestor of it."""
    found = rules_folder_near(standard)
    return (found,) if found else ()


def load_inputs(request: AuditRequest) -> tuple[Library, Document, Document]:
    # The rule paths may also hold business calendars of their own (kind: calendar).
    library = load_library([*(request.rules or default_rule_paths(request.standard))], {"rules", "calendar"})
    problems = list(library.problems)
    standard_doc = dataset_doc = None
    for path, kind in ((request.standard, "standard"), (request.dataset, "dataset")):
        try:
            doc = load_document(path, {kind}, display_name(path))
        except InvalidInput as err:
            problems.extend(err.diagnostics)
            continue
        library.add(doc)
        if kind == "standard":
            standard_doc = doc
        else:
            dataset_doc = doc
    if problems or standard_doc is None or dataset_doc is None:
        raise InvalidInput(problems)
    # The linter's integrity checks (unknown rules, parameters, units, infeasible targets) stop the
    # audit; its writing-style warnings do not: they are for writers, not for a verdict.
    taxonomy = request.standard.resolve().parent / TAXONOMY_FILE
    if taxonomy.is_file():
        try:
            library.add(load_document(taxonomy, {"taxonomy"}, display_name(taxonomy)))
        except InvalidInput as err:
            raise InvalidInput(err.diagnostics) from None
    errors = [d for d in lint_library(library) if d.severity == Severity.ERROR]
    if errors:
        raise InvalidInput(errors)
    return library, standard_doc, dataset_doc


def _utc_bounds(period: tuple[dt.date, dt.date], zone: str) -> tuple[dt.datetime, dt.datetime]:
    tz = ZoneInfo(zone)
    start = dt.datetime.combine(period[0], dt.time(), tz)
    end = dt.datetime.combine(period[1] + dt.timedelta(days=1), dt.time(), tz)
    return tuple(m.astimezone(dt.UTC).replace(tzinfo=None) for m in (start, end))  # type: ignore[return-value]


def _data_period(ledgers: dict[str, runner.LedgerCounts]) -> tuple[dt.date, dt.date] | None:
    """The local days the used records cover, when the auditor gave no period."""
    days = [moment.date() for lc in ledgers.values() if lc.local_range for moment in lc.local_range]
    return (min(days), max(days)) if days else None


def run_audit(request: AuditRequest, progress: Progress | None = None) -> Report:
    report_progress = progress or (lambda _msg, _done, _total: None)
    preload_statistics()
    library, standard_doc, dataset_doc = load_inputs(request)
    plan = plan_audit(library, standard_doc, dataset_doc)
    dataset = dataset_doc.model
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    zone = dataset.timezone
    bounds = _utc_bounds(request.period, zone) if request.period else None

    present = [t for t in plan.tables() if t in dataset.tables]
    total = 2 * len(present) + 3
    steps = iter(range(total + 1))

    def say(message: str) -> None:
        report_progress(message, next(steps), total)

    prepared: dict[str, PreparedTable] = {}
    for name in present:
        say(f"reading table {name}")
        events = dataset.tables[name].kind == "events"
        # Event logs are not cut at the period's edges event by event: a case belongs to the
        # period by its start, which the case measures decide.
        # Case measures cite a case's source row, so their tables carry row numbers.
        cased = events or any(p.table == name and p.rule.measure in CASE_MODULES for p in plan.requirements)
        prepared[name] = build_view(con, dataset_doc, dataset, name, None if events else bounds, with_row_numbers=cased)
    say("counting the ledger")
    ledgers = {name: runner.ledger(con, prepared[name]) for name in present}
    period = request.period or _data_period(ledgers)

    raw: dict[int, list[runner.RawFinding]] = {}
    evidence_views: dict[int, PreparedTable] = {}
    for name in present:
        say(f"measuring table {name}")
        members = [(i, p) for i, p in enumerate(plan.requirements) if p.table == name]
        found = runner.run_table(con, prepared[name], [p for _, p in members])
        for local_index, findings in found.items():
            raw[members[local_index][0]] = findings
        for i, p in members:
            if p.rule.measure == "availability" and period is not None:
                raw[i] = _availability(con, prepared[name], p, period, zone)
            elif p.rule.measure in CASE_MODULES:
                relation, case_plan = _derive_cases(con, plan, prepared[name], p, i, bounds, period)
                plan.requirements[i] = p = dataclasses.replace(p, plan=case_plan)
                raw[i] = runner.run_table(con, relation, [p])[0]
                evidence_views[i] = relation

    with_rows: dict[str, PreparedTable] = {}

    def rows_view(table: str) -> PreparedTable:
        if table not in with_rows:
            if prepared[table].has_row_numbers:
                with_rows[table] = prepared[table]
            else:
                with_rows[table] = build_view(
                    con,
                    dataset_doc,
                    dataset,
                    table,
                    bounds,
                    with_row_numbers=True,
                    files=prepared[table].files,
                    duplicates=prepared[table].duplicates,
                )
        return with_rows[table]

    say("judging and collecting evidence")
    judged = {i: [_finding(p, rf) for rf in raw[i]] for i, p in enumerate(plan.requirements) if i in raw}
    if request.evidence_limit > 0:
        _attach_evidence(con, plan, raw, judged, evidence_views, rows_view, request.evidence_limit)
    results = []
    for i, p in enumerate(plan.requirements):
        chart_view = None
        if request.distributions and p.table in prepared:
            chart_view = evidence_views[i].view if i in evidence_views else prepared[p.table].view
        results.append(_judge_requirement(con, p, judged.get(i), p.table in dataset.tables, chart_view))
    say("writing report")
    report_progress("done", total, total)
    return _report(plan, standard_doc, dataset_doc, library, prepared, ledgers, results, period)


def calendars_in_force(
    standard_doc: Document, dataset_doc: Document, library: Library | None = None
) -> dict[str, Calendar]:
    """Named calendars: built-in ``24x7`` (UTC), calendar files beside the rules (by id), then the
    standard's, then the dataset's — later ones win, so the dataset can describe its own hours."""
    found: dict[str, Calendar] = {"24x7": Calendar.around_the_clock()}
    if library is not None:
        found.update({doc.model.id: doc.model for doc in library.of_kind("calendar") if doc.model.id})
    found.update(standard_doc.model.settings.calendars)
    found.update(dataset_doc.model.calendars)
    return found


def _derive_cases(
    con: duckdb.DuckDBPyConnection,
    plan: AuditPlan,
    events: PreparedTable,
    p: Planned,
    index: int,
    bounds: tuple[dt.datetime, dt.datetime] | None,
    period: tuple[dt.date, dt.date] | None,
) -> tuple[PreparedTable, MeasurePlan]:
    """Plan the case measure, run its steps, and return its judged relation and plan."""
    entry_location = plan.standard_doc.at((*p.path, "rule"))
    ctx = case_context(
        events,
        p.rule.options,
        p.params,
        lambda _key: entry_location,
        period=bounds,
        period_days=period,
        calendars=calendars_in_force(plan.standard_doc, plan.dataset_doc, plan.library),
        prefix=f"_case_{index}",
        group_by=tuple(p.requirement.group_by),
        period_unit=p.requirement.period,
    )
    measure_plan = CASE_MODULES[p.rule.measure].plan(ctx)
    return run_case_plan(DuckDBBackend(con), measure_plan, events), measure_plan


def _availability(
    con: duckdb.DuckDBPyConnection, prepared: PreparedTable, p: Planned, period: tuple[dt.date, dt.date], zone: str
) -> list[runner.RawFinding]:
    """Overall, per group, and per group and period bucket; each finding knows its outage records."""
    options = availability.AvailabilityOptions.model_validate(dict(p.rule.options))
    unit = p.requirement.period
    whole = [(f"{period[0]}..{period[1]}", *_utc_bounds(period, zone))]
    runs = [([], whole, False)]
    if p.requirement.group_by:
        runs.append((p.requirement.group_by, whole, False))
    if unit != "none":
        runs.append((p.requirement.group_by, availability.buckets(period, zone, unit), True))
    out = []
    for group_by, bucket_list, per_bucket in runs:
        for b in availability.measure(con, prepared.view, options, p.scope, group_by, bucket_list):
            group = {**b.group, unit: b.label} if per_bucket else b.group
            out.append(runner.RawFinding(group, b.measured, b.raw_group, b.overlapping))
    return out


def _display(p: Planned, value: Fraction | float | None) -> str | None:
    if value is None:
        return None
    if p.rule.unit == "percent":
        return f"{float(value) * 100:.4g}%" if float(value) * 100 >= 99.9 else f"{float(value) * 100:.1f}%"
    if p.rule.unit == "duration":
        return f"{float(value):.1f} s"
    return f"{float(value):.1f}"


def _attach_evidence(
    con: duckdb.DuckDBPyConnection,
    plan: AuditPlan,
    raw: dict[int, list[runner.RawFinding]],
    judged: dict[int, list[Finding]],
    evidence_views: dict[int, PreparedTable],
    rows_view: Callable[[str], PreparedTable],
    limit: int,
) -> None:
    """Offending records for every failing finding: batched per source view (one scan for all
    requirements of a table); findings with their own predicate (availability buckets) query the
    small outage table one by one."""
    batches: dict[str, tuple[PreparedTable, list[runner.EvidenceAsk]]] = {}
    for i, findings in judged.items():
        p = plan.requirements[i]
        for j, (rf, finding) in enumerate(zip(raw[i], findings, strict=True)):
            if finding.outcome != "fail":
                continue
            if rf.offending is not None:
                records, total = runner.evidence(con, rows_view(p.table), p, rf.dims, limit, rf.offending)
                judged[i][j] = _with_evidence(finding, records, total)
            elif p.plan is not None:
                view = evidence_views[i] if i in evidence_views else rows_view(p.table)
                batches.setdefault(view.view, (view, []))[1].append(runner.EvidenceAsk((i, j), p, rf.dims))
    for view, asks in batches.values():
        for (i, j), (records, total) in runner.batch_evidence(con, view, asks, limit).items():
            judged[i][j] = _with_evidence(judged[i][j], records, total)


def _with_evidence(finding: Finding, records: list[tuple[dict[str, str], str, int]], total: int) -> Finding:
    evidence = [Evidence(key=key, file=file, row=row) for key, file, row in records]
    return finding.model_copy(update={"evidence": evidence, "evidence_total": total})


def _finding(p: Planned, rf: runner.RawFinding) -> Finding:
    m: Measured = rf.measured
    min_sample = 1 if p.rule.measure == "availability" else p.requirement.min_sample
    outcome, reason = judge(m, p.target, p.warn, min_sample)
    exact = None
    if m.successes is not None and m.n:
        exact = f"{m.successes}/{m.n}"  # unreduced: the reader sees the counts behind a share
    elif isinstance(m.value, Fraction):
        exact = str(m.value.numerator) if m.value.denominator == 1 else f"{m.value.numerator}/{m.value.denominator}"
    interval = wilson_interval(m.successes, m.n) if m.successes is not None else None
    return Finding(
        group=rf.group,
        outcome=outcome,
        value=None if m.value is None else float(m.value),
        exact=exact,
        display=_display(p, m.value),
        n=m.n,
        successes=m.successes,
        interval=interval,
        margin=None if m.value is None else margin(p.target, m.value),
        counts=dict(sorted(m.counts.items())),
        reason=reason,
    )


def _text(model: object) -> LocalText | None:
    if model is None:
        return None
    return LocalText(zh=model.zh, en=model.en)  # type: ignore[attr-defined]


def _judge_requirement(
    con: duckdb.DuckDBPyConnection,
    p: Planned,
    findings: list[Finding] | None,
    has_table: bool,
    chart_view: str | None = None,
) -> RequirementResult:
    req = p.requirement
    if not has_table or findings is None:
        reason = (
            f"the dataset has no table {p.table!r}"
            if not has_table
            else "no audit period: give --period or data with timestamps"
        )
        overall = Finding(outcome="not-applicable", value=None, n=0, reason=reason)
        groups: list[Finding] = []
    else:
        overall = next((f for f in findings if not f.group), None) or Finding(
            outcome="insufficient-data", value=None, n=0, reason="no records in scope"
        )
        groups = [f for f in findings if f.group]
    outcome = requirement_outcome(overall.outcome, [g.outcome for g in groups])
    return RequirementResult(
        id=req.id,
        title=_text(req.title),
        rule=p.rule.id,
        rule_title=_text(p.rule.title),
        measure=p.rule.measure,
        table=p.table,
        unit=p.rule.unit,
        target=p.target.text,
        warn=p.warn.text if p.warn else None,
        severity=req.severity,
        where=req.where,
        group_by=list(req.group_by),
        period=req.period,
        min_sample=req.min_sample,
        params=p.params_display,
        notes=list(p.plan.notes) if p.plan else [],
        outcome=outcome,
        overall=overall,
        groups=groups,
        histogram=_histogram(con, p, chart_view) if chart_view and findings else None,
    )


def _histogram(con: duckdb.DuckDBPyConnection, p: Planned, view: str) -> Histogram | None:
    """The measured quantity's distribution over the requirement's scope, with its limit line."""
    if p.plan is None or p.plan.distribution is None:
        return None
    column, base = p.plan.distribution
    threshold = p.plan.threshold
    if threshold is None and p.rule.unit != "percent":
        threshold = float(target_bound(p.target.quantity))
    unit = "s" if p.rule.unit in ("duration", "percent") else ""
    return distribution.histogram(con, view, column, both(p.scope, base), unit, threshold)


def _clause_results(clauses: list[Clause], results: dict[str, RequirementResult]) -> list[ClauseResult]:
    out = []
    for clause in clauses:
        reqs = [results[r.id] for r in clause.requirements]
        tags = clause.tags.model_dump(exclude_none=True) if clause.tags else {}
        if clause.tags and clause.tags.dimension:
            tags["dimension"] = clause.tags.dimension
        out.append(
            ClauseResult(
                number=clause.number,
                title=_text(clause.title),
                text=_text(clause.text),  # type: ignore[arg-type]
                kind=clause.kind,
                tags=tags,
                outcome=worst([r.outcome for r in reqs]) if reqs else None,
                requirements=reqs,
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


def _titles(text: Text) -> dict[str, str]:
    """``title`` (English, else Chinese) plus ``title_en``/``title_zh`` for the languages given."""
    out = {"title": text.get("en")}
    out.update({f"title_{lang}": getattr(text, lang) for lang in ("en", "zh") if getattr(text, lang)})
    return out


def _report(
    plan: AuditPlan,
    standard_doc: Document,
    dataset_doc: Document,
    library: Library,
    prepared: dict[str, PreparedTable],
    ledgers: dict[str, runner.LedgerCounts],
    results: list[RequirementResult],
    period: tuple[dt.date, dt.date] | None,
) -> Report:
    std = standard_doc.model
    by_id = {r.id: r for r in results}
    counts: dict[str, int] = {}
    severities: dict[str, int] = {"major": 0, "minor": 0, "observation": 0}
    for r in results:
        counts[r.outcome] = counts.get(r.outcome, 0) + 1
        if r.outcome == "fail":
            severities[r.severity] += 1
    if counts.get("fail"):
        verdict = "nonconformant"
    elif any(counts.get(o) for o in ("insufficient-data", "not-applicable", "error")):
        verdict = "incomplete"
    else:
        verdict = "conformant"
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
    for name, table in sorted(prepared.items()):
        inputs += [InputFile(role=f"data:{name}", path=f.display, sha256=f.sha256, bytes=f.size) for f in table.files]
    ledger = [
        TableLedger(
            table=name,
            read=lc.read,
            used=lc.used,
            excluded=[LedgerReason(reason=r, count=c, examples=e) for r, (c, e) in sorted(lc.excluded.items())],
            rejected=[LedgerReason(reason=r, count=c, examples=e) for r, (c, e) in sorted(lc.rejected.items())],
        )
        for name, lc in sorted(ledgers.items())
    ]
    dataset = dataset_doc.model
    return Report(
        tool={"name": "servcheck", "version": __version__},
        standard={"id": std.id, "version": std.version, "status": std.status, **_titles(std.title)},
        dataset={
            "id": dataset.id,
            **_titles(dataset.title),
            "timezone": dataset.timezone,
            **({"attribution": dataset.attribution} if dataset.attribution else {}),
        },
        period={"from": period[0].isoformat(), "to": period[1].isoformat(), "timezone": dataset.timezone}
        if period
        else {},
        parameters={"ring_cadence": f"{plan.cadence:g} s", "ring_cadence_source": plan.cadence_source},
        summary=Summary(verdict=verdict, requirements=dict(sorted(counts.items())), nonconformities=severities),
        clauses=_clause_results(std.clauses, by_id),
        ledger=ledger,
        inputs=inputs,
        taxonomy=_taxonomy_names(library),
    )
