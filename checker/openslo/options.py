"""The options of ``servcheck openslo export`` checked before anything is read (SC119, exit 2).

Why here and not in the command: the messages are the ``openslo`` domain's (said in ``--lang``),
and the checks are the library's (a time zone OpenSLO accepts, an OpenSLO duration, a date).

>>> from checker.i18n import speaker
>>> checked_start(speaker("en"), "2024-04-01")
datetime.date(2024, 4, 1)
>>> try:
...     check_timezone(speaker("zh"), "UTC")
... except InvalidInput as err:
...     print(err.diagnostics[0].code, err.lang)
SC119 zh
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.i18n import Speaker


def usage(speak: Speaker, message: str, location: str = "command line") -> InvalidInput:
    """An SC119 problem (exit 2) already said in ``speak``'s language."""
    return InvalidInput([Diagnostic.of(codes.OPENSLO_USAGE, message, Location(location))], speak.lang)


def check_timezone(speak: Speaker, timezone: str) -> None:
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise usage(
            speak,
            speak._("--timezone {zone} is not an IANA time zone (e.g. Asia/Shanghai, Etc/UTC)", zone=repr(timezone)),
        ) from None
    if "/" not in timezone:
        raise usage(
            speak,
            speak._(
                "--timezone {zone}: OpenSLO wants an Area/Location name (e.g. Etc/UTC for UTC)", zone=repr(timezone)
            ),
        )


def check_rolling(speak: Speaker, rolling: str | None) -> None:
    if rolling is not None and not re.fullmatch(r"[1-9][0-9]*[mhdwMQY]", rolling):
        raise usage(
            speak,
            speak._(
                "--rolling {window} is not an OpenSLO duration (a whole number and m h d w M Q Y: 28d)",
                window=repr(rolling),
            ),
        )


def checked_start(speak: Speaker, start: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(start) if start else None
    except ValueError:
        raise usage(speak, speak._("--start {start} is not a date (YYYY-MM-DD)", start=repr(start))) from None


def cannot_write(speak: Speaker, path: object, reason: str) -> InvalidInput:
    return usage(speak, speak._("cannot write {file}: {reason}", file=path, reason=reason))
