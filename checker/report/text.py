"""The terminal summary: verdict, then each clause's requirements with outcome and figures.

Every line goes through :func:`terminal_text`: a group value holding ``ESC [31m`` or a carriage
return from the data is shown as ``\x1b[31m`` / ``\x0d``, never executed by the terminal. The
words are English msgids translated by the reader's :class:`~checker.i18n.Speaker`."""

from __future__ import annotations

from checker.i18n import Speaker, speaker
from checker.model.report import Finding, IntervalTally, LocalText, QualityGate, Report, RequirementResult
from checker.report.budget_text import budget_text, burn_text, interval_text, tally_text
from checker.report.client import headline
from checker.report.exceptions import overlay_notes, waived_findings, waiver_summary
from checker.report.qualitative import qualitative_line, summary_words
from checker.report.safe_text import terminal_text
from checker.report.words import (
    bracketed_share,
    clauses,
    interval,
    key_name,
    labelled,
    listing,
    mark,
    outcome_name,
    quality_check_name,
    quality_threshold,
    severity_name,
    verdict_name,
)

ENGLISH = speaker("en")


def figure(f: Finding, speak: Speaker = ENGLISH) -> str:
    """``81.3% (n=412, 95% CI 77.3–84.8%)`` — the value, its base and how sure it is."""
    if f.display is None:
        return f.reason or speak._("no value")
    if "outage_seconds" in f.counts:
        down = f.counts["outage_seconds"] / 60
        return speak.n_(
            "{display} ({n} outage, {down} min down in {days} days)",
            "{display} ({n} outages, {down} min down in {days} days)",
            f.counts["outages"],
            display=f.display,
            down=format(down, ".0f"),
            days=format(f.n / 86400, ".4g"),
        )
    text = f"{f.display} (n={f.n}"
    if f.interval:
        bounds = interval("percent", f.interval)
        text += ", " + speak._("95% CI {interval}", interval=bounds)
    return text + ")"


def margin_text(r: RequirementResult, f: Finding, speak: Speaker = ENGLISH) -> str:
    """Distance to the target in the target's unit: percentage points, seconds or points."""
    if f.margin is None:
        return ""
    if r.unit == "percent":
        return speak._("{value} pp", value=format(f.margin * 100, "+.2f"))
    if r.unit == "duration":
        return speak._("{value} s", value=format(f.margin, "+.1f"))
    return f"{f.margin:+.2f}"


def _group(f: Finding | IntervalTally, speak: Speaker = ENGLISH) -> str:
    return listing(speak, (f"{key_name(speak, k)}={v}" for k, v in f.group.items()))


def requirement_lines(r: RequirementResult, lang: str = "en", max_groups: int = 8) -> list[str]:
    speak = speaker(lang)
    pad = " " * 9
    severity = r.severity if lang == "en" else severity_name(speak, r.severity)
    lines = [
        f"  [{mark(speak, r.outcome)}] "
        + speak._(
            "{id} ({severity}): {rule} target {target} — overall {figure}",
            id=r.id,
            severity=severity,
            rule=r.rule,
            target=r.target,
            figure=figure(r.overall, speak),
        )
    ]
    deciding = headline(r)
    if deciding.group and r.outcome != "pass":  # the figure that decided the outcome, when not the overall
        lines.append(
            pad + speak._("decided by {group}: {figure}", group=_group(deciding, speak), figure=figure(deciding, speak))
        )
    lines += extra_lines(r, speak)
    failing = [g for g in r.groups if g.outcome in ("fail", "warn")]
    for g in failing[:max_groups]:
        lines.append(pad + labelled(speak, f"{mark(speak, g.outcome)} {_group(g, speak)}", figure(g, speak)))
    if len(failing) > max_groups:
        more = len(failing) - max_groups
        lines.append(
            pad
            + speak.n_(
                "… and {n} more group not meeting the target", "… and {n} more groups not meeting the target", more
            )
        )
    lines += coverage_lines(r, max_groups, speak)
    for g in [r.overall, *r.groups]:
        if g.outcome == "fail" and g.evidence:
            keys = clauses(speak, (",".join(e.key.values()) for e in g.evidence[:3]))
            where = _group(g, speak) or speak._("overall")
            total = g.evidence_total or 0
            lines.append(
                pad
                + speak.n_(
                    "evidence ({where}, {n} record): {keys} …",
                    "evidence ({where}, {n} records): {keys} …",
                    total,
                    where=where,
                    keys=keys,
                )
            )
            break
    lines += [f"{pad}{mark(speak, 'waived')} {line}" for line in waived_findings(r, speak)]
    lines += [pad + speak._("overlay: {note}", note=line) for line in overlay_notes(r, speak)]
    a = r.agreement
    if a is not None:
        share = bracketed_share(speak, a.share)
        lines.append(
            pad
            + speak._(
                "agreement with the system's {field}: {agree} of {compared} cases{share}; {disagree} disagree",
                field=a.field,
                agree=a.agree,
                compared=a.compared,
                share=share,
                disagree=a.disagree,
            )
        )
    return lines


def _small(g: Finding, speak: Speaker) -> str:
    """A group with too few records: its figure and why it is not judged — the reason once, when
    there is no figure and the reason stands in for it."""
    shown = figure(g, speak)
    return shown if not g.reason or shown == g.reason else f"{shown} — {g.reason}"


def coverage_lines(r: RequirementResult, max_groups: int = 8, speak: Speaker = ENGLISH) -> list[str]:
    """Groups not judged (a declared member without records, too few records, a code outside the
    taxonomy) and the requirement's limitations: never left out of the summary."""
    pad = " " * 9
    missing = [g for g in r.groups if g.outcome == "not-assessed"]
    small = [g for g in r.groups if g.outcome == "insufficient-data"]
    lines = [pad + labelled(speak, f"{mark(speak, g.outcome)} {_group(g, speak)}", g.reason or "") for g in missing]
    lines += [
        pad + labelled(speak, f"{mark(speak, g.outcome)} {_group(g, speak)}", _small(g, speak))
        for g in small[:max_groups]
    ]
    if len(small) > max_groups:
        more = len(small) - max_groups
        lines.append(
            pad
            + speak.n_(
                "… and {n} more group with insufficient data", "… and {n} more groups with insufficient data", more
            )
        )
    if r.small_groups == "observe":
        lines.append(
            pad + speak._("small groups are observed only (small_groups: observe): they do not decide the outcome")
        )
    lines += [pad + speak._("limitation: {text}", text=text) for text in r.limitations]
    return lines


def quality_line(gate: QualityGate, speak: Speaker = ENGLISH) -> str:
    """``quality gate FAILED: rejected 31.2% (max 10%) FAILED; wait complete 99.0% (min 99%) ok; …``"""
    parts = []
    for c in gate.checks:
        name = quality_check_name(speak, c.check, c.field)
        threshold = quality_threshold(speak, c.check, c.threshold)
        if c.check in ("rejected", "fresh"):
            bound = speak._("max {threshold}", threshold=threshold)
        else:
            bound = speak._("min {threshold}", threshold=threshold)
        result = speak.p_("quality check", "ok") if c.passed else speak.p_("quality check", "FAILED")
        parts.append(
            speak._(
                "{check} {measured} ({bound}) {result}", check=name, measured=c.measured, bound=bound, result=result
            )
        )
    if gate.passed:
        head = speak._("quality gate passed: {checks}", checks=clauses(speak, parts))
    else:
        head = speak._("quality gate FAILED: {checks}", checks=clauses(speak, parts))
    return head


def extra_lines(r: RequirementResult, speak: Speaker = ENGLISH) -> list[str]:
    """The interval judgement (with groups missing their interval target) and the error budget."""
    pad = " " * 9
    out = []
    if r.intervals is not None:
        out.append(f"{pad}{interval_text(r.intervals, speak)}")
        out += [
            pad + labelled(speak, f"{mark(speak, t.outcome)} {_group(t, speak)}", tally_text(t, speak))
            for t in r.intervals.groups
            if t.outcome != "pass"
        ]
    if r.budget is not None:
        burn = burn_text(r.budget, speak=speak)
        out.append(f"{pad}{budget_text(r.budget, speak)}" + (clauses(speak, ["", burn]) if burn else ""))
    return out


def _heading(text: LocalText, lang: str, width: int = 70) -> str:
    """A clause's title in ``lang`` (else the other language); untitled clauses show their text, cut short."""
    value = getattr(text, lang, None) or text.en or text.zh or ""
    return value if len(value) <= width else value[: width - 1] + "…"


def _counts(speak: Speaker, counts: dict[str, int], name: object) -> str:
    return listing(speak, (f"{name(speak, k)} {v}" for k, v in counts.items()))  # type: ignore[operator]


def render_text(report: Report, lang: str = "en") -> str:
    speak = speaker(lang)
    s = report.summary
    std = report.standard
    title = std.get(f"title_{lang}") or std["title"]
    english = lang == "en"
    outcomes = (lambda _s, k: k) if english else outcome_name
    severities = (lambda _s, k: k) if english else severity_name
    verdict = s.verdict.upper() if english else verdict_name(speak, s.verdict)
    words = summary_words(report, speak)
    lines = [
        speak._(
            "servcheck {tool} — {title} ({standard} v{version})",
            tool=report.tool["version"],
            title=title,
            standard=std["id"],
            version=std["version"],
        ),
        speak._(
            "dataset {dataset}; period {start}..{end} ({zone})",
            dataset=report.dataset["id"],
            start=report.period.get("from", "?"),
            end=report.period.get("to", "?"),
            zone=report.period.get("timezone", ""),
        ),
        clauses(
            speak,
            [
                speak._(
                    "verdict: {verdict}  — {requirements}; nonconformities: {nonconformities}",
                    verdict=verdict,
                    requirements=_counts(speak, s.requirements, outcomes),
                    nonconformities=_counts(speak, s.nonconformities, severities),
                ),
                *([words] if words else []),
            ],
        ),
        *waiver_summary(report, speak),
        "",
    ]
    for clause in report.clauses:
        if clause.kind == "qualitative" and clause.assessment is not None and clause.outcome is not None:
            lines.append(f"{clause.number} {_heading(clause.title or clause.text, lang)}")
            lines.append(
                f"  [{mark(speak, clause.outcome)}] "
                + speak._("qualitative clause: {line}", line=qualitative_line(clause, speak))
            )
            continue
        if not clause.requirements:
            continue
        lines.append(f"{clause.number} {_heading(clause.title or clause.text, lang)}")
        for r in clause.requirements:
            lines.extend(requirement_lines(r, lang))
    lines.append("")
    lines.append(speak._("ledger (rows read = used + excluded + rejected):"))
    for t in report.ledger:
        ex = sum(e.count for e in t.excluded)
        rj = sum(e.count for e in t.rejected)
        lines.append("  " + labelled(speak, t.table, f"{t.read} = {t.used} + {ex} + {rj}"))
        for e in t.excluded + t.rejected:
            lines.append(f"    {e.count:>7}  {e.reason}")
        if t.quality is not None:
            lines.append(f"    {quality_line(t.quality, speak)}")
    return "\n".join(terminal_text(line) for line in lines) + "\n"
