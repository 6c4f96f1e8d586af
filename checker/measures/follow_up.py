"""Measure ``follow-up``: every case with event X has event Y within T after it.

"Every complaint gets a follow-up contact within 48 hours", "a satisfaction survey is sent
within 24 h of resolution". It is a timer whose clock starts at the *first* trigger event and
stops at the first response event after it (ties broken by the declared ``order``, then file and
row), so it shares the timer's business calendars, goals and open-case rules: a case whose
trigger has had no response yet is *breached* once T has passed at ``asof`` and *pending*
before. Cases without a trigger are not in the base (status ``no trigger event``).

PASS example (rule options)::

    options:
      trigger: "activity = 'complaint'"
      response: "activity in ('follow-up call', 'follow-up email')"
      within: ":within"          # a duration parameter of the rule, e.g. 48h
      calendar: 24x7

FAIL example (``response`` is required)::

    options:
      trigger: "activity = 'complaint'"

Worked example: complaint Mon 10:00, call Wed 09:00 → 47 h ≤ 48 h: met; complaint Mon 10:00 and
no call by the log's end Wed 11:00 → 49 h: breached although open.
"""

from __future__ import annotations

from pydantic import ValidationError

from checker.measures.base import MeasurePlan, PlanContext
from checker.measures.case_goals import GoalSpec
from checker.measures.options.models import DECLARED, FollowUpOptions
from checker.measures.timer import TimerOptions, design, options_error, status_note, timer_plan

NAME = "follow-up"
"""The rule's ``measure:`` value."""

CITES_ROWS = True
"""Evidence cites a case's source row: the table's view carries ``_file``/``_row``."""


OPTIONS = FollowUpOptions
"""The rule's ``options:`` block for this measure."""

EXPRESSION_OPTIONS = DECLARED[NAME].expressions
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""

FIELD_OPTIONS = DECLARED[NAME].fields
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def _timer_options(options: FollowUpOptions) -> TimerOptions:
    return TimerOptions(
        start=options.trigger,
        stop=options.response,
        start_at=options.trigger_at,
        order=options.order,
        calendar=options.calendar,
        goals=[GoalSpec(within=options.within)],
        sequence=options.sequence,
        at_risk=options.at_risk,
    )


def parse_options(ctx: PlanContext) -> TimerOptions:
    """The rule's follow-up options as the timer options they stand for."""
    try:
        options = FollowUpOptions.model_validate(dict(ctx.options))
    except ValidationError as err:
        first = err.errors()[0]
        message = f"follow-up options: {'/'.join(map(str, first['loc']))}: {first['msg']}"
        raise options_error(ctx, str(first["loc"][0]) if first["loc"] else "trigger", message) from None
    return _timer_options(options)


def plan(ctx: PlanContext) -> MeasurePlan:
    """A timer from the first trigger to the first response after it, judged as a share."""
    built = design(ctx, parse_options(ctx), missing_start="no trigger event")
    return timer_plan(built, [*built.notes, status_note(built.relation.name)])
