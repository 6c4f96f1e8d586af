"""The ring cadence in force and a target read in its rule's unit: one implementation for lint and plan.

Lint and the audit planner must agree on both, or lint would pass a target the audit refuses
(or convert "3 rings" with a different cadence than the report states).
"""

from __future__ import annotations

from checker.model.dataset import Dataset
from checker.model.params import DEFAULT_RING_CADENCE_SECONDS
from checker.model.quantity import QuantityError, Rings, Target, parse_duration, parse_target, unit_mismatch
from checker.model.standard import Standard


def ring_cadence(standard: Standard, dataset: Dataset | None = None) -> tuple[float, str]:
    """Seconds per ring and where it comes from: the dataset's telephony wins, then the
    standard's ``settings.ring_cadence``, then the documented default (5 s).

    A cadence that does not parse was reported while loading; it is skipped here."""
    for value, source in (
        (dataset.ring_cadence if dataset else None, f"dataset {dataset.id}" if dataset else ""),
        (standard.settings.ring_cadence, f"standard {standard.id}"),
    ):
        if value:
            try:
                return parse_duration(value).seconds, source
            except QuantityError:
                continue
    return DEFAULT_RING_CADENCE_SECONDS, "default"


def target_in_unit(text: str, unit: str, cadence: float) -> tuple[Target | None, str | None]:
    """``(target, None)`` with rings turned into a duration, or ``(None, why)`` when the target's
    quantity is not in the rule's ``unit`` (or is not a target at all)."""
    try:
        target = parse_target(text)
    except QuantityError as err:
        return None, str(err)
    problem = unit_mismatch(unit, target.quantity)
    if problem:
        return None, problem
    if isinstance(target.quantity, Rings):
        return Target(target.op, target.quantity.to_duration(cadence), target.text), None
    return target, None
