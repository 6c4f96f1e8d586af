"""Which language a writer's diagnostics are told in.

The messages themselves are gettext messages of :mod:`checker.i18n` (English msgids, Chinese in
``checker/i18n/locale/zh/LC_MESSAGES/messages.po``); this module only decides the language: the one
asked for (``--lang``), else the document's first declared language, else English. A writer of a
Chinese standard reads its problems in Chinese without asking.

>>> from checker.i18n import speaker
>>> speaker(writer_language({"languages": ["zh"]}))._("clause {number}", number="5.2")
'第 5.2 条'
"""

from __future__ import annotations

from checker.i18n import LANGUAGES


def writer_language(data: object, asked: str | None = None) -> str:
    """``asked`` when given, else the document's first declared language, else ``en``.

    >>> writer_language({"languages": ["zh", "en"]})
    'zh'
    >>> writer_language({"languages": ["zh"]}, "en")
    'en'
    """
    if asked in LANGUAGES:
        return str(asked)
    if isinstance(data, dict):
        declared = data.get("languages")
        if isinstance(declared, list) and declared and declared[0] in LANGUAGES:
            return str(declared[0])
    return LANGUAGES[0]
