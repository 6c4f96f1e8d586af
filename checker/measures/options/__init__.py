"""Each measure's ``options`` model by measure name, and which options hold expressions or fields.

The models and declarations live in :mod:`checker.measures.options.models` (the measure modules
take theirs from there): this package is what lint and the rules JSON Schema read about them, and
reading it loads no measure module, no planner and no SQL machinery (a cold ``servcheck lint``
used to import all 17 measures to validate the rules' options, issue 15).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checker.measures import registry

if TYPE_CHECKING:
    from pydantic import BaseModel

    from checker.measures.options.base import ExpressionOptions, FieldOptions
    from checker.measures.options.models import Declared


def _declared(measure: str) -> Declared | None:
    if measure not in registry.MEASURES:
        return None
    from checker.measures.options.models import DECLARED

    return DECLARED[measure]


def options_model(measure: str) -> type[BaseModel] | None:
    """The options model of ``measure`` (None for an unknown measure, which loading reports)."""
    declared = _declared(measure)
    return declared.model if declared else None


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
    declared = _declared(measure)
    return declared.expressions if declared else ()


def field_options(measure: str) -> FieldOptions:
    """Options of ``measure`` naming one canonical field, with the field types it computes with."""
    declared = _declared(measure)
    return declared.fields if declared else ()
