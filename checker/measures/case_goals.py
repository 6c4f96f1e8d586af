"""Goals of a case timer: an ordered list, first match wins, the last entry may be the default.

Why a list in the rule and not in the requirement: requirement ``params`` hold scalars, and a
goal table ("P1 4 business hours, P2 8, else 3 business days") is a property of the KPI's
definition, like Jira's SLA goals or Zendesk's policies. A requirement still tunes each goal:
``within`` may name a rule parameter (``within: ":p1_within"``), so the standard can say
``params: {p1_within: 2 business hours}`` and the existing parameter checks validate its unit.

Goal kinds (one key per goal besides ``when``):

* ``within: "48h"`` — calendar time while the clock runs (paused time excluded);
* ``within: "4 business hours"`` — working time of the timer's calendar while it runs;
* ``within: "3 business days"`` — a deadline: the same working-time position 3 working dates
  later (:func:`checker.engine.calendar.add_business_days_sql`);
* ``by: "same day"`` — the close of the business day on which the cycle started (a start
  after hours or on a closed date belongs to the next opening's day);
* ``by: "next business day 16:00"`` — 16:00 local on the next working date;
* ``due: due_at`` — a deadline carried in the data (the field's first non-empty value).

Deadline goals (the last four) compare the stop *instant* with the deadline: pauses do not move
a deadline. Duration goals compare elapsed running time, so pauses count for nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, model_validator

from checker import codes
from checker.diagnostics import Diagnostic, Location
from checker.i18n.context import audit_speaker
from checker.measures.options.base import Options
from checker.model.params import ParamTyped
from checker.model.quantity import Duration, QuantityError, parse_duration

GoalKind = Literal["calendar", "business", "business-days", "same-day", "next-day", "due"]
_NEXT_DAY = re.compile(r"^\s*next\s+business\s+day\s+(?:by\s+)?(\d{1,2}):(\d{2})\s*$", re.I)
_SAME_DAY = re.compile(r"^\s*(same\s+(business\s+)?day|end\s+of\s+(the\s+)?business\s+day)\s*$", re.I)


class GoalSpec(Options):
    """One entry of ``options.goals``: a condition over case attributes and one goal."""

    when: str | None = Field(default=None, description="condition over case attributes; none = default")
    within: str | None = Field(default=None, description='"4 business hours", "48h", "3 business days" or ":param"')
    by: str | None = Field(default=None, description='"same day" or "next business day 16:00"')
    due: str | None = Field(default=None, description="field holding a deadline carried in the data")

    @model_validator(mode="after")
    def _one_goal(self) -> GoalSpec:
        given = [k for k in ("within", "by", "due") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'within', 'by' or 'due' in each goal")
        return self


@dataclass(frozen=True)
class Goal:
    """A resolved goal: its kind, its amount and how it is described in reports."""

    index: int
    kind: GoalKind
    text: str
    when: str | None
    seconds: float = 0.0  # calendar / business goals
    days: int = 0  # business-days goals
    at: dt.time | None = None  # next-day goals
    field: str | None = None  # due goals

    @property
    def is_deadline(self) -> bool:
        return self.kind in ("business-days", "same-day", "next-day", "due")

    def describe(self) -> str:
        speak = audit_speaker()
        why = speak._("when {condition}", condition=self.when) if self.when else speak._("default")
        return speak._("goal {number} ({why}): {text}", number=self.index + 1, why=why, text=self.text)


class GoalError(ValueError):
    """A goal that cannot be used; ``path`` is where it is inside the rule's options."""

    def __init__(self, path: tuple[str | int, ...], message: str):
        super().__init__(message)
        self.path = path


def _within(text: str, params: Mapping[str, ParamTyped], path: tuple[str | int, ...]) -> Duration:
    if text.strip().startswith(":"):
        name = text.strip()[1:]
        value = params.get(name)
        if not isinstance(value, Duration):
            raise GoalError(path, f"{text!r} must name a duration parameter of the rule")
        return value
    try:
        return parse_duration(text)
    except QuantityError as err:
        raise GoalError(path, str(err)) from None


def resolve_goal(index: int, spec: GoalSpec, params: Mapping[str, ParamTyped], fields: Sequence[str] | None) -> Goal:
    """One goal spec → :class:`Goal`; raises :class:`GoalError` located inside ``goals``."""
    base: tuple[str | int, ...] = ("goals", index)
    if spec.within is not None:
        duration = _within(spec.within, params, (*base, "within"))
        text = duration.text
        if duration.business and duration.business_unit == "days":
            if not float(duration.amount).is_integer():
                raise GoalError((*base, "within"), f"{text!r}: business days must be a whole number")
            return Goal(index, "business-days", text, spec.when, days=int(duration.amount))
        kind: GoalKind = "business" if duration.business else "calendar"
        return Goal(index, kind, text, spec.when, seconds=duration.seconds)
    if spec.by is not None:
        if _SAME_DAY.match(spec.by):
            return Goal(index, "same-day", audit_speaker()._("by the close of the same business day"), spec.when)
        match = _NEXT_DAY.match(spec.by)
        if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
            at = dt.time(int(match.group(1)), int(match.group(2)))
            text = audit_speaker()._("by {time} on the next business day", time=format(at, "%H:%M"))
            return Goal(index, "next-day", text, spec.when, at=at)
        raise GoalError((*base, "by"), f'{spec.by!r} is not a deadline; write "same day" or "next business day 16:00"')
    assert spec.due is not None
    if fields is not None and spec.due not in fields:
        raise GoalError((*base, "due"), f"due field {spec.due!r} is not a field of the table ({', '.join(fields)})")
    return Goal(
        index, "due", audit_speaker()._("by the due date in {field}", field=spec.due), spec.when, field=spec.due
    )


def resolve_goals(
    specs: Sequence[GoalSpec], params: Mapping[str, ParamTyped], fields: Sequence[str] | None
) -> list[Goal]:
    """Every goal resolved; all problems raised together as a list of :class:`GoalError`."""
    goals, problems = [], []
    for i, spec in enumerate(specs):
        try:
            goals.append(resolve_goal(i, spec, params, fields))
        except GoalError as err:
            problems.append(err)
    for i, spec in enumerate(specs[:-1]):
        if spec.when is None:
            problems.append(GoalError(("goals", i, "when"), "only the last goal may be the default (no 'when')"))
    if problems:
        raise GoalErrors(problems)
    return goals


class GoalErrors(ValueError):
    def __init__(self, errors: list[GoalError]):
        super().__init__("; ".join(f"{'/'.join(map(str, e.path))}: {e}" for e in errors))
        self.errors = errors


def diagnostics(errors: GoalErrors, at: Callable[[tuple[str | int, ...]], Location], rule_id: str) -> list[Diagnostic]:
    """Goal problems as located ``rule-options`` diagnostics (``at`` maps an options path)."""
    return [
        Diagnostic.of(
            codes.RULE_OPTIONS,
            f"rule {rule_id!r} options: {'/'.join(map(str, e.path))}: {e}",
            at(e.path),
        )
        for e in errors.errors
    ]
