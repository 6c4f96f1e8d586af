"""Linting loads only the libraries its documents need, and the shortcuts read what the libraries read.

Why: ``servcheck lint standards rules`` runs in CI and in editors on every save (issue 15: under
0.3 s); cn2an, markdown_it, the report models and the holidays of 500 countries used to load on
every run. The references here are the libraries themselves: cn2an's reading of a numeral, and
the holidays library's own listing of countries and subdivisions.
"""

from __future__ import annotations

from pathlib import Path

import cn2an
import holidays
import pytest
from shared_probes import lint_in_a_fresh_process

from checker.model.calendar import country_codes, subdivisions, supported_countries
from checker.model.quantity import NotationError, chinese_numeral

ROOT = Path(__file__).resolve().parents[2]


def _cn2an_reading(text: str) -> int | None:
    """cn2an's reading as :func:`chinese_numeral` documents it: an integer, or None (refused)."""
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, TypeError):
        return None
    return int(value) if value == int(value) else None


@pytest.mark.parametrize("char", list("零〇一二两三四五六七八九十百千万亿廿"))
def test_one_numeral_character_reads_as_cn2an_reads_it(char: str) -> None:
    expected = _cn2an_reading(char)
    if expected is None:
        with pytest.raises(NotationError):
            chinese_numeral(char)
    else:
        assert chinese_numeral(char) == expected


def test_the_single_numerals_have_the_values_of_arithmetic() -> None:
    assert [chinese_numeral(c) for c in "零〇一二两三四五六七八九十"] == [0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10]


def test_compound_numerals_still_go_through_cn2an() -> None:
    assert chinese_numeral("四十八") == 48 == _cn2an_reading("四十八")
    assert chinese_numeral("两百") == 200
    with pytest.raises(NotationError):
        chinese_numeral("两三")


def test_country_codes_are_the_libraries_listing() -> None:
    listed = holidays.list_supported_countries()
    assert country_codes() == frozenset(listed)
    assert supported_countries() == {c: tuple(s) for c, s in listed.items()}
    for code in ("CN", "IT", "US", "GB", "UK"):
        assert subdivisions(code) == tuple(listed[code])
    assert subdivisions("XX") == ()


def test_linting_the_shipped_documents_loads_no_library_they_do_not_need() -> None:
    code, modules = lint_in_a_fresh_process(ROOT)
    assert code == 0
    # the shipped standards write single numerals (三声), YAML only, no report, one country (CN)
    assert not {"cn2an", "markdown_it", "checker.model.report"} & modules
    countries = {m for m in modules if m.startswith("holidays.countries.")}
    assert countries <= {"holidays.countries.china"}  # listing every country's subdivisions loaded 200 modules
