"""Each measure's ``options`` model by measure name, and which options hold expressions or fields.

Everything lives in the measure modules (``NAME``, ``OPTIONS``, ``EXPRESSION_OPTIONS``,
``FIELD_OPTIONS``), so adding a measure touches no table here; this package is what lint and the
rules JSON Schema read about them, loaded lazily, so linting a standard pays only for the
measures its rules use. The measure modules import neither DuckDB nor a connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checker.measures import registry

if TYPE_CHECKING:
    from pydantic import BaseModel

    from checker.measures.base import ExpressionOptions, FieldOptions


def options_model(measure: str) -> type[BaseModel] | None:
    """The options model of ``measure`` (None for an unknown measure, which loading reports)."""
    if measure not in registry.MEASURES:
        return None
    return registry.module(measure).OPTIONS  # type: ignore[no-any-return]


def all_models() -> Iterator[tuple[str, type[BaseModel]]]:
    """(measure, options model) for every registered measure, in registry order."""
    for measure in registry.NAMES:
        model = options_model(measure)
        assert model is not None
        yield measure, model


def expression_options(measure: str) -> ExpressionOptions:
    """Options of ``measure`` holding a safe expression (``*``: every list item), with their kind:
    ``predicate`` or ``value``. The measure compiles each with the rule's parameters as ``:name``;
    lint compiles the same text with :func:`checker.engine.expressions.compile_expression` and the
    fields' declared types."""
    if measure not in registry.MEASURES:
        return ()
    return getattr(registry.module(measure), "EXPRESSION_OPTIONS", ())


def field_options(measure: str) -> FieldOptions:
    """Options of ``measure`` naming one canonical field, with the field types it computes with."""
    if measure not in registry.MEASURES:
        return ()
    return getattr(registry.module(measure), "FIELD_OPTIONS", ())
