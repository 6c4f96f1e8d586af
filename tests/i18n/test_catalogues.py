"""The gettext catalogues: complete for every marked message, compiled by Babel, plurals by rule."""

from __future__ import annotations

import doctest

import checker.i18n
from checker.i18n import catalogues, leftovers, speaker, translations


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
