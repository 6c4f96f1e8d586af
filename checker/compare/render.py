"""A comparison as text (the terminal), Markdown (a pull request, a wiki) or JSON (the contract).

Text goes through :func:`terminal_text` and Markdown through :func:`cell`, as the audit report's
do: a group value from the data cannot colour the terminal or inject Markdown.
"""

from __future__ import annotations

import json

from checker.i18n import Speaker, speaker
from checker.model.report import Comparison, FindingChange, NonconformityRef, RequirementChange
from checker.report.markdown import cell
from checker.report.safe_text import terminal_text
from checker.report.words import key_name, outcome_name, severity_name, verdict_name

ENGLISH = speaker("en")


def _word(speak: Speaker, value: str, name: str) -> str:
    """English writes the model's identifiers (``fail``, ``major``) as it always did; Chinese names them."""
    return value if speak.lang == "en" else name


def _group(group: dict[str, str], speak: Speaker) -> str:
    return ", ".join(f"{key_name(speak, k)}={v}" for k, v in group.items()) or speak._("overall")


def _ref(n: NonconformityRef, speak: Speaker) -> str:
    where = f" [{_group(n.group, speak)}]" if n.group else ""
    severity = _word(speak, n.severity, severity_name(speak, n.severity))
    waived = speak._(", waived") if n.outcome == "waived" else ""
    return f"{n.requirement}{where} ({severity}{waived}): {n.display or speak._('no value')}"


def _figure(outcome: str | None, display: str | None, speak: Speaker) -> str:
    if outcome is None:
        return speak._("absent")
    return f"{_word(speak, outcome, outcome_name(speak, outcome))} {display or '—'}"


def change_text(fc: FindingChange, percent: bool, speak: Speaker = ENGLISH) -> str:
    """``+1.2 pp (95% CI −0.3 to +2.7 pp, not meaningful)``; the change alone when it is not tested."""
    if fc.change is None:
        return "—"
    text = speak._("{value} pp", value=format(fc.change * 100, "+.2f")) if percent else f"{fc.change:+.2f}"
    if fc.interval is not None:
        verdict = speak._("meaningful") if fc.meaningful else speak._("not meaningful")
        text += " " + speak._(
            "(95% CI {low} to {high} pp, {verdict})",
            low=format(fc.interval[0] * 100, "+.2f"),
            high=format(fc.interval[1] * 100, "+.2f"),
            verdict=verdict,
        )
    return text


def _percent(r: RequirementChange) -> bool:
    return r.target.strip().endswith("%")


def _side(ident: dict[str, str], speak: Speaker) -> str:
    verdict = ident.get("verdict", "?")
    return speak._(
        "{period}, {dataset}, verdict {verdict}",
        period=ident.get("period") or speak._("all data"),
        dataset=ident.get("dataset", "?"),
        verdict=_word(speak, verdict, verdict_name(speak, verdict)),
    )


def _method(c: Comparison, speak: Speaker) -> str:
    """The comparison's method in the reader's language when it is the one this version writes."""
    return speak._(c.method) if c.method else ""


def render_text(c: Comparison, lang: str = "en") -> str:
    speak = speaker(lang)
    lines = [
        speak._(
            "comparison of {standard} v{version}", standard=c.current.get("standard"), version=c.current.get("version")
        ),
        "  " + speak._("previous: {side}", side=_side(c.previous, speak)),
        "  " + speak._("current:  {side}", side=_side(c.current, speak)),
        *("  " + speak._("warning: {text}", text=w) for w in c.warnings),
        "",
        speak._("new nonconformities ({n}):", n=len(c.new)),
        *(f"  + {_ref(n, speak)}" for n in c.new),
        speak._("resolved nonconformities ({n}):", n=len(c.resolved)),
        *(f"  - {_ref(n, speak)}" for n in c.resolved),
        *([speak._("not resolved, cannot be judged now ({n}):", n=len(c.unverified))] if c.unverified else []),
        *(f"  ? {_ref(n, speak)}" for n in c.unverified),
        "",
        speak._("requirements (previous → current; change):"),
    ]
    for r in c.requirements:
        o = r.overall
        lines.append(
            f"  {r.clause} {r.id}: {_figure(o.previous, o.previous_display, speak)} → "
            f"{_figure(o.current, o.current_display, speak)}; {change_text(o, _percent(r), speak)}"
        )
        if r.previous_target:
            lines.append("      " + speak._("target changed: {before} → {now}", before=r.previous_target, now=r.target))
        for g in r.groups:
            if g.previous != g.current or g.meaningful:
                lines.append(
                    f"      {_group(g.group, speak)}: {_figure(g.previous, g.previous_display, speak)} → "
                    f"{_figure(g.current, g.current_display, speak)}; {change_text(g, _percent(r), speak)}"
                )
        if any(r.failing_periods):
            lines.append(
                "      "
                + speak._(
                    "failing period buckets: {before} → {now}", before=r.failing_periods[0], now=r.failing_periods[1]
                )
            )
    for label, ids in (
        (speak._("only in the previous audit"), c.only_previous),
        (speak._("only in the current audit"), c.only_current),
    ):
        if ids:
            lines.append(f"{label}: {', '.join(ids)}")
    lines += ["", speak._("method: {method}", method=_method(c, speak))]
    return "\n".join(terminal_text(line) for line in lines) + "\n"


def render_markdown(c: Comparison, lang: str = "en") -> str:
    speak = speaker(lang)
    lines = [
        speak._(
            "# Comparison: {standard} v{version}",
            standard=cell(c.current.get("standard")),
            version=cell(c.current.get("version")),
        ),
        "",
        speak._(
            "Previous: {before} · current: {now}",
            before=cell(_side(c.previous, speak)),
            now=cell(_side(c.current, speak)),
        ),
        "",
        *(speak._("> **Warning:** {text}", text=cell(w)) + "\n" for w in c.warnings),
        speak._("## New nonconformities ({n})", n=len(c.new)),
        "",
        *(f"- {cell(_ref(n, speak))}" for n in c.new),
        "",
        speak._("## Resolved nonconformities ({n})", n=len(c.resolved)),
        "",
        *(f"- {cell(_ref(n, speak))}" for n in c.resolved),
        "",
        *([speak._("## Not resolved, cannot be judged now ({n})", n=len(c.unverified)), ""] if c.unverified else []),
        *(f"- {cell(_ref(n, speak))}" for n in c.unverified),
        *([""] if c.unverified else []),
        speak._("## Requirements"),
        "",
        speak._("| clause | requirement | group | previous | current | change | failing buckets |"),
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in c.requirements:
        for i, fc in enumerate([r.overall, *r.groups]):
            buckets = f"{r.failing_periods[0]} → {r.failing_periods[1]}" if i == 0 else ""
            before = _figure(fc.previous, fc.previous_display, speak)
            now = _figure(fc.current, fc.current_display, speak)
            group = cell(_group(fc.group, speak))
            lines.append(
                f"| {cell(r.clause)} | `{cell(r.id)}` | {group} | {cell(before)} | {cell(now)} | "
                f"{cell(change_text(fc, _percent(r), speak))} | {buckets} |"
            )
    lines += ["", speak._("Method: {method}", method=cell(_method(c, speak))), ""]
    return "\n".join(lines)


def render_json(c: Comparison, lang: str = "en") -> str:
    return json.dumps(c.model_dump(mode="json"), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
