"""Waivers and overlays in the text and Markdown reports: the lines each renderer adds.

One place for both formats so the tally reads the same everywhere: which findings a waiver covers
(their figures kept), which waivers were unused, expired or not yet approved, and which requirements
an overlay tightened, loosened or added.
"""

from __future__ import annotations

from checker.i18n import Speaker, speaker
from checker.model.report import Report, RequirementResult
from checker.report.words import clauses, key_name, labelled, listing

ENGLISH = speaker("en")


def waiver_summary(report: Report, speak: Speaker = ENGLISH) -> list[str]:
    """One line per fact of the tally; empty when no waivers file was given."""
    tally = report.summary.waivers
    if tally is None:
        return []
    day = tally.reference_date if speak.lang == "en" else speak.date(tally.reference_date)
    on = day or speak._("no audit period")
    lines = [
        speak.n_(
            "waivers (in force on {on}): {n} failing finding waived",
            "waivers (in force on {on}): {n} failing findings waived",
            tally.findings_waived,
            on=on,
        )
    ]
    if tally.applied:
        each = [
            speak.n_("{waiver} ({n} finding)", "{waiver} ({n} findings)", n, waiver=w) for w, n in tally.applied.items()
        ]
        applied = listing(speak, each)
        lines.append("  " + speak._("applied: {waivers}", waivers=applied))
    for label, ids in (
        (speak._("unused (matched no failing finding)"), tally.unused),
        (speak._("expired"), tally.expired),
        (speak._("not yet approved"), tally.not_yet_approved),
    ):
        if ids:
            lines.append("  " + labelled(speak, label, listing(speak, ids)))
    return lines


def waived_findings(r: RequirementResult, speak: Speaker = ENGLISH) -> list[str]:
    """``queue=billing, day=2024-04-09: waived by W (…)`` for each waived finding of ``r``."""
    out = []
    for f in [r.overall, *r.groups]:
        if f.waiver is not None:
            where = listing(speak, (f"{key_name(speak, k)}={v}" for k, v in f.group.items())) or speak._("overall")
            line = speak._("{where}: {figure} (n={n}) {reason}", where=where, figure=f.display, n=f.n, reason=f.reason)
            out.append(line)
    return out


def change_word(speak: Speaker, change: str) -> str:
    """What an overlay did to a requirement (English: the model's word, as the JSON report writes it)."""
    return {
        "tightened": speak.p_("overlay change", "tightened"),
        "loosened": speak.p_("overlay change", "loosened"),
        "added": speak.p_("overlay change", "added"),
        "unchanged": speak.p_("overlay change", "unchanged"),
    }.get(change, change)


def overlay_notes(r: RequirementResult, speak: Speaker = ENGLISH) -> list[str]:
    """``tightened by standards/site.yaml: target >= 96% → >= 97%`` for each overlay change."""
    out = []
    for note in r.overlay:
        text = speak._("{change} by {document}", change=change_word(speak, note.change), document=note.document)
        if note.fields:
            text = speak._("{change}: {fields}", change=text, fields=clauses(speak, note.fields))
        if note.justification is not None:
            first, second = (note.justification.zh, note.justification.en)
            if speak.lang == "en":
                first, second = second, first
            text += " " + speak._("(justification: {text})", text=first or second)
        out.append(text)
    return out
