"""Quantities with units, as standards write them: ``"20s"``, ``"3 business days"``, ``"96%"``, ``"2 rings"``.

Why values carry units: "answer within 3" means nothing; a missing or wrong unit is a located
error, never a guess. Percentages are kept as exact fractions so that a measured 96.0% against
a target of ≥ 96% passes exactly at the boundary.

>>> parse_duration("1h30m").seconds
5400.0
>>> parse_duration("3 business days").business
True
>>> parse_percent("96%")
Fraction(24, 25)
>>> parse_target(">= 96%").op
'>='
>>> parse_quantity("5 per 1000").fraction
Fraction(1, 200)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal

Kind = Literal["duration", "percent", "rings", "number", "score", "count", "rate"]

_UNIT_SECONDS = {
    "ms": 0.001,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "秒": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "分钟": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "小时": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "天": 86400,
    "日": 86400,
    "w": 604800,
    "week": 604800,
    "weeks": 604800,
    "周": 604800,
}
_BUSINESS_UNITS = {"hour": "hours", "hours": "hours", "h": "hours", "day": "days", "days": "days", "d": "days"}
_NUMBER = r"\d+(?:\.\d+)?"
_PART = re.compile(rf"\s*({_NUMBER})\s*([a-zA-Z\u4e00-\u9fff]+)")
_BUSINESS = re.compile(rf"^\s*({_NUMBER})\s*(?:business|working)\s+(hours?|days?|h|d)\s*$", re.I)
_RINGS = re.compile(rf"^\s*({_NUMBER})\s*(?:rings?|声)\s*$", re.I)
_PERCENT = re.compile(rf"^\s*(-?{_NUMBER})\s*%\s*$")
_RATE = re.compile(rf"^\s*({_NUMBER})\s*(?:per|/)\s*(\S.*?)\s*$", re.I)
_RATE_BASE = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})*$|^[1-9]\d*$")
_TARGET = re.compile(r"^\s*(>=|<=|==|=|>|<|≥|≤)\s*(.+?)\s*$")
_OPS = {"≥": ">=", "≤": "<=", "=": "=="}


class QuantityError(ValueError):
    """A value whose unit is missing, unknown or of the wrong kind; message says what is expected."""


@dataclass(frozen=True)
class Duration:
    """An elapsed time. ``business`` durations count only a calendar's working time.

    ``business_unit`` keeps "3 business days" distinct from "72 business hours": a business day
    is one working day of the calendar, not 24 hours.
    """

    seconds: float
    text: str
    business: bool = False
    business_unit: Literal["hours", "days"] | None = None
    amount: float = 0.0

    kind: Kind = "duration"


@dataclass(frozen=True)
class Rings:
    """A count of ring cycles; becomes a duration with a ring cadence (seconds per ring)."""

    count: float
    text: str
    kind: Kind = "rings"

    def to_duration(self, cadence_seconds: float) -> Duration:
        return Duration(self.count * cadence_seconds, f"{self.text} (× {cadence_seconds:g} s)")


@dataclass(frozen=True)
class Percent:
    """A percentage held exactly as a fraction of one (``96%`` → 24/25)."""

    fraction: Fraction
    text: str
    kind: Kind = "percent"


@dataclass(frozen=True)
class Number:
    """A unit-less number (a score on a declared scale, an NPS value, a count)."""

    value: Fraction
    text: str
    kind: Kind = "number"


@dataclass(frozen=True)
class Rate:
    """Events per a number of base records, as standards write a complaint rate: ``5 per 1000``.

    Held exactly as a fraction of one (``5 per 1000`` → 1/200), like a percentage, so a measured
    rate compares exactly whatever base the target is written in; ``per`` is kept for display
    (the report shows a measured rate per the same base as its target)."""

    fraction: Fraction
    per: int
    text: str
    kind: Kind = "rate"


Quantity = Duration | Rings | Percent | Number | Rate


def _exact(text: str) -> Fraction:
    try:
        return Fraction(Decimal(text))
    except (InvalidOperation, ValueError):
        raise QuantityError(f"{text!r} is not a number") from None


def parse_duration(value: object) -> Duration:
    """``"20s"``, ``"4 h"``, ``"1h30m"``, ``"2 days"``, ``"3 business days"``, ``"4 working hours"``."""
    if isinstance(value, bool) or not isinstance(value, str):
        raise QuantityError(f'{value!r} has no unit; write a duration such as "20s", "4h" or "3 business days"')
    text = value.strip()
    business = _BUSINESS.match(text)
    if business:
        amount = float(business.group(1))
        unit = _BUSINESS_UNITS[business.group(2).lower()]
        seconds = amount * (3600 if unit == "hours" else 86400)
        return Duration(seconds, text, True, unit, amount)  # type: ignore[arg-type]
    pos = 0
    total = 0.0
    for match in _PART.finditer(text):
        if match.start() != pos:
            break
        unit = match.group(2).lower()
        if unit not in _UNIT_SECONDS:
            raise QuantityError(f"unknown time unit {match.group(2)!r} in {text!r}; use s, min, h, d or w")
        total += float(match.group(1)) * _UNIT_SECONDS[unit]
        pos = match.end()
    if pos == 0 or text[pos:].strip():
        raise QuantityError(f'{text!r} is not a duration; write e.g. "20s", "4h", "3 business days"')
    return Duration(total, text, amount=total)


def parse_percent(value: object) -> Fraction:
    """``"96%"`` → ``Fraction(24, 25)``; a bare number is refused (is 96 a share or a count?)."""
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match:
            return _exact(match.group(1)) / 100
    raise QuantityError(f'{value!r} is not a percentage; write it with a % sign, e.g. "96%"')


def parse_rate(text: str) -> Rate | None:
    """``"5 per 1000"``, ``"0.5 per 1,000"``, ``"5/1000"`` → :class:`Rate`; None when the text is
    not written as a rate at all; :class:`QuantityError` when it is, but the base is not a whole
    number above zero ("5 per thousand", "5 per 0").

    >>> parse_rate("5 per 1,000").per
    1000
    >>> parse_rate("20s") is None
    True
    """
    match = _RATE.match(text)
    if not match:
        return None
    base = match.group(2).strip()
    if not _RATE_BASE.match(base):
        raise QuantityError(
            f"{text!r}: the base of a rate is a whole number of records written in digits, "
            f'e.g. "5 per 1000" or "5 per 1,000", not {base!r}'
        )
    per = int(base.replace(",", ""))
    return Rate(_exact(match.group(1)) / per, per, text)


def parse_quantity(value: object) -> Quantity:
    """Recognise any quantity by its unit; plain numbers become :class:`Number`."""
    if isinstance(value, bool):
        raise QuantityError(f"{value!r} is not a quantity")
    if isinstance(value, int | float):
        return Number(_exact(repr(value)), repr(value))
    if not isinstance(value, str):
        raise QuantityError(f"{value!r} is not a quantity")
    text = value.strip()
    if _PERCENT.match(text):
        return Percent(parse_percent(text), text)
    rate = parse_rate(text)
    if rate is not None:
        return rate
    rings = _RINGS.match(text)
    if rings:
        return Rings(float(rings.group(1)), text)
    if re.fullmatch(rf"-?{_NUMBER}", text):
        return Number(_exact(text), text)
    return parse_duration(text)


@dataclass(frozen=True)
class Target:
    """A comparison such as ``>= 96%`` or ``<= 30s``; ``op`` is one of ``>= > <= < ==``."""

    op: str
    quantity: Quantity
    text: str

    def holds(self, measured: Fraction | float) -> bool:
        """Whether a measured value meets the target; exact for fractions."""
        bound = target_bound(self.quantity)
        return {
            ">=": measured >= bound,
            ">": measured > bound,
            "<=": measured <= bound,
            "<": measured < bound,
            "==": measured == bound,
        }[self.op]


def target_bound(quantity: Quantity) -> Fraction | float:
    """The number a measured value is compared with (seconds for durations)."""
    if isinstance(quantity, Percent | Rate):
        return quantity.fraction
    if isinstance(quantity, Number):
        return quantity.value
    if isinstance(quantity, Duration):
        return quantity.seconds
    raise QuantityError(f"{quantity.text!r} must be converted to a duration before comparing")


def parse_target(value: object) -> Target:
    """``">= 96%"``, ``"<= 30s"``, ``"≥ 40"``; the operator is required."""
    if not isinstance(value, str):
        raise QuantityError(f'{value!r} is not a target; write an operator and a value, e.g. ">= 96%"')
    match = _TARGET.match(value)
    if not match:
        raise QuantityError(f'{value!r} is not a target; start with >=, >, <=, < or ==, e.g. ">= 96%"')
    op = _OPS.get(match.group(1), match.group(1))
    return Target(op, parse_quantity(match.group(2)), value.strip())


def unit_mismatch(unit: str, quantity: Quantity) -> str | None:
    """Why a target's quantity does not fit a rule's result unit, or None when it fits.

    >>> print(unit_mismatch("percent", parse_quantity("30s")))
    target '30s' is a duration but the rule measures a percentage; write e.g. ">= 96%"
    >>> unit_mismatch("duration", parse_quantity("3 rings")) is None
    True
    >>> print(unit_mismatch("rate", parse_quantity("0.5%")))
    target '0.5%' is a percentage but the rule measures a rate per a number of records; write e.g. "<= 5 per 1000"
    """
    kinds = {"percent": ("percent",), "duration": ("duration", "rings"), "number": ("number",), "rate": ("rate",)}
    if quantity.kind in kinds[unit]:
        return None
    names = {
        "percent": "a percentage",
        "duration": "a duration",
        "rings": "a number of rings",
        "number": "a plain number",
        "rate": "a rate per a number of records",
    }
    examples = {"percent": '">= 96%"', "duration": '"<= 30s"', "number": '">= 40"', "rate": '"<= 5 per 1000"'}
    return (
        f"target {quantity.text!r} is {names[quantity.kind]} but the rule measures {names[unit]}; "
        f"write e.g. {examples[unit]}"
    )
