"""Golden cases: small tables of records or case events, and what a standard's requirements must
make of them (docs/golden-cases.md).

Why in the standard: a requirement's text says what it means ("answered within 20 seconds, short
abandons left out"); a golden case proves the parameters say the same, on rows a reader can
count by hand, and ``servcheck test`` keeps proving it as the standard, its rules and servcheck
change. The rows are plain data, checked against the canonical tables (``checker/golden/tables.yaml``,
lint SC116); the requirements a case names must exist (lint SC115).
"""

from __future__ import annotations

import math

from pydantic import Field, field_validator, model_validator

from checker.model.common import Identifier, Strict
from checker.model.outcome import Outcome

CellValue = str | int | float | bool | None
"""One value of an inline row: text, a number, a boolean, or null for a missing value."""


class Figures(Strict):
    """An outcome, a measured value and the n it rests on, any of which a case may state."""

    outcome: Outcome | None = Field(default=None, description="the outcome, e.g. pass or fail")
    value: float | None = Field(
        default=None, description="the measured value as the JSON report has it (a share as 0..1, seconds)"
    )
    n: int | None = Field(default=None, ge=0, description="records (or cases) the figure rests on")
    tolerance: float = Field(
        default=1e-9, ge=0, description="largest difference between the measured and the expected value"
    )

    @field_validator("value", "tolerance")
    @classmethod
    def _finite(cls, number: float | None) -> float | None:
        if number is not None and not math.isfinite(number):
            raise ValueError("a figure is a finite number")
        return number

    @model_validator(mode="after")
    def _something(self) -> Figures:
        if self.outcome is None and self.value is None and self.n is None:
            raise ValueError("say what is expected: outcome, value or n")
        return self


class GroupExpectation(Figures):
    """What one group (or period bucket) of a requirement must give, e.g. ``{agent: a2}`` or ``{day: 2024-04-01}``."""

    group: dict[str, str] = Field(
        min_length=1, description="the finding's group and period values, as the report names them"
    )


class Expectation(Figures):
    """What one requirement must give on a case's rows: its outcome, overall figure and n, and
    optionally those of some of its groups."""

    groups: list[GroupExpectation] = Field(
        default_factory=list, description="findings of groups or period buckets, each by its group values"
    )

    @model_validator(mode="after")
    def _something(self) -> Expectation:
        if self.outcome is None and self.value is None and self.n is None and not self.groups:
            raise ValueError("say what is expected: outcome, value, n or groups")
        return self


class GoldenCase(Strict):
    """A table or two of rows and the outcome and figure each named requirement must give on them."""

    name: Identifier = Field(description="unique among the standard's cases, e.g. 'billing-queue-misses-80-20'")
    description: str | None = Field(default=None, description="what the case shows, and the figures by hand")
    timezone: str = Field(default="UTC", description="IANA zone of the rows' naive timestamps")
    period: str | None = Field(
        default=None,
        pattern=r"^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$",
        description="FROM..TO, both days included (default: the days the rows cover)",
    )
    as_of: str | None = Field(default=None, description="judge open cases as of this ISO 8601 instant")
    min_sample: int | None = Field(
        default=None,
        ge=1,
        description="judge the named requirements with this minimum sample instead of their own, so that a "
        "handful of rows can pass or fail (default: the requirement's)",
    )
    tables: dict[str, list[dict[str, CellValue]]] = Field(
        min_length=1, description="canonical table → its rows, each a mapping of canonical field → value"
    )
    expect: dict[str, Expectation] = Field(min_length=1, description="requirement id → what it must give")
