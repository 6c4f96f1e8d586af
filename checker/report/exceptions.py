"""Waivers and overlays in the text and Markdown reports: the lines each renderer adds.

One place for both formats so the tally reads the same everywhere: which findings a waiver covers
(their figures kept), which waivers were unused, expired or not yet approved, and which requirements
an overlay tightened, loosened or added.
"""

from __future__ import annotations

from checker.model.report import Report, RequirementResult


def waiver_summary(report: Report) -> list[str]:
    """One line per fact of the tally; empty when no waivers file was given."""
    tally = report.summary.waivers
    if tally is None:
        return []
    on = tally.reference_date or "no audit period"
    lines = [f"waivers (in force on {on}): {tally.findings_waived} failing finding(s) waived"]
    if tally.applied:
        lines.append(
            "  applied: " + ", ".join(f"{w} ({n} finding{'s' if n != 1 else ''})" for w, n in tally.applied.items())
        )
    for label, ids in (
        ("unused (matched no failing finding)", tally.unused),
        ("expired", tally.expired),
        ("not yet approved", tally.not_yet_approved),
    ):
        if ids:
            lines.append(f"  {label}: {', '.join(ids)}")
    return lines


def waived_findings(r: RequirementResult) -> list[str]:
    """``queue=billing, day=2024-04-09: waived by W (…)`` for each waived finding of ``r``."""
    out = []
    for f in [r.overall, *r.groups]:
        if f.waiver is not None:
            where = ", ".join(f"{k}={v}" for k, v in f.group.items()) or "overall"
            out.append(f"{where}: {f.display} (n={f.n}) {f.reason}")
    return out


def overlay_notes(r: RequirementResult) -> list[str]:
    """``tightened by standards/site.yaml: target >= 96% → >= 97%`` for each overlay change."""
    out = []
    for note in r.overlay:
        text = f"{note.change} by {note.document}"
        if note.fields:
            text += ": " + "; ".join(note.fields)
        if note.justification is not None:
            text += f" (justification: {note.justification.en or note.justification.zh})"
        out.append(text)
    return out
