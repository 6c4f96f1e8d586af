"""Static SVG charts for the HTML report, drawn by matplotlib and written inline into the page.

Why these choices:
- matplotlib is imported lazily (inside :func:`_figure`) so ``servcheck --version`` and lint stay fast;
  the object API with the Agg/SVG canvas keeps no global pyplot state.
- ``svg.fonttype: none`` keeps chart text as ``<text>``: selectable, searchable, read by screen
  readers, and printed as text in a PDF; ``text.parse_math: False`` shows a ``$`` in a label as
  written. ``svg.hashsalt`` plus ``metadata={'Date': None}`` remove the random ids and the
  timestamp, so the same data gives byte-identical SVG.
- Chart texts are language-neutral (period labels, numbers, element ids). The words that explain a
  chart (its title, what the lines mean) are HTML around it, in the reader's language, and the
  chart's ``<title>``/``<desc>`` with ``role="img"`` name it for assistive technology.
- Inline, not ``<img>``: :meth:`Chart.inline` prefixes every id (and every ``#id`` reference) with the
  chart's own DOM id and scopes matplotlib's one style rule to the chart, so charts on one page
  neither collide nor leak styles; nothing is fetched.
"""

from __future__ import annotations

import base64
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any
from xml.sax.saxutils import escape

INK = "#1f2937"
GRID = "#d1d5db"
TARGET = "#b91c1c"
WARN_BAND = "#fde68a"
OVERALL = "#1d4ed8"
GROUP = "#9ca3af"
FAIL = "#dc2626"
BAR = "#2563eb"


@dataclass(frozen=True)
class Chart:
    """One rendered chart: the SVG text and its ``data:`` URI for an ``<img>``."""

    svg: str

    @property
    def uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")

    def inline(self, dom_id: str, title: str, description: str = "") -> str:
        """The SVG for an HTML page: ids prefixed with ``dom_id``, style scoped, named for screen readers.

        >>> svg = Chart('<svg width="1pt" viewBox="0 0 1 1"><defs><style type="text/css">*{a: b}</style>'
        ...             '<path id="m1"/></defs><use xlink:href="#m1" clip-path="url(#p2)"/></svg>')
        >>> print(svg.inline("c1", "Trend <x>"))  # doctest: +NORMALIZE_WHITESPACE
        <svg id="c1" class="chart-svg" role="img" aria-labelledby="c1-title" viewBox="0 0 1 1"><title
        id="c1-title">Trend &lt;x&gt;</title><defs><style type="text/css">#c1 *{a: b}</style><path
        id="c1-m1"/></defs><use xlink:href="#c1-m1" clip-path="url(#c1-p2)"/></svg>
        """
        if not re.fullmatch(r"[A-Za-z][\w-]*", dom_id):
            raise ValueError(f"a chart id must be a plain identifier, got {dom_id!r}")
        body = re.sub(r"<metadata>.*?</metadata>\s*", "", self.svg, count=1, flags=re.S)
        body = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{dom_id}-{m[1]}"', body)
        body = re.sub(r'(href)="#([^"]+)"', lambda m: f'{m[1]}="#{dom_id}-{m[2]}"', body)
        body = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{dom_id}-{m[1]})", body)
        body = body.replace('<style type="text/css">*{', f'<style type="text/css">#{dom_id} *{{', 1)
        head_end = body.index(">") + 1
        view_box = re.search(r'viewBox="([^"]+)"', body[:head_end])
        labelled = f"{dom_id}-title" + (f" {dom_id}-desc" if description else "")
        head = (
            f'<svg id="{dom_id}" class="chart-svg" role="img" aria-labelledby="{labelled}"'
            + (f' viewBox="{view_box[1]}"' if view_box else "")
            + (' xmlns="http://www.w3.org/2000/svg"' if 'xmlns="' in body[:head_end] else "")
            + (' xmlns:xlink="http://www.w3.org/1999/xlink"' if "xmlns:xlink" in body[:head_end] else "")
            + ">"
        )
        names = f'<title id="{dom_id}-title">{escape(title)}</title>'
        if description:
            names += f'<desc id="{dom_id}-desc">{escape(description)}</desc>'
        return head + names + body[head_end:]


@dataclass(frozen=True)
class Series:
    """A line over the periods; ``None`` where a period has no value; ``failed`` marks points in red."""

    values: Sequence[float | None]
    failed: Sequence[bool]
    main: bool = False


def _rc(salt: str) -> dict[str, Any]:
    return {
        "svg.fonttype": "none",
        "text.parse_math": False,
        "svg.hashsalt": f"servcheck:{salt}",
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.edgecolor": GRID,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "path.simplify": False,
    }


def _figure(salt: str, width: float, height: float, draw: Any) -> Chart:
    """Draw with ``draw(axes)`` on a fresh figure and return deterministic SVG (no XML prolog)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc(salt)):
        figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        axes.grid(True, axis="y", color=GRID, linewidth=0.6)
        axes.set_axisbelow(True)
        draw(axes)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return Chart(text[text.index("<svg") :])


def _percent_axis(axes: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v * 100:g}%"))


def _target_lines(axes: Any, target: float | None, warn: float | None) -> None:
    if target is not None and warn is not None:
        axes.axhspan(min(target, warn), max(target, warn), color=WARN_BAND, alpha=0.7, linewidth=0, zorder=0)
    if target is not None:
        axes.axhline(target, color=TARGET, linestyle="--", linewidth=1.4, zorder=1)


def trend_chart(
    salt: str,
    periods: Sequence[str],
    series: Sequence[Series],
    target: float | None,
    warn: float | None,
    percent: bool,
) -> Chart:
    """Values per period: the overall line (blue), each group (grey), failures (red dots), target and warn band."""

    def draw(axes: Any) -> None:
        xs = list(range(len(periods)))
        _target_lines(axes, target, warn)
        for line in sorted(series, key=lambda s: s.main):  # the overall line is drawn last, on top
            points = [(x, v) for x, v in zip(xs, line.values, strict=True) if v is not None]
            if not points:
                continue
            axes.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                color=OVERALL if line.main else GROUP,
                linewidth=2.0 if line.main else 0.9,
                marker="o" if line.main else None,
                markersize=3.5,
                zorder=3 if line.main else 2,
            )
            bad = [(x, v) for x, v, f in zip(xs, line.values, line.failed, strict=True) if f and v is not None]
            if bad:
                axes.scatter([p[0] for p in bad], [p[1] for p in bad], color=FAIL, s=22, zorder=4)
        step = max(1, math.ceil(len(periods) / 14))
        axes.set_xticks(xs[::step], [_short_period(p) for p in periods][::step], rotation=45, ha="right")
        if percent:
            _percent_axis(axes)
        axes.set_xlim(-0.5, len(periods) - 0.5)

    return _figure(salt, 7.2, 2.8, draw)


def _short_period(label: str) -> str:
    """``2024-04-09`` → ``04-09``: day labels stay short; weeks and months are shown as written."""
    return label[5:] if len(label) == 10 and label[4] == "-" and label[7] == "-" else label


def distribution_chart(
    salt: str, edges: Sequence[float], counts: Sequence[int], threshold: float | None, unit: str
) -> Chart:
    """A histogram from pre-binned counts (``len(edges) == len(counts) + 1``) with the threshold line."""
    if len(edges) != len(counts) + 1:
        raise ValueError(f"a histogram needs one more edge than counts, got {len(edges)} edges, {len(counts)} counts")

    def draw(axes: Any) -> None:
        widths = [b - a for a, b in pairwise(edges)]
        colours = [FAIL if threshold is not None and left >= threshold else BAR for left in edges[:-1]]
        axes.bar(edges[:-1], counts, width=widths, align="edge", color=colours, edgecolor="white", linewidth=0.5)
        if threshold is not None:
            axes.axvline(threshold, color=TARGET, linestyle="--", linewidth=1.4)
        axes.set_xlabel(unit)

    return _figure(salt, 7.2, 2.6, draw)


def profile_chart(salt: str, labels: Sequence[str], values: Sequence[float | None], target: float | None) -> Chart:
    """The self-assessment profile: one bar per element (ids as labels), the target as a dashed line."""

    def draw(axes: Any) -> None:
        xs = list(range(len(labels)))
        shown = [0.0 if v is None else v for v in values]
        colours = [FAIL if target is not None and v is not None and v < target else BAR for v in values]
        axes.bar(xs, shown, color=colours, width=0.62)
        for x, v in zip(xs, values, strict=True):
            if v is not None:
                axes.annotate(f"{v:.1f}", (x, v), ha="center", va="bottom", xytext=(0, 2), textcoords="offset points")
        if target is not None:
            axes.axhline(target, color=TARGET, linestyle="--", linewidth=1.4)
        top = max([*(v for v in values if v is not None), target or 0, 1.0])
        axes.set_ylim(0, 5 * math.ceil(top / 5))
        axes.set_xticks(xs, list(labels))

    return _figure(salt, 7.2, 2.6, draw)


def band_chart(
    salt: str,
    labels: Sequence[str],
    shares: Sequence[float | None],
    intervals: Sequence[tuple[float, float] | None],
    threshold_after: int | None,
) -> Chart:
    """A share per band (bars) with its 95% interval (error bars); a dashed line after band
    ``threshold_after``, where the requirement's threshold falls. Empty bands have no bar."""

    def draw(axes: Any) -> None:
        xs = list(range(len(labels)))
        shown = [0.0 if s is None else s for s in shares]
        axes.bar(xs, shown, color=BAR, width=0.62)
        for x, s, ci in zip(xs, shares, intervals, strict=True):
            if s is not None and ci is not None:
                axes.errorbar([x], [s], yerr=[[s - ci[0]], [ci[1] - s]], color=INK, capsize=3, linewidth=1, fmt="none")
        if threshold_after is not None:
            axes.axvline(threshold_after + 0.5, color=TARGET, linestyle="--", linewidth=1.4)
        axes.set_ylim(0, 1.05)
        _percent_axis(axes)
        axes.set_xticks(xs, list(labels), rotation=30, ha="right")

    return _figure(salt, 7.2, 2.6, draw)
