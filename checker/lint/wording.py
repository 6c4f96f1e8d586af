"""Vague words and stated quantities: the word lists are data (``data/vague-words.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from checker.load.yaml_source import load_yaml_text

_CN_NUMERAL = "零〇一二两三四五六七八九十百千万半"
_CN_UNITS = "声秒分钟小时天日周个工作日次星期月年"
_EN_NUMBERS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|sixty|hundred|half|a|an"
)
_EN_UNITS = "rings?|seconds?|minutes?|hours?|days?|weeks?|months?|business days?|working days?"
QUANTITY = re.compile(
    rf"[0-9０-９]|[{_CN_NUMERAL}]+\s*[{_CN_UNITS}]|\b(?:{_EN_NUMBERS})\s+(?:{_EN_UNITS})\b|percent|百分之",
    re.IGNORECASE,
)
"""A stated quantity: any digit, a Chinese numeral with a measure word ("三声", "两小时"),
or an English number word with a unit ("three rings", "an hour")."""


def states_quantity(text: str) -> bool:
    return QUANTITY.search(text) is not None


def locate(word: str, text: str, lang: str) -> tuple[int, str] | None:
    """Where ``word`` first occurs in ``text`` and as written there: in English a whole word, in
    any case; otherwise the characters themselves (Chinese has no word boundaries), which is what
    ``re.search(re.escape(word), text)`` finds, looked up without compiling a pattern per word
    (the word lists hold about 90 of them, 0.02 s of a cold lint, issue 15).

    >>> locate("soon", "Reply SOON, not sooner.", "en"), locate("尽快", "请尽快答复", "zh"), locate("快", "慢", "zh")
    ((6, 'SOON'), (1, '尽快'), None)
    """
    if lang == "en":
        match = re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
        return (match.start(), match.group(0)) if match else None
    at = text.find(word)
    return (at, word) if at >= 0 else None


@dataclass(frozen=True)
class VagueWords:
    """The vague-word lists by language, compiled."""

    words: dict[str, tuple[str, ...]]

    def find(self, text: str, lang: str) -> str | None:
        """The first vague word (by position) of ``lang``'s list, as written in ``text``."""
        best: tuple[int, str] | None = None
        for word in self.words.get(lang, ()):
            found = locate(word, text, lang)
            if found and (best is None or found[0] < best[0]):
                best = found
        return best[1] if best else None


@cache
def vague_words() -> VagueWords:
    """The shipped lists, loaded safely once per process."""
    text = resources.files("checker.lint").joinpath("data/vague-words.yaml").read_text("utf-8")
    data = load_yaml_text(text, "checker/lint/data/vague-words.yaml").data
    return VagueWords({lang: tuple(str(w) for w in words) for lang, words in data.items()})
