"""A calibration as text (the terminal) or JSON (the contract for other tools).

Text goes through :func:`~checker.report.safe_text.terminal_text`: a group value from the data cannot
colour the terminal. Words come from the report's message catalogue (``calibrate.*``), so ``--lang zh``
speaks Chinese; numbers are formatted by the requirement's unit, as the audit report formats them.
"""

from __future__ import annotations

from checker.calibrate.model import Calibrated, Calibration, Curve, Split
from checker.report.i18n import Messages, pick
from checker.report.safe_text import terminal_text


def figure_text(unit: str, value: float | None, per: int = 1000) -> str:
    """A figure in its unit: ``97.4%``, ``11.0 s``, ``2.54 per 1,000``, ``3.20``.

    >>> figure_text("percent", 0.97351), figure_text("duration", 11.04), figure_text("rate", 0.00254)
    ('97.35%', '11.0 s', '2.54 per 1,000')
    """
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value * 100:.2f}%"
    if unit == "duration":
        return f"{value:.1f} s"
    if unit == "rate":
        return f"{value * per:.2f} per {per:,}"
    return f"{value:.2f}"


def margin_text(unit: str, value: float | None, per: int = 1000) -> str:
    """A distance to the target: ``+10.21 pp``, ``+19.0 s``, ``+2.46 per 1,000``."""
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value * 100:+.2f} pp"
    if unit == "duration":
        return f"{value:+.1f} s"
    if unit == "rate":
        return f"{value * per:+.2f} per {per:,}"
    return f"{value:+.2f}"


def per_of(r: Calibrated) -> int:
    """The base a rate target is written in (``5 per 1000`` → 1000)."""
    if r.unit != "rate":
        return 1
    words = r.target.split()
    return int(words[-1]) if words and words[-1].isdigit() else 1000


def group_text(group: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in group.items())


def split_line(m: Messages, s: Split, key: str) -> str:
    low, high = s.interval if s.interval else (None, None)
    return m.t(
        f"calibrate.{key}",
        edge=f"{s.edge:g}",
        below=m.percent(s.below_share),
        above=m.percent(s.above_share),
        below_n=s.below_n,
        above_n=s.above_n,
        difference=f"{s.difference * 100:+.1f} pp",
        low="—" if low is None else f"{low * 100:+.1f} pp",
        high="—" if high is None else f"{high * 100:+.1f} pp",
    )


def curve_lines(m: Messages, c: Curve) -> list[str]:
    bands = " | ".join(f"{b.label} {m.percent(b.share) if b.share is not None else '—'} (n={b.n})" for b in c.bands)
    lines = [m.t("calibrate.curve", quantity=c.quantity, table=c.table, score=c.score) + ":", f"    {bands}"]
    if c.at_threshold is not None:
        lines.append("    " + split_line(m, c.at_threshold, "at_threshold"))
    if c.largest_drop is not None:
        lines.append("    " + split_line(m, c.largest_drop, "largest_drop"))
    if c.reason:
        lines.append("    " + m.t("calibrate.no_drop", reason=c.reason))
    return lines


def requirement_lines(m: Messages, r: Calibrated) -> list[str]:
    per = per_of(r)
    flagged = "".join(f"  [{f.upper()}]" for f in r.flags)
    lines = [f"{r.clause} {r.id}: {r.rule} target {r.target}{flagged}"]
    if r.not_calibrated:
        return [*lines, "  " + m.t("calibrate.not_calibrated", reason=r.not_calibrated)]
    if r.counted:
        lines.append("  " + m.t("calibrate.met", met=r.met, counted=r.counted, share=m.percent(r.share_met)))
        lines.append(
            "  "
            + m.t(
                "calibrate.worst",
                margin=margin_text(r.unit, r.worst_margin, per),
                wide=margin_text(r.unit, r.wide_margin, per).lstrip("+"),
            )
        )
        levels = "; ".join(f"{m.t('calibrate.level', level=m.percent(x.level, 0))}: {x.target}" for x in r.levels)
        lines.append(f"  {m.t('calibrate.levels')}: {levels}")
    else:
        lines.append("  " + m.t("calibrate.none_counted"))
    lines.extend(f"  * {note}" for note in r.notes)
    for p in r.periods:
        if p.counted:
            by = f" [{group_text(p.decided_by)}]" if p.decided_by else ""
            mark = m.t("calibrate.outcome") + ": " + m.t("calibrate.yes" if p.met else "calibrate.no")
            lines.append(f"    {p.period}: {figure_text(r.unit, p.value, per)} (n={p.n}){by} {mark}")
        else:
            lines.append(f"    {p.period}: {m.t('calibrate.not_counted', n=p.n)} — {p.reason}")
        lines.extend(
            f"      {m.t('calibrate.not_counted', n=x.n)}: {group_text(x.group)}: {x.reason}" for x in p.not_counted
        )
    if r.curve is not None:
        lines.extend("  " + line for line in curve_lines(m, r.curve))
    return lines


def render_text(c: Calibration, lang: str = "en") -> str:
    m = Messages(lang)
    title = pick(c.title, lang)
    period = m.label(f"period.{c.period}", c.period)
    lines = [
        m.t("calibrate.title", standard=title[0] if title else c.standard),
        m.t("calibrate.lead", id=c.standard, version=c.version, dataset=c.dataset, period=period),
        "",
        f"{m.t('calibrate.flags')}:",
    ]
    flagged = [(f, r) for r in c.requirements for f in r.flags]
    for flag in ("infeasible", "no-stretch"):
        ids = [r.id for f, r in flagged if f == flag]
        if ids:
            lines.append(f"  {m.t('calibrate.' + flag)}: {', '.join(ids)}")
    if not flagged:
        lines.append("  " + m.t("calibrate.no_flags"))
    for r in c.requirements:
        lines += ["", *requirement_lines(m, r)]
    s = c.settings
    lines += [
        "",
        m.t(
            "calibrate.settings",
            levels=", ".join(m.percent(x, 0) for x in s["levels"]),
            min_periods=s["min_periods"],
            percent=m.percent(s["wide_margin"]["percent"], 0),
            relative=m.percent(s["wide_margin"]["relative"], 0),
        ),
    ]
    return "\n".join(terminal_text(line) for line in lines) + "\n"


def render_json(c: Calibration) -> str:
    """The calibration as JSON: deterministic for the same inputs (no wall-clock, lists in standard order)."""
    return c.model_dump_json(indent=2) + "\n"
