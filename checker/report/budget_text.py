"""One-line wording of a requirement's interval judgement and error budget, shared by every renderer.

>>> from checker.model.report import ErrorBudget
>>> budget_text(ErrorBudget(n=100, allowed=20.0, allowed_exact="20", used=5, remaining=15.0, spent=0.25))
'error budget: 5 of 20 nonconforming records allowed used (25.0%), 15 remaining'
>>> from checker.i18n import speaker
>>> budget_text(ErrorBudget(n=100, allowed=1.0, allowed_exact="1", used=2, remaining=-1.0, spent=2.0), speaker("zh"))
'误差预算：目标允许 1 条不合格记录，已用 2 条（200.0%），超支 1 条'
"""

from __future__ import annotations

from checker.i18n import Speaker, speaker
from checker.model.report import ErrorBudget, IntervalJudgement, IntervalTally
from checker.report.words import bracketed_share, clauses, period_name

ENGLISH = speaker("en")


def _count(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def budget_text(b: ErrorBudget, speak: Speaker = ENGLISH) -> str:
    """``error budget: used of allowed …, remaining`` (overspent when negative)."""
    spent = bracketed_share(speak, b.spent)
    if b.remaining >= 0:
        left = speak._("{n} remaining", n=_count(b.remaining))
    else:
        left = speak._("overspent by {n}", n=_count(-b.remaining))
    return speak._(
        "error budget: {used} of {allowed} nonconforming records allowed used{spent}, {left}",
        used=b.used,
        allowed=_count(b.allowed),
        spent=spent,
        left=left,
    )


def burn_text(b: ErrorBudget, limit: int = 3, speak: Speaker = ENGLISH) -> str | None:
    """The buckets that burned most of the budget, e.g. ``most burned: 2024-04-09 (120 of 300)``."""
    if not b.burn:
        return None
    top = sorted(b.burn, key=lambda x: (-x.used, x.period))[:limit]
    each = [
        speak._("{period} ({used} of {allowed})", period=x.period, used=x.used, allowed=_count(x.allowed)) for x in top
    ]
    buckets = clauses(speak, each)
    return speak._("most burned: {buckets}", buckets=buckets)


def tally_text(t: IntervalTally, speak: Speaker = ENGLISH) -> str:
    """``394 of 397 intervals met (99.2%); 51 too small to judge``."""
    if speak.lang != "en" and t.exact and t.value is not None:
        text = speak._(
            "{met} of {judged} intervals met ({share})",
            met=speak.integer(t.met),
            judged=speak.integer(t.judged),
            share=format(t.value * 100, ".1f") + "%",
        )
    else:
        text = t.display or t.reason or speak._("no intervals")
    if t.display and t.insufficient:
        text = clauses(speak, [text, speak._("{n} too small to judge", n=t.insufficient)])
    return text


def interval_text(j: IntervalJudgement, speak: Speaker = ENGLISH) -> str:
    """``intervals (30min, target >= 90%): 394 of 397 intervals met (99.2%); …``."""
    period = j.period if speak.lang == "en" else period_name(speak, j.period)
    return speak._(
        "intervals ({period}, target {target}): {tally}",
        period=period,
        target=j.target,
        tally=tally_text(j.overall, speak),
    )
