"""Every word servcheck prints, in Chinese and English, through gettext catalogues read by Babel.

Why gettext (and not a home-made key → text table): plural rules, translator tooling (Poedit,
Weblate, ``msgfmt --check``), fuzzy markers and extraction from the source are solved problems, and
a test can extract every marked string with Babel and prove the Chinese catalogue translates it.

How strings are written
    English is the source language: a message is its English text, marked for extraction by the
    method that translates it, with ``{name}`` fields filled in after translation::

        speak = speaker("zh")
        speak._("{count} rows rejected", count=3)                    # gettext
        speak.n_("{n} record", "{n} records", 3)                     # ngettext, n filled in
        speak.p_("outcome", "pass")                                  # pgettext: same word, other sense
        LABEL = N_("minimum sample")                                 # marked now, translated later

    English needs no catalogue (NullTranslations picks singular/plural by English rules); Chinese
    is ``locale/zh/LC_MESSAGES/<domain>.po``. Domains only split the files so independent parts of
    the program do not edit one file; at run time every domain is merged into one catalogue.

Catalogues are plain ``.po`` text in the repository, kept in step with the source by
``python -m checker.i18n.catalogues update`` (see that module), which also writes each one compiled
(``.mo``, checked in beside it: reading the ``.po`` with Babel cost 0.08 s per run, issue 15). At run
time the ``.mo`` files are read by the standard ``gettext`` module; ``catalogues check`` and a test
require every ``.mo`` to be exactly what Babel compiles from its ``.po``.

>>> speaker("zh").n_("{n} record", "{n} records", 1) == speaker("zh").n_("{n} record", "{n} records", 1)
True
>>> speaker("en").n_("{n} record", "{n} records", 1)
'1 record'
>>> speaker("en").n_("{n} record", "{n} records", 2)
'2 records'
>>> speaker("en").percent(0.9573)
'95.7%'
>>> speaker("zh").date("2024-04-01"), speaker("en").date("2024-04-01")
('2024年4月1日', '1 Apr 2024')
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
LANGUAGES = ("en", "zh")
"""The languages servcheck speaks; the first is the source language of every message."""
LOCALE_DIR = Path(__file__).parent / "locale"
BABEL_LOCALES = {"en": "en", "zh": "zh_Hans_CN"}
DATE_PATTERNS = {"en": "d MMM y", "zh": "long"}
"""How a day is written: ``9 Apr 2024`` (unambiguous in British and American reading) and ``2024年4月9日``."""


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (module-level labels)."""
    return message


def domains() -> list[str]:
    """The catalogue domains shipped for Chinese (file stems under ``locale/zh/LC_MESSAGES``)."""
    return sorted(path.stem for path in (LOCALE_DIR / "zh" / "LC_MESSAGES").glob("*.po"))


def compile_po(lang: str, domain: str) -> bytes:
    """The ``.mo`` bytes of one domain's ``.po``, compiled by Babel (fuzzy entries left out: a
    translator marked them unchecked, so they fall back to English and the completeness test fails)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        catalog = read_po(handle, locale=BABEL_LOCALES[lang], domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    return compiled.getvalue()


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """All domains of ``lang`` merged into one catalogue, read from the compiled ``.mo`` files.

    English is the source language: its catalogue is the null one. Domains merge as Babel's
    ``Translations.merge`` does (a later domain's entry replaces an earlier one's).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"no catalogue for language {lang!r}; choose from {', '.join(LANGUAGES)}")
    if lang == LANGUAGES[0]:
        return gettext.NullTranslations()
    merged: gettext.GNUTranslations | None = None
    for domain in domains():
        with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.mo").open("rb") as handle:
            part = gettext.GNUTranslations(handle)
        if merged is None:
            merged = part
        else:
            merged._catalog.update(part._catalog)  # type: ignore[attr-defined]  # what Babel's merge does
    return merged or gettext.NullTranslations()


@dataclass(frozen=True)
class Speaker:
    """Messages, numbers and dates in one language; see the module docstring for how to mark text."""

    lang: str

    def _(self, message: str, /, **fields: object) -> str:
        text = translations(self.lang).gettext(message)
        return text.format(**fields) if fields else text

    def n_(self, singular: str, plural: str, n: int, /, **fields: object) -> str:
        """The form of ``singular``/``plural`` for ``n`` (``{n}`` is filled in, grouped by thousands)."""
        text = translations(self.lang).ngettext(singular, plural, n)
        return text.format(n=self.integer(n), **fields)

    def p_(self, context: str, message: str, /, **fields: object) -> str:
        text = translations(self.lang).pgettext(context, message)
        return text.format(**fields) if fields else text

    @property
    def locale(self) -> str:
        return BABEL_LOCALES[self.lang]

    def integer(self, value: int | None) -> str:
        """``17823`` → ``17,823`` (grouping as the locale writes it).

        A whole number from 0 to 999 has no group to separate, and Babel writes its Latin digits
        as they are in both locales (tests/i18n/test_numbers.py compares every one with Babel), so
        it is its ``str``: a lint that prints "0 errors, … in 16 files" then never loads Babel's
        locale data, whose first load cost 0.06 s (the pickled data imports ``babel.dates``, which
        looks for the machine's time zone among pytz's 600 zone files), issue 15."""
        if value is None:
            return ""
        if type(value) is int and 0 <= value < 1000:
            return str(value)
        return _formatted(self.locale, "#,##0", value)

    def number(self, value: float | None, digits: int = 2) -> str:
        """A decimal with exactly ``digits`` fraction digits, grouped by thousands."""
        if value is None:
            return ""
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
        return _formatted(self.locale, pattern, value)

    def percent(self, share: float | None, digits: int = 1) -> str:
        """A share as a percentage with ``digits`` fraction digits: ``0.9573`` → ``95.7%``."""
        if share is None:
            return ""
        pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
        return _formatted(self.locale, pattern, share)

    def date(self, day: dt.date | str | None) -> str:
        """An ISO day as the locale writes it long-hand; text that is not an ISO day is shown as written."""
        from babel.dates import format_date

        if day is None or day == "":
            return ""
        if isinstance(day, str):
            if not _ISO_DAY.fullmatch(day):  # a week (2024-W15) or month is shown as written
                return day
            try:
                day = dt.date.fromisoformat(day)
            except ValueError:
                return day
        return format_date(day, format=DATE_PATTERNS[self.lang], locale=self.locale)


@cache
def _babel_locale(name: str) -> Any:
    """Babel's ``Locale`` of ``name``, parsed once per process."""
    from babel import Locale

    return Locale.parse(name)


@cache
def _babel_pattern(pattern: str) -> Any:
    """Babel's parsed number ``pattern``, parsed once per process."""
    from babel.numbers import parse_pattern

    return parse_pattern(pattern)


@lru_cache(maxsize=8192, typed=True)
def _formatted(locale: str, pattern: str, value: float) -> str:
    """What ``babel.numbers.format_decimal`` (and ``format_percent``, whose pattern carries the
    ``%``) writes for ``value``, with the locale and pattern parsed once: an audit formats
    thousands of figures, and each ``format_decimal`` call parsed its locale name and pattern again
    (0.11 s of a 10^6 audit's judging, mostly that). Babel's own defaults, passed as they are.
    The same value in one locale and pattern is written once; the key is typed, since an int and
    a float equal to it are not always written alike (Babel reads a float through its ``str``:
    ``1e23 == 99999999999999991611392``, but the float is written 100,000,000,000,000,000,000,000)."""
    return _babel_pattern(pattern).apply(
        value, _babel_locale(locale), decimal_quantization=True, group_separator=True, numbering_system="latn"
    )


@cache
def speaker(lang: str) -> Speaker:
    """The :class:`Speaker` of ``lang`` (``en`` or ``zh``); an unknown language is a ValueError."""
    if lang not in LANGUAGES:
        raise ValueError(f"no catalogue for language {lang!r}; choose from {', '.join(LANGUAGES)}")
    return Speaker(lang)
