"""The terminal summary: verdict, then each clause's requirements with outcome and figures.

Every line goes through :func:`terminal_text`: a group value holding ``ESC [31m`` or a carriage
return from the data is shown as ``\x1b[31m`` / ``\x0d``, never executed by the terminal."""

from __future__ import annotations

from checker.model.report import Finding, IntervalTally, LocalText, QualityGate, Report, RequirementResult
from checker.report.budget_text import budget_text, burn_text, interval_text, tally_text
from checker.report.client import headline
from checker.report.exceptions import overlay_notes, waived_findings, waiver_summary
from checker.report.qualitative import qualitative_line, summary_words
from checker.report.safe_text import terminal_text

MARK = {
    "pass": "PASS",
    "warn": "WARN",
    "fail": "FAIL",
    "insufficient-data": "N/D ",
    "not-assessed": "N/AS",
    "not-reviewed": "N/RV",
    "not-applicable": "N/A ",
    "waived": "WAIV",
    "error": "ERR ",
}


def figure(f: Finding) -> str:
    """``81.3% (n=412, 95% CI 77.3–84.8%)`` — the value, its base and how sure it is."""
    if f.display is None:
        return f.reason or "no value"
    if "outage_seconds" in f.counts:
        down = f.counts["outage_seconds"] / 60
        return f"{f.display} ({f.counts['outages']} outages, {down:.0f} min down in {f.n / 86400:.4g} days)"
    text = f"{f.display} (n={f.n}"
    if f.interval:
        text += f", 95% CI {f.interval[0] * 100:.1f}–{f.interval[1] * 100:.1f}%"
    return text + ")"


def margin_text(r: RequirementResult, f: Finding) -> str:
    """Distance to the target in the target's unit: percentage points, seconds or points."""
    if f.margin is None:
        return ""
    if r.unit == "percent":
        return f"{f.margin * 100:+.2f} pp"
    if r.unit == "duration":
        return f"{f.margin:+.1f} s"
    return f"{f.margin:+.2f}"


def _group(f: Finding | IntervalTally) -> str:
    return ", ".join(f"{k}={v}" for k, v in f.group.items())


def requirement_lines(r: RequirementResult, lang: str = "en", max_groups: int = 8) -> list[str]:
    lines = [f"  [{MARK[r.outcome]}] {r.id} ({r.severity}): {r.rule} target {r.target} — overall {figure(r.overall)}"]
    deciding = headline(r)
    if deciding.group and r.outcome != "pass":  # the figure that decided the outcome, when not the overall
        lines.append(f"         decided by {_group(deciding)}: {figure(deciding)}")
    lines += extra_lines(r)
    failing = [g for g in r.groups if g.outcome in ("fail", "warn")]
    for g in failing[:max_groups]:
        lines.append(f"         {MARK[g.outcome]} {_group(g)}: {figure(g)}")
    if len(failing) > max_groups:
        lines.append(f"         … and {len(failing) - max_groups} more groups not meeting the target")
    lines += coverage_lines(r, max_groups)
    for g in [r.overall, *r.groups]:
        if g.outcome == "fail" and g.evidence:
            keys = "; ".join(",".join(e.key.values()) for e in g.evidence[:3])
            where = _group(g) or "overall"
            lines.append(f"         evidence ({where}, {g.evidence_total} records): {keys} …")
            break
    lines += [f"         WAIV {line}" for line in waived_findings(r)]
    lines += [f"         overlay: {line}" for line in overlay_notes(r)]
    a = r.agreement
    if a is not None:
        share = f" ({a.share * 100:.1f}%)" if a.share is not None else ""
        lines.append(
            f"         agreement with the system's {a.field}: {a.agree} of {a.compared} cases{share}; "
            f"{a.disagree} disagree"
        )
    return lines


def coverage_lines(r: RequirementResult, max_groups: int = 8) -> list[str]:
    """Groups not judged (a declared member without records, too few records, a code outside the
    taxonomy) and the requirement's limitations: never left out of the summary."""
    missing = [g for g in r.groups if g.outcome == "not-assessed"]
    small = [g for g in r.groups if g.outcome == "insufficient-data"]
    lines = [f"         {MARK[g.outcome]} {_group(g)}: {g.reason}" for g in missing]
    lines += [f"         {MARK[g.outcome]} {_group(g)}: {figure(g)} — {g.reason}" for g in small[:max_groups]]
    if len(small) > max_groups:
        lines.append(f"         … and {len(small) - max_groups} more groups with insufficient data")
    if r.small_groups == "observe":
        lines.append("         small groups are observed only (small_groups: observe): they do not decide the outcome")
    lines += [f"         limitation: {text}" for text in r.limitations]
    return lines


def quality_line(gate: QualityGate) -> str:
    """``quality gate FAILED: rejected 31.2% (max 10%) ✗; wait complete 99.0% (min 99%) ✓; …``"""
    parts = []
    for c in gate.checks:
        name = f"{c.field} complete" if c.check == "complete" else c.check
        bound = "max" if c.check in ("rejected", "fresh") else "min"
        parts.append(f"{name} {c.measured} ({bound} {c.threshold}) {'ok' if c.passed else 'FAILED'}")
    return f"quality gate {'passed' if gate.passed else 'FAILED'}: " + "; ".join(parts)


def extra_lines(r: RequirementResult) -> list[str]:
    """The interval judgement (with groups missing their interval target) and the error budget."""
    out = []
    if r.intervals is not None:
        out.append(f"         {interval_text(r.intervals)}")
        out += [
            f"         {MARK[t.outcome]} {_group(t)}: {tally_text(t)}"
            for t in r.intervals.groups
            if t.outcome != "pass"
        ]
    if r.budget is not None:
        burn = burn_text(r.budget)
        out.append(f"         {budget_text(r.budget)}" + (f"; {burn}" if burn else ""))
    return out


def _heading(text: LocalText, lang: str, width: int = 70) -> str:
    """A clause's title in ``lang`` (else the other language); untitled clauses show their text, cut short."""
    value = getattr(text, lang, None) or text.en or text.zh or ""
    return value if len(value) <= width else value[: width - 1] + "…"


def render_text(report: Report, lang: str = "en") -> str:
    s = report.summary
    std = report.standard
    title = std.get(f"title_{lang}") or std["title"]
    lines = [
        f"servcheck {report.tool['version']} — {title} ({std['id']} v{std['version']})",
        f"dataset {report.dataset['id']}; period {report.period.get('from', '?')}..{report.period.get('to', '?')} "
        f"({report.period.get('timezone', '')})",
        f"verdict: {s.verdict.upper()}  — "
        + ", ".join(f"{k} {v}" for k, v in s.requirements.items())
        + "; nonconformities: "
        + ", ".join(f"{k} {v}" for k, v in s.nonconformities.items())
        + (f"; {summary_words(report)}" if summary_words(report) else ""),
        *waiver_summary(report),
        "",
    ]
    for clause in report.clauses:
        if clause.kind == "qualitative" and clause.assessment is not None and clause.outcome is not None:
            lines.append(f"{clause.number} {_heading(clause.title or clause.text, lang)}")
            lines.append(f"  [{MARK[clause.outcome]}] qualitative clause: {qualitative_line(clause)}")
            continue
        if not clause.requirements:
            continue
        lines.append(f"{clause.number} {_heading(clause.title or clause.text, lang)}")
        for r in clause.requirements:
            lines.extend(requirement_lines(r, lang))
    lines.append("")
    lines.append("ledger (rows read = used + excluded + rejected):")
    for t in report.ledger:
        ex = sum(e.count for e in t.excluded)
        rj = sum(e.count for e in t.rejected)
        lines.append(f"  {t.table}: {t.read} = {t.used} + {ex} + {rj}")
        for e in t.excluded + t.rejected:
            lines.append(f"    {e.count:>7}  {e.reason}")
        if t.quality is not None:
            lines.append(f"    {quality_line(t.quality)}")
    return "\n".join(terminal_text(line) for line in lines) + "\n"
