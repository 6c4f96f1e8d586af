"""The quantities a clause's text states, and those its requirements check.

Why: the examples of a measurable standard (docs/writing.md) are sentences — "接听电话不能超过三声", "96%
的电话都是在铃响第二声接听", "维修服务都需要当天解决" — and the requirement under them is what an
audit checks. When the two disagree the audit checks something else than the standard says.
Only quantities with a unit are read (a share, a duration, a number of rings, "the same day"):
clause references (5.1), clock times (16:00), scales (1–5) and counts are not quantities here.
The words are data (``data/text-quantities.yaml``); Chinese numerals go through
:func:`checker.model.quantity.chinese_numeral` (cn2an).

>>> [(s.kind, s.value, s.written) for s in stated_quantities("接听电话不能超过三声。", "zh")]
[('rings', 3, '三声')]
>>> [(s.kind, s.value) for s in stated_quantities("96% of calls are answered by the second ring.", "en")]
[('percent', Fraction(24, 25)), ('rings', 2)]
>>> [(s.kind, s.value, s.business) for s in stated_quantities("P1 为 1 个营业小时，下一营业日 16:00 前", "zh")]
[('duration', 3600, True)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from checker.load.yaml_source import load_yaml_text
from checker.model.quantity import (
    Duration,
    NotationError,
    Percent,
    QuantityError,
    Rings,
    chinese_numeral,
    parse_quantity,
    parse_target,
)

_CN_NUMERAL = "[零〇一二两三四五六七八九十百千万]+"
_DIGITS = r"\d+(?:\.\d+)?"


@dataclass(frozen=True)
class Stated:
    """A quantity: ``kind`` is percent (value a fraction), duration (seconds), rings (a count) or
    same-day; ``written`` is the text as the writer typed it, at ``start`` in the text."""

    kind: str
    value: Fraction | float | int
    written: str
    start: int = 0
    business: bool = False

    @property
    def family(self) -> str:
        """Quantities of one family can be compared: rings are a duration at the ring cadence."""
        return "time" if self.kind in ("duration", "rings") else self.kind

    def same_as(self, other: Stated, cadence: float) -> bool:
        """Whether two quantities say the same thing (rings compared as seconds at ``cadence``)."""
        if self.family != other.family:
            return False
        if self.family != "time":
            return self.value == other.value
        if self.kind == other.kind == "rings":
            return self.value == other.value
        mine = float(self.value) * (cadence if self.kind == "rings" else 1)
        theirs = float(other.value) * (cadence if other.kind == "rings" else 1)
        return self.business == other.business and abs(mine - theirs) < 1e-9


@cache
def _data() -> dict[str, Any]:
    text = resources.files("checker.lint").joinpath("data/text-quantities.yaml").read_text("utf-8")
    return dict(load_yaml_text(text, "checker/lint/data/text-quantities.yaml").data)


def _alternation(words: object) -> str:
    return "|".join(re.escape(str(w)) for w in sorted(words, key=lambda w: -len(str(w))))  # type: ignore[attr-defined]


@cache
def _patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    data = _data()[lang]
    if lang == "zh":
        before = "".join(data["not-after"])

        def number(name: str) -> str:
            return rf"(?<![{before}\d.])(?P<{name}>{_DIGITS}|{_CN_NUMERAL})"

        return (
            re.compile(rf"(?P<percent>{_DIGITS})\s*[%％]|百分之(?P<cnpercent>{_CN_NUMERAL})"),
            re.compile(rf"第\s*(?P<ordinal>{_DIGITS}|{_CN_NUMERAL})\s*(?:{_alternation(data['rings'])})"),
            re.compile(rf"{number('rings')}\s*(?:{_alternation(data['rings'])})"),
            re.compile(
                rf"{number('amount')}\s*个?\s*(?P<business>{_alternation(data['business'])})?\s*"
                rf"(?P<unit>{_alternation(data['units'])})"
            ),
            re.compile(rf"(?P<sameday>{_alternation(data['same-day'])})"),
        )
    words = _alternation(data["numbers"])
    rings = _alternation(data["rings"])
    return (
        re.compile(rf"\b(?P<percent>{_DIGITS})\s*(?:%|percent\b)", re.I),
        re.compile(rf"\bthe\s+(?P<ordinal>{_alternation(data['ordinals'])})\s+(?:{rings})\b", re.I),
        re.compile(rf"\b(?P<rings>{_DIGITS}|{words})\s+(?:{rings})\b", re.I),
        re.compile(
            rf"\b(?P<amount>{_DIGITS}|{words})\s+(?:(?P<business>{_alternation(data['business'])})\s+)?"
            rf"(?P<unit>{_alternation(data['units'])})\b",
            re.I,
        ),
        re.compile(rf"\b(?P<sameday>{_alternation(data['same-day'])})\b", re.I),
    )


def _amount(text: str, lang: str) -> Fraction | None:
    if re.fullmatch(_DIGITS, text):
        return Fraction(text)
    if lang == "en":
        data = _data()["en"]
        value = {**data["numbers"], **data["ordinals"]}.get(text.lower())
        return Fraction(value) if value is not None else None
    try:
        return Fraction(chinese_numeral(text))
    except NotationError:
        return None


def _read(match: re.Match[str], lang: str) -> Stated | None:
    groups = match.groupdict()
    written = match.group(0).strip()
    if groups.get("sameday"):
        return Stated("same-day", 1, written, match.start())
    if groups.get("percent") or groups.get("cnpercent"):
        amount = _amount(groups.get("percent") or groups["cnpercent"], lang)
        return None if amount is None else Stated("percent", amount / 100, written, match.start())
    if groups.get("ordinal") or groups.get("rings"):
        amount = _amount(groups.get("ordinal") or groups["rings"], lang)
        return None if amount is None else Stated("rings", _plain(amount), written, match.start())
    amount = _amount(groups["amount"], lang)
    if amount is None:
        return None
    units = {str(k).lower(): v for k, v in _data()[lang]["units"].items()}
    seconds = _plain(amount * units[groups["unit"].lower()])
    return Stated("duration", seconds, written, match.start(), business=bool(groups.get("business")))


def _plain(value: Fraction) -> int | Fraction:
    return int(value) if value.denominator == 1 else value


def stated_quantities(text: str, lang: str) -> list[Stated]:
    """Every quantity ``text`` (in ``lang``) states, in text order; overlapping readings keep the
    first pattern's (a ring ordinal before a plain count)."""
    found: list[Stated] = []
    taken: list[range] = []
    for pattern in _patterns(lang if lang in ("zh", "en") else "en"):
        for match in pattern.finditer(text):
            span = range(match.start(), match.end())
            if any(span.start < other.stop and other.start < span.stop for other in taken):
                continue
            stated = _read(match, lang)
            if stated is not None:
                found.append(stated)
                taken.append(span)
    return sorted(found, key=lambda s: s.start)


def quantity_of(value: object, written: str) -> Stated | None:
    """A requirement's target or parameter value as a :class:`Stated`, or None when it is none of
    the kinds a text states (a calendar name, a policy, a plain number).

    >>> quantity_of(">= 96%", "target").value
    Fraction(24, 25)
    >>> quantity_of("3 business days", "params.within").business
    True
    >>> quantity_of("office", "params.calendar") is None
    True
    """
    try:
        if isinstance(value, str) and re.match(r"^\s*(>=|<=|==|=|>|<|≥|≤)", value):
            quantity = parse_target(value).quantity
        elif isinstance(value, str):
            quantity = parse_quantity(value)
        else:
            return None
    except QuantityError:
        return None
    if isinstance(quantity, Percent):
        return Stated("percent", quantity.fraction, written)
    if isinstance(quantity, Rings):
        return Stated("rings", _plain(Fraction(quantity.count)), written)
    if isinstance(quantity, Duration):
        if quantity.business:
            seconds = quantity.amount * (3600 if quantity.business_unit == "hours" else 86400)
            return Stated("duration", _plain(Fraction(seconds)), written, business=True)
        return Stated("duration", _plain(Fraction(quantity.seconds)), written)
    return None


def mentions_same_day(options: object) -> bool:
    """Whether a rule's measure options say "same day" anywhere (a timer goal ``{by: same day}``)."""
    if isinstance(options, str):
        return options.strip().lower() == "same day"
    if isinstance(options, dict):
        return any(mentions_same_day(v) for v in options.values())
    if isinstance(options, list | tuple):
        return any(mentions_same_day(v) for v in options)
    return False


def iter_patterns(lang: str) -> Iterator[str]:
    """The compiled patterns' sources (for the documentation and tests)."""
    for pattern in _patterns(lang):
        yield pattern.pattern
