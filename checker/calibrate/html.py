"""``--format html``: the calibration as one self-contained page, a chart per requirement.

Built like the audit report: Jinja2 with autoescape (every value from data or standards is escaped),
words translated by gettext (:mod:`checker.i18n`, domain ``calibrate``; the template marks them
with ``_()``), charts drawn by the project's chart library (:mod:`checker.report.charts`,
matplotlib → inline SVG) and nothing fetched (a Content-Security-Policy forbids every other source).
Deterministic: the same calibration gives byte-identical HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.calibrate import render
from checker.calibrate.model import Calibrated, Calibration
from checker.i18n import Speaker, speaker
from checker.report import charts
from checker.report.html import template_environment
from checker.report.i18n import pick

TEMPLATES = Path(__file__).resolve().parent / "templates"


def period_chart(say: Speaker, r: Calibrated, index: int) -> str | None:
    """The deciding figure per period (periods that missed the target in red) against the target line."""
    if not any(p.counted for p in r.periods):
        return None
    scale = render.per_of(r) if r.unit == "rate" else 1
    values = [None if p.value is None else p.value * scale for p in r.periods]
    series = charts.Series(values, [p.counted and not p.met for p in r.periods], main=True)
    chart = charts.trend_chart(
        f"calibrate-{r.id}", [p.period for p in r.periods], [series], r.bound * scale, None, r.unit == "percent"
    )
    return chart.inline(f"cal{index}-periods", say._("{id}: figure per period against the target", id=r.id))


def curve_chart(say: Speaker, r: Calibrated, index: int) -> str | None:
    """The satisfied share per band with its interval; the dashed line where the threshold falls."""
    c = r.curve
    if c is None or not c.responses:
        return None
    after = next((i for i, b in enumerate(c.bands) if b.high is not None and b.high == c.threshold), None)
    chart = charts.band_chart(
        f"calibrate-curve-{r.id}",
        [b.label for b in c.bands],
        [b.share for b in c.bands],
        [b.interval for b in c.bands],
        after,
    )
    title = say._("{id}: satisfied share by band of {quantity}", id=r.id, quantity=c.quantity)
    return chart.inline(f"cal{index}-curve", title)


def _item(say: Speaker, r: Calibrated, index: int, lang: str, period: str) -> dict[str, Any]:
    per = render.per_of(r)
    curve = r.curve
    return {
        "r": r,
        "notes": render.notes(say, r, period),
        "title": (pick(r.title, lang) or ("", ""))[0],
        "periods_chart": period_chart(say, r, index),
        "curve_chart": curve_chart(say, r, index),
        "figures": [render.figure_text(r.unit, p.value, per, say) for p in r.periods],
        "met": render.met_text(say, r) if r.counted else None,
        "worst": render.worst_text(say, r) if r.counted else None,
        "levels": [render.level_text(say, x.level) for x in r.levels],
        "not_counted": [render.not_counted_text(say, p.n) for p in r.periods],
        "group_not_counted": [[render.not_counted_text(say, x.n) for x in p.not_counted] for p in r.periods],
        "curve_title": render.curve_title(say, curve) if curve else None,
        "at_threshold": render.split_line(say, curve.at_threshold) if curve and curve.at_threshold else None,
        "largest_drop": render.split_line(say, curve.largest_drop, True) if curve and curve.largest_drop else None,
    }


def render_html(c: Calibration, lang: str = "en") -> str:
    say = speaker(lang)
    title, lead = render.heading(say, c)
    return (
        template_environment(TEMPLATES)
        .get_template("calibrate.html.j2")
        .render(
            c=c,
            _=say._,
            say=say,
            lang=lang,
            heading=title,
            lead=lead,
            settings=render.settings_text(say, c),
            items=[_item(say, r, i, lang, render.period_word(say, c.period)) for i, r in enumerate(c.requirements)],
            flagged=[
                (flag, render.flag_text(say, flag), [r.id for r in c.requirements if flag in r.flags])
                for flag in ("infeasible", "no-stretch")
            ],
        )
    )
