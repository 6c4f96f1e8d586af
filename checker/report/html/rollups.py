"""Roll-ups of requirement outcomes by a clause tag (ISO 23592 dimension, element and level; tier,
category, SERVQUAL; and the tag sets a standard declares for itself, such as a GB/T 42509 stage).

Why by requirement, not by clause: a clause with three requirements, one failed, is one failure in
three; counting clauses would hide how much of an element is unassessed or failing. Informative
clauses (no requirements) do not appear. Tag values are sorted so the table reads E1, E2, …, L1, L2;
a declared tag set keeps the order it declares (plan, operate, evaluate).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from checker.model.report import OUTCOME_ORDER, Outcome, Report

ISO_TAGS = ("dimension", "element", "level")
ROLLUP_TAGS = ("tier", "category", "servqual")


@dataclass(frozen=True)
class RollupRow:
    value: str
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    worst: Outcome | None = "pass"  # None: a declared value no requirement carries
    clauses: tuple[str, ...] = ()


def rollup(report: Report, tag: str, order: Sequence[str] | None = None) -> list[RollupRow]:
    """One row per value of ``tag``: requirement outcomes counted, the worst outcome, the clauses.

    ``order``: the values in the order to show them (a declared tag set's); others follow, sorted. A
    declared value that no requirement carries is shown too, with no requirements and no outcome, so
    the reader sees that nothing of the standard was measured there."""
    counts: dict[str, dict[str, int]] = {}
    clauses: dict[str, list[str]] = {}
    for clause in report.clauses:
        value = clause.tags.get(tag)
        if value is None or not clause.requirements:
            continue
        bucket = counts.setdefault(value, {})
        for requirement in clause.requirements:
            bucket[requirement.outcome] = bucket.get(requirement.outcome, 0) + 1
        clauses.setdefault(value, []).append(clause.number)
    rows = []
    rank = {value: i for i, value in enumerate(order or ())}
    if not counts:
        return []
    for value in sorted(set(counts) | set(rank), key=lambda v: (rank.get(v, len(rank)), v)):
        if value not in counts:
            rows.append(RollupRow(value, {}, 0, None, ()))
            continue
        bucket = counts[value]
        worst = max(bucket, key=lambda o: OUTCOME_ORDER[o])
        ordered = dict(sorted(bucket.items(), key=lambda item: -OUTCOME_ORDER[item[0]]))
        rows.append(RollupRow(value, ordered, sum(bucket.values()), worst, tuple(clauses[value])))  # type: ignore[arg-type]
    return rows
