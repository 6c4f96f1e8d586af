"""Targets as the checks compare them: which unit a quantity is in, rings turned into durations."""

from __future__ import annotations

from checker.model.quantity import Duration, Number, Percent, Quantity, Rate, Rings

UNIT_OF_KIND = {
    "percent": "percent",
    "duration": "duration",
    "rings": "duration",
    "number": "number",
    "rate": "rate",
}
"""The rule ``unit`` each quantity kind satisfies: rings are a way of writing a duration."""

EXAMPLE_OF_UNIT = {
    "percent": (">= 96%",),
    "duration": ("<= 20s", "<= 3 rings"),
    "number": (">= 40",),
    "rate": ("<= 5 per 1000",),
}
"""Targets written in each unit, for hints (shown as code: what to type)."""


def unit_of(quantity: Quantity) -> str:
    return UNIT_OF_KIND.get(quantity.kind, quantity.kind)


def as_comparable(quantity: Quantity, cadence: float) -> Percent | Duration | Number | Rate:
    """Rings become a duration with the ring cadence; other quantities stay as they are."""
    if isinstance(quantity, Rings):
        return quantity.to_duration(cadence)
    return quantity


def direction(op: str) -> str:
    """``up`` for lower bounds (>=, >), ``down`` for upper bounds (<=, <), ``exact`` for ==."""
    return {">=": "up", ">": "up", "<=": "down", "<": "down"}.get(op, "exact")
