"""Typed parameter values: a requirement's ``params`` checked against its rule's declared parameters.

Used by the linter (to report wrong units at the parameter's line) and by the planner (to turn
``"3 rings"`` into seconds with the ring cadence in force).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from checker import codes
from checker.codes import Code
from checker.model.quantity import (
    Duration,
    QuantityError,
    Rings,
    parse_duration,
    parse_percent,
    parse_quantity,
)
from checker.model.rule import Parameter, Rule

DEFAULT_RING_CADENCE_SECONDS = 5.0
"""One ring cycle in China is about 5 s (North America 6 s, UK 3 s); see DOMAIN.md."""

ParamTyped = float | int | str | bool | Fraction | Duration


@dataclass(frozen=True)
class ParamProblem:
    """A parameter that is unknown, missing or of the wrong type; ``key`` is the parameter's name."""

    key: str
    message: str
    code: Code = codes.RULE_PARAMETERS


def coerce(name: str, spec: Parameter, value: object, cadence: float) -> ParamTyped:
    """One value to its declared type; raises :class:`QuantityError` with a message for the writer."""
    if spec.type == "duration":
        if isinstance(value, str):
            quantity = parse_quantity(value)
            if isinstance(quantity, Rings):
                return quantity.to_duration(cadence)
        return parse_duration(value)
    if spec.type == "percent":
        return parse_percent(value)
    if spec.type in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise QuantityError(f"parameter {name!r} takes a plain number, not {value!r}")
        if spec.type == "integer" and not float(value).is_integer():
            raise QuantityError(f"parameter {name!r} takes a whole number, not {value!r}")
        return value
    if spec.type == "boolean":
        if not isinstance(value, bool):
            raise QuantityError(f"parameter {name!r} takes true or false, not {value!r}")
        return value
    if not isinstance(value, str):
        raise QuantityError(f"parameter {name!r} takes text, not {value!r}")
    if spec.type == "enum" and spec.values and value not in spec.values:
        raise QuantityError(f"parameter {name!r} takes one of {', '.join(spec.values)}, not {value!r}")
    return value


def resolve_params(
    rule: Rule, given: dict[str, object], cadence: float = DEFAULT_RING_CADENCE_SECONDS
) -> tuple[dict[str, ParamTyped], list[ParamProblem]]:
    """Every declared parameter with its typed value (given or default), and the problems found."""
    values: dict[str, ParamTyped] = {}
    problems: list[ParamProblem] = []
    for key in sorted(set(given) - set(rule.parameters)):
        declared = ", ".join(sorted(rule.parameters)) or "none"
        problems.append(ParamProblem(key, f"rule {rule.id!r} has no parameter {key!r} (it takes: {declared})"))
    for name, spec in rule.parameters.items():
        raw = given.get(name, spec.default)
        if raw is None:
            problems.append(ParamProblem(name, f"rule {rule.id!r} needs parameter {name!r}"))
            continue
        try:
            values[name] = coerce(name, spec, raw, cadence)
        except QuantityError as err:
            problems.append(ParamProblem(name, str(err), codes.UNIT))
    return values, problems


def as_seconds(value: ParamTyped) -> float:
    if isinstance(value, Duration):
        return value.seconds
    raise QuantityError(f"{value!r} is not a duration")
