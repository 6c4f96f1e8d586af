"""Interval targets: a requirement judged on the share of its period buckets that meet its target.

Why: a contact centre's "80/20" is promised per half-hour, not over the month — a good evening
cannot make up for a morning when nobody answered. The convention is "80% within 20 s in at
least 90% of the half-hour intervals" (OpenSLO calls it time-slice budgeting). The engine already
judges every bucket of the requirement's ``period`` (and every group × bucket); this stage only
counts those findings, in Python, so it is the same on every engine.

Which buckets count:

* a bucket whose finding is ``pass`` or ``warn`` is **met** (it meets the target);
* a bucket whose finding is ``fail`` (or ``waived``: failed, with a waiver) is judged and **not met**;
* a bucket with records but no verdict (``insufficient-data``: fewer than ``min_sample``; or any
  other outcome without a verdict) is **insufficient**: counted apart and shown, never met; with
  ``insufficient: not-met`` it is also counted in the share as an interval not met;
* a bucket without records has no finding at all: nothing was offered, so it is no interval of
  service and is not counted (the convention of workforce-management interval reports).

>>> from checker.model.quantity import parse_target
>>> from checker.model.report import Finding
>>> buckets = [Finding(group={"30min": f"2024-04-01 0{h}:00"}, outcome=o, value=None, n=40)
...            for h, o in enumerate(["pass", "warn", "fail", "insufficient-data"])]
>>> tally = judge_intervals(buckets, "30min", [], parse_target(">= 60%"), "exclude").overall
>>> tally.display, tally.outcome, tally.insufficient
('2 of 3 intervals met (66.7%)', 'pass', 1)
>>> judge_intervals(buckets, "30min", [], parse_target(">= 60%"), "not-met").overall.display
'2 of 4 intervals met (50.0%)'
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from typing import NamedTuple

from checker.engine.judge import margin
from checker.i18n.context import audit_speaker
from checker.model.quantity import Target
from checker.model.report import Finding, IntervalTally


class Tallies(NamedTuple):
    """The overall tally and the per-group tallies."""

    overall: IntervalTally
    groups: list[IntervalTally]


MET = frozenset({"pass", "warn"})
NOT_MET = frozenset({"fail", "waived"})


def tally(buckets: list[Finding], target: Target, insufficient: str, group: dict[str, str]) -> IntervalTally:
    """Count one series of buckets (overall, or one group's) and judge the share against ``target``."""
    met = sum(1 for b in buckets if b.outcome in MET)
    not_met = sum(1 for b in buckets if b.outcome in NOT_MET)
    unjudged = len(buckets) - met - not_met
    judged = met + not_met + (unjudged if insufficient == "not-met" else 0)
    if judged == 0:
        speak = audit_speaker()
        reason = (
            speak._("no interval could be judged ({unjudged} with too few records)", unjudged=unjudged)
            if unjudged
            else speak._("no intervals with records")
        )
        return IntervalTally(
            group=group, outcome="insufficient-data", met=0, judged=0, insufficient=unjudged, reason=reason
        )
    share = Fraction(met, judged)
    reason = None
    if unjudged:
        speak = audit_speaker()
        how = (
            speak._("counted as not met") if insufficient == "not-met" else speak._("left out of the share, never met")
        )
        reason = speak.n_(
            "{count} interval with too few records to judge: {how}",
            "{count} intervals with too few records to judge: {how}",
            unjudged,
            count=unjudged,
            how=how,
        )
    return IntervalTally(
        group=group,
        outcome="pass" if target.holds(share) else "fail",
        met=met,
        judged=judged,
        insufficient=unjudged,
        value=float(share),
        exact=f"{met}/{judged}",
        display=audit_speaker().n_(
            "{met} of {count} interval met ({share})",
            "{met} of {count} intervals met ({share})",
            judged,
            count=judged,
            met=met,
            share=format(float(share) * 100, ".1f") + "%",
        ),
        margin=margin(target, share),
        reason=reason,
    )


def judge_intervals(
    findings: list[Finding], period: str, group_by: list[str], target: Target, insufficient: str
) -> Tallies:
    """The overall tally (buckets of the whole scope) and one per group (its group × bucket findings)."""
    overall = [f for f in findings if set(f.group) == {period}]
    per_group: dict[tuple[tuple[str, str], ...], list[Finding]] = defaultdict(list)
    if group_by:
        keys = {*group_by, period}
        for f in findings:
            if set(f.group) == keys:
                per_group[tuple((g, f.group[g]) for g in group_by)].append(f)
    return Tallies(
        overall=tally(overall, target, insufficient, {}),
        groups=[tally(per_group[k], target, insufficient, dict(k)) for k in sorted(per_group)],
    )
