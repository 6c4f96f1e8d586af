"""Numbers through the Speaker are exactly what Babel's ``format_decimal`` / ``format_percent`` write.

The Speaker parses each locale and pattern once and remembers values it has written
(``checker.i18n._formatted``); Babel's public functions, called afresh, are the reference.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from babel.numbers import format_decimal, format_percent

from checker.i18n import BABEL_LOCALES, speaker

INTEGERS = [0, 1, -1, 999, 1000, 17823, -1234567, 10**23, 99999999999999991611392]
FLOATS = [0.0, -0.5, 0.125, 0.995, 2.675, 1234.5678, -98765.4321, 1e23, 3.0]


def outcome(func: Callable[..., str], *args: object, **kwargs: object) -> object:
    """What ``func`` returns, or the type of exception it raises (Babel refuses some values)."""
    try:
        return func(*args, **kwargs)
    except Exception as err:
        return type(err)


@pytest.mark.parametrize("lang", sorted(BABEL_LOCALES))
def test_integers_as_babel_writes_them(lang: str) -> None:
    speak, locale = speaker(lang), BABEL_LOCALES[lang]
    for _ in range(2):  # the second round is answered from the cache
        for value in INTEGERS:
            assert speak.integer(value) == format_decimal(value, format="#,##0", locale=locale)
    assert speak.integer(None) == ""


@pytest.mark.parametrize("lang", sorted(BABEL_LOCALES))
def test_every_integer_below_a_thousand_as_babel_writes_it(lang: str) -> None:
    """The Speaker writes 0 … 999 without Babel (no group to separate); Babel must agree with
    every one, and with the numbers either side of that range, which Babel still writes."""
    speak, locale = speaker(lang), BABEL_LOCALES[lang]
    for value in [*range(-3, 1003), 9999, 10000]:
        assert speak.integer(value) == format_decimal(value, format="#,##0", locale=locale), value
    assert outcome(speak.integer, True) == outcome(format_decimal, True, format="#,##0", locale=locale)


@pytest.mark.parametrize("lang", sorted(BABEL_LOCALES))
def test_decimals_and_percentages_as_babel_writes_them(lang: str) -> None:
    speak, locale = speaker(lang), BABEL_LOCALES[lang]
    for _ in range(2):
        for value in [*FLOATS, math.inf]:
            for digits in (0, 1, 2):
                number = "#,##0." + "0" * digits if digits else "#,##0"
                assert outcome(speak.number, value, digits) == outcome(
                    format_decimal, value, format=number, locale=locale
                )
                percent = number + "%"
                assert outcome(speak.percent, value, digits) == outcome(
                    format_percent, value, format=percent, locale=locale
                )


def test_an_int_and_an_equal_float_are_written_apart() -> None:
    """``1e23 == 99999999999999991611392`` in Python, yet Babel writes them differently (it reads
    a float through its ``str``); the remembered text must not cross from one to the other."""
    speak = speaker("en")
    assert speak.integer(99999999999999991611392) == "99,999,999,999,999,991,611,392"
    assert speak.number(1e23, 0) == "100,000,000,000,000,000,000,000"
    assert speak.integer(99999999999999991611392) == "99,999,999,999,999,991,611,392"
    assert speak.number(2.5, 0) == "2" and speak.integer(2) == "2"  # half to even, as Babel rounds
    assert speak.percent(0.9573) == "95.7%" and speak.number(1234.5) == "1,234.50"
