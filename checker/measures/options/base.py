"""The base of every measure's options model, and the shapes of the option declarations.

Why apart from :mod:`checker.measures.base`: that module plans SQL (sqlglot, the engine); lint
validates a rule's ``options`` against its measure's model without planning anything, so the
models and their base live where importing them costs only pydantic (issue 15).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

ExpressionOptions = tuple[tuple[tuple[str, ...], str], ...]
"""(path of the option inside ``options:`` — ``*`` for every list item —, ``predicate`` or ``value``)."""

FieldOptions = tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
"""(path of the option, the canonical field types it accepts)."""

NUMERIC = ("integer", "number", "duration")
"""Field types a statistic can compute with."""


class Options(BaseModel):
    """Base of each measure's options model (the rule's ``options:`` block); unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
