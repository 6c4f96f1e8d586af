"""A comparison as text (the terminal), Markdown (a pull request, a wiki) or JSON (the contract).

Text goes through :func:`terminal_text` and Markdown through :func:`cell`, as the audit report's
do: a group value from the data cannot colour the terminal or inject Markdown.
"""

from __future__ import annotations

import json

from checker.model.report import Comparison, FindingChange, NonconformityRef, RequirementChange
from checker.report.markdown import cell
from checker.report.safe_text import terminal_text


def _group(group: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in group.items()) or "overall"


def _ref(n: NonconformityRef) -> str:
    where = f" [{_group(n.group)}]" if n.group else ""
    waived = ", waived" if n.outcome == "waived" else ""
    return f"{n.requirement}{where} ({n.severity}{waived}): {n.display or 'no value'}"


def _figure(outcome: str | None, display: str | None) -> str:
    return "absent" if outcome is None else f"{outcome} {display or '—'}"


def change_text(fc: FindingChange, percent: bool) -> str:
    """``+1.2 pp (95% CI −0.3 to +2.7 pp, not meaningful)``; the change alone when it is not tested."""
    if fc.change is None:
        return "—"
    scale, unit = (100, " pp") if percent else (1, "")
    text = f"{fc.change * scale:+.2f}{unit}"
    if fc.interval is not None:
        verdict = "meaningful" if fc.meaningful else "not meaningful"
        text += f" (95% CI {fc.interval[0] * 100:+.2f} to {fc.interval[1] * 100:+.2f} pp, {verdict})"
    return text


def _percent(r: RequirementChange) -> bool:
    return r.target.strip().endswith("%")


def _side(ident: dict[str, str]) -> str:
    return f"{ident.get('period', 'all data')}, {ident.get('dataset', '?')}, verdict {ident.get('verdict', '?')}"


def render_text(c: Comparison) -> str:
    lines = [
        f"comparison of {c.current.get('standard')} v{c.current.get('version')}",
        f"  previous: {_side(c.previous)}",
        f"  current:  {_side(c.current)}",
        *(f"  warning: {w}" for w in c.warnings),
        "",
        f"new nonconformities ({len(c.new)}):",
        *(f"  + {_ref(n)}" for n in c.new),
        f"resolved nonconformities ({len(c.resolved)}):",
        *(f"  - {_ref(n)}" for n in c.resolved),
        *([f"not resolved, cannot be judged now ({len(c.unverified)}):"] if c.unverified else []),
        *(f"  ? {_ref(n)}" for n in c.unverified),
        "",
        "requirements (previous → current; change):",
    ]
    for r in c.requirements:
        o = r.overall
        lines.append(
            f"  {r.clause} {r.id}: {_figure(o.previous, o.previous_display)} → {_figure(o.current, o.current_display)}"
            f"; {change_text(o, _percent(r))}"
        )
        if r.previous_target:
            lines.append(f"      target changed: {r.previous_target} → {r.target}")
        for g in r.groups:
            if g.previous != g.current or g.meaningful:
                lines.append(
                    f"      {_group(g.group)}: {_figure(g.previous, g.previous_display)} → "
                    f"{_figure(g.current, g.current_display)}; {change_text(g, _percent(r))}"
                )
        if any(r.failing_periods):
            lines.append(f"      failing period buckets: {r.failing_periods[0]} → {r.failing_periods[1]}")
    for label, ids in (("only in the previous audit", c.only_previous), ("only in the current audit", c.only_current)):
        if ids:
            lines.append(f"{label}: {', '.join(ids)}")
    lines += ["", f"method: {c.method}"]
    return "\n".join(terminal_text(line) for line in lines) + "\n"


def render_markdown(c: Comparison) -> str:
    lines = [
        f"# Comparison: {cell(c.current.get('standard'))} v{cell(c.current.get('version'))}",
        "",
        f"Previous: {cell(_side(c.previous))} · current: {cell(_side(c.current))}",
        "",
        *(f"> **Warning:** {cell(w)}\n" for w in c.warnings),
        f"## New nonconformities ({len(c.new)})",
        "",
        *(f"- {cell(_ref(n))}" for n in c.new),
        "",
        f"## Resolved nonconformities ({len(c.resolved)})",
        "",
        *(f"- {cell(_ref(n))}" for n in c.resolved),
        "",
        *([f"## Not resolved, cannot be judged now ({len(c.unverified)})", ""] if c.unverified else []),
        *(f"- {cell(_ref(n))}" for n in c.unverified),
        *([""] if c.unverified else []),
        "## Requirements",
        "",
        "| clause | requirement | group | previous | current | change | failing buckets |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in c.requirements:
        for i, fc in enumerate([r.overall, *r.groups]):
            buckets = f"{r.failing_periods[0]} → {r.failing_periods[1]}" if i == 0 else ""
            before, now = _figure(fc.previous, fc.previous_display), _figure(fc.current, fc.current_display)
            lines.append(
                f"| {cell(r.clause)} | `{cell(r.id)}` | {cell(_group(fc.group))} | {cell(before)} | {cell(now)} | "
                f"{cell(change_text(fc, _percent(r)))} | {buckets} |"
            )
    lines += ["", f"Method: {cell(c.method)}", ""]
    return "\n".join(lines)


def render_json(c: Comparison) -> str:
    return json.dumps(c.model_dump(mode="json"), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
