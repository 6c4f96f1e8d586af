"""The Markdown report, for pull requests and wikis: the sections of the HTML report (scope and
period, findings with the figure that decided each outcome, corrective actions, method, evidence,
roll-ups, limitations, ledger, inputs, sign-off), without its print features.

Every value from data or standards goes through :func:`cell` (or :func:`markdown_code` inside a code
span), so a queue named ``a|b``, an agent named ``<img src=x onerror=alert(1)>`` or a value
``![x](http://evil)`` cannot break the table, inject HTML or render as an image or a link.
"""

from __future__ import annotations

from checker.model.report import Finding, LocalText, Report, RequirementResult
from checker.report import client
from checker.report.budget_text import budget_text, interval_text
from checker.report.exceptions import overlay_notes, waived_findings, waiver_summary
from checker.report.html.rollups import ISO_TAGS, ROLLUP_TAGS, rollup
from checker.report.qualitative import qualitative_clauses, qualitative_line, summary_words
from checker.report.safe_text import markdown_code, markdown_text
from checker.report.text import figure, margin_text

BLANK = "\\_\\_\\_\\_\\_\\_\\_\\_"
"""A line to fill in by hand (escaped underscores, so no emphasis)."""

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


def _local(text: LocalText | None, lang: str) -> str:
    if text is None:
        return ""
    return getattr(text, lang) or text.en or text.zh or ""


def _where(f: Finding) -> str:
    return client.group_text(f) or "overall"


def findings_lines(report: Report, lang: str) -> list[str]:
    """Every requirement with the figure that decided its outcome, the overall beside it."""
    lines = [
        "## Findings",
        "",
        "The figure that decided each outcome: for a failed requirement the worst group or period, "
        "with the overall beside it.",
        "",
        "| clause | requirement | severity | outcome | figure that decided the outcome | target | overall |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in client.finding_rows(report):
        r, h = row.requirement, row.headline
        decided = f"{cell(_where(h))}: {cell(figure(h))}"
        if h.margin is not None:
            decided += f" ({margin_text(r, h)})"
        overall = "—" if row.is_overall else f"{ICON[row.overall.outcome]} {cell(figure(row.overall))}"
        lines.append(
            f"| {cell(row.clause.number)} | {cell(_title(r, row.clause.title, lang))} (`{cell(r.id)}`) | "
            f"{r.severity} | {ICON[r.outcome]} | {decided} | {cell(r.target)} | {overall} |"
        )
    return [*lines, ""]


def actions_lines(report: Report, lang: str) -> list[str]:
    """Requirements not met or not shown to be met, with the action, owner and due date the standard declares."""
    rows = client.action_rows(report)
    if not rows:
        return []
    lines = [
        "## Corrective actions",
        "",
        "Owner, action and due date as the standard declares them; blank lines are for the client to fill in.",
        "",
        "| requirement | severity | outcome | figure that decided the outcome | corrective action | owner | due |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        r, a = row.requirement, row.requirement.action
        action = cell(_local(a.text, lang)) if a and a.text else BLANK
        owner = cell(a.owner) if a and a.owner else BLANK
        due = cell(a.due) if a and a.due else BLANK
        lines.append(
            f"| `{cell(r.id)}` (clause {cell(row.clause.number)}) | {r.severity} | {ICON[r.outcome]} | "
            f"{cell(_where(row.headline))}: {cell(figure(row.headline))} against {cell(r.target)} | "
            f"{action} | {owner} | {due} |"
        )
    return [*lines, ""]


def method_lines(report: Report, lang: str) -> list[str]:
    """Each rule's definition from the rule library, and the parameters in force."""
    lines = [
        "## Method",
        "",
        "Each rule's definition from the rule library, and the parameters in force for each requirement.",
        "",
    ]
    for row in client.method_rows(report):
        rule = report.rules.get(row.rule)
        head = f"### `{cell(row.rule)}`" + (f" — {cell(_local(rule.title, lang))}" if rule else "")
        lines += [head, ""]
        if rule:
            refs = f"; references: {cell(', '.join(rule.references))}" if rule.references else ""
            lines += [cell(_local(rule.definition, lang)), "", f"_measure {cell(rule.measure)}{refs}_", ""]
        lines += ["| requirement | target | parameters | scope |", "| --- | --- | --- | --- |"]
        for r in row.requirements:
            params = ", ".join(f"{cell(k)} = {cell(v)}" for k, v in r.params.items()) or "none"
            scope = [f"table {cell(r.table)}"]
            if r.where:
                scope.append(markdown_code(r.where))
            if r.group_by:
                scope.append("per " + cell(", ".join(r.group_by)))
            if r.period != "none":
                scope.append("per " + cell(r.period))
            scope.append(f"minimum sample {r.min_sample}")
            target = cell(r.target) + (f" (warn unless {cell(r.warn)})" if r.warn else "")
            lines.append(f"| `{cell(r.id)}` | {target} | {params} | {' · '.join(scope)} |")
        lines.append("")
    return lines


def evidence_lines(report: Report, lang: str) -> list[str]:
    """Failing and warning findings of each requirement, with the offending records and their values."""
    failures = [(c, r) for c in report.clauses for r in c.requirements if r.outcome in ("fail", "warn")]
    if not failures:
        return []
    lines = ["## Evidence", ""]
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
                valued = any(e.value for e in f.evidence)
                lines += [
                    "",
                    f"Evidence for {cell(_group(f))} ({f.evidence_total} records, first {len(f.evidence)}):",
                    "",
                    "| key | file | row |" + (" value |" if valued else ""),
                    "| --- | --- | ---: |" + (" ---: |" if valued else ""),
                ]
                for e in f.evidence:
                    value = f" {cell(e.value or '')} |" if valued else ""
                    lines.append(f"| {markdown_code(' / '.join(e.key.values()))} | {cell(e.file)} | {e.row} |{value}")
        lines.append("")
    return lines


def rollup_lines(report: Report) -> list[str]:
    """Requirement outcomes by ISO 23592 dimension, element and level, tier, category, SERVQUAL and own tag sets."""
    tables = [(tag, tag, rollup(report, tag)) for tag in (*ISO_TAGS, *ROLLUP_TAGS)]
    for tag, declared in report.tag_sets.items():
        title = (declared.title.en or declared.title.zh) if declared.title else None
        tables.append((tag, title or tag, rollup(report, tag, declared.values)))
    tables = [t for t in tables if t[2]]
    if not tables:
        return []
    lines = ["## Roll-ups", "", "Each requirement counts once, under the tags of its clause.", ""]
    for _tag, title, rows in tables:
        lines += [f"### By {cell(title)}", "", "| value | worst | requirements | outcomes | clauses |"]
        lines.append("| --- | --- | ---: | --- | --- |")
        for row in rows:
            outcomes = ", ".join(f"{ICON[o]} {n}" for o, n in row.counts.items())
            name = report.taxonomy.get(row.value)
            label = cell(row.value) + (f" {cell(name.en or name.zh or '')}" if name else "")
            worst = ICON[row.worst] if row.worst else "— (no requirement)"
            lines.append(f"| {label} | {worst} | {row.total} | {outcomes} | {cell(', '.join(row.clauses))} |")
        lines.append("")
    return lines


def limitations_lines(report: Report) -> list[str]:
    rows = client.limitations(report)
    lines = ["## Limitations", ""]
    if not rows:
        return [*lines, "Every row read was used and every requirement was assessed.", ""]
    lines += [
        "Rows rejected or excluded, and requirements or groups that could not be judged: none of them is "
        "counted as met.",
        "",
        "| kind | table or requirement | count | detail |",
        "| --- | --- | ---: | --- |",
    ]
    for row in rows:
        kind = f"rows {row.kind}" if row.unit == "rows" else ICON[row.kind]
        lines.append(f"| {kind} | `{cell(row.subject)}` | {row.count} {row.unit} | {cell(row.detail)} |")
    return [*lines, ""]


def signoff_lines(report: Report) -> list[str]:
    so = report.sign_off
    lines = ["## Sign-off", "", "| role | name | signature | date |", "| --- | --- | --- | --- |"]
    for role, name in (("Auditor", so.auditor if so else None), ("Reviewer", so.reviewer if so else None)):
        date = cell(so.date) if so and so.date else BLANK
        lines.append(f"| {role} | {cell(name) if name else BLANK} | {BLANK} | {date} |")
    return [*lines, ""]


def coverage_lines(report: Report, lang: str = "en") -> list[str]:
    """Every group not judged (a declared member without records, too few records, a code outside
    the taxonomy) and every limitation, per requirement: a reader sees what the verdict does not rest on."""
    lines: list[str] = []
    for clause in report.clauses:
        for r in clause.requirements:
            open_groups = [g for g in r.groups if g.outcome in ("not-assessed", "insufficient-data")]
            if not open_groups and not r.limitations and r.small_groups == "block":
                continue
            lines += [f"### {cell(clause.number)} {cell(_title(r, clause.title, lang))} — {ICON[r.outcome]}", ""]
            if r.expected:
                declared = "; ".join(f"{cell(k)}: {cell(', '.join(v))}" for k, v in r.expected.items())
                lines += [f"Declared groups: {declared}", ""]
            if r.small_groups == "observe":
                lines += [
                    "Small groups are observed only (`small_groups: observe`): they do not decide the outcome.",
                    "",
                ]
            lines += [f"- {cell(text)}" for text in r.limitations]
            if r.limitations:
                lines.append("")
            if open_groups:
                lines += ["| group | outcome | measured | why |", "| --- | --- | --- | --- |"]
                for g in open_groups:
                    measured = cell(figure(g)) if g.display is not None else "—"
                    lines.append(f"| {cell(_group(g))} | {ICON[g.outcome]} | {measured} | {cell(g.reason or '')} |")
                lines.append("")
    return ["## Coverage by requirement", "", *lines] if lines else []


def quality_lines(report: Report) -> list[str]:
    """The data-quality gate of every table that declares one, check by check."""
    gated = [t for t in report.ledger if t.quality is not None]
    if not gated:
        return []
    lines = ["", "| table | quality check | threshold | measured | result |", "| --- | --- | --- | ---: | --- |"]
    for t in gated:
        for c in t.quality.checks:  # type: ignore[union-attr]
            name = f"{c.field} complete" if c.check == "complete" else c.check
            result = "✅ met" if c.passed else "❌ failed: requirements on this table are insufficient data"
            lines.append(f"| {cell(t.table)} | {cell(name)} | {cell(c.threshold)} | {cell(c.measured)} | {result} |")
    return lines


def qualitative_lines(report: Report, lang: str = "en") -> list[str]:
    """The qualitative clauses with their outcome and what judged them (nothing when there are none)."""
    clauses = qualitative_clauses(report)
    if not clauses:
        return []
    lines = ["", "## Qualitative clauses", "", f"_{cell(summary_words(report))}_", ""]
    lines += ["| clause | title | outcome | judged by |", "| --- | --- | --- | --- |"]
    for c in clauses:
        title = c.title or c.text
        name = getattr(title, lang, None) or title.en or title.zh or ""
        assert c.outcome is not None
        lines.append(f"| {cell(c.number)} | {cell(name)} | {ICON[c.outcome]} | {cell(qualitative_line(c))} |")
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
    ]
    std_title = cell(std.get(f"title_{lang}") or std["title"])
    lines += [
        "## Scope and period",
        "",
        f"- Standard: {std_title} ({cell(std['id'])} v{cell(std['version'])})",
        f"- Dataset: {cell(report.dataset.get(f'title_{lang}') or report.dataset.get('title') or '')} "
        f"({markdown_code(report.dataset['id'])})",
        f"- Period: {cell(period.get('from', '?'))} … {cell(period.get('to', '?'))} "
        f"({cell(period.get('timezone', ''))})",
    ]
    if report.scope:
        lines.append(f"- Scope: {cell(_local(report.scope, lang))}")
    lines.append("")
    lines += findings_lines(report, lang)
    lines += qualitative_lines(report, lang)
    lines += actions_lines(report, lang)
    lines += method_lines(report, lang)
    lines += evidence_lines(report, lang)
    exceptions = [
        (c, r, waived_findings(r), overlay_notes(r))
        for c in report.clauses
        for r in c.requirements
        if r.overlay or r.outcome == "waived" or any(f.waiver for f in r.groups)
    ]
    if report.summary.waivers is not None or exceptions:
        lines += ["## Waivers and overlays", ""]
        lines += [f"- {cell(line.strip())}" for line in waiver_summary(report)]
        for clause, r, waived, notes in exceptions:
            lines.append(f"- {cell(clause.number)} `{cell(r.id)}`:")
            lines += [f"  - waived: {cell(line)}" for line in waived]
            lines += [f"  - overlay: {cell(line)}" for line in notes]
        lines.append("")
    lines += coverage_lines(report, lang)
    lines += agreement_lines(report, lang)
    lines += rollup_lines(report)
    lines += limitations_lines(report)
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
    lines += quality_lines(report)
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
    lines += signoff_lines(report)
    return "\n".join(lines)
