"""The gettext catalogues: complete for every marked message, compiled by Babel, plurals by rule."""

from __future__ import annotations

import doctest

import pytest

import checker.i18n
from checker.i18n import BABEL_LOCALES, Speaker, catalogues, leftovers, speaker, translations


def test_every_marked_message_is_translated_with_the_same_fields() -> None:
    """What ``python -m checker.i18n.catalogues check`` lists: nothing missing, untranslated, fuzzy or obsolete."""
    assert list(catalogues.problems()) == []


def test_chinese_has_one_plural_form_and_english_two() -> None:
    zh = translations("zh")
    assert zh.plural(1) == zh.plural(5) == 0  # nplurals=1 from the catalogue header Babel writes for zh
    assert speaker("en").n_("{n} file", "{n} files", 1) == "1 file"
    assert speaker("en").n_("{n} file", "{n} files", 1234) == "1,234 files"


def test_numbers_and_dates_come_from_the_locale_data() -> None:
    assert speaker("zh").percent(0.957) == "95.7%"
    assert speaker("en").number(17823.456, 1) == "17,823.5"
    assert speaker("zh").date("2024-04-09") == "2024年4月9日"
    assert speaker("en").date("2024-04-09") == "9 Apr 2024"
    assert speaker("en").date("2024-W15") == "2024-W15"


def test_docstring_examples_run() -> None:
    for module in (checker.i18n, leftovers):
        assert doctest.testmod(module).failed == 0


def test_the_compiled_catalogues_are_their_po_files() -> None:
    """Each shipped ``.mo`` is byte for byte what Babel compiles from its ``.po`` (issue 15: no parse at run time)."""
    assert list(catalogues.stale_compiled()) == []


def test_reading_the_mo_files_gives_the_catalogue_babel_compiled_in_memory() -> None:
    """The catalogue servcheck used to build (Babel: read_po, write_mo, Translations, merge) and the one
    it reads now from the ``.mo`` files hold the same entries and choose plurals alike."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    merged = None
    for domain in checker.i18n.domains():
        with catalogues.po_path("zh", domain).open("rb") as handle:
            catalog = read_po(handle, locale="zh_Hans_CN", domain=domain)
        compiled = io.BytesIO()
        write_mo(compiled, catalog, use_fuzzy=False)
        compiled.seek(0)
        part = Translations(compiled, domain=domain)
        merged = part if merged is None else merged.merge(part)
    now = translations("zh")
    assert merged is not None and now._catalog == merged._catalog and len(now._catalog) > 500
    assert [now.plural(n) for n in range(30)] == [merged.plural(n) for n in range(30)]
    assert now.pgettext("outcome", "pass") == merged.pgettext("outcome", "pass") != "pass"
    assert now.ngettext("{n} record", "{n} records", 2) == merged.ngettext("{n} record", "{n} records", 2)


@pytest.mark.parametrize("lang", sorted(BABEL_LOCALES))
def test_integers_are_written_as_babel_writes_them(lang: str) -> None:
    # Speaker.integer writes ints without Babel (INTEGER_SYMBOLS); Babel's format_decimal is the reference
    from babel.numbers import format_decimal

    speaker = Speaker(lang)
    values = [0, 1, -1, 7, 999, 1000, -1000, 12345, 17823, -17823, 999999, 1000000, 1234567890, -(10**15), 10**21]
    for value in values:
        assert speaker.integer(value) == format_decimal(value, format="#,##0", locale=BABEL_LOCALES[lang])
    assert Speaker(lang).integer(None) == ""


def test_the_integer_shortcut_writes_grouped_thousands_by_hand() -> None:
    assert [Speaker("en").integer(v) for v in (17823, -1234567, 0)] == ["17,823", "-1,234,567", "0"]
    assert Speaker("zh").integer(1000000) == "1,000,000"
