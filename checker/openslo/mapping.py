"""The two translations everything else rests on: periods ↔ OpenSLO time windows, targets ↔ fractions.

Why exact arithmetic: a servcheck target is held as a fraction (``96%`` → 24/25) and OpenSLO writes
``target: 0.96``; going through binary floats naively could turn a round trip of ``99.9%`` into
``99.90000000000001%``. Here every number crosses as a decimal written in full, so
export → import gives the very same target.

OpenSLO objectives are "at least" targets on a good/total ratio. A servcheck ``>=`` target on a
share is the good side as it stands; a ``<=`` target (abandonment at most 5%) is the bad side:
``bad/total`` with target ``1 - 5% = 0.95`` (the spec's ``(total - bad) / total``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from checker.i18n import N_
from checker.model.quantity import Percent, Rate, parse_target
from checker.openslo.losses import Said, say

PERIOD_WINDOW: dict[str, str] = {
    "15min": "15m",
    "30min": "30m",
    "hour": "1h",
    "day": "1d",
    "week": "1w",
    "month": "1M",
    "quarter": "1Q",
    "year": "1Y",
}
"""servcheck's calendar periods (local time) as OpenSLO duration shorthands."""

WINDOW_PERIOD: dict[str, str] = {
    **{window: period for period, window in PERIOD_WINDOW.items()},
    "60m": "hour",
    "24h": "day",
    "7d": "week",
    "3M": "quarter",
    "12M": "year",
}
"""Shorthands read back as a servcheck period (the spellings of one period all count)."""

HIGHEST_TARGET = Fraction(99999, 100000)
"""OpenSLO's ``target`` must be below 1; a 100% target is written as this (and listed as lost):
below 100,000 records any miss breaches it, as a miss breaches 100%."""


def decimal_text(value: Fraction) -> str:
    """A fraction with a finite decimal expansion, written in full without exponent or trailing zeros.

    >>> decimal_text(Fraction(24, 25)), decimal_text(Fraction(999, 1000)), decimal_text(Fraction(5))
    ('0.96', '0.999', '5')
    """
    with localcontext() as ctx:
        ctx.prec = 60
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def number(value: Fraction) -> float | int:
    """The YAML number for ``value``: an int when whole, else the float whose repr is its decimal.

    >>> number(Fraction(24, 25)), number(Fraction(199, 200)), number(Fraction(3))
    (0.96, 0.995, 3)
    """
    return int(value) if value.denominator == 1 else float(decimal_text(value))


def exact(value: float | int) -> Fraction:
    """A number read from YAML as the decimal it was written as (``0.96`` → 24/25, not the binary float).

    >>> exact(0.96), exact(0.995), exact(1)
    (Fraction(24, 25), Fraction(199, 200), Fraction(1, 1))
    """
    return Fraction(Decimal(repr(value)))


@dataclass(frozen=True)
class RatioTarget:
    """A target as OpenSLO states it: which numerator (``good`` or ``bad``) and the fraction of good
    the objective requires; ``lost`` says what did not fit (empty when it is exact)."""

    side: str
    target: Fraction
    lost: tuple[Said, ...] = ()


def ratio_target(text: str, cap: bool = True) -> RatioTarget | None:
    """The OpenSLO objective of a share or rate target, or None when it has none (``==``, no share).

    With ``cap`` (an objective's ``target``, below 1) a 100% target is written 0.99999 and listed;
    without (a ``timeSliceTarget``, which may be 1) it is kept.

    >>> ratio_target(">= 96%")
    RatioTarget(side='good', target=Fraction(24, 25), lost=())
    >>> ratio_target("<= 5 per 1000")
    RatioTarget(side='bad', target=Fraction(199, 200), lost=())
    >>> [str(lost) for lost in ratio_target(">= 100%").lost]
    ['target >= 100% is written 0.99999: an OpenSLO target is below 1']
    >>> [str(lost) for lost in ratio_target("> 90%").lost]
    ["'>' is written as '>=': an OpenSLO objective is a least share of good"]
    >>> ratio_target("<= 30s") is None
    True
    """
    target = parse_target(text)
    quantity = target.quantity
    if not isinstance(quantity, Percent | Rate) or target.op == "==":
        return None
    lost: list[Said] = []
    side = "good" if target.op in (">=", ">") else "bad"
    good = quantity.fraction if side == "good" else 1 - quantity.fraction
    if target.op in (">", "<"):
        lost.append(
            say(N_("'{op}' is written as '{op}=': an OpenSLO objective is a least share of good"), op=target.op)
        )
    if good >= 1 and cap:
        written = decimal_text(HIGHEST_TARGET)
        lost.append(
            say(
                N_("target {target} is written {written}: an OpenSLO target is below 1"),
                target=target.text,
                written=written,
            )
        )
        good = HIGHEST_TARGET
    return RatioTarget(side, good, tuple(lost))


def target_text(side: str, good: Fraction, unit: str, per: int | None = None) -> str:
    """The servcheck target of an OpenSLO objective: ``good`` share required, numerator ``side``.

    >>> target_text("good", Fraction(24, 25), "percent")
    '>= 96%'
    >>> target_text("bad", Fraction(19, 20), "percent")
    '<= 5%'
    >>> target_text("bad", Fraction(199, 200), "rate", 1000)
    '<= 5 per 1000'
    """
    share = good if side == "good" else 1 - good
    op = ">=" if side == "good" else "<="
    if unit == "rate" and per:
        return f"{op} {decimal_text(share * per)} per {per}"
    return f"{op} {decimal_text(share * 100)}%"


def rate_base(text: str) -> int | None:
    """The ``per`` of a rate target (``<= 5 per 1000`` → 1000), None for a percentage.

    >>> rate_base("<= 5 per 1,000"), rate_base(">= 96%")
    (1000, None)
    """
    quantity = parse_target(text).quantity
    return quantity.per if isinstance(quantity, Rate) else None


def period_start(period: str, day: dt.date) -> dt.datetime:
    """The start of the calendar period holding ``day`` (weeks start on Monday, as servcheck's do).

    >>> period_start("month", dt.date(2026, 2, 17)), period_start("quarter", dt.date(2026, 5, 2))
    (datetime.datetime(2026, 2, 1, 0, 0), datetime.datetime(2026, 4, 1, 0, 0))
    >>> period_start("week", dt.date(2026, 2, 1)).date().isoformat()  # a Sunday
    '2026-01-26'
    """
    if period == "week":
        day = day - dt.timedelta(days=day.weekday())
    elif period == "month":
        day = day.replace(day=1)
    elif period == "quarter":
        day = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    elif period == "year":
        day = day.replace(month=1, day=1)
    return dt.datetime(day.year, day.month, day.day)
