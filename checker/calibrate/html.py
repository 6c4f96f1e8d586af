"""``--format html``: the calibration as one self-contained page, a chart per requirement.

Built like the audit report: Jinja2 with autoescape (every value from data or standards is escaped),
words from the message catalogue, charts drawn by the project's chart library
(:mod:`checker.report.charts`, matplotlib → inline SVG) and nothing fetched (a Content-Security-Policy
forbids every other source). Deterministic: the same calibration gives byte-identical HTML.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from checker.calibrate.model import Calibrated, Calibration
from checker.calibrate.render import figure_text, margin_text, per_of, split_line
from checker.report import charts
from checker.report.i18n import Messages, pick

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def period_chart(r: Calibrated, index: int, m: Messages) -> str | None:
    """The deciding figure per period (failed periods red) against the target line."""
    counted = [p for p in r.periods if p.counted]
    if not counted:
        return None
    scale = per_of(r) if r.unit == "rate" else 1
    values = [None if p.value is None else p.value * scale for p in r.periods]
    series = charts.Series(values, [p.counted and not p.met for p in r.periods], main=True)
    chart = charts.trend_chart(
        f"calibrate-{r.id}", [p.period for p in r.periods], [series], r.bound * scale, None, r.unit == "percent"
    )
    return chart.inline(f"cal{index}-periods", m.t("calibrate.chart_periods", id=r.id))


def curve_chart(r: Calibrated, index: int, m: Messages) -> str | None:
    c = r.curve
    if c is None or not c.responses:
        return None
    threshold_after = next((i for i, b in enumerate(c.bands) if b.high is not None and b.high == c.threshold), None)
    chart = charts.band_chart(
        f"calibrate-curve-{r.id}",
        [b.label for b in c.bands],
        [b.share for b in c.bands],
        [b.interval for b in c.bands],
        threshold_after,
    )
    return chart.inline(f"cal{index}-curve", m.t("calibrate.chart_curve", id=r.id, quantity=c.quantity))


def render_html(c: Calibration, lang: str = "en") -> str:
    m = Messages(lang)
    title = pick(c.title, lang)
    items = []
    for i, r in enumerate(c.requirements):
        per = per_of(r)
        items.append(
            {
                "r": r,
                "title": (pick(r.title, lang) or ("", ""))[0],
                "periods_chart": period_chart(r, i, m),
                "curve_chart": curve_chart(r, i, m),
                "figure": lambda v, r=r, per=per: figure_text(r.unit, v, per),
                "worst": margin_text(r.unit, r.worst_margin, per),
                "wide": margin_text(r.unit, r.wide_margin, per).lstrip("+"),
                "at_threshold": split_line(m, r.curve.at_threshold, "at_threshold")
                if r.curve and r.curve.at_threshold
                else None,
                "largest_drop": split_line(m, r.curve.largest_drop, "largest_drop")
                if r.curve and r.curve.largest_drop
                else None,
            }
        )
    return (
        _environment()
        .get_template("calibrate.html.j2")
        .render(
            c=c,
            t=m.t,
            m=m,
            lang=lang,
            heading=m.t("calibrate.title", standard=title[0] if title else c.standard),
            period=m.label(f"period.{c.period}", c.period),
            items=items,
            levels=", ".join(m.percent(x, 0) for x in c.settings["levels"]),
            flagged={f: [r.id for r in c.requirements if f in r.flags] for f in ("infeasible", "no-stretch")},
        )
    )
