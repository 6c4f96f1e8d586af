"""Manner and attitude words (``data/manner-words.yaml``), for SC110 manner-wording."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from checker.lint.wording import locate
from checker.load.yaml_source import load_yaml_text


@dataclass(frozen=True)
class MannerWords:
    """Per language: each word's remedy, the default remedy and the observable behaviours."""

    words: dict[str, dict[str, str]]
    default: dict[str, str]
    observable: dict[str, tuple[str, ...]]

    def find(self, text: str, lang: str) -> tuple[str, str] | None:
        """The first manner word of ``text`` (as written) and its remedy, unless the text names an
        observable behaviour.

        >>> manner_words().find("前台员工应态度热情。", "zh")[0]
        '热情'
        >>> manner_words().find("Staff are friendly and make eye contact.", "en") is None
        True
        """
        if any(locate(seen, text, lang) for seen in self.observable.get(lang, ())):
            return None
        best: tuple[int, str, str] | None = None
        for word, remedy in self.words.get(lang, {}).items():
            found = locate(word, text, lang)
            if found and (best is None or found[0] < best[0]):
                best = (*found, remedy)
        return (best[1], best[2]) if best else None


@cache
def manner_words() -> MannerWords:
    """The shipped lists, loaded safely once per process."""
    text = resources.files("checker.lint").joinpath("data/manner-words.yaml").read_text("utf-8")
    data = load_yaml_text(text, "checker/lint/data/manner-words.yaml").data
    return MannerWords(
        {lang: {str(k): str(v) for k, v in part["words"].items()} for lang, part in data.items()},
        {lang: str(part["default"]) for lang, part in data.items()},
        {lang: tuple(str(w) for w in part["observable"]) for lang, part in data.items()},
    )
