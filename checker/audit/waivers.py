"""Judging, after the outcomes: failing findings covered by a waiver in force become ``waived``.

Pure (no backend). A waiver covers a failing finding of its requirement when every group value of
its scope is the finding's (so a scoped waiver never covers the overall figure) and the finding's
period bucket — or the audit period, for a finding without one — lies inside its scope's days. It
is in force when approved on or before the reference date (the audit period's last day, or the
``--as-of`` day) and expiring on or after it. The finding keeps its value, n, interval, margin and
evidence; only its outcome becomes ``waived``, with the waiver attached. The requirement's outcome
is then recomputed: a requirement whose only failures are waived is ``waived`` (never ``pass``),
which keeps the audit from NONCONFORMANT without counting as met.

>>> bucket_days("day", "2024-04-09")
(datetime.date(2024, 4, 9), datetime.date(2024, 4, 9))
>>> bucket_days("month", "2024-02")
(datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
>>> bucket_days("week", "week of 2024-04-08")
(datetime.date(2024, 4, 8), datetime.date(2024, 4, 14))
>>> bucket_days("30min", "2024-04-09 10:30")
(datetime.date(2024, 4, 9), datetime.date(2024, 4, 9))
>>> bucket_days("quarter", "2024-Q2")
(datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from checker.audit.judging import outcome_of
from checker.i18n.context import audit_speaker
from checker.load.documents import Document
from checker.load.overlay import Overlay
from checker.model.dataset import Dataset
from checker.model.report import AppliedWaiver, Finding, LocalText, OverlayNote, RequirementResult, WaiverTally
from checker.model.waiver import Waiver


@dataclass(frozen=True)
class GivenWaiver:
    """A waiver with the display name of the file it came from."""

    file: str
    waiver: Waiver


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def bucket_days(unit: str, label: str) -> tuple[dt.date, dt.date] | None:
    """The first and last local day of a period bucket named ``label`` (see ``period_label``)."""
    try:
        if unit in ("15min", "30min", "hour", "day"):
            day = dt.date.fromisoformat(label[:10])
            return day, day
        if unit == "week":
            start = dt.date.fromisoformat(label.removeprefix("week of "))
            return start, start + dt.timedelta(days=6)
        if unit == "month":
            year, month = int(label[:4]), int(label[5:7])
            return dt.date(year, month, 1), _month_end(year, month)
        if unit == "quarter":
            year, quarter = int(label[:4]), int(label[-1])
            return dt.date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
        if unit == "year":
            return dt.date(int(label), 1, 1), dt.date(int(label), 12, 31)
    except ValueError:
        return None
    return None


def covers(waiver: Waiver, finding: Finding, unit: str, period: tuple[dt.date, dt.date] | None) -> bool:
    """Whether ``waiver``'s scope takes in ``finding`` (a finding of a requirement judged per ``unit``)."""
    if any(finding.group.get(key) != value for key, value in waiver.scope.group.items()):
        return False
    if waiver.scope.period is None:
        return True
    days = bucket_days(unit, finding.group[unit]) if unit in finding.group else period
    if days is None:
        return False
    first, last = waiver.scope.period.days()
    return first <= days[0] and days[1] <= last


def _applied(given: GivenWaiver) -> AppliedWaiver:
    w = given.waiver
    return AppliedWaiver(
        id=w.id,
        file=given.file,
        justification=LocalText(zh=w.justification.zh, en=w.justification.en),
        approver=w.approver,
        approved=w.approved,
        expires=w.expires,
    )


def _reason(w: Waiver) -> str:
    """Why a finding is waived, in the audit's language (the justification in it when the waiver has one)."""
    speak = audit_speaker()
    return speak._(
        "waived by {id} (approved by {approver} on {approved}, expires {expires}): {justification}",
        id=w.id,
        approver=w.approver,
        approved=w.approved,
        expires=w.expires,
        justification=w.justification.get(speak.lang),
    )


def apply_waivers(
    results: list[RequirementResult],
    given: list[GivenWaiver],
    on: dt.date | None,
    period: tuple[dt.date, dt.date] | None,
) -> tuple[list[RequirementResult], WaiverTally]:
    """The results with covered failing findings waived, and the tally of every waiver given."""
    in_force = [g for g in given if on is not None and g.waiver.in_force(on)]
    applied: dict[str, int] = {}
    waived_requirements: list[str] = []
    out: list[RequirementResult] = []
    for result in results:
        mine = [g for g in in_force if g.waiver.requirement == result.id]

        def waive(finding: Finding, mine: list[GivenWaiver] = mine, unit: str = result.period) -> Finding:
            if finding.outcome != "fail":
                return finding
            for g in mine:
                if covers(g.waiver, finding, unit, period):
                    applied[g.waiver.id] = applied.get(g.waiver.id, 0) + 1
                    update = {"outcome": "waived", "waiver": _applied(g), "reason": _reason(g.waiver)}
                    return finding.model_copy(update=update)
            return finding

        if not mine:
            out.append(result)
            continue
        overall = waive(result.overall)
        groups = [waive(g) for g in result.groups]
        outcome = outcome_of(result, overall, groups)
        if outcome == "waived":
            waived_requirements.append(result.id)
        out.append(result.model_copy(update={"overall": overall, "groups": groups, "outcome": outcome}))
    tally = WaiverTally(
        reference_date=on.isoformat() if on else None,
        findings_waived=sum(applied.values()),
        requirements_waived=sorted(waived_requirements),
        applied=dict(sorted(applied.items())),
        unused=sorted(g.waiver.id for g in in_force if g.waiver.id not in applied),
        expired=sorted(g.waiver.id for g in given if on is not None and dt.date.fromisoformat(g.waiver.expires) < on),
        not_yet_approved=sorted(
            g.waiver.id for g in given if on is not None and dt.date.fromisoformat(g.waiver.approved) > on
        ),
    )
    return out, tally


def given_waivers(documents: tuple[Document, ...]) -> list[GivenWaiver]:
    """Every waiver of the files given, in file order."""
    return [GivenWaiver(d.name, w) for d in documents for w in d.model.waivers]


def reference_date(
    period: tuple[dt.date, dt.date] | None, as_of: dt.datetime | None, dataset: Dataset
) -> dt.date | None:
    """The day waivers must be in force on: the ``--as-of`` instant's local day, else the audit
    period's last day (None without a period: no data, nothing to waive).

    >>> from types import SimpleNamespace as NS
    >>> reference_date((dt.date(2024, 4, 1), dt.date(2024, 4, 14)), None, NS(timezone="UTC"))
    datetime.date(2024, 4, 14)
    >>> reference_date(None, dt.datetime(2024, 4, 9, 17, 0), NS(timezone="Asia/Shanghai"))
    datetime.date(2024, 4, 10)
    """
    if as_of is not None:
        return as_of.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(dataset.timezone)).date()
    return period[1] if period else None


def mark_overlays(results: list[RequirementResult], overlay: Overlay | None) -> list[RequirementResult]:
    """Each requirement an overlay changed or added carries its notes (root side first)."""
    if overlay is None:
        return results
    notes: dict[str, list[OverlayNote]] = {}
    for change in overlay.changes:
        justification = change.justification
        notes.setdefault(change.requirement, []).append(
            OverlayNote(
                change=change.kind,  # type: ignore[arg-type]
                document=change.document,
                fields=[f.describe() for f in change.fields],
                justification=LocalText(zh=justification.zh, en=justification.en) if justification else None,
            )
        )
    return [r.model_copy(update={"overlay": notes[r.id]}) if r.id in notes else r for r in results]
