"""How a span of time is said in the reader's language: the freshness of a table and its bound.

Why a module of its own: the audit words a stale table's reason (``…2.25 天，超过 1 天``) and the
reports word the gate's bound (``时效 1.15 小时（上限 1 天）``) the same way; neither stage imports
the other, so the words live here, beside them.

>>> from checker.i18n import speaker
>>> en, zh = speaker("en"), speaker("zh")
>>> duration_words(en, 36 * 3600), duration_words(en, 5400), duration_words(zh, 86400)
('1.5 days', '1.5 h', '1 天')
>>> declared_duration_words(zh, "1 day"), declared_duration_words(zh, "36h"), declared_duration_words(en, "1 day")
('1 天', '1.5 天', '1 day')
"""

from __future__ import annotations

from checker.i18n import Speaker


def duration_words(speak: Speaker, seconds: float) -> str:
    """A span in days (from one day up) or hours, to three significant figures, in ``speak``'s words."""
    if seconds >= 86400:
        return speak._("{days} days", days=format(seconds / 86400, ".3g"))
    return speak._("{hours} h", hours=format(seconds / 3600, ".3g"))


def declared_duration_words(speak: Speaker, text: str) -> str:
    """A duration as a dataset declares it (``1 day``): as written for an English reader, in the
    reader's words otherwise (a Chinese line ``上限 1 day`` would be half English). A text that
    does not read as a calendar duration (a business one; lint has checked the rest) stays as written."""
    if speak.lang == "en":
        return text
    from checker.model.quantity import parse_duration  # words load no model unless asked

    try:
        duration = parse_duration(text)
    except ValueError:
        return text
    return text if duration.business else duration_words(speak, duration.seconds)
