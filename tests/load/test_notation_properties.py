"""Property: a quantity typed in full-width forms parses to the same quantity as its ASCII twin.

The full-width form is built independently of the code under test: ASCII characters ``!``–``~``
map to U+FF01–U+FF5E by adding 0xFEE0 (the Unicode block's layout), so the test does not use the
NFKC normalisation it checks.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.model.quantity import NotationError, normalise_notation, parse_quantity, parse_target


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


amounts = st.integers(min_value=0, max_value=99_999)
decimals = st.tuples(amounts, st.integers(min_value=0, max_value=99)).map(lambda p: f"{p[0]}.{p[1]:02d}")
numbers = st.one_of(amounts.map(str), decimals)
units = st.sampled_from(["%", "s", "min", "h", " rings", " days", " business days"])
operators = st.sampled_from([">=", "<=", ">", "<", "=="])


@given(numbers, units)
def test_full_width_quantity_parses_like_ascii(number: str, unit: str) -> None:
    ascii_text = f"{number}{unit}"
    assert parse_quantity(full_width(ascii_text)) == parse_quantity(ascii_text)


@given(operators, numbers, units)
def test_full_width_target_parses_like_ascii(op: str, number: str, unit: str) -> None:
    ascii_text = f"{op} {number}{unit}"
    assert parse_target(full_width(ascii_text)) == parse_target(ascii_text)


@settings(deadline=None)  # the first call imports cn2an
@given(st.integers(min_value=1, max_value=9), st.sampled_from([("声", " rings"), ("秒", "s"), ("小时", "h")]))
def test_a_chinese_digit_with_its_unit_reads_like_the_arabic_digit(digit: int, units: tuple[str, str]) -> None:
    chinese = "一二三四五六七八九"[digit - 1]
    written, ascii_unit = units
    assert normalise_notation(f"<= {chinese}{written}") == f"<= {digit}{ascii_unit}"


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30))
def test_ascii_text_is_left_as_it_is(text: str) -> None:
    assert normalise_notation(text) == text


@settings(deadline=None)
@given(
    st.text(alphabet="零〇一二两三四五六七八九十百千万半个几", min_size=1, max_size=8),
    st.sampled_from(["秒", "声", "%"]),
)
def test_any_chinese_numeral_is_read_or_refused_never_a_crash(numeral: str, unit: str) -> None:
    written = f"<= {numeral}{unit}"
    try:
        text = normalise_notation(written)
    except NotationError as err:
        assert err.replacement is None or err.replacement.isascii()
    else:
        assert isinstance(text, str)
