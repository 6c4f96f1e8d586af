"""Each measure's ``options`` model, and which of its options hold expressions or name fields.

Why here and not in the measure modules: lint validates every rule's options (SC050) and type-checks
the expressions and fields they hold (SC051) for every rule file it reads; importing the measure
modules to find their models loaded the planners of all 17 measures, the engine's SQL helpers and
the case-timer machinery (0.06–0.09 s of a 0.7 s cold lint, issue 15). A measure module takes its
``OPTIONS``, ``EXPRESSION_OPTIONS`` and ``FIELD_OPTIONS`` from :data:`DECLARED` (a test holds the
two together), so adding a measure adds its model and one entry here.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from pydantic import Field, field_validator, model_validator

from checker.measures.case_goals import GoalSpec
from checker.measures.options.base import NUMERIC, ExpressionOptions, FieldOptions, Options
from checker.model.quantity import parse_percent

STATS = {"mean": "avg", "median": "median", "min": "min", "max": "max"}
"""The named statistics and DuckDB's aggregate for each (``pNN`` percentiles besides)."""


class ScaleOptions(Options):
    field: str
    scale: tuple[int, int]

    @model_validator(mode="after")
    def _ordered(self) -> ScaleOptions:
        if self.scale[0] >= self.scale[1]:
            raise ValueError(f"scale {list(self.scale)}: the lowest answer must come first")
        return self


class ShareOptions(Options):
    base: str | None = None
    condition: str
    distribution: str | None = None  # a field to chart over the base, e.g. wait; its line is the rule's limit


class ServiceLevelOptions(Options):
    outcome: str = "outcome"
    wait: str = "wait"


class RateOptions(Options):
    denominator: str | None = None
    numerator: str


class StatisticOptions(Options):
    field: str
    stat: str = "mean"
    base: str | None = None

    @field_validator("stat")
    @classmethod
    def _known(cls, value: str) -> str:
        match = re.fullmatch(r"p(\d{1,2}(?:\.\d+)?)", value)
        if value not in STATS and not (match and 0 < float(match.group(1)) < 100):
            raise ValueError(f"stat {value!r}: use mean, median, min, max or p1…p99")
        return value


class NpsOptions(Options):
    field: str = "nps"


class CsatOptions(ScaleOptions):
    mode: Literal["top-box", "mean"] = "top-box"
    top_box: list[int] | None = None

    @model_validator(mode="after")
    def _boxes_on_scale(self) -> CsatOptions:
        if self.mode == "top-box":
            if not self.top_box:
                raise ValueError("top-box mode needs top_box, e.g. [4, 5]")
            low, high = self.scale
            if any(not low <= b <= high for b in self.top_box):
                raise ValueError(f"top_box {self.top_box} is not on the scale {list(self.scale)}")
        return self


class CesOptions(ScaleOptions):
    mode: Literal["mean", "share-easy"] = "mean"
    lower_is_easier: bool = True
    easy: list[int] | None = None

    @model_validator(mode="after")
    def _easy(self) -> CesOptions:
        if self.mode == "share-easy" and not self.easy:
            raise ValueError("share-easy mode needs easy, e.g. [1, 2, 3]")
        return self


class AvailabilityOptions(Options):
    start: str = "started_at"
    end: str = "ended_at"


class AssessmentOptions(ScaleOptions):
    pass


class RecordFields(Options):
    """Record tables: the fields holding each case's start and stop instants."""

    start: str
    stop: str


class TimerOptions(Options):
    start: str | None = Field(default=None, description="condition that starts the clock")
    stop: str | None = Field(default=None, description="condition that stops the clock")
    pause: str | None = Field(default=None, description="condition (status) under which the clock is paused")
    resume: str | None = Field(default=None, description="event that resumes a paused clock (event semantics)")
    reset: str | None = Field(default=None, description="event that restarts the running cycle's clock")
    cancel: str | None = Field(default=None, description="event that takes the case out of the measure")
    start_at: Literal["first", "last"] = "first"
    stop_at: Literal["first", "last"] = "first"
    cycles: Literal["first", "each", "cumulative"] = "first"
    order: list[str] = Field(default_factory=list, description="activity order that breaks timestamp ties")
    calendar: str = Field(default="24x7", description="calendar name, or ':param' naming a text parameter")
    goals: list[GoalSpec] = Field(default_factory=lambda: [GoalSpec(within=":within")], min_length=1)
    record: RecordFields | None = None
    start_from: Literal["condition", "first-event"] = Field(
        default="condition", description="'first-event': the clock starts at the case's first event (no 'start')"
    )
    values: Literal["first", "last", "as-of-event"] = Field(
        default="first", description="which value of a case attribute goals, groups and scope read"
    )
    sequence: str | None = Field(
        default=None, description="the system's own update counter (e.g. sys_mod_count): orders same-instant events"
    )
    at_risk: str = Field(default="80%", description="an open, pending case past this share of its goal is at risk")

    @field_validator("at_risk")
    @classmethod
    def _a_share(cls, value: str) -> str:
        share = parse_percent(value)
        if not 0 < share <= 1:
            raise ValueError(f"at_risk {value!r} must be a share above 0% and at most 100%")
        return value

    @property
    def at_risk_share(self) -> float:
        """``at_risk`` as a fraction of one (``80%`` → 0.8)."""
        return float(parse_percent(self.at_risk))

    @model_validator(mode="after")
    def _start_and_stop(self) -> TimerOptions:
        if self.values == "as-of-event" and self.cycles == "cumulative":
            raise ValueError("'values: as-of-event' re-picks the goal within a cycle: use 'cycles: first' or 'each'")
        if self.start_from == "first-event":
            if self.start is not None or self.record is not None:
                raise ValueError("'start_from: first-event' starts the clock itself: give no 'start' (nor 'record')")
            if self.stop is None:
                raise ValueError("give a 'stop' condition")
            return self
        if self.record is None and (self.start is None or self.stop is None):
            raise ValueError("give 'start' and 'stop' conditions (or 'record' fields for a record table)")
        if self.record is not None and any(
            getattr(self, k) is not None for k in ("start", "stop", "pause", "resume", "reset", "cancel")
        ):
            raise ValueError("a record-table timer takes 'record' fields only, no event conditions")
        return self


class FollowUpOptions(Options):
    trigger: str = Field(description="condition of the event that needs a follow-up (X)")
    response: str = Field(description="condition of the follow-up event (Y)")
    within: str = Field(default=":within", description='"48h", "2 business days" or ":param"')
    calendar: str = "24x7"
    order: list[str] = Field(default_factory=list, description="activity order that breaks timestamp ties")
    trigger_at: Literal["first", "last"] = "first"
    sequence: str | None = Field(
        default=None, description="the system's own update counter (e.g. sys_mod_count): orders same-instant events"
    )
    at_risk: str = Field(default="80%", description="an open, pending case past this share of its window is at risk")


class CasePathOptions(Options):
    field: str | None = Field(default=None, description="field holding the state or level (default: activity)")
    order: list[str] = Field(default_factory=list, description="activity order that breaks timestamp ties")
    start_in: list[str] | None = None
    allowed: dict[str, list[str]] | None = None
    levels: list[str] | None = None
    never_back: bool = False
    no_skip: bool = False
    before: list[tuple[str, str]] = Field(default_factory=list, description="[X, Y]: X must occur before Y")
    sequence: str | None = Field(
        default=None, description="the system's own update counter (e.g. sys_mod_count): orders same-instant events"
    )

    @model_validator(mode="after")
    def _levels_needed(self) -> CasePathOptions:
        if (self.never_back or self.no_skip) and not self.levels:
            raise ValueError("'never_back' and 'no_skip' need the ordered 'levels'")
        if not (self.start_in or self.allowed or self.never_back or self.no_skip or self.before):
            raise ValueError("give at least one of start_in, allowed, never_back, no_skip, before")
        return self


class RpnOptions(Options):
    severity: str = "severity"
    occurrence: str = "occurrence"
    detection: str = "detection"
    stat: Literal["max", "mean"] = "max"


class ChecklistOptions(Options):
    result: str = Field(default="result", description="the field holding each item's result")
    evidence: str | None = Field(default=None, description="the field holding the evidence reference")
    passed: list[str] = Field(default=["pass"], min_length=1, description="results that count as passed")
    failed: list[str] = Field(default=["fail"], min_length=1, description="results that count as failed")
    sample: str | None = Field(
        default=None, description="the field describing how each reviewed case was drawn (servcheck sample writes it)"
    )
    not_applicable: list[str] = Field(
        default=["n.a."], description="results saying the item does not apply (left out of the base, counted)"
    )


class CrossRateOptions(Options):
    partner: str = Field(description="the table whose records are the base (denominator), e.g. calls")
    numerator: str | None = Field(default=None, description="which records of the rule's table are counted")
    denominator: str | None = Field(default=None, description="which records of the partner table are the base")


class LinkedOptions(Options):
    partner: str = Field(description="the table whose records link to this table's records, e.g. surveys")
    link: str = Field(description="the partner's field holding this table's key, e.g. call_id")
    base: str | None = Field(default=None, description="which records of the rule's table are in the base")
    within: str | None = Field(
        default=None, description='"2h" or ":param": judge timeliness (linked within T) instead of coverage'
    )


class RepeatContactOptions(Options):
    customer: str = Field(description="the field naming the customer (a caller number, an account)")
    within: str = Field(default=":within", description='"3d" or ":param": a repeat within this is not resolved')
    base: str | None = Field(default=None, description="which contacts are judged (all contacts count as repeats)")


class Declared(NamedTuple):
    """What lint and the rules JSON Schema know of one measure's options."""

    model: type[Options]
    """The rule's ``options:`` block for this measure."""
    expressions: ExpressionOptions = ()
    """Options holding a safe expression over the table's canonical fields (lint type-checks them)."""
    fields: FieldOptions = ()
    """Options naming one canonical field, with the field types the measure computes with."""


_ON_A_SCALE: FieldOptions = ((("field",), ("integer", "number")),)

DECLARED: dict[str, Declared] = {
    "share": Declared(
        ShareOptions,
        expressions=((("base",), "predicate"), (("condition",), "predicate"), (("distribution",), "value")),
    ),
    "service-level": Declared(ServiceLevelOptions, fields=((("outcome",), ("text",)), (("wait",), NUMERIC))),
    "rate": Declared(RateOptions, expressions=((("denominator",), "predicate"), (("numerator",), "predicate"))),
    "statistic": Declared(StatisticOptions, expressions=((("base",), "predicate"),), fields=((("field",), NUMERIC),)),
    "nps": Declared(NpsOptions, fields=_ON_A_SCALE),
    "csat": Declared(CsatOptions, fields=_ON_A_SCALE),
    "ces": Declared(CesOptions, fields=_ON_A_SCALE),
    "availability": Declared(AvailabilityOptions, fields=((("start",), ("timestamp",)), (("end",), ("timestamp",)))),
    "assessment": Declared(AssessmentOptions, fields=_ON_A_SCALE),
    "timer": Declared(
        TimerOptions,
        expressions=(
            *((((key,), "predicate")) for key in ("start", "stop", "pause", "resume", "reset", "cancel")),
            (("goals", "*", "when"), "predicate"),
        ),
        fields=(
            (("sequence",), ("integer", "number")),
            (("record", "start"), ("timestamp",)),
            (("record", "stop"), ("timestamp",)),
            (("goals", "*", "due"), ("timestamp",)),
        ),
    ),
    "follow-up": Declared(
        FollowUpOptions,
        expressions=((("trigger",), "predicate"), (("response",), "predicate")),
        fields=((("sequence",), ("integer", "number")),),
    ),
    "case-path": Declared(CasePathOptions, fields=((("field",), ("text",)), (("sequence",), ("integer", "number")))),
    "rpn": Declared(
        RpnOptions, fields=tuple(((key,), ("integer", "number")) for key in ("severity", "occurrence", "detection"))
    ),
    # the fields the checklist reads (results, evidence, how the case was drawn)
    "checklist": Declared(
        ChecklistOptions, fields=((("result",), ("text",)), (("evidence",), ("text",)), (("sample",), ("text",)))
    ),
    # ``denominator`` is over the partner's fields: compiled when planning and checked by SC065
    "cross-rate": Declared(CrossRateOptions, expressions=((("numerator",), "predicate"),)),
    "linked": Declared(LinkedOptions, expressions=((("base",), "predicate"),)),
    # ``customer`` is no field option: a dataset without customers (an Asterisk queue_log, whose reader
    # drops the caller's number) makes the requirement not-applicable, stated, rather than a lint error
    "repeat-contact": Declared(RepeatContactOptions, expressions=((("base",), "predicate"),)),
}
"""Every measure of :data:`checker.measures.registry.MEASURES`, in its order."""
