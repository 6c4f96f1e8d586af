"""Measure ``cross-rate``: records of the rule's table per records of another table (complaints per 1,000 calls).

Why a measure of its own: the numerator and the denominator live in two tables (complaints are
registered by the complaints desk, calls by the telephony platform), so no single table's grouped
pass can count both. The plan stacks the counted records (the rule's table, side ``event``) on the
base records (the ``partner`` table, side ``base``) in one relation with the grouping fields both
tables map, each row keeping its own local time, status, file and row; the executor's grouped pass
then counts each side per group and period like any other aggregate.

Conventions (stated in the report's notes):

- a group or period with no base records has no rate: its value is empty and its outcome
  ``insufficient-data`` (never pass), with the counted records shown in its counts;
- a group seen in one table only is shown, not dropped: complaints by WeChat when no call is
  by WeChat are a group without a rate; calls by app without complaints are a rate of 0;
- the requirement's ``where`` and ``group_by`` fields must be mapped by both tables (checked at
  lint, SC065, and when planning, SC048);
- the figure is exact (a fraction) and targets are written as rates: ``"<= 5 per 1000"``.
  A rate is no share of its base (there can be more complaints than calls), so no Wilson interval.

PASS example::

    options:
      partner: calls
      numerator: "category <> 'spam'"
      denominator: "outcome <> 'other'"

FAIL example (``partner`` is required)::

    options:
      numerator: "true"

Worked example: 3 complaints (2 by phone, 1 by WeChat) and 4 phone calls → overall 3/4 = 750 per
1000; phone 2/4; WeChat 1 complaint over 0 calls = no rate.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from sqlglot import exp

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput
from checker.engine.expressions import compile_expression, literal
from checker.i18n.context import audit_speaker
from checker.measures.base import (
    Measured,
    MeasurePlan,
    Partner,
    PlanContext,
    Relation,
    Step,
    as_int,
    count_if,
    param_literals,
)
from checker.measures.options.models import DECLARED, CrossRateOptions

NAME = "cross-rate"
"""The rule's ``measure:`` value."""

CITES_ROWS = True
"""Evidence cites the counted records' source rows: the table's view carries ``_file``/``_row``."""

SIDE = "_side"
BOOKKEEPING = ("_status", "_local", "_file", "_row")


OPTIONS = CrossRateOptions
"""The rule's ``options:`` block for this measure."""

EXPRESSION_OPTIONS = DECLARED[NAME].expressions
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def _q(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def shared_fields(ctx: PlanContext) -> list[str]:
    """The fields the relation must carry from both tables: grouping fields and the scope's fields."""
    names = list(ctx.group_by)
    if ctx.scope is not None:
        names += sorted({c.name for c in ctx.scope.find_all(exp.Column)})
    return list(dict.fromkeys(names))


def check_shared(ctx: PlanContext, partner: Partner, names: list[str]) -> None:
    """Every shared field is mapped by the partner table, with the same type: else SC048 at ``partner``."""
    types = {f: spec.type for f, spec in ctx.table.fields.items()} if ctx.table is not None else {}
    problems = []
    for name in names:
        if name not in partner.fields:
            problems.append(
                f"field {name!r} (grouped on or filtered by) is not mapped by partner table {partner.name!r}"
            )
        elif name in types and types[name] != partner.fields[name]:
            problems.append(
                f"field {name!r} is {types[name]} in table {ctx.table_name!r} but {partner.fields[name]} "
                f"in partner table {partner.name!r}"
            )
    if problems:
        raise InvalidInput([Diagnostic.of(codes.PARTNER_TABLE, p, ctx.locate("partner")) for p in problems])


def _side(
    view: str, key: list[exp.Expression], shared: list[str], side: str, where: exp.Expression | None
) -> exp.Select:
    cols = [*key, *(_q(f) for f in shared), *(_q(b) for b in BOOKKEEPING)]
    query = exp.select(*cols, exp.alias_(literal(side), SIDE, quoted=True)).from_(exp.to_identifier(view, quoted=True))
    return query.where(where) if where is not None else query


def stacked(ctx: PlanContext, partner: Partner, options: CrossRateOptions, shared: list[str]) -> exp.Query:
    """Counted records (side ``event``) over base records (side ``base``), keyed by the rule table's key."""
    assert ctx.table is not None, "a cross-table measure plans over a dataset table"
    key = list(ctx.table.key)
    text = exp.DataType.build("VARCHAR")
    own_key = [exp.alias_(exp.cast(_q(k), text), k, quoted=True) for k in key]
    their_key = [
        exp.alias_(exp.cast(_q(partner.key[0]) if i == 0 else exp.null(), text), k, quoted=True)
        for i, k in enumerate(key)
    ]
    numerator = ctx.expr("numerator", options.numerator) if options.numerator else None
    denominator = (
        compile_expression(
            options.denominator,
            columns=list(partner.fields),
            location=ctx.locate("denominator"),
            params=param_literals(ctx.params),
            kind="predicate",
        )
        if options.denominator
        else None
    )
    events = _side(ctx.view, own_key, shared, "event", numerator)
    base = _side(partner.view, their_key, shared, "base", denominator)
    return exp.union(events, base, distinct=False)


def plan(ctx: PlanContext) -> MeasurePlan:
    options = CrossRateOptions.model_validate(dict(ctx.options))
    missing = ctx.missing_partner(options.partner)
    if missing:
        return MeasurePlan({}, lambda _row: Measured(None, 0), lambda _op, _bound: None, unassessable=missing)
    partner = ctx.partners[options.partner]
    shared = shared_fields(ctx)
    check_shared(ctx, partner, shared)
    assert ctx.table is not None
    name = f"{ctx.prefix}_cross_rate"
    event = exp.EQ(this=_q(SIDE), expression=literal("event"))
    base = exp.EQ(this=_q(SIDE), expression=literal("base"))
    subject = ctx.table_name

    def read(row: Mapping[str, Any]) -> Measured:
        n, hits = as_int(row["n"]), as_int(row["hits"])
        return Measured(Fraction(hits, n) if n else None, n, None, {subject: hits, partner.name: n})

    speak = audit_speaker()
    grouped = speak.p_("list separator", ", ").join(shared) if shared else speak._("no field")

    def records(table: str, where: str | None) -> str:
        if where:
            return speak._("{table} records where {where}", table=table, where=where)
        return speak._("{table} records", table=table)

    note = speak._(
        "Rate = {counted} / {per}, grouped on {grouped} (mapped by both tables), each record in the period of "
        "its own local time. A group or period with {subject} but no {partner} has no rate "
        "(insufficient-data, shown with its count); one with {partner} but no {subject} has a rate of 0.",
        counted=records(subject, options.numerator),
        per=records(partner.name, options.denominator),
        grouped=grouped,
        subject=subject,
        partner=partner.name,
    )
    return MeasurePlan(
        aggregates={"n": count_if(base), "hits": count_if(event)},
        read=read,
        offending=lambda _op, _bound: event.copy(),
        notes=[note],
        steps=[Step(name, query=stacked(ctx, partner, options, shared))],
        relation=Relation(name, tuple(ctx.table.key), tuple(shared)),
    )
