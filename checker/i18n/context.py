"""The language an audit speaks in: its stages word reasons and notes through :func:`audit_speaker`.

Why a context variable (and not a ``speak`` argument on every stage): the reasons come from deep
inside the stages (a judge's "fewer than the minimum sample", a timer's note, a ledger's "duplicate
key"), and threading one more argument through every measure's plan would change dozens of
signatures for a value that never varies within an audit. :func:`checker.audit.run_audit` sets
the language once for the whole audit (``AuditRequest.lang``); outside an audit it is English, the
source language, so a library call without a language words everything as it always did.

>>> audit_speaker().n_("{n} record", "{n} records", 2)
'2 records'
>>> with speaking("zh"):
...     audit_speaker().lang
'zh'
>>> audit_speaker().lang
'en'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from checker.i18n import LANGUAGES, Speaker, speaker

_LANGUAGE: ContextVar[str] = ContextVar("servcheck_audit_language", default=LANGUAGES[0])


def audit_speaker() -> Speaker:
    """The :class:`~checker.i18n.Speaker` of the audit running now (English outside an audit)."""
    return speaker(_LANGUAGE.get())


@contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    """Word everything the audit writes inside this block in ``lang`` (``en`` or ``zh``; None: English)."""
    lang = lang or LANGUAGES[0]
    speaker(lang)  # an unknown language is a ValueError here, before anything runs
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)
