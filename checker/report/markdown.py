"""The Markdown report, for pull requests and wikis: the sections of the HTML report (scope and
period, findings with the figure that decided each outcome, corrective actions, method, evidence,
roll-ups, limitations, ledger, inputs, sign-off), without its print features.

Every value from data or standards goes through :func:`cell` (or :func:`markdown_code` inside a code
span), so a queue named ``a|b``, an agent named ``<img src=x onerror=alert(1)>`` or a value
``![x](http://evil)`` cannot break the table, inject HTML or render as an image or a link.
"""

from __future__ import annotations

from checker.i18n import Speaker, speaker
from checker.model.report import Finding, LocalText, Report, RequirementResult
from checker.report import client
from checker.report.budget_text import budget_text, interval_text
from checker.report.exceptions import overlay_notes, waived_findings, waiver_summary
from checker.report.html.rollups import ISO_TAGS, ROLLUP_TAGS, rollup
from checker.report.qualitative import qualitative_clauses, qualitative_line, summary_words
from checker.report.safe_text import markdown_code, markdown_text
from checker.report.text import figure, margin_text
from checker.report.words import (
    audit_parameter_name,
    bracketed,
    bracketed_share,
    case_verdict,
    clauses,
    key_name,
    labelled,
    listing,
    outcome_name,
    parameter_name,
    period_name,
    quality_check_name,
    quality_threshold,
    role_name,
    severity_name,
    tag_key,
    tag_value,
    verdict_name,
)

BLANK = "\\_\\_\\_\\_\\_\\_\\_\\_"
"""A line to fill in by hand (escaped underscores, so no emphasis)."""

SIGN = {
    "pass": "✅ ",
    "warn": "⚠️ ",
    "fail": "❌ ",
    "insufficient-data": "❔ ",
    "not-assessed": "❔ ",
    "not-reviewed": "❔ ",
    "not-applicable": "➖ ",
    "waived": "",
    "error": "",
}
"""The sign before an outcome's name, so a reader scanning a table finds the failures."""


def icon(speak: Speaker, outcome: str) -> str:
    """``❌ fail`` / ``❌ 未通过``."""
    return SIGN.get(outcome, "") + outcome_name(speak, outcome)


def _raw_in_english(speak: Speaker, value: str, name: str) -> str:
    """English Markdown writes identifiers as the standard does (``30min``, ``major``); Chinese names them."""
    return value if speak.lang == "en" else name


def cell(value: object) -> str:
    """Text shown literally inside a Markdown table cell: controls as escapes, HTML-escaped,
    Markdown metacharacters backslash-escaped (so no emphasis, link or image), one line."""
    return " ".join(markdown_text(value).split())


def _group(f: Finding, speak: Speaker) -> str:
    return listing(speak, (f"{key_name(speak, k)}={v}" for k, v in f.group.items())) or speak._("overall")


def _title(r: RequirementResult, clause_title: LocalText | None, lang: str) -> str:
    """The requirement's own title, else its clause's, else its rule's."""
    title = r.title or clause_title or r.rule_title
    return getattr(title, lang) or title.en or title.zh or r.id


def _hours(seconds: float | None, speak: Speaker) -> str:
    return "—" if seconds is None else speak._("{value} h", value=format(seconds / 3600, ".1f"))


def agreement_lines(report: Report, lang: str = "en") -> list[str]:
    """The section setting servcheck's per-case verdicts beside the system's own, when a table declares one."""
    compared = [(c, r, r.agreement) for c in report.clauses for r in c.requirements if r.agreement is not None]
    if not compared:
        return []
    speak = speaker(lang)

    def verdict(value: str) -> str:
        return _raw_in_english(speak, value, case_verdict(speak, value))

    lines = [speak._("## Agreement with the system's own verdicts"), ""]
    for clause, r, a in compared:
        share = bracketed_share(speak, a.share)
        lines += [
            f"### {cell(clause.number)} {cell(_title(r, clause.title, lang))}{bracketed(speak, f'`{cell(r.id)}`')} — "
            + speak._(
                "system verdict {field} (true = {means})", field=markdown_code(a.field), means=verdict(a.true_means)
            ),
            "",
            speak._(
                "servcheck and the system agree on **{agree} of {compared}** cases judged by both{share}; "
                "they disagree on {disagree}.",
                agree=a.agree,
                compared=a.compared,
                share=share,
                disagree=a.disagree,
            ),
            "",
            "| "
            + speak._("servcheck \\ system")
            + " | "
            + " | ".join(verdict(v) for v in ("met", "breached"))
            + " | "
            + _raw_in_english(speak, "missing", case_verdict(speak, "missing"))
            + " |",
            "| --- | ---: | ---: | ---: |",
        ]
        counts = {(c.servcheck, c.system): c.count for c in a.matrix}
        for mine in ("met", "breached", "pending"):
            row = [counts.get((mine, theirs), 0) for theirs in ("met", "breached", "missing")]
            if mine != "pending" or any(row):
                lines.append(f"| {verdict(mine)} | " + " | ".join(str(n) for n in row) + " |")
        if a.reasons:
            head = speak._("| what servcheck can tell about the disagreeing cases | cases |")
            lines += ["", head, "| --- | ---: |"]
            lines += [f"| {cell(reason)} | {n} |" for reason, n in a.reasons.items()]
        if a.cases:
            lines += [
                "",
                speak._("Disagreeing cases ({total}, first {shown} by key):", total=a.cases_total, shown=len(a.cases)),
                "",
                speak._("| case | servcheck | system | elapsed | servcheck's reason | what servcheck can tell |"),
                "| --- | --- | --- | ---: | --- | --- |",
            ]
            for case in a.cases:
                why = cell(case.verdict_reason or case.goal or "")
                lines.append(
                    f"| {markdown_code(' / '.join(case.key.values()))} | {verdict(case.servcheck)} | "
                    f"{verdict(case.system)} | {_hours(case.elapsed, speak)} | {why} | "
                    f"{cell(clauses(speak, case.reasons))} |"
                )
        lines.append("")
    return lines


def _local(text: LocalText | None, lang: str) -> str:
    if text is None:
        return ""
    return getattr(text, lang) or text.en or text.zh or ""


def _where(f: Finding, speak: Speaker) -> str:
    return client.group_text(f, speak) or speak._("overall")


def findings_lines(report: Report, lang: str) -> list[str]:
    """Every requirement with the figure that decided its outcome, the overall beside it."""
    speak = speaker(lang)
    lines = [
        speak._("## Findings"),
        "",
        speak._(
            "The figure that decided each outcome: for a failed requirement the worst group or period, "
            "with the overall beside it."
        ),
        "",
        speak._("| clause | requirement | severity | outcome | figure that decided the outcome | target | overall |"),
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in client.finding_rows(report):
        r, h = row.requirement, row.headline
        decided = labelled(speak, cell(_where(h, speak)), cell(figure(h, speak)))
        if h.margin is not None:
            decided += bracketed(speak, margin_text(r, h, speak))
        overall = "—" if row.is_overall else f"{icon(speak, row.overall.outcome)} {cell(figure(row.overall, speak))}"
        named = cell(_title(r, row.clause.title, lang)) + bracketed(speak, f"`{cell(r.id)}`")
        lines.append(
            f"| {cell(row.clause.number)} | {named} | "
            f"{_severity(speak, r.severity)} | {icon(speak, r.outcome)} | {decided} | {cell(r.target)} | {overall} |"
        )
    return [*lines, ""]


def _severity(speak: Speaker, severity: str) -> str:
    return _raw_in_english(speak, severity, severity_name(speak, severity))


def actions_lines(report: Report, lang: str) -> list[str]:
    """Requirements not met or not shown to be met, with the action, owner and due date the standard declares."""
    rows = client.action_rows(report)
    if not rows:
        return []
    speak = speaker(lang)
    lines = [
        speak._("## Corrective actions"),
        "",
        speak._("Owner, action and due date as the standard declares them; blank lines are for the client to fill in."),
        "",
        speak._(
            "| requirement | severity | outcome | figure that decided the outcome | corrective action | owner | due |"
        ),
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        r, a = row.requirement, row.requirement.action
        action = cell(_local(a.text, lang)) if a and a.text else BLANK
        owner = cell(a.owner) if a and a.owner else BLANK
        due = cell(a.due if lang == "en" else speak.date(a.due)) if a and a.due else BLANK
        where = speak._("(clause {number})", number=cell(row.clause.number))
        decided = speak._(
            "{where}: {figure} against {target}",
            where=cell(_where(row.headline, speak)),
            figure=cell(figure(row.headline, speak)),
            target=cell(r.target),
        )
        lines.append(
            f"| `{cell(r.id)}` {where} | {_severity(speak, r.severity)} | {icon(speak, r.outcome)} | "
            f"{decided} | {action} | {owner} | {due} |"
        )
    return [*lines, ""]


def method_lines(report: Report, lang: str) -> list[str]:
    """Each rule's definition from the rule library, and the parameters in force."""
    speak = speaker(lang)
    lines = [
        speak._("## Method"),
        "",
        speak._("Each rule's definition from the rule library, and the parameters in force for each requirement."),
        "",
    ]
    for row in client.method_rows(report):
        rule = report.rules.get(row.rule)
        head = f"### `{cell(row.rule)}`" + (f" — {cell(_local(rule.title, lang))}" if rule else "")
        lines += [head, ""]
        if rule:
            cited = cell(listing(speak, rule.references))
            refs = speak._("; references: {refs}", refs=cited) if rule.references else ""
            measure = speak._("measure {measure}", measure=cell(rule.measure))
            lines += [cell(_local(rule.definition, lang)), "", f"_{measure}{refs}_", ""]
        lines += [speak._("| requirement | target | parameters | scope |"), "| --- | --- | --- | --- |"]
        for r in row.requirements:
            given = [f"{cell(parameter_name(speak, k))} = {cell(v)}" for k, v in r.params.items()]
            params = listing(speak, given) or speak._("none")
            scope = [speak._("table {table}", table=cell(r.table))]
            if r.where:
                scope.append(markdown_code(r.where))
            if r.group_by:
                scope.append(speak._("per {keys}", keys=cell(listing(speak, (key_name(speak, k) for k in r.group_by)))))
            if r.period != "none":
                scope.append(
                    speak._("per {keys}", keys=cell(_raw_in_english(speak, r.period, period_name(speak, r.period))))
                )
            scope.append(speak._("minimum sample {n}", n=r.min_sample))
            warn = " " + speak._("(warn unless {warn})", warn=cell(r.warn)) if r.warn else ""
            target = cell(r.target) + warn
            lines.append(f"| `{cell(r.id)}` | {target} | {params} | {' · '.join(scope)} |")
        lines.append("")
    return lines


def evidence_lines(report: Report, lang: str) -> list[str]:
    """Failing and warning findings of each requirement, with the offending records and their values."""
    failures = [(c, r) for c in report.clauses for r in c.requirements if r.outcome in ("fail", "warn")]
    if not failures:
        return []
    speak = speaker(lang)
    lines = [speak._("## Evidence"), ""]
    for clause, r in failures:
        lines += [f"### {cell(clause.number)} {cell(_title(r, clause.title, lang))} — {icon(speak, r.outcome)}", ""]
        if r.notes:
            lines += [f"_{cell(clauses(speak, r.notes))}_", ""]
        bad = [f for f in [r.overall, *r.groups] if f.outcome in ("fail", "warn")]
        lines += [speak._("| group | outcome | measured | margin |"), "| --- | --- | --- | ---: |"]
        for f in bad:
            lines.append(
                f"| {cell(_group(f, speak))} | {icon(speak, f.outcome)} | {cell(figure(f, speak))} | "
                f"{margin_text(r, f, speak)} |"
            )
        for f in bad:
            if f.evidence:
                valued = any(e.value for e in f.evidence)
                lines += [
                    "",
                    speak.n_(
                        "Evidence for {group} ({n} record, first {shown}):",
                        "Evidence for {group} ({n} records, first {shown}):",
                        f.evidence_total or 0,
                        group=cell(_group(f, speak)),
                        shown=len(f.evidence),
                    ),
                    "",
                    speak._("| key | file | row |") + (" " + speak._("value |") if valued else ""),
                    "| --- | --- | ---: |" + (" ---: |" if valued else ""),
                ]
                for e in f.evidence:
                    value = f" {cell(e.value or '')} |" if valued else ""
                    lines.append(f"| {markdown_code(' / '.join(e.key.values()))} | {cell(e.file)} | {e.row} |{value}")
        lines.append("")
    return lines


def rollup_lines(report: Report, lang: str = "en") -> list[str]:
    """Requirement outcomes by ISO 23592 dimension, element and level, tier, category, SERVQUAL and own tag sets."""
    speak = speaker(lang)
    tables = [
        (tag, _raw_in_english(speak, tag, tag_key(speak, tag)), rollup(report, tag))
        for tag in (*ISO_TAGS, *ROLLUP_TAGS)
    ]
    for tag, declared in report.tag_sets.items():
        title = _local(declared.title, lang) if declared.title else None
        tables.append((tag, title or tag, rollup(report, tag, declared.values)))
    tables = [t for t in tables if t[2]]
    if not tables:
        return []
    lines = [speak._("## Roll-ups"), "", speak._("Each requirement counts once, under the tags of its clause."), ""]
    for tag, title, rows in tables:
        lines += [
            speak._("### By {tag}", tag=cell(title)),
            "",
            speak._("| value | worst | requirements | outcomes | clauses |"),
        ]
        lines.append("| --- | --- | ---: | --- | --- |")
        for row in rows:
            outcomes = listing(speak, (f"{icon(speak, o)} {n}" for o, n in row.counts.items()))
            name = report.taxonomy.get(row.value)
            label = cell(tag_value(speak, tag, row.value)) + (f" {cell(_local(name, lang))}" if name else "")
            worst = icon(speak, row.worst) if row.worst else speak._("— (no requirement)")
            lines.append(f"| {label} | {worst} | {row.total} | {outcomes} | {cell(', '.join(row.clauses))} |")
        lines.append("")
    return lines


def limitations_lines(report: Report, lang: str = "en") -> list[str]:
    speak = speaker(lang)
    rows = client.limitations(report, speak)
    lines = [speak._("## Limitations"), ""]
    if not rows:
        return [*lines, speak._("Every row read was used and every requirement was assessed."), ""]
    lines += [
        speak._(
            "Rows rejected or excluded, and requirements or groups that could not be judged: none of them is "
            "counted as met."
        ),
        "",
        speak._("| kind | table or requirement | count | detail |"),
        "| --- | --- | ---: | --- |",
    ]
    for row in rows:
        if row.unit == "rows":
            kind = speak._("rows rejected") if row.kind == "rejected" else speak._("rows excluded")
        else:
            kind = icon(speak, row.kind)
        lines.append(f"| {kind} | `{cell(row.subject)}` | {_unit(speak, row.unit, row.count)} | {cell(row.detail)} |")
    return [*lines, ""]


def _unit(speak: Speaker, unit: str, count: int) -> str:
    """``3 rows``, ``1 requirement``, ``2 groups``: the count of a limitation with its unit."""
    if unit == "rows":
        return speak.n_("{n} row", "{n} rows", count)
    if unit == "requirement":
        return speak.n_("{n} requirement", "{n} requirements", count)
    return speak.n_("{n} group", "{n} groups", count)


def signoff_lines(report: Report, lang: str = "en") -> list[str]:
    speak = speaker(lang)
    so = report.sign_off
    lines = [speak._("## Sign-off"), "", speak._("| role | name | signature | date |"), "| --- | --- | --- | --- |"]
    for role, name in (
        (speak._("Auditor"), so.auditor if so else None),
        (speak._("Reviewer"), so.reviewer if so else None),
    ):
        date = cell(so.date if lang == "en" else speak.date(so.date)) if so and so.date else BLANK
        lines.append(f"| {role} | {cell(name) if name else BLANK} | {BLANK} | {date} |")
    return [*lines, ""]


def coverage_lines(report: Report, lang: str = "en") -> list[str]:
    """Every group not judged (a declared member without records, too few records, a code outside
    the taxonomy) and every limitation, per requirement: a reader sees what the verdict does not rest on."""
    speak = speaker(lang)
    lines: list[str] = []
    for clause in report.clauses:
        for r in clause.requirements:
            open_groups = [g for g in r.groups if g.outcome in ("not-assessed", "insufficient-data")]
            if not open_groups and not r.limitations and r.small_groups == "block":
                continue
            lines += [f"### {cell(clause.number)} {cell(_title(r, clause.title, lang))} — {icon(speak, r.outcome)}", ""]
            if r.expected:
                declared = clauses(
                    speak,
                    (labelled(speak, cell(key_name(speak, k)), cell(listing(speak, v))) for k, v in r.expected.items()),
                )
                lines += [speak._("Declared groups: {groups}", groups=declared), ""]
            if r.small_groups == "observe":
                lines += [
                    speak._(
                        "Small groups are observed only (`small_groups: observe`): they do not decide the outcome."
                    ),
                    "",
                ]
            lines += [f"- {cell(text)}" for text in r.limitations]
            if r.limitations:
                lines.append("")
            if open_groups:
                lines += [speak._("| group | outcome | measured | why |"), "| --- | --- | --- | --- |"]
                for g in open_groups:
                    measured = cell(figure(g, speak)) if g.display is not None else "—"
                    lines.append(
                        f"| {cell(_group(g, speak))} | {icon(speak, g.outcome)} | {measured} | {cell(g.reason or '')} |"
                    )
                lines.append("")
    return [speak._("## Coverage by requirement"), "", *lines] if lines else []


def quality_lines(report: Report, lang: str = "en") -> list[str]:
    """The data-quality gate of every table that declares one, check by check."""
    speak = speaker(lang)
    gated = [t for t in report.ledger if t.quality is not None]
    if not gated:
        return []
    head = speak._("| table | quality check | threshold | measured | result |")
    lines = ["", head, "| --- | --- | --- | ---: | --- |"]
    for t in gated:
        for c in t.quality.checks:  # type: ignore[union-attr]
            name = quality_check_name(speak, c.check, c.field)
            if c.passed:
                result = "✅ " + speak.p_("quality gate", "met")
            else:
                result = "❌ " + speak._("failed: requirements on this table are insufficient data")
            threshold = quality_threshold(speak, c.check, c.threshold)
            lines.append(f"| {cell(t.table)} | {cell(name)} | {cell(threshold)} | {cell(c.measured)} | {result} |")
    return lines


def qualitative_lines(report: Report, lang: str = "en") -> list[str]:
    """The qualitative clauses with their outcome and what judged them (nothing when there are none)."""
    speak = speaker(lang)
    clauses = qualitative_clauses(report)
    if not clauses:
        return []
    lines = ["", speak._("## Qualitative clauses"), "", f"_{cell(summary_words(report, speak))}_", ""]
    lines += [speak._("| clause | title | outcome | judged by |"), "| --- | --- | --- | --- |"]
    for c in clauses:
        title = c.title or c.text
        name = getattr(title, lang, None) or title.en or title.zh or ""
        assert c.outcome is not None
        lines.append(
            f"| {cell(c.number)} | {cell(name)} | {icon(speak, c.outcome)} | {cell(qualitative_line(c, speak))} |"
        )
    return lines


def budget_lines(report: Report, lang: str = "en") -> list[str]:
    """Interval targets and error budgets: how close each share or rate requirement came to failing."""
    speak = speaker(lang)
    rows = [(c, r) for c in report.clauses for r in c.requirements if r.budget is not None or r.intervals is not None]
    if not rows:
        return []
    lines = [
        speak._("## Interval targets and error budgets"),
        "",
        speak._("| requirement | intervals | error budget |"),
        "| --- | --- | --- |",
    ]
    for clause, r in rows:
        intervals = cell(interval_text(r.intervals, speak)) if r.intervals is not None else "—"
        budget = cell(budget_text(r.budget, speak)) if r.budget is not None else "—"
        lines.append(f"| {cell(clause.number)} `{cell(r.id)}` | {intervals} | {budget} |")
    return [*lines, ""]


def _period_line(speak: Speaker, period: dict[str, str]) -> str:
    """``2024-04-01 … 2024-04-14 (Asia/Shanghai)``; Chinese writes the days long-hand."""
    start, end = period.get("from", "?"), period.get("to", "?")
    if speak.lang != "en":
        start, end = speak.date(start), speak.date(end)
    return f"{cell(start)} … {cell(end)}" + bracketed(speak, cell(period.get("timezone", "")))


def render_markdown(report: Report, lang: str = "en") -> str:
    speak = speaker(lang)
    s = report.summary
    std = report.standard
    period = report.period
    std_title = cell(std.get(f"title_{lang}") or std["title"])
    identity = bracketed(speak, f"{cell(std['id'])} v{cell(std['version'])}")
    verdict = s.verdict if lang == "en" else verdict_name(speak, s.verdict)
    severities = [_severity(speak, level) for level in ("major", "minor", "observation")]
    lines = [
        speak._("# Audit: {title}{identity}", title=std_title, identity=identity),
        "",
        speak._(
            "**Verdict: {verdict}** · dataset {dataset} · period {period} · servcheck {version}",
            verdict=verdict,
            dataset=markdown_code(report.dataset["id"]),
            period=_period_line(speak, period),
            version=cell(report.tool["version"]),
        ),
        "",
        "| " + speak._("nonconformities") + " | " + " | ".join(severities) + " |",
        "| --- | ---: | ---: | ---: |",
        "| "
        + speak._("count")
        + f" | {s.nonconformities['major']} | {s.nonconformities['minor']} | {s.nonconformities['observation']} |",
        "",
    ]
    dataset_title = cell(report.dataset.get(f"title_{lang}") or report.dataset.get("title") or "")
    lines += [
        speak._("## Scope and period"),
        "",
        "- " + speak._("Standard: {title}{identity}", title=std_title, identity=identity),
        "- " + speak._("Dataset: {title} ({id})", title=dataset_title, id=markdown_code(report.dataset["id"])),
        "- " + speak._("Period: {period}", period=_period_line(speak, period)),
    ]
    if report.scope:
        lines.append("- " + speak._("Scope: {scope}", scope=cell(_local(report.scope, lang))))
    lines.append("")
    lines += findings_lines(report, lang)
    lines += qualitative_lines(report, lang)
    lines += actions_lines(report, lang)
    lines += method_lines(report, lang)
    lines += evidence_lines(report, lang)
    exceptions = [
        (c, r, waived_findings(r, speak), overlay_notes(r, speak))
        for c in report.clauses
        for r in c.requirements
        if r.overlay or r.outcome == "waived" or any(f.waiver for f in r.groups)
    ]
    if report.summary.waivers is not None or exceptions:
        lines += [speak._("## Waivers and overlays"), ""]
        lines += [f"- {cell(line.strip())}" for line in waiver_summary(report, speak)]
        for clause, r, waived, notes in exceptions:
            lines.append(f"- {cell(clause.number)} `{cell(r.id)}`:")
            lines += ["  - " + speak._("waived: {line}", line=cell(line)) for line in waived]
            lines += ["  - " + speak._("overlay: {note}", note=cell(line)) for line in notes]
        lines.append("")
    lines += coverage_lines(report, lang)
    lines += agreement_lines(report, lang)
    lines += rollup_lines(report, lang)
    lines += limitations_lines(report, lang)
    lines += budget_lines(report, lang)
    lines += [
        speak._("## Data ledger"),
        "",
        speak._("| table | read | used | excluded | rejected |"),
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for t in report.ledger:
        lines.append(
            f"| {cell(t.table)} | {t.read} | {t.used} | {sum(e.count for e in t.excluded)} | "
            f"{sum(e.count for e in t.rejected)} |"
        )
    lines += quality_lines(report, lang)
    reasons = [
        (t.table, kind, e)
        for t in report.ledger
        for kind, es in (("excluded", t.excluded), ("rejected", t.rejected))
        for e in es
    ]
    if reasons:
        lines += ["", speak._("| table | kind | reason | rows | examples |"), "| --- | --- | --- | ---: | --- |"]
        for table, kind, e in reasons:
            examples = cell(clauses(speak, e.examples))
            word = kind if lang == "en" else (speak._("Excluded") if kind == "excluded" else speak._("Rejected"))
            lines.append(f"| {cell(table)} | {word} | {cell(e.reason)} | {e.count} | {examples} |")
    lines += ["", speak._("## Inputs"), "", speak._("| role | file | SHA-256 |"), "| --- | --- | --- |"]
    for f in report.inputs:
        lines.append(f"| {cell(role_name(speak, f.role))} | {cell(f.path)} | `{f.sha256}` |")
    parameters = listing(
        speak, (f"{cell(audit_parameter_name(speak, k))} = {cell(v)}" for k, v in report.parameters.items())
    )
    lines += ["", speak._("Parameters: {parameters}", parameters=parameters), ""]
    lines += signoff_lines(report, lang)
    return "\n".join(lines)
