"""The report's sections, in order: each a partial template plus the data it needs.

Why a registry: a new section (for example case timelines of breached cases, when the report model
carries them) is one builder function, one partial template and one line in :data:`SECTIONS`;
nothing else changes. A builder returns None when its section has nothing to show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.i18n import N_, Speaker
from checker.model.report import Report
from checker.report import charts, client
from checker.report.html import view
from checker.report.html.rollups import ISO_TAGS, ROLLUP_TAGS, rollup
from checker.report.qualitative import qualitative_clauses

Builder = Callable[[Report, Speaker], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    """The heading, an English msgid marked with ``N_`` and translated when the page is rendered."""
    template: str
    build: Builder


def natural(text: str) -> tuple[object, ...]:
    """``E2`` before ``E10``: digits compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _summary(_report: Report, _s: Speaker) -> dict[str, Any]:
    return {}


def _findings(report: Report, _s: Speaker) -> dict[str, Any] | None:
    """Every requirement with the figure that decided it (worst group or period) and the overall beside it."""
    rows = client.finding_rows(report)
    return {"rows": rows} if rows else None


def _actions(report: Report, _s: Speaker) -> dict[str, Any] | None:
    rows = client.action_rows(report)
    return {"rows": rows} if rows else None


def _method(report: Report, _s: Speaker) -> dict[str, Any]:
    return {"rules": client.method_rows(report)}


def _limitations(report: Report, speak: Speaker) -> dict[str, Any]:
    return {"rows": client.limitations(report, speak)}


def _requirements(report: Report, speak: Speaker) -> dict[str, Any]:
    drill = {
        r.id: {
            "breakdowns": view.breakdowns(r),
            "headline": client.headline(r),
            "trend": _inline(
                view.trend(r), chart_id(r.id, "trend"), speak._("Trend of {id} per period against its target", id=r.id)
            ),
            "distribution": _inline(
                view.distribution(r),
                chart_id(r.id, "distribution"),
                speak._("Distribution of the measured quantity for {id}", id=r.id),
            ),
        }
        for clause in report.clauses
        for r in clause.requirements
    }
    return {"drill": drill}


def chart_id(requirement_id: str, kind: str) -> str:
    """A DOM id per requirement and chart kind, one-to-one (requirement ids are unique in a standard
    and may hold ``.`` and ``_``, which are spelt out so no two ids meet).

    >>> chart_id("sla.p1_response", "trend"), chart_id("sla-p1", "trend")
    ('chart-sla_dp1__response-trend', 'chart-sla-p1-trend')
    """
    return f"chart-{requirement_id.replace('_', '__').replace('.', '_d')}-{kind}"


def _inline(chart: charts.Chart | None, dom_id: str, title: str) -> str | None:
    """The chart as inline SVG with an id of its own."""
    return None if chart is None else chart.inline(dom_id, title)


def _iso(report: Report, speak: Speaker) -> dict[str, Any] | None:
    """ISO 23592: roll-ups by element and pyramid level, and each element self-assessment profile."""
    profiles = []
    for clause in report.clauses:
        for r in clause.requirements:
            if r.measure != "assessment" or "element" not in r.group_by:
                continue
            per_element = sorted(
                (f for f in r.groups if set(f.group) == {"element"}), key=lambda f: natural(f.group["element"])
            )
            if not per_element:
                continue
            chart = charts.profile_chart(
                f"{r.id}:profile",
                [f.group["element"] for f in per_element],
                [f.value for f in per_element],
                view.bound(r.target),
            )
            svg = chart.inline(
                chart_id(r.id, "profile"), speak._("Self-assessment profile of {id} by element", id=r.id)
            )
            profiles.append({"clause": clause, "requirement": r, "findings": per_element, "chart": svg})
    tables = {tag: rollup(report, tag) for tag in ISO_TAGS}
    if not profiles and not any(tables.values()):
        return None
    return {"profiles": profiles, "tables": tables}


def _rollups(report: Report, _s: Speaker) -> dict[str, Any] | None:
    """By tier, category and SERVQUAL dimension, then by each tag set the standard declares."""
    tables = {tag: rollup(report, tag) for tag in ROLLUP_TAGS}
    tables.update({tag: rollup(report, tag, ts.values) for tag, ts in report.tag_sets.items()})
    return {"tables": tables} if any(tables.values()) else None


def _qualitative(report: Report, _s: Speaker) -> dict[str, Any] | None:
    """Qualitative clauses with their outcome, what judged them, and whether they decide the verdict."""
    clauses = qualitative_clauses(report)
    return {"clauses": clauses} if clauses else None


def _comparison(report: Report, _s: Speaker) -> dict[str, Any] | None:
    """The comparison with a previous audit (``servcheck audit --compare``), when there is one."""
    return {"comparison": report.comparison} if report.comparison is not None else None


def _always(_report: Report, _s: Speaker) -> dict[str, Any]:
    return {}


SECTIONS: tuple[Section, ...] = (
    Section("summary", N_("Executive summary"), "_summary.html.j2", _summary),
    Section("findings", N_("Findings"), "_findings.html.j2", _findings),
    Section("actions", N_("Corrective actions"), "_actions.html.j2", _actions),
    Section("method", N_("Method"), "_method.html.j2", _method),
    Section("requirements", N_("Clauses and requirements"), "_requirements.html.j2", _requirements),
    Section("qualitative", N_("Qualitative clauses"), "_qualitative.html.j2", _qualitative),
    Section("iso23592", N_("ISO 23592 service excellence"), "_iso.html.j2", _iso),
    Section("rollups", N_("Roll-ups by tier, category, SERVQUAL and own tags"), "_rollups.html.j2", _rollups),
    Section("limitations", N_("Limitations"), "_limitations.html.j2", _limitations),
    Section("comparison", N_("Comparison with the previous audit"), "_comparison.html.j2", _comparison),
    Section("ledger", N_("Data ledger"), "_ledger.html.j2", _always),
    Section("inputs", N_("Inputs and parameters"), "_inputs.html.j2", _always),
    Section("signoff", N_("Sign-off"), "_signoff.html.j2", _always),
)
