"""Find English left in a Chinese output: the check behind every "no untranslated English" test.

Why a word list and not a language detector: the outputs are short, mixed with identifiers,
codes, units and numbers that must stay as written, and a detector would guess. A word is any run
of two or more Latin letters; it is allowed when it is part of a token that is plainly not prose
(an identifier with ``_ - . / :``, a code like ``SC041``, a path, a URL, text in backticks), when it
is in :data:`ALLOWED` (units, acronyms and format names a Chinese reader sees as written), or when
the test passes it as a name of the document or data (requirement ids, field and table names, rule
ids, tag values the standard defines).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ALLOWED = frozenset(
    [
        "servcheck",
        "SC",
        "ISO",
        "GB",
        "NPS",
        "CSAT",
        "CES",
        "SLA",
        "ASA",
        "AHT",
        "FCR",
        "KPI",
        "SLO",
        "SLI",
        "OpenSLO",
        "SERVQUAL",
        "RPN",
        "FMEA",
        "JSON",
        "HTML",
        "CSV",
        "PDF",
        "DOCX",
        "SARIF",
        "JUnit",
        "XML",
        "YAML",
        "Markdown",
        "Parquet",
        "JSONL",
        "XES",
        "OCEL",
        "SQL",
        "DuckDB",
        "Spark",
        "UTC",
        "GMT",
        "ms",
        "s",
        "min",
        "h",
        "d",
        "pp",
        "n",
        "N",
        "p",
        "id",
        "ID",
        "IVR",
        "CRM",
        "URL",
        "UTF",
    ]
)
_NOT_PROSE = re.compile(
    r"`[^`]*`"  # code spans: what to type
    r"|https?://\S+"  # addresses
    r"|\b\w+(?:[_./:@#-]\w+)+"  # identifiers, paths, dates, versions, codes with separators
    r"|\b[A-Z]{1,4}\d+\b"  # codes: SC041, E7, P1
    r"|&\w+;"  # HTML entities
)
_WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str, names: Iterable[str] = ()) -> list[str]:
    """The English words in ``text`` that are neither allowed nor one of ``names`` (sorted, unique).

    >>> english_words("第 4.1 条 未达标：service_level 为 95.7%（n = 17,823）")
    []
    >>> english_words("第 4.1 条 failed: 3 records rejected")
    ['failed', 'records', 'rejected']
    >>> english_words("表 calls 的 `answered_within` 字段", names={"calls"})
    []
    """
    allowed = ALLOWED | set(names)
    stripped = _NOT_PROSE.sub(" ", text)
    return sorted({word for word in _WORD.findall(stripped) if word not in allowed})
