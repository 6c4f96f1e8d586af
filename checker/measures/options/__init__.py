"""Each measure's ``options`` model by measure name, and which options hold expressions or fields.

The models live in the measure modules (``NAME``, ``OPTIONS``/``<Name>Options``); this package is
what lint and the rules JSON Schema read about them: :func:`options_model` (loaded lazily, so
linting a standard pays only for the measures its rules use), :data:`EXPRESSIONS` and
:data:`FIELDS`. The measure modules import neither DuckDB nor a connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checker.measures import registry

if TYPE_CHECKING:
    from pydantic import BaseModel

CLASS_NAMES: dict[str, str] = {
    "timer": "TimerOptions",
    "follow-up": "FollowUpOptions",
    "case-path": "CasePathOptions",
}
"""Measures whose module names its options model by class rather than ``OPTIONS``."""


def options_model(measure: str) -> type[BaseModel] | None:
    """The options model of ``measure`` (None for an unknown measure, which loading reports)."""
    if measure not in registry.MEASURES:
        return None
    module = registry.module(measure)
    return getattr(module, CLASS_NAMES[measure]) if measure in CLASS_NAMES else module.OPTIONS


def all_models() -> Iterator[tuple[str, type[BaseModel]]]:
    """(measure, options model) for every registered measure, in registry order."""
    for measure in registry.NAMES:
        model = options_model(measure)
        assert model is not None
        yield measure, model


ExpressionKind = str
"""``predicate`` (a condition) or ``value``."""

EXPRESSIONS: dict[str, tuple[tuple[tuple[str, ...], ExpressionKind], ...]] = {
    "share": ((("base",), "predicate"), (("condition",), "predicate"), (("distribution",), "value")),
    "rate": ((("denominator",), "predicate"), (("numerator",), "predicate")),
    "statistic": ((("base",), "predicate"),),
    "timer": (
        *((((key,), "predicate")) for key in ("start", "stop", "pause", "resume", "reset", "cancel")),
        (("goals", "*", "when"), "predicate"),
    ),
    "follow-up": ((("trigger",), "predicate"), (("response",), "predicate")),
}
"""Options holding a safe expression over the table's canonical fields (``*``: every list item).
The measure compiles each with the rule's parameters as ``:name``; lint compiles the same text
with :func:`checker.engine.expressions.compile_expression` and the fields' declared types."""

NUMERIC = ("integer", "number", "duration")
FIELDS: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    "service-level": ((("outcome",), ("text",)), (("wait",), NUMERIC)),
    "statistic": ((("field",), NUMERIC),),
    "nps": ((("field",), ("integer", "number")),),
    "csat": ((("field",), ("integer", "number")),),
    "ces": ((("field",), ("integer", "number")),),
    "assessment": ((("field",), ("integer", "number")),),
    "availability": ((("start",), ("timestamp",)), (("end",), ("timestamp",))),
    "timer": (
        (("record", "start"), ("timestamp",)),
        (("record", "stop"), ("timestamp",)),
        (("goals", "*", "due"), ("timestamp",)),
    ),
    "case-path": ((("field",), ("text",)),),
}
"""Options naming one canonical field, with the field types the measure can compute with."""
