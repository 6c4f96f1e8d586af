"""Texts a standard wrote, in the reader's language: :func:`pick` chooses with fallback to the other.

The report's own words are not here: they are English msgids translated by the gettext catalogues
of :mod:`checker.i18n` (domain ``report``), and data labels (outcomes, periods, tag values) are in
:mod:`checker.report.words`. Clause titles and texts are the standard's: a standard may give one
language only, so the reader gets the other rather than nothing.
"""

from __future__ import annotations

from checker.i18n import LANGUAGES
from checker.model.report import LocalText


def pick(text: LocalText | None, lang: str) -> tuple[str, str] | None:
    """A standard's text in ``lang``, else in the other language: ``(text, language used)``."""
    if text is None:
        return None
    for candidate in (lang, *(other for other in LANGUAGES if other != lang)):
        value = getattr(text, candidate)
        if value:
            return value, candidate
    return None
