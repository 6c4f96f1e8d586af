"""How ``servcheck explain-case`` says a case's goal, status and verdict in the reader's language.

Why a module of its own: the audit's per-case export writes verdicts and reasons as English data
(SQL text, compared by the export-agreement test), while an explanation is prose for a person.
The prose is recomposed here from the same row fields — the goal's index, the case's status, met or
not, still open — so each language gets whole sentences, plurals by the catalogue ("1 business
hour", "3 business days"), and not English fragments glued together.

>>> from checker.i18n import speaker
>>> from checker.measures.case_goals import Goal
>>> goal = Goal(0, "business", "1 business hours", "priority = 'P1'", seconds=3600)
>>> goal_text(goal, speaker("en"))
"goal 1 (when priority = 'P1'): 1 business hour"
>>> print(goal_text(goal, speaker("zh")))
目标 1（当 priority = 'P1' 时）：1 个工作小时
>>> violation("no_skip: skips from L1 to L3", speaker("zh"))
'no_skip：从 L1 跳到 L3'
"""

from __future__ import annotations

import re
from typing import Any

from checker.i18n import Speaker
from checker.measures.case_goals import Goal

_HOURS, _MINUTES, _DAYS = 3600, 60, 86400
_SYMBOLS = re.compile(r"\d+(?:\.\d+)?\s*(?:ms|s|min|h|d)")
_VIOLATIONS = (
    (re.compile(r"^start_in: starts in (?P<a>.*)$"), "start_in"),
    (re.compile(r"^allowed: step (?P<a>.*) → (?P<b>.*) is not allowed$"), "allowed"),
    (re.compile(r"^never_back: back from (?P<a>.*) to (?P<b>.*)$"), "never_back"),
    (re.compile(r"^no_skip: skips from (?P<a>.*) to (?P<b>.*)$"), "no_skip"),
    (re.compile(r"^before: (?P<b>.*) before (?P<a>.*)$"), "before"),
)
"""The case-path checks' messages as :mod:`checker.measures.case_path` writes them (English data)."""


def _amount(seconds: float, speak: Speaker, business: bool) -> str:
    """A calendar or business duration in its largest whole unit (``36h`` stays hours, ``2d`` days)."""
    whole = round(seconds)
    if not business and whole % _DAYS == 0:
        return speak.n_("{n} day", "{n} days", whole // _DAYS)
    if whole % _HOURS == 0:
        n = whole // _HOURS
        return (
            speak.n_("{n} business hour", "{n} business hours", n) if business else speak.n_("{n} hour", "{n} hours", n)
        )
    if whole % _MINUTES == 0:
        n = whole // _MINUTES
        return (
            speak.n_("{n} business minute", "{n} business minutes", n)
            if business
            else speak.n_("{n} minute", "{n} minutes", n)
        )
    return speak.n_("{n} second", "{n} seconds", whole)


def goal_amount(goal: Goal, speak: Speaker) -> str:
    """What the goal allows: ``1 business hour``, ``by 16:00 on the next business day``; a calendar
    duration as the rule writes it when that reads the same in every language (``24h``, ``30min``)."""
    if goal.kind == "calendar" and (speak.lang == "en" or _SYMBOLS.fullmatch(goal.text)):
        return goal.text
    if goal.kind in ("calendar", "business"):
        return _amount(goal.seconds, speak, goal.kind == "business")
    if goal.kind == "business-days":
        return speak.n_("{n} business day", "{n} business days", goal.days)
    if goal.kind == "same-day":
        return speak._("by the close of the same business day")
    if goal.kind == "next-day":
        assert goal.at is not None
        return speak._("by {time} on the next business day", time=f"{goal.at:%H:%M}")
    return speak._("by the due date in {field}", field=goal.field)


def goal_text(goal: Goal, speak: Speaker) -> str:
    """``goal 1 (when priority = 'P1'): 1 business hour`` — which goal, when it applies, what it allows."""
    why = speak._("when {condition}", condition=goal.when) if goal.when else speak._("default")
    return speak._("goal {n} ({why}): {amount}", n=goal.index + 1, why=why, amount=goal_amount(goal, speak))


def status(text: str, speak: Speaker) -> str:
    """Why a case is not counted, in the words the audit's notes use (:func:`checker.measures.timer.status_words`)."""
    from checker.measures.timer import status_words

    return status_words(text, speak)


def verdict_word(verdict: str, speak: Speaker) -> str:
    words = {
        "met": speak.p_("case verdict", "met"),
        "breached": speak.p_("case verdict", "breached"),
        "pending": speak.p_("case verdict", "pending"),
        "cancelled": speak.p_("case verdict", "cancelled"),
        "not counted": speak.p_("case verdict", "not counted"),
    }
    return words.get(verdict, verdict)


def timer_reason(row: dict[str, Any], verdict: dict[str, Any], goals: list[Goal], speak: Speaker) -> str:
    """Why a timer or follow-up case got its verdict, from the case row (``_status``, ``_goal``, ``_met``)."""
    goal = goals[row["_goal"]] if row.get("_goal") is not None else None
    said = goal_text(goal, speak) if goal is not None else speak._("no goal")
    if row.get("_status") is not None:
        return (
            speak._("a cancel event took the case out")
            if row["_status"] == "cancelled"
            else status(row["_status"], speak)
        )
    early = row.get("_early_goal")
    if early is not None:
        return speak._(
            "past {goal} while it was in force (by {at})", goal=goal_text(goals[early], speak), at=row.get("_early_at")
        )
    if verdict["verdict"] == "met":
        return speak._("within {goal}", goal=said)
    if verdict["verdict"] == "breached":
        return (
            speak._("still open and already past {goal}", goal=said)
            if row.get("_open")
            else speak._("past {goal}", goal=said)
        )
    return speak._("open, not yet past {goal}", goal=said)


def violation(text: str | None, speak: Speaker) -> str:
    """A case-path check's finding (``no_skip: skips from L1 to L3``) in the reader's language."""
    if not text:
        return speak._("path conforms")
    found = next(((check, m) for pattern, check in _VIOLATIONS if (m := pattern.match(text)) is not None), None)
    if found is None:
        return status(text, speak)
    check, match = found
    a, b = match.group("a"), match.groupdict().get("b")
    if check == "start_in":
        return speak._("{check}: starts in {a}", check=check, a=a)
    if check == "allowed":
        return speak._("{check}: step {a} → {b} is not allowed", check=check, a=a, b=b)
    if check == "never_back":
        return speak._("{check}: back from {a} to {b}", check=check, a=a, b=b)
    if check == "no_skip":
        return speak._("{check}: skips from {a} to {b}", check=check, a=a, b=b)
    return speak._("{check}: {b} before {a}", check=check, a=a, b=b)
