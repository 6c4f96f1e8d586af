"""Who signs the report: names and date given at rendering time, else blank lines to sign by hand.

Why not from the clock: a report is byte-deterministic, so the date is the one the auditor gives
(``--signed-on``), never today's. The sign-off goes into the report model (``sign_off``), so the
JSON, the HTML and the Markdown name the same people.
"""

from __future__ import annotations

import datetime as dt

from checker.model.report import Report, SignOff


def check_date(date: str) -> None:
    """Raise ValueError unless ``date`` is a real day written ``YYYY-MM-DD``.

    >>> check_date("2024-04-20")
    >>> check_date("2024-02-30")
    Traceback (most recent call last):
    ValueError: sign-off date '2024-02-30' is not a date written YYYY-MM-DD
    """
    try:
        if len(date) != 10:
            raise ValueError
        dt.date.fromisoformat(date)
    except ValueError:
        raise ValueError(f"sign-off date {date!r} is not a date written YYYY-MM-DD") from None


def with_sign_off(
    report: Report, auditor: str | None = None, reviewer: str | None = None, date: str | None = None
) -> Report:
    """``report`` with its sign-off filled in; unchanged when nothing is given."""
    names = [(value or "").strip() or None for value in (auditor, reviewer)]
    if date is not None:
        check_date(date)
    if not any(names) and date is None:
        return report
    return report.model_copy(update={"sign_off": SignOff(auditor=names[0], reviewer=names[1], date=date)})
