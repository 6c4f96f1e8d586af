"""Measure ``service-level``: share of calls answered within T, by the contact-centre convention.

The rule's parameters ``threshold`` (T), ``abandon_policy`` and ``short_abandon`` decide the base:

* short abandons (abandoned with wait < ``short_abandon``) are never in the base;
* ``negative``: base = answered + abandoned; success = answered within T (abandons count against);
* ``ignored``: base = answered only; success = answered within T;
* ``positive``: base = answered + abandoned; success = answered within T or abandoned within T.

The report states the policy and threshold used.

PASS example (rule options; field names default to the canonical ``outcome`` and ``wait``)::

    options:
      outcome: outcome
      wait: wait

FAIL example (an unknown option)::

    options:
      waiting: wait

Worked example (negative policy, T = 20 s, short abandon 5 s): answered at 10 s, 30 s; abandoned
at 3 s (short, out of base) and at 12 s → base 3, successes 1 → 33.3%.
"""

from __future__ import annotations

from sqlglot import exp

from checker.engine.expressions import literal
from checker.i18n.context import audit_speaker
from checker.measures.base import MeasurePlan, PlanContext
from checker.measures.options.models import DECLARED, ServiceLevelOptions
from checker.measures.share import share_plan
from checker.model.params import as_seconds

NAME = "service-level"
"""The rule's ``measure:`` value."""


OPTIONS = ServiceLevelOptions
"""The rule's ``options:`` block for this measure."""


FIELD_OPTIONS = DECLARED[NAME].fields
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def plan(ctx: PlanContext) -> MeasurePlan:
    options = ServiceLevelOptions.model_validate(dict(ctx.options))
    outcome, wait = ctx.field("outcome", options.outcome), ctx.field("wait", options.wait)
    threshold = literal(as_seconds(ctx.params["threshold"]))
    short = literal(as_seconds(ctx.params["short_abandon"]))
    policy = str(ctx.params["abandon_policy"])
    answered = exp.EQ(this=outcome.copy(), expression=literal("answered"))
    abandoned = exp.EQ(this=outcome.copy(), expression=literal("abandoned"))
    long_abandon = exp.and_(abandoned.copy(), exp.GTE(this=wait.copy(), expression=short))
    within = exp.LTE(this=wait.copy(), expression=threshold)
    base = answered.copy() if policy == "ignored" else exp.or_(answered.copy(), long_abandon)
    success = exp.and_(answered.copy(), within.copy())
    if policy == "positive":
        success = exp.and_(exp.or_(answered.copy(), abandoned.copy()), within.copy())
    plan = share_plan(exp.paren(base), exp.paren(success))
    plan.distribution = (wait.copy(), exp.paren(base.copy()))
    plan.threshold = as_seconds(ctx.params["threshold"])
    plan.notes.append(
        audit_speaker()._(
            "service level: threshold {threshold}, abandon policy {policy}, abandons under {short} excluded",
            threshold=ctx.params["threshold"].text,  # type: ignore[union-attr]
            policy=policy,
            short=ctx.params["short_abandon"].text,  # type: ignore[union-attr]
        )
    )
    return plan
