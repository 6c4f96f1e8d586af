"""Each measure's ``options`` model, importable without DuckDB: the lint and the schema read them.

The options classes live here, one module per measure (``scale`` holds the csat, ces and
assessment options), importing neither DuckDB nor sqlglot; each measure module imports its
options from here. :data:`OPTIONS` is the one table from measure name to
model: the JSON Schema of rules (``options`` per ``measure``) and lint check SC050 are built from
it, so a measure's options are declared once.

The imports are lazy (:func:`options_model`): ``servcheck lint`` only pays for the measures its
rules use, and importing this package never imports a measure's planning code.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from checker.measures.options.base import Options

OPTIONS_AT: dict[str, tuple[str, str]] = {
    "share": ("checker.measures.options.share", "ShareOptions"),
    "service-level": ("checker.measures.options.service_level", "ServiceLevelOptions"),
    "rate": ("checker.measures.options.rate", "RateOptions"),
    "statistic": ("checker.measures.options.statistic", "StatisticOptions"),
    "nps": ("checker.measures.options.nps", "NpsOptions"),
    "csat": ("checker.measures.options.scale", "CsatOptions"),
    "ces": ("checker.measures.options.scale", "CesOptions"),
    "assessment": ("checker.measures.options.scale", "AssessmentOptions"),
    "availability": ("checker.measures.options.availability", "AvailabilityOptions"),
    "timer": ("checker.measures.options.timer", "TimerOptions"),
    "follow-up": ("checker.measures.options.follow_up", "FollowUpOptions"),
    "case-path": ("checker.measures.options.case_path", "CasePathOptions"),
}
"""Measure name → (module, class) of its options model. Every ``MeasureName`` has an entry."""


def options_model(measure: str) -> type[Options] | None:
    """The options model of ``measure`` (None for an unknown measure, which loading reports)."""
    where = OPTIONS_AT.get(measure)
    if where is None:
        return None
    return getattr(importlib.import_module(where[0]), where[1])


def all_models() -> Iterator[tuple[str, type[Options]]]:
    """(measure, options model) for every measure, in registry order."""
    for measure in OPTIONS_AT:
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
