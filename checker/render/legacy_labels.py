"""TEMPORARY: the key → text YAML catalogue ``servcheck render`` was written against.

The report moved to gettext (:mod:`checker.i18n`) while ``render`` was being built on this
catalogue; the two landed together. ``render`` reads its labels here until it is moved to
gettext too (issue 13), when this module and ``messages/*.yaml`` are deleted.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from checker.model.report import LocalText

LANGUAGES = ("en", "zh")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MESSAGES_DIR = Path(__file__).parent / "messages"


def _flatten(tree: dict[str, object], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = str(value)
    return out


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Dotted key → message for one language (``messages/<lang>.yaml``, nested mappings flattened)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no message catalogue for language {lang!r}; choose from {', '.join(LANGUAGES)}")
    with (MESSAGES_DIR / f"{lang}.yaml").open(encoding="utf-8") as handle:
        return _flatten(yaml.safe_load(handle))


def placeholders(message: str) -> set[str]:
    """The ``{name}`` fields a message expects, so tests can compare catalogues."""
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


@dataclass(frozen=True)
class Messages:
    """Words and number/date formats of one language; ``t`` raises on an unknown key (no silent gaps)."""

    lang: str

    def t(self, key: str, **fields: object) -> str:
        message = catalogue(self.lang).get(key)
        if message is None:
            message = catalogue("en")[key]  # a missing Chinese word falls back; a missing key is a bug
        return message.format(**fields) if fields else message

    def label(self, key: str, fallback: str) -> str:
        """The catalogue's word for an open-ended name (a tag, a period), or the name as written."""
        return catalogue(self.lang).get(key) or catalogue("en").get(key) or fallback

    def integer(self, value: int | None) -> str:
        """Thousands grouped with commas in both languages (usual in Chinese business documents too)."""
        return "" if value is None else f"{value:,}"

    def number(self, value: float | None, digits: int = 2) -> str:
        return "" if value is None else f"{value:,.{digits}f}"

    def percent(self, share: float | None, digits: int = 1) -> str:
        return "" if share is None else f"{share * 100:.{digits}f}%"

    def margin(self, unit: str, value: float | None) -> str:
        """Distance to the target in the target's unit: percentage points, seconds or points."""
        if value is None:
            return ""
        if unit == "percent":
            return self.t("unit.pp", value=f"{value * 100:+.2f}")
        if unit == "duration":
            return self.t("unit.seconds", value=f"{value:+,.1f}")
        return f"{value:+,.2f}"

    def interval(self, unit: str, bounds: tuple[float, float] | None) -> str:
        """The 95% interval, shown for shares: ``77.3–84.8%``."""
        if bounds is None:
            return ""
        low, high = bounds
        return f"{low * 100:.1f}–{high * 100:.1f}%" if unit == "percent" else f"{low:,.2f}–{high:,.2f}"

    def date(self, text: str | None) -> str:
        """``2024-04-01`` → ``1 Apr 2024`` / ``2024年4月1日``; anything else is shown as written."""
        if not text or not _ISO_DAY.fullmatch(text):
            return text or ""
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return text
        if self.lang == "zh":
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.day} {self.t('month.' + str(day.month))} {day.year}"
