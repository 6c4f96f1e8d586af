"""The data-quality gate of each table (``quality:`` in the dataset): rejected share, completeness, freshness.

Why: a ledger that shows a third of the rows rejected informs, but changes no verdict; a share
judged on the two thirds that could be read may pass while the unreadable third held the
failures. A table may therefore declare thresholds, and every requirement resting on a table that
fails them is ``insufficient-data`` with the reason (:mod:`checker.audit.coverage`), never pass.

* ``max_rejected: 10%`` — rejected rows / rows read (from the ledger);
* ``complete: {wait: 99%}`` — used rows with a value in the field / used rows (one aggregate query,
  ``COUNT(*)`` and ``COUNT(field)``, the same on DuckDB and Spark);
* ``fresh_within: 1 day`` — the audit period's end (midnight after its last local day) minus the
  latest used record (local time, from the ledger) is at most this.

Comparisons are exact (fractions), so 10.0% rejected meets ``max_rejected: 10%``.

>>> share_text(Fraction(1872, 6000))
'31.2%'
>>> span_text(36 * 3600)
'1.5 days'
>>> span_text(5400)
'1.5 h'
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from sqlglot import exp

from checker.audit.tables import Tables
from checker.engine.backend import Backend, table
from checker.i18n.context import audit_speaker
from checker.model.dataset import Dataset, Quality
from checker.model.quantity import parse_duration, parse_percent
from checker.model.report import QualityCheck, QualityGate
from checker.span_words import declared_duration_words, duration_words


def share_text(value: Fraction) -> str:
    return f"{float(value) * 100:.1f}%"


def span_text(seconds: float) -> str:
    return duration_words(audit_speaker(), seconds)


def _q(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def quality_gates(backend: Backend, dataset: Dataset, tables: Tables) -> dict[str, QualityGate]:
    """The gate of every read table that declares one (lint SC057 has checked the thresholds)."""
    gates = {}
    for name, prepared in sorted(tables.prepared.items()):
        quality = dataset.tables[name].quality
        if quality is None:
            continue
        ledger = tables.ledgers[name]
        checks = []
        if quality.max_rejected is not None:
            rejected = sum(count for count, _ in ledger.rejected.values())
            checks.append(rejected_check(quality.max_rejected, rejected, ledger.read))
        if quality.complete:
            checks += complete_checks(backend, prepared.view, quality)
        if quality.fresh_within is not None:
            latest = ledger.local_range[1] if ledger.local_range else None
            checks.append(fresh_check(quality.fresh_within, latest, tables.period))
        gates[name] = QualityGate(passed=all(c.passed for c in checks), checks=checks)
    return gates


def rejected_check(threshold: str | int | float, rejected: int, read: int) -> QualityCheck:
    """Rejected rows against rows read; an empty table rejects nothing.

    >>> rejected_check("10%", 1872, 6000).reason
    '31.2% of rows rejected (1872 of 6000), above 10%'
    """
    limit = parse_percent(threshold)
    share = Fraction(rejected, read) if read else Fraction(0)
    passed = share <= limit
    return QualityCheck(
        check="rejected",
        threshold=str(threshold),
        measured=share_text(share),
        exact=f"{rejected}/{read}",
        passed=passed,
        reason=None
        if passed
        else audit_speaker()._(
            "{share} of rows rejected ({rejected} of {read}), above {threshold}",
            share=share_text(share),
            rejected=rejected,
            read=read,
            threshold=threshold,
        ),
    )


def complete_checks(backend: Backend, view: str, quality: Quality) -> list[QualityCheck]:
    """One query over the used rows: how many there are and how many have each declared field."""
    fields = sorted(quality.complete)
    query = (
        exp.select(exp.Count(this=exp.Star()), *(exp.Count(this=_q(f)) for f in fields))
        .from_(table(view))
        .where(exp.Is(this=_q("_status"), expression=exp.null()))
    )
    ((used, *present),) = backend.tuples(query)
    return [complete_check(f, quality.complete[f], int(n), int(used)) for f, n in zip(fields, present, strict=True)]


def complete_check(field: str, threshold: str | int | float, present: int, used: int) -> QualityCheck:
    """A table without used rows is not judged incomplete here: its requirements have no records anyway.

    >>> complete_check("wait", "99%", 970, 1000).reason
    'wait has a value in 97.0% of used rows (970 of 1000), below 99%'
    """
    share = Fraction(present, used) if used else Fraction(1)
    passed = share >= parse_percent(threshold)
    return QualityCheck(
        check="complete",
        field=field,
        threshold=str(threshold),
        measured=share_text(share),
        exact=f"{present}/{used}",
        passed=passed,
        reason=None
        if passed
        else audit_speaker()._(
            "{field} has a value in {share} of used rows ({present} of {used}), below {threshold}",
            field=field,
            share=share_text(share),
            present=present,
            used=used,
            threshold=threshold,
        ),
    )


def fresh_check(
    threshold: str | int | float, latest: dt.datetime | None, period: tuple[dt.date, dt.date] | None
) -> QualityCheck:
    """The latest used record against the end of the audit period (local time).

    >>> fresh_check("1 day", dt.datetime(2024, 4, 12, 18, 0), (dt.date(2024, 4, 1), dt.date(2024, 4, 14))).reason
    'the latest record (2024-04-12 18:00) is 2.25 days before the end of the period (2024-04-15 00:00), more than 1 day'
    """
    if latest is None or period is None:
        return QualityCheck(
            check="fresh",
            threshold=str(threshold),
            measured=audit_speaker()._("no used records"),
            passed=False,
            reason=audit_speaker()._("no used record to date the table by"),
        )
    end = dt.datetime.combine(period[1] + dt.timedelta(days=1), dt.time())
    behind = max((end - latest.replace(tzinfo=None)).total_seconds(), 0.0)
    passed = behind <= parse_duration(threshold).seconds
    return QualityCheck(
        check="fresh",
        threshold=str(threshold),
        measured=span_text(behind),
        passed=passed,
        reason=None
        if passed
        else audit_speaker()._(
            "the latest record ({latest}) is {behind} before the end of the period ({end}), more than {threshold}",
            latest=format(latest, "%Y-%m-%d %H:%M"),
            behind=span_text(behind),
            end=format(end, "%Y-%m-%d %H:%M"),
            threshold=declared_duration_words(audit_speaker(), str(threshold)),
        ),
    )


def gate_reason(name: str, gate: QualityGate) -> str:
    """What a requirement on a failing table says: ``table calls failed its data-quality gate: …``."""
    reasons = audit_speaker().p_("clause separator", "; ").join(c.reason for c in gate.checks if c.reason)
    return audit_speaker()._("table {table} failed its data-quality gate: {reasons}", table=name, reasons=reasons)
