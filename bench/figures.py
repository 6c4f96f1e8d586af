"""The figures every engine must agree on, in one shape, and the comparison that checks they do.

Shape: ``{requirement id: {group key: [n, value, successes]}}``. The group key is
``"dim=label|dim=label"`` over the finding's group sorted by name (``""`` = overall), with the
labels servcheck reports (``queue=general``, ``day=2024-04-01``, ``month=2024-04``, ``(missing)``).
Values are in servcheck's units: shares as fractions 0–1, NPS in points, durations in seconds.
Findings with n = 0 (a group that exists in the table but has nothing in the requirement's scope)
are dropped on every side: they carry no figure.

The baselines read the source files' own codes (``Q_BILLING``, ``Voice``); :data:`LABELS` maps them
to the canonical labels, as the dataset mapping does for servcheck.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

Figures = dict[str, dict[str, list[Any]]]

LABELS: dict[str, dict[str, str]] = {
    "queue": {
        "Q_GENERAL": "general",
        "Q_BILLING": "billing",
        "Q_TECH": "tech",
        "Q_VIP": "vip",
        "General Service": "general",
        "Billing": "billing",
        "Technical Support": "tech",
        "VIP": "vip",
    },
    "channel": {
        "VOICE": "phone",
        "APP": "app",
        "CALLBACK": "callback",
        "Voice": "phone",
        "App": "app",
        "Callback": "callback",
    },
}
EXACT_MEASURES = {"share", "rate", "service-level", "nps"}
REL_TOLERANCE = 1e-9


def label(dim: str, value: Any) -> str:
    """A raw group value as servcheck labels it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "(missing)"
    text = str(value)
    return LABELS.get(dim, {}).get(text, text)


def key(group: dict[str, Any]) -> str:
    return "|".join(f"{d}={label(d, v)}" for d, v in sorted(group.items()))


def add(figures: Figures, req: str, group: dict[str, Any], n: int, value: float | None, ok: int | None = None) -> None:
    """Record one finding; empty findings (n = 0) carry no figure and are skipped."""
    if n:
        figures.setdefault(req, {})[key(group)] = [
            int(n),
            None if value is None else float(value),
            None if ok is None else int(ok),
        ]


def from_report(report: dict[str, Any]) -> Figures:
    """servcheck's JSON report → figures."""
    out: Figures = {}

    def walk(clauses: list[dict[str, Any]]) -> None:
        for clause in clauses:
            for req in clause.get("requirements", []):
                for finding in [req["overall"], *req.get("groups", [])]:
                    add(
                        out,
                        req["id"],
                        finding.get("group", {}),
                        finding["n"],
                        finding["value"],
                        finding.get("successes"),
                    )
            walk(clause.get("clauses", []))

    walk(report["clauses"])
    return out


def load(path: Path) -> Figures:
    return json.loads(path.read_text(encoding="utf-8"))


def save(figures: Figures, path: Path) -> None:
    path.write_text(json.dumps(figures, sort_keys=True, indent=0), encoding="utf-8")


def differences(reference: Figures, other: Figures, limit: int = 10) -> list[str]:
    """Where ``other`` disagrees with ``reference``: counts exactly, values within 1e-9 relative."""
    problems: list[str] = []
    for req in sorted(set(reference) | set(other)):
        mine, theirs = reference.get(req, {}), other.get(req, {})
        for group in sorted(set(mine) | set(theirs)):
            a, b = mine.get(group), theirs.get(group)
            if a is None or b is None:
                problems.append(f"{req} [{group}]: only in {'reference' if b is None else 'other'}")
                continue
            if a[0] != b[0] or a[2] != b[2]:
                problems.append(f"{req} [{group}]: n/successes {a[0]}/{a[2]} vs {b[0]}/{b[2]}")
            elif (a[1] is None) != (b[1] is None) or (
                a[1] is not None and not math.isclose(a[1], b[1], rel_tol=REL_TOLERANCE, abs_tol=1e-12)
            ):
                problems.append(f"{req} [{group}]: value {a[1]!r} vs {b[1]!r}")
            if len(problems) >= limit:
                return problems
    return problems
