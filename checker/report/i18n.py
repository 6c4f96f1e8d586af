"""Texts a standard wrote, in the reader's language: :func:`pick` chooses with fallback to the other.

The report's own words are not here: they are English msgids translated by the gettext catalogues
of :mod:`checker.i18n` (domain ``report``), and data labels (outcomes, periods, tag values) are in
:mod:`checker.report.words`. Clause titles and texts are the standard's: a standard may give one
language only, so the reader gets the other rather than nothing.
"""

from __future__ import annotations

import string

from checker.i18n import LANGUAGES
from checker.model.report import LocalText


def placeholders(message: str) -> set[str]:
    """The ``{name}`` fields a message expects, so tests can compare two texts of one message."""
    return {field for _, field, _, _ in string.Formatter().parse(message) if field}


def pick(text: LocalText | None, lang: str) -> tuple[str, str] | None:
    """A standard's text in ``lang``, else in the other language: ``(text, language used)``."""
    if text is None:
        return None
    for candidate in (lang, *(other for other in LANGUAGES if other != lang)):
        value = getattr(text, candidate)
        if value:
            return value, candidate
    return None
