"""A calibration as text (the terminal) or JSON (the contract for other tools).

Text goes through :func:`~checker.report.safe_text.terminal_text`: a group value from the data cannot
colour the terminal. Words are English msgids translated by gettext (:mod:`checker.i18n`, domain
``calibrate``), plurals by the catalogue's rule, so ``--lang zh`` speaks Chinese; figures are
formatted by the requirement's unit, as the audit report formats them.
"""

from __future__ import annotations

from checker.calibrate.model import Calibrated, Calibration, Curve, Split
from checker.i18n import Speaker, speaker
from checker.report.i18n import pick
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


def split_line(say: Speaker, s: Split, largest: bool = False) -> str:
    """The split at the threshold (or the largest difference) in one sentence."""
    low, high = s.interval if s.interval else (None, None)
    fields = {
        "edge": f"{s.edge:g}",
        "below": say.percent(s.below_share),
        "above": say.percent(s.above_share),
        "below_n": say.integer(s.below_n),
        "above_n": say.integer(s.above_n),
        "difference": f"{s.difference * 100:+.1f} pp",
        "low": "—" if low is None else f"{low * 100:+.1f} pp",
        "high": "—" if high is None else f"{high * 100:+.1f} pp",
    }
    if largest:
        return say._("Largest difference at {edge} s: {below} against {above} ({difference}).", **fields)
    return say._(
        "At the threshold {edge} s: {below} satisfied at or below it (n={below_n}) against {above} above it "
        "(n={above_n}); difference {difference} (95% CI {low} to {high}).",
        **fields,
    )


def curve_title(say: Speaker, c: Curve) -> str:
    return say._(
        "Satisfaction by {quantity} ({table}.{score}: share satisfied, 95% interval)",
        quantity=c.quantity,
        table=c.table,
        score=c.score,
    )


def curve_lines(say: Speaker, c: Curve) -> list[str]:
    bands = " | ".join(f"{b.label} {say.percent(b.share) if b.share is not None else '—'} (n={b.n})" for b in c.bands)
    lines = [curve_title(say, c) + ":", f"    {bands}"]
    if c.at_threshold is not None:
        lines.append("    " + split_line(say, c.at_threshold))
    if c.largest_drop is not None:
        lines.append("    " + split_line(say, c.largest_drop, largest=True))
    if c.reason:
        lines.append("    " + say._("Where it drops cannot be told: {reason}.", reason=c.reason))
    return lines


def flag_text(say: Speaker, flag: str) -> str:
    if flag == "infeasible":
        return say._("infeasible — never met in any counted period")
    return say._("no stretch — met in every counted period with a wide margin")


def met_text(say: Speaker, r: Calibrated) -> str:
    return say.n_(
        "met in {met} of {n} counted period ({share})",
        "met in {met} of {n} counted periods ({share})",
        r.counted,
        met=r.met,
        share=say.percent(r.share_met),
    )


def worst_text(say: Speaker, r: Calibrated) -> str:
    per = per_of(r)
    return say._(
        "worst period's distance to the target: {margin} (a wide margin is more than {wide})",
        margin=margin_text(r.unit, r.worst_margin, per),
        wide=margin_text(r.unit, r.wide_margin, per).lstrip("+"),
    )


def level_text(say: Speaker, level: float) -> str:
    return say._("met in {level} of periods", level=say.percent(level, 0))


def not_counted_text(say: Speaker, n: int) -> str:
    return say.n_("not counted ({n} record)", "not counted ({n} records)", n)


def settings_text(say: Speaker, c: Calibration) -> str:
    s = c.settings
    return say._(
        "Settings in force: levels {levels}; flags need {min_periods} counted periods; a wide margin is more than "
        "{percent} of the percent scale, or {relative} of another target's bound.",
        levels=", ".join(say.percent(x, 0) for x in s.levels),
        min_periods=s.min_periods,
        percent=say.percent(s.wide_margin.percent, 0),
        relative=say.percent(s.wide_margin.relative, 0),
    )


def heading(say: Speaker, c: Calibration) -> tuple[str, str]:
    """The title and the lead sentence."""
    title = pick(c.title, say.lang)
    period = period_word(say, c.period)
    return (
        say._("Calibration of {standard} against past data", standard=title[0] if title else c.standard),
        say._(
            "Standard {id} version {version}, dataset {dataset}: each requirement's figure per {period}, "
            "as the audit computes it.",
            id=c.standard,
            version=c.version,
            dataset=c.dataset,
            period=period,
        ),
    )


def notes(say: Speaker, r: Calibrated, period: str) -> list[str]:
    """How a requirement's periods were decided, when that is not plain."""
    found = []
    if r.group_by:
        groups = ", ".join(r.group_by)
        if r.min_sample > 1:
            found.append(
                say._(
                    "each {period} is decided by its worst group by {groups}; groups with fewer than {min_sample} "
                    "records are listed as not counted",
                    period=period,
                    groups=groups,
                    min_sample=r.min_sample,
                )
            )
        else:
            found.append(say._("each {period} is decided by its worst group by {groups}", period=period, groups=groups))
    if r.data_quality is not None:
        found.append(say._("not flagged: {reason}", reason=r.data_quality))
    if r.intervals is not None:
        found.append(
            say._(
                "the audit judges it on the share of {intervals} intervals meeting the target ({target}); "
                "calibrated here on each {period}'s own figure",
                intervals=r.intervals.period,
                target=r.intervals.target,
                period=period,
            )
        )
    return found


def period_word(say: Speaker, unit: str) -> str:
    return {"day": say._("day"), "week": say._("week"), "month": say._("month")}.get(unit, unit)


def requirement_lines(say: Speaker, r: Calibrated, period: str) -> list[str]:
    per = per_of(r)
    flagged = "".join(f"  [{f.upper()}]" for f in r.flags)
    lines = [f"{r.clause} {r.id}: {r.rule} {say._('target')} {r.target}{flagged}"]
    if r.not_calibrated:
        return [*lines, "  " + say._("Not calibrated: {reason}", reason=r.not_calibrated)]
    if r.counted:
        lines.append("  " + met_text(say, r))
        lines.append("  " + worst_text(say, r))
        levels = "; ".join(f"{level_text(say, x.level)}: {x.target}" for x in r.levels)
        lines.append(f"  {say._('Targets')}: {levels}")
    else:
        lines.append("  " + say._("no period could be counted"))
    lines.extend(f"  * {note}" for note in notes(say, r, period))
    for p in r.periods:
        if p.counted:
            by = f" [{group_text(p.decided_by)}]" if p.decided_by else ""
            mark = say._("met") if p.met else say._("NOT MET")
            lines.append(f"    {p.period}: {figure_text(r.unit, p.value, per)} (n={p.n}){by} {mark}")
        else:
            lines.append(f"    {p.period}: {not_counted_text(say, p.n)} — {p.reason}")
        lines.extend(f"      {not_counted_text(say, x.n)}: {group_text(x.group)}: {x.reason}" for x in p.not_counted)
    if r.curve is not None:
        lines.extend("  " + line for line in curve_lines(say, r.curve))
    return lines


def render_text(c: Calibration, lang: str = "en") -> str:
    say = speaker(lang)
    title, lead = heading(say, c)
    lines = [title, lead, "", say._("Flags") + ":"]
    flagged = [(f, r) for r in c.requirements for f in r.flags]
    for flag in ("infeasible", "no-stretch"):
        ids = [r.id for f, r in flagged if f == flag]
        if ids:
            lines.append(f"  {flag_text(say, flag)}: {', '.join(ids)}")
    if not flagged:
        lines.append("  " + say._("No target is flagged."))
    for r in c.requirements:
        lines += ["", *requirement_lines(say, r, period_word(say, c.period))]
    lines += ["", settings_text(say, c)]
    return "\n".join(terminal_text(line) for line in lines) + "\n"


def render_json(c: Calibration) -> str:
    """The calibration as JSON: deterministic for the same inputs (no wall-clock, lists in standard order)."""
    return c.model_dump_json(indent=2) + "\n"
