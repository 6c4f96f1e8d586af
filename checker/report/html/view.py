"""What the drill-down of one requirement shows: breakdown tables, trend and distribution data.

Why a separate view layer: the template only lays out; the decisions (which findings form a
table, where the target line sits, which points failed) live here in plain Python, testable
without HTML. Values stay at full precision until the :class:`~checker.i18n.Speaker`
formatter turns them into text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.model.quantity import QuantityError, parse_target, target_bound
from checker.model.report import Finding, RequirementResult
from checker.report import charts


@dataclass(frozen=True)
class Breakdown:
    """Findings sharing one set of group keys; ``pivot`` = (row key, period key) for a group × period grid."""

    keys: tuple[str, ...]
    findings: tuple[Finding, ...]
    pivot: tuple[str, str] | None = None

    def grid(self) -> tuple[list[str], list[str], dict[tuple[str, str], Finding]]:
        """Rows (group values), columns (periods) and the finding in each cell, for the pivot table."""
        assert self.pivot is not None
        row_key, col_key = self.pivot
        cells = {(f.group[row_key], f.group[col_key]): f for f in self.findings}
        rows = sorted({r for r, _ in cells})
        cols = sorted({c for _, c in cells})
        return rows, cols, cells


def bound(text: str | None) -> float | None:
    """A target's number on the value's scale (shares 0..1, seconds); None when it cannot be placed."""
    if not text:
        return None
    try:
        return float(target_bound(parse_target(text).quantity))
    except QuantityError:
        return None  # e.g. a target in rings: the line is left out rather than drawn at a guessed place


def breakdowns(r: RequirementResult) -> list[Breakdown]:
    """Group findings split by their key sets: by group, by period, and group × period as a grid."""
    by_keys: dict[tuple[str, ...], list[Finding]] = {}
    for finding in r.groups:
        by_keys.setdefault(tuple(sorted(finding.group)), []).append(finding)
    out = []
    for keys in sorted(by_keys, key=lambda k: (len(k), k)):
        pivot = None
        if len(keys) == 2 and r.period in keys:
            pivot = (next(k for k in keys if k != r.period), r.period)
        out.append(Breakdown(keys, tuple(by_keys[keys]), pivot))
    return out


def trend(r: RequirementResult) -> charts.Chart | None:
    """The per-period chart: overall per period (blue), each group per period (grey), failures in red."""
    if r.period == "none":
        return None
    per_period = [f for f in r.groups if r.period in f.group]
    periods = sorted({f.group[r.period] for f in per_period})
    if len(periods) < 2:
        return None
    lines: dict[tuple[tuple[str, str], ...], dict[str, Finding]] = {}
    for f in per_period:
        rest = tuple(sorted((k, v) for k, v in f.group.items() if k != r.period))
        lines.setdefault(rest, {})[f.group[r.period]] = f
    series = []
    for rest in sorted(lines):
        points = lines[rest]
        values = [points[p].value if p in points else None for p in periods]
        failed = [p in points and points[p].outcome == "fail" for p in periods]
        series.append(charts.Series(values, failed, main=not rest))
    return charts.trend_chart(
        f"{r.id}:trend", periods, series, bound(r.target), bound(r.warn), percent=r.unit == "percent"
    )


def distribution(r: RequirementResult) -> charts.Chart | None:
    """The histogram of the measured quantity, when the report carries one for this requirement.

    Reads an optional ``histogram`` attribute (``edges``, ``counts``, ``threshold``, ``unit``): the
    report model does not carry it yet (see docs/report.md for the proposed field); when it does,
    the chart appears with no change here.
    """
    histogram: Any = getattr(r, "histogram", None)
    if not histogram:
        return None
    get = histogram.get if isinstance(histogram, dict) else lambda name: getattr(histogram, name, None)
    return charts.distribution_chart(
        f"{r.id}:distribution", get("edges"), get("counts"), get("threshold"), get("unit") or r.unit
    )
