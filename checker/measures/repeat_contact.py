"""Measure ``repeat-contact``: first-contact resolution read from repeat contacts — the share of
contacts not followed by another contact from the same customer within N days.

Why: few contact centres record "resolved at first contact" reliably; the industry's proxy is that
the customer did not have to come back. The plan orders each customer's contacts in time (ties
broken by key, file and row) and looks at the next one. Each judged contact is:

- ``repeat`` — the same customer's next contact came within N: not resolved (the evidence);
- ``resolved`` — the next contact came later than N, or none came and N had passed by the data's end;
- ``pending`` — no next contact yet, and its N-day window runs past the data's end (the last
  contact instant of the table, counting records outside the audit period): we cannot know yet,
  so it is left out of the base and counted (``counts.pending``), never met;
- ``no customer`` — no customer value: left out of the base and counted (``counts.no customer``).

A table that maps no customer field at all cannot show repeats: the requirement is
``not-applicable`` with that reason (never met).

Any contact of the customer is a repeat, whatever its outcome (an abandoned call back is the
customer trying again); ``base`` only chooses which contacts are judged (e.g. answered calls).

PASS example::

    options:
      customer: caller
      within: ":within"
      base: "outcome = 'answered'"

FAIL example (``customer`` is required)::

    options:
      within: 3d

Worked example: caller A calls at day 0 and again at day 2, B at day 1 only, C at day 9; N = 3 d and
the data ends at day 9 → A's first call is a repeat, A's second (day 2, window to day 5) resolved,
B resolved, C pending → 2/3 resolved.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from sqlglot import exp

from checker.engine.dialect import epoch_seconds
from checker.engine.expressions import literal
from checker.i18n.context import audit_speaker
from checker.measures.base import (
    Measured,
    MeasurePlan,
    PlanContext,
    Relation,
    Step,
    as_int,
    both,
    count_if,
)
from checker.measures.linked import within_duration
from checker.measures.options.models import DECLARED, RepeatContactOptions
from checker.sources.view import OUTSIDE_PERIOD

NAME = "repeat-contact"
"""The rule's ``measure:`` value."""

CITES_ROWS = True
"""Evidence cites each repeated contact's source row: the table's view carries ``_file``/``_row``."""

STATE, NEXT, END = "_fcr", "_next_contact", "_data_end"
STATES = ("resolved", "repeat", "pending", "no customer")


OPTIONS = RepeatContactOptions
"""The rule's ``options:`` block for this measure."""

EXPRESSION_OPTIONS = DECLARED[NAME].expressions
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""

# ``customer`` is no FIELD_OPTIONS entry: a dataset without customers (an Asterisk queue_log, whose
# reader drops the caller's number) makes the requirement not-applicable, stated, rather than a lint error.


def _q(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def ordered(ctx: PlanContext, customer: str, seconds: float) -> exp.Query:
    """Every contact (used, or outside the audit period) with its customer's next contact and its state."""
    assert ctx.table is not None and ctx.table.time is not None
    time = ctx.table.time
    counted = exp.or_(
        exp.Is(this=_q("_status"), expression=exp.null()),
        exp.EQ(this=_q("_status"), expression=literal(OUTSIDE_PERIOD)),
    )
    view = exp.to_identifier(ctx.view, quoted=True)
    order = exp.Order(expressions=[exp.Ordered(this=_q(c)) for c in (time, *ctx.table.key, "_file", "_row")])
    following = exp.Window(this=exp.func("lead", _q(time)), partition_by=[_q(customer)], order=order)
    end = exp.select(exp.alias_(exp.func("max", _q(time)), END, quoted=True)).from_(view.copy()).where(counted.copy())
    inner = (
        exp.select(exp.Star(), exp.alias_(following, NEXT, quoted=True))
        .from_(view)
        .where(counted)
        .join(exp.Subquery(this=end, alias=exp.TableAlias(this=exp.to_identifier("e"))), join_type="CROSS")
    )
    window = literal(seconds)
    since = exp.Sub(this=epoch_seconds(_q(NEXT)), expression=epoch_seconds(_q(time)))
    left = exp.Sub(this=epoch_seconds(_q(END)), expression=epoch_seconds(_q(time)))
    state = exp.Case(
        ifs=[
            exp.If(this=exp.Is(this=_q(customer), expression=exp.null()), true=literal("no customer")),
            exp.If(
                this=exp.and_(
                    exp.Is(this=_q(NEXT), expression=exp.null()).not_(), exp.LTE(this=since, expression=window)
                ),
                true=literal("repeat"),
            ),
            exp.If(this=exp.LT(this=left, expression=window.copy()), true=literal("pending")),
        ],
        default=literal("resolved"),
    )
    return exp.select(exp.Star(), exp.alias_(state, STATE, quoted=True)).from_(
        exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("c")))
    )


def plan(ctx: PlanContext) -> MeasurePlan:
    options = RepeatContactOptions.model_validate(dict(ctx.options))
    if options.customer.lower() not in {c.lower() for c in ctx.columns}:  # e.g. a queue_log without callers
        reason = audit_speaker()._(
            "table {table} maps no field {field}: repeat contacts need each one's customer",
            table=repr(ctx.table_name),
            field=repr(options.customer),
        )
        return MeasurePlan({}, lambda _row: Measured(None, 0), lambda _op, _bound: None, unassessable=reason)
    customer = ctx.field("customer", options.customer).name
    window = within_duration(ctx, options.within)
    base = ctx.expr("base", options.base) if options.base else None
    assert ctx.table is not None
    name = f"{ctx.prefix}_repeat_contact"

    def state(*names: str) -> exp.Expression:
        return exp.In(this=_q(STATE), expressions=[literal(n) for n in names])

    def read(row: Mapping[str, Any]) -> Measured:
        n, hits = as_int(row["n"]), as_int(row["hits"])
        counts = {"pending": as_int(row["pending"]), "no customer": as_int(row["no_customer"])}
        return Measured(Fraction(hits, n) if n else None, n, hits, counts)

    return MeasurePlan(
        aggregates={
            "n": count_if(both(base, state("resolved", "repeat"))),
            "hits": count_if(both(base, state("resolved"))),
            "pending": count_if(both(base, state("pending"))),
            "no_customer": count_if(both(base, state("no customer"))),
        },
        read=read,
        offending=lambda _op, _bound: both(base, state("repeat")),
        notes=[
            audit_speaker()._(
                "A contact is resolved when the same {customer}'s next contact (any outcome) came more than "
                "{window} later; one whose {window} window runs past the data's last contact without a "
                "repeat is pending: left out of the base and counted, never met. Contacts without a {customer} are "
                "left out and counted.",
                customer=customer,
                window=window.text,
            )
        ],
        steps=[Step(name, query=ordered(ctx, customer, window.seconds))],
        relation=Relation(name, tuple(ctx.table.key), tuple(ctx.columns)),
    )
