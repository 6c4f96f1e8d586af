"""The Markdown report, for pull requests and wikis: summary, requirement table, failures, ledger.

Every value from data or standards goes through :func:`cell` (or :func:`markdown_code` inside a code
span), so a queue named ``a|b``, an agent named ``<img src=x onerror=alert(1)>`` or a value
``![x](http://evil)`` cannot break the table, inject HTML or render as an image or a link.
"""

from __future__ import annotations

from checker.model.report import Finding, LocalText, Report, RequirementResult
from checker.report.budget_text import budget_text, interval_text, tally_text
from checker.report.safe_text import markdown_code, markdown_text
from checker.report.text import figure, margin_text

ICON = {
    "pass": "✅ pass",
    "warn": "⚠️ warn",
    "fail": "❌ fail",
    "insufficient-data": "❔ insufficient data",
    "not-assessed": "❔ not assessed",
    "not-reviewed": "❔ not reviewed",
    "not-applicable": "➖ not applicable",
    "waived": "waived",
    "error": "error",
}


def cell(value: object) -> str:
    """Text shown literally inside a Markdown table cell: controls as escapes, HTML-escaped,
    Markdown metacharacters backslash-escaped (so no emphasis, link or image), one line."""
    return " ".join(markdown_text(value).split())


def _group(f: Finding) -> str:
    return ", ".join(f"{k}={v}" for k, v in f.group.items()) or "overall"


def _title(r: RequirementResult, clause_title: LocalText | None, lang: str) -> str:
    """The requirement's own title, else its clause's, else its rule's."""
    title = r.title or clause_title or r.rule_title
    return getattr(title, lang) or title.en or title.zh or r.id


def _measured(r: RequirementResult) -> str:
    """The overall figure; for a requirement judged on intervals, the intervals met first."""
    if r.intervals is None:
        return figure(r.overall)
    return f"{tally_text(r.intervals.overall)} of {r.intervals.period}; overall {figure(r.overall)}"


def _hours(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds / 3600:.1f} h"


def agreement_lines(report: Report, lang: str = "en") -> list[str]:
    """The section setting servcheck's per-case verdicts beside the system's own, when a table declares one."""
    compared = [(c, r, r.agreement) for c in report.clauses for r in c.requirements if r.agreement is not None]
    if not compared:
        return []
    lines = ["## Agreement with the system's own verdicts", ""]
    for clause, r, a in compared:
        share = f" ({a.share * 100:.1f}%)" if a.share is not None else ""
        lines += [
            f"### {cell(clause.number)} {cell(_title(r, clause.title, lang))} (`{cell(r.id)}`) — "
            f"system verdict {markdown_code(a.field)} (true = {a.true_means})",
            "",
            f"servcheck and the system agree on **{a.agree} of {a.compared}** cases judged by both{share}; "
            f"they disagree on {a.disagree}.",
            "",
            "| servcheck \\ system | met | breached | missing |",
            "| --- | ---: | ---: | ---: |",
        ]
        counts = {(c.servcheck, c.system): c.count for c in a.matrix}
        for mine in ("met", "breached", "pending"):
            row = [counts.get((mine, theirs), 0) for theirs in ("met", "breached", "missing")]
            if mine != "pending" or any(row):
                lines.append(f"| {mine} | " + " | ".join(str(n) for n in row) + " |")
        if a.reasons:
            lines += ["", "| what servcheck can tell about the disagreeing cases | cases |", "| --- | ---: |"]
            lines += [f"| {cell(reason)} | {n} |" for reason, n in a.reasons.items()]
        if a.cases:
            lines += [
                "",
                f"Disagreeing cases ({a.cases_total}, first {len(a.cases)} by key):",
                "",
                "| case | servcheck | system | elapsed | servcheck's reason | what servcheck can tell |",
                "| --- | --- | --- | ---: | --- | --- |",
            ]
            for case in a.cases:
                why = cell(case.verdict_reason or case.goal or "")
                lines.append(
                    f"| {markdown_code(' / '.join(case.key.values()))} | {case.servcheck} | {case.system} | "
                    f"{_hours(case.elapsed)} | {why} | {cell('; '.join(case.reasons))} |"
                )
        lines.append("")
    return lines


def budget_lines(report: Report, lang: str = "en") -> list[str]:
    """Interval targets and error budgets: how close each share or rate requirement came to failing."""
    rows = [(c, r) for c in report.clauses for r in c.requirements if r.budget is not None or r.intervals is not None]
    if not rows:
        return []
    lines = [
        "## Interval targets and error budgets",
        "",
        "| requirement | intervals | error budget |",
        "| --- | --- | --- |",
    ]
    for clause, r in rows:
        intervals = cell(interval_text(r.intervals)) if r.intervals is not None else "—"
        budget = cell(budget_text(r.budget)) if r.budget is not None else "—"
        lines.append(f"| {cell(clause.number)} `{cell(r.id)}` | {intervals} | {budget} |")
    return [*lines, ""]


def render_markdown(report: Report, lang: str = "en") -> str:
    s = report.summary
    std = report.standard
    period = report.period
    lines = [
        f"# Audit: {cell(std.get(f'title_{lang}') or std['title'])} ({cell(std['id'])} v{cell(std['version'])})",
        "",
        f"**Verdict: {s.verdict}** · dataset {markdown_code(report.dataset['id'])} · period "
        f"{cell(period.get('from', '?'))} … {cell(period.get('to', '?'))} ({cell(period.get('timezone', ''))}) · "
        f"servcheck {cell(report.tool['version'])}",
        "",
        "| nonconformities | major | minor | observation |",
        "| --- | ---: | ---: | ---: |",
        f"| count | {s.nonconformities['major']} | {s.nonconformities['minor']} | {s.nonconformities['observation']} |",
        "",
        "## Requirements",
        "",
        "| clause | requirement | outcome | measured | target | severity |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for clause in report.clauses:
        for r in clause.requirements:
            title = cell(_title(r, clause.title, lang))
            lines.append(
                f"| {cell(clause.number)} | {title} (`{cell(r.id)}`) | {ICON[r.outcome]} | "
                f"{cell(_measured(r))} | {cell(r.target)} | {r.severity} |"
            )
    failures = [(c, r) for c in report.clauses for r in c.requirements if r.outcome in ("fail", "warn")]
    if failures:
        lines += ["", "## Findings that need action", ""]
    for clause, r in failures:
        lines += [f"### {cell(clause.number)} {cell(_title(r, clause.title, lang))} — {ICON[r.outcome]}", ""]
        if r.notes:
            lines += [f"_{cell('; '.join(r.notes))}_", ""]
        bad = [f for f in [r.overall, *r.groups] if f.outcome in ("fail", "warn")]
        lines += ["| group | outcome | measured | margin |", "| --- | --- | --- | ---: |"]
        for f in bad:
            lines.append(f"| {cell(_group(f))} | {ICON[f.outcome]} | {cell(figure(f))} | {margin_text(r, f)} |")
        for f in bad:
            if f.evidence:
                keys = ", ".join(
                    f"{markdown_code(' / '.join(e.key.values()))} ({cell(e.file)} row {e.row})" for e in f.evidence
                )
                head = f"Evidence for {cell(_group(f))} ({f.evidence_total} records, first {len(f.evidence)}): "
                lines += ["", head + keys]
        lines.append("")
    lines += agreement_lines(report, lang)
    lines += budget_lines(report, lang)
    lines += [
        "## Data ledger",
        "",
        "| table | read | used | excluded | rejected |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for t in report.ledger:
        lines.append(
            f"| {cell(t.table)} | {t.read} | {t.used} | {sum(e.count for e in t.excluded)} | "
            f"{sum(e.count for e in t.rejected)} |"
        )
    reasons = [
        (t.table, kind, e)
        for t in report.ledger
        for kind, es in (("excluded", t.excluded), ("rejected", t.rejected))
        for e in es
    ]
    if reasons:
        lines += ["", "| table | kind | reason | rows | examples |", "| --- | --- | --- | ---: | --- |"]
        for table, kind, e in reasons:
            examples = cell("; ".join(e.examples))
            lines.append(f"| {cell(table)} | {kind} | {cell(e.reason)} | {e.count} | {examples} |")
    lines += ["", "## Inputs", "", "| role | file | SHA-256 |", "| --- | --- | --- |"]
    for f in report.inputs:
        lines.append(f"| {cell(f.role)} | {cell(f.path)} | `{f.sha256}` |")
    lines += ["", "Parameters: " + ", ".join(f"{cell(k)} = {cell(v)}" for k, v in report.parameters.items()), ""]
    return "\n".join(lines)
