"""Writers' diagnostics in the writer's language: ``messages.yaml`` holds every text in en and zh.

Why a catalogue (data, not f-strings at call sites): a writer of a Chinese standard reads its
problems in Chinese, and a test can prove both languages say something for every key with the
same placeholders. The language is the one asked for (``--lang``), else the document's first
declared language, else English.

>>> say("where.clause", "zh", number="5.2")
'第 5.2 条'
>>> say("load.missing", "en", where="clause 5.2", key="text", example="{zh: …}")
'clause 5.2 has no `text` — add `text: {zh: …}`'
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("en", "zh")


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = str(value)
    return out


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Language → dotted key → message (shipped data, read once)."""
    text = resources.files("checker.load").joinpath("messages.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {lang: _flatten(data[lang]) for lang in LANGUAGES}


def say(message: str, lang: str, **fields: Any) -> str:
    """The message ``message`` (a dotted key) in ``lang`` (English if unknown), ``fields`` filled in."""
    messages = catalogue().get(lang) or catalogue()["en"]
    return messages[message].format(**fields)


def writer_language(data: object, asked: str | None = None) -> str:
    """``asked`` when given, else the document's first declared language, else ``en``.

    >>> writer_language({"languages": ["zh", "en"]})
    'zh'
    >>> writer_language({"languages": ["zh"]}, "en")
    'en'
    """
    if asked in LANGUAGES:
        return asked
    if isinstance(data, dict):
        declared = data.get("languages")
        if isinstance(declared, list) and declared and declared[0] in LANGUAGES:
            return str(declared[0])
    return "en"
