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

from checker.model.report import Report
from checker.report import charts
from checker.report.html import view
from checker.report.html.rollups import ROLLUP_TAGS, rollup
from checker.report.i18n import Messages

Builder = Callable[[Report, Messages], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    anchor: str
    title_key: str
    template: str
    build: Builder


def natural(text: str) -> tuple[object, ...]:
    """``E2`` before ``E10``: digits compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _summary(report: Report, _m: Messages) -> dict[str, Any]:
    actions = [
        (clause, r) for clause in report.clauses for r in clause.requirements if r.outcome not in ("pass", "waived")
    ]
    return {"actions": actions}


def _requirements(report: Report, _m: Messages) -> dict[str, Any]:
    drill = {
        r.id: {"breakdowns": view.breakdowns(r), "trend": view.trend(r), "distribution": view.distribution(r)}
        for clause in report.clauses
        for r in clause.requirements
    }
    return {"drill": drill}


def _iso(report: Report, _m: Messages) -> dict[str, Any] | None:
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
            profiles.append({"clause": clause, "requirement": r, "findings": per_element, "chart": chart})
    tables = {tag: rollup(report, tag) for tag in ("element", "level")}
    if not profiles and not any(tables.values()):
        return None
    return {"profiles": profiles, "tables": tables}


def _rollups(report: Report, _m: Messages) -> dict[str, Any] | None:
    tables = {tag: rollup(report, tag) for tag in ROLLUP_TAGS if tag not in ("element", "level")}
    return {"tables": tables} if any(tables.values()) else None


def _comparison(report: Report, _m: Messages) -> dict[str, Any] | None:
    """The comparison with a previous audit (``servcheck audit --compare``), when there is one."""
    return {"comparison": report.comparison} if report.comparison is not None else None


def _always(_report: Report, _m: Messages) -> dict[str, Any]:
    return {}


SECTIONS: tuple[Section, ...] = (
    Section("summary", "section.summary", "_summary.html.j2", _summary),
    Section("requirements", "section.requirements", "_requirements.html.j2", _requirements),
    Section("iso23592", "section.iso", "_iso.html.j2", _iso),
    Section("rollups", "section.rollups", "_rollups.html.j2", _rollups),
    Section("comparison", "section.comparison", "_comparison.html.j2", _comparison),
    Section("ledger", "section.ledger", "_ledger.html.j2", _always),
    Section("inputs", "section.inputs", "_inputs.html.j2", _always),
)
