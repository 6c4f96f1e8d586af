"""Rules: the KPI dictionary. Each names a measure, the table and fields it needs, and its parameters."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from checker.measures.registry import NAMES
from checker.model.common import Reference, Strict, Text

MeasureName = Literal[NAMES]  # type: ignore[valid-type]
"""Generated from the measure registry (:mod:`checker.measures.registry`)."""
ParamType = Literal["duration", "percent", "number", "integer", "text", "enum", "boolean"]
Unit = Literal["percent", "duration", "number", "rate"]
"""``rate``: events per base records, targets written "<= 5 per 1000" (:class:`~checker.model.quantity.Rate`)."""


class Parameter(Strict):
    """A typed parameter of a rule; a requirement's value must match the type (and unit)."""

    type: ParamType
    default: str | int | float | bool | None = None
    values: list[str] | None = Field(default=None, description="allowed values when type is enum")
    limit: bool = Field(
        default=False,
        description="this duration is the requirement's time limit (e.g. 'answer within'); it must be above zero",
    )
    description: Text | None = None


class Rule(Strict):
    """A reusable, documented way to measure something."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$", description="e.g. 'contact.service-level'")
    title: Text
    definition: Text
    measure: MeasureName
    table: str = Field(min_length=1, description="logical table of the dataset, e.g. 'calls'")
    fields: list[str] = Field(default_factory=list, description="canonical fields the rule reads")
    unit: Unit = Field(description="unit of the measured value; targets must use it")
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    options: dict[str, Any] = Field(
        default_factory=dict, description="measure-specific settings; see the measure's documentation"
    )
    references: list[Reference] = Field(default_factory=list)


class RuleFile(Strict):
    """A file of rules (``kind: rules``)."""

    kind: Literal["rules"]
    rules: list[Rule] = Field(min_length=1)
