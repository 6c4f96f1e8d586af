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

Writers on a Chinese keyboard type full-width forms and Chinese quantity words; they are read
where they mean one thing only (:func:`normalise_notation`) and refused with the exact ASCII
replacement otherwise:

>>> parse_percent("９６％")
Fraction(24, 25)
>>> parse_quantity("三声").count
3.0
>>> normalise_notation("≥ 四十八小时")
'≥ 48h'
>>> parse_quantity("5 per 1000").fraction
Fraction(1, 200)
"""

from __future__ import annotations

import operator
import re
import unicodedata
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


class NotationError(QuantityError):
    """A quantity written in a form with more than one reading (``3分``: minutes or points?).

    ``reason`` names the message (``NOTATION[reason]`` in ``checker/load/documents.py``, so the
    writer reads it in their language); ``replacement`` is the exact text to write instead, when
    one reading is the likely one."""

    def __init__(self, reason: str, value: str, word: str, replacement: str | None = None):
        english = {
            "bare-minute": f'{value!r} could be {word} minutes or {word} points; write "{word}min" for minutes',
            "approximate": f"{value!r} says {word!r}: a target is one number and its operator says "
            "'at most' or 'at least'",
            "numeral": f"{word!r} is not a number servcheck can read; write it in digits",
        }[reason]
        super().__init__(english)
        self.reason = reason
        self.value = value
        self.word = word
        self.replacement = replacement


_CN_DIGITS = "零〇一二两三四五六七八九十百千万"
_CN_UNITS = {
    "声": " rings",
    "秒钟": "s",
    "秒": "s",
    "分钟": "min",
    "小时": "h",
    "钟头": "h",
    "工作日": " business days",
    "工作小时": " business hours",
    "天": " days",
    "日": " days",
    "星期": "w",
    "周": "w",
}
_CN_UNIT_ALTERNATION = "|".join(sorted(_CN_UNITS, key=len, reverse=True))
_CN_QUANTITY = re.compile(rf"([{_CN_DIGITS}]+|\d+(?:\.\d+)?)\s*个?(半)?\s*({_CN_UNIT_ALTERNATION})")
_CN_PERCENT = re.compile(rf"百分之([{_CN_DIGITS}]+)|([{_CN_DIGITS}]+)\s*%")
_CN_HALF = re.compile(r"半\s*个?(小时|钟头|天|分钟)")
_CN_APPROXIMATE = re.compile(r"[几多余]")
_CN_BOUND_WORDS = re.compile(r"约|大约|左右|上下|以内|之内|以上|以下")
_CN_BARE_MINUTE = re.compile(r"(\d+(?:\.\d+)?)\s*分(?!钟)")
_HALF_UNITS = {"小时": "30min", "钟头": "30min", "天": "12h", "分钟": "30s"}


_SINGLE_NUMERALS = "零〇一二两三四五六七八九十"
"""The one-character numerals cn2an reads as a number (a place word alone, ``百``, it refuses)."""


def chinese_numeral(text: str) -> int:
    """A Chinese numeral as an integer, through cn2an (``"四十八"`` → 48, ``"两"`` → 2).

    Digits side by side without a place word (``两三``, ``七八``) mean "two or three" in a
    quantity, so they are refused rather than read digit by digit.

    >>> chinese_numeral("一百二十")
    120
    >>> chinese_numeral("三")
    3
    """
    if len(text) == 1 and text in _SINGLE_NUMERALS:
        return _single_numeral(text)
    import cn2an  # imported here: only compound numerals need it, and it takes a tenth of a second to load

    if len(text) > 1 and not re.search("[十百千万]", text):
        raise NotationError("numeral", text, text)  # 两三 is "two or three", not 23 as cn2an reads it
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, TypeError):
        raise NotationError("numeral", text, text) from None
    if value != int(value):
        raise NotationError("numeral", text, text)
    return int(value)


def _single_numeral(char: str) -> int:
    """One numeral character's value from the Unicode database, as cn2an reads it, without loading
    cn2an (most quantities in standards are one character: 三声, 两个工作日). ``两``, the measure-word
    form of ``二``, carries no numeric value in Unicode."""
    return int(unicodedata.numeric("二" if char == "两" else char))


def normalise_notation(value: str) -> str:
    """The ASCII form of a quantity typed on a Chinese keyboard, or :class:`NotationError`.

    Full-width forms (``９６％``, ``＞＝``, ``０９：００``) are read as their ASCII twins (Unicode
    NFKC); a Chinese numeral with a unit (``三声``, ``四十八小时``, ``半小时``) becomes digits and
    the unit servcheck writes (``3 rings``, ``48h``, ``30min``). Refused, with the replacement as a
    hint: a bare ``分`` (minutes or points?) and approximate words (``十几秒``, ``三声左右``,
    ``以内``: the operator says that).

    >>> normalise_notation("＞＝ ９６％")
    '>= 96%'
    >>> normalise_notation(">= 百分之九十六")
    '>= 96%'
    >>> normalise_notation("<= 3个工作日")
    '<= 3 business days'
    >>> def refused(text):
    ...     try:
    ...         normalise_notation(text)
    ...     except NotationError as err:
    ...         return err.reason, err.replacement
    >>> refused("3分")
    ('bare-minute', '3min')
    >>> refused("<= 三声以内")
    ('approximate', '<= 3 rings')
    >>> refused("两三声")
    ('numeral', None)
    """
    text = unicodedata.normalize("NFKC", value)
    if text.isascii():
        return text
    approximate = _CN_APPROXIMATE.search(text)
    if approximate:
        raise NotationError("approximate", value, approximate.group(0))
    bound = _CN_BOUND_WORDS.search(text)
    if bound:
        cleaned = _CN_BOUND_WORDS.sub("", text).strip()
        raise NotationError("approximate", value, bound.group(0), _replacement(cleaned))
    bare = _CN_BARE_MINUTE.search(text)
    if bare:
        number = bare.group(1)
        raise NotationError("bare-minute", value, number, _replacement(text.replace(bare.group(0), f"{number}min")))

    def half(match: re.Match[str]) -> str:
        return _HALF_UNITS[match.group(1)]

    def replace(match: re.Match[str]) -> str:
        number, with_half, unit = match.groups()
        amount = number if number[0].isdigit() else str(chinese_numeral(number))
        if with_half:
            amount = f"{float(amount) + 0.5:g}"
        return f"{amount}{_CN_UNITS[unit]}"

    def percent(match: re.Match[str]) -> str:
        return f"{chinese_numeral(match.group(1) or match.group(2))}%"

    return _CN_HALF.sub(half, _CN_QUANTITY.sub(replace, _CN_PERCENT.sub(percent, text)))


def _replacement(text: str) -> str | None:
    """``text`` normalised, when that succeeds: the hint of a refused notation."""
    try:
        return normalise_notation(text)
    except NotationError:
        return None


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
    text = normalise_notation(value).strip()
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
        value = normalise_notation(value)
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
    text = normalise_notation(value).strip()
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
        """Whether a measured value meets the target; exact for fractions. Only the target's own
        comparison is made (a Fraction comparison is not free, and judging makes thousands)."""
        return _COMPARISONS[self.op](measured, target_bound(self.quantity))


_COMPARISONS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}


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
    text = normalise_notation(value)
    match = _TARGET.match(text)
    if not match:
        raise QuantityError(f'{value!r} is not a target; start with >=, >, <=, < or ==, e.g. ">= 96%"')
    op = _OPS.get(match.group(1), match.group(1))
    return Target(op, parse_quantity(match.group(2)), text.strip())


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
