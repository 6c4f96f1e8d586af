"""Measure ``linked``: share of the rule table's records that another table's records link to
(survey coverage after a contact), or of those linked, the share linked within T (timeliness).

Why: a survey response names the contact it is about (``surveys.call_id`` → ``calls.call_id``); how
many contacts got a response, and how soon, are questions about the pair of tables. The plan joins
each record of the rule's table (a call) to the earliest record of the ``partner`` table (a survey
response) whose ``link`` field holds its key, and judges one row per call:

- without ``within`` (coverage): the base is every call in scope (``base``), a success is a call
  with at least one linked response;
- with ``within`` (timeliness): the base is the calls with a linked response, a success is a call
  whose first response came no earlier than the call and no later than T after it (a response
  time-stamped before its call is not timely: a clock or link problem shown in the evidence).

A response counts wherever it falls: one received after the audit period's end still covers a
call inside it. Responses with no link, or linking to no call of the data, are counted in a note,
not dropped; a call with several responses counts once (its first), also counted in a note.

PASS example::

    options:
      partner: surveys
      link: call_id
      base: "outcome = 'answered'"
      within: ":within"

FAIL example (``link`` is required)::

    options:
      partner: surveys

Worked example: 4 answered calls, responses to c1 after 1 h and c2 after 5 h, none to c3 and c4 →
coverage 2/4 = 50%; timeliness within 2 h = 1/2 = 50%.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from sqlglot import exp

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput
from checker.engine.dialect import epoch_seconds
from checker.engine.expressions import literal
from checker.i18n.context import audit_speaker
from checker.measures.base import (
    Measured,
    MeasurePlan,
    NoteQuery,
    Partner,
    PlanContext,
    Relation,
    Step,
    as_int,
    both,
    count_if,
)
from checker.measures.options.models import DECLARED, LinkedOptions
from checker.model.quantity import Duration, QuantityError, parse_duration
from checker.sources.view import OUTSIDE_PERIOD

NAME = "linked"
"""The rule's ``measure:`` value."""

CITES_ROWS = True
"""Evidence cites each call's source row: the table's view carries ``_file``/``_row``."""

FIRST, LAG, RESPONSES = "_linked_at", "_lag", "_responses"


OPTIONS = LinkedOptions
"""The rule's ``options:`` block for this measure."""

EXPRESSION_OPTIONS = DECLARED[NAME].expressions
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def _q(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table, quoted=True)


def _aliased(view: str, alias: str) -> exp.Table:
    return exp.Table(this=exp.to_identifier(view, quoted=True), alias=exp.TableAlias(this=exp.to_identifier(alias)))


def within_duration(ctx: PlanContext, text: str) -> Duration:
    """``within`` as a duration: a duration parameter (``:within``) or a written one, calendar time only."""
    problem = None
    value: Duration | None = None
    if text.startswith(":"):
        found = ctx.params.get(text[1:])
        if isinstance(found, Duration):
            value = found
        else:
            problem = f"option 'within' names {text!r}, which is not a duration parameter of the rule"
    else:
        try:
            value = parse_duration(text)
        except QuantityError as err:
            problem = f"option 'within': {err}"
    if value is not None and value.business:
        problem = f"option 'within' is {value.text!r}: a link's timeliness is judged in calendar time"
    if problem or value is None:
        raise InvalidInput([Diagnostic.of(codes.RULE_OPTIONS, problem or "no duration", ctx.locate("within"))])
    return value


def _link_field(ctx: PlanContext, partner: Partner, link: str) -> None:
    if link not in partner.fields:
        message = (
            f"option 'link' names field {link!r}, which partner table {partner.name!r} does not map "
            f"(it has: {', '.join(sorted(partner.fields))})"
        )
        raise InvalidInput([Diagnostic.of(codes.PARTNER_TABLE, message, ctx.locate("link"))])
    if partner.time is None:
        message = f"partner table {partner.name!r} declares no 'time' field: a link's timeliness needs one"
        raise InvalidInput([Diagnostic.of(codes.PARTNER_TABLE, message, ctx.locate("partner"))])


def _counted(table: str | None = None) -> exp.Expression:
    """A partner record counts when used, or outside the audit period only (a late response)."""
    status = _q("_status", table)
    return exp.or_(
        exp.Is(this=status, expression=exp.null()), exp.EQ(this=status.copy(), expression=literal(OUTSIDE_PERIOD))
    )


def joined(ctx: PlanContext, partner: Partner, link: str) -> exp.Query:
    """Each record of the rule's table with its first linked partner record's instant and lag."""
    assert ctx.table is not None and ctx.table.time is not None and partner.time is not None
    text = exp.DataType.build("VARCHAR")
    responses = (
        exp.select(
            exp.alias_(exp.cast(_q(link), text), "_link", quoted=True),
            exp.alias_(exp.func("min", _q(partner.time)), FIRST, quoted=True),
            exp.alias_(exp.Count(this=exp.Star()), RESPONSES, quoted=True),
        )
        .from_(exp.to_identifier(partner.view, quoted=True))
        .where(exp.and_(_counted(), exp.Is(this=_q(link), expression=exp.null()).not_()))
        .group_by(exp.cast(_q(link), text))
    )
    key = ctx.table.key[0]
    lag = exp.Sub(this=epoch_seconds(_q(FIRST, "r")), expression=epoch_seconds(_q(ctx.table.time, "s")))
    return (
        exp.select(
            exp.Column(this=exp.Star(), table=exp.to_identifier("s")),
            _q(FIRST, "r"),
            exp.alias_(exp.func("coalesce", _q(RESPONSES, "r"), exp.Literal.number(0)), RESPONSES, quoted=True),
            exp.alias_(lag, LAG, quoted=True),
        )
        .from_(_aliased(ctx.view, "s"))
        .join(
            exp.Subquery(this=responses, alias=exp.TableAlias(this=exp.to_identifier("r"))),
            on=exp.EQ(this=exp.cast(_q(key, "s"), text), expression=_q("_link", "r")),
            join_type="LEFT",
        )
    )


def _orphans(ctx: PlanContext, partner: Partner, link: str) -> NoteQuery:
    """Partner records with no link, or linking to no record of the rule's table: counted, not dropped."""
    assert ctx.table is not None
    text = exp.DataType.build("VARCHAR")
    keys = (
        exp.select(exp.alias_(exp.cast(_q(ctx.table.key[0]), text), "_k", quoted=True))
        .distinct()
        .from_(exp.to_identifier(ctx.view, quoted=True))
    )
    no_link = exp.Is(this=_q(link, "p"), expression=exp.null())
    query = (
        exp.select(
            exp.alias_(exp.Count(this=exp.Star()), "records", quoted=True),
            exp.alias_(count_if(no_link), "unlinked", quoted=True),
            exp.alias_(
                count_if(exp.and_(no_link.copy().not_(), exp.Is(this=_q("_k", "k"), expression=exp.null()))),
                "orphans",
                quoted=True,
            ),
        )
        .from_(_aliased(partner.view, "p"))
        .join(
            exp.Subquery(this=keys, alias=exp.TableAlias(this=exp.to_identifier("k"))),
            on=exp.EQ(this=exp.cast(_q(link, "p"), text), expression=_q("_k", "k")),
            join_type="LEFT",
        )
        .where(exp.Is(this=_q("_status", "p"), expression=exp.null()))
    )

    def render(rows: list[dict[str, Any]]) -> str:
        row = rows[0]
        return audit_speaker().n_(
            "{records} {partner} record counted in the period: {unlinked} without a {link}, {orphans} linking to no "
            "{table} record.",
            "{records} {partner} records counted in the period: {unlinked} without a {link}, {orphans} linking to no "
            "{table} record.",
            as_int(row["records"]),
            records=as_int(row["records"]),  # as the count is written elsewhere in the note: not grouped
            partner=partner.name,
            unlinked=as_int(row["unlinked"]),
            link=link,
            orphans=as_int(row["orphans"]),
            table=ctx.table_name,
        )

    return NoteQuery(query, render)


def plan(ctx: PlanContext) -> MeasurePlan:
    options = LinkedOptions.model_validate(dict(ctx.options))
    missing = ctx.missing_partner(options.partner)
    if missing:
        return MeasurePlan({}, lambda _row: Measured(None, 0), lambda _op, _bound: None, unassessable=missing)
    partner = ctx.partners[options.partner]
    _link_field(ctx, partner, options.link)
    assert ctx.table is not None
    base = ctx.expr("base", options.base) if options.base else None
    linked = exp.Is(this=_q(FIRST), expression=exp.null()).not_()
    name = f"{ctx.prefix}_linked"
    if options.within is None:
        judged, success = base, linked
        rule = audit_speaker()._(
            "{table} records with a linked {partner} record ({field})",
            table=ctx.table_name,
            partner=partner.name,
            field=".".join((partner.name, options.link)),
        )
    else:
        window = within_duration(ctx, options.within)
        judged = both(base, linked)
        success = exp.and_(
            linked.copy(),
            exp.GTE(this=_q(LAG), expression=exp.Literal.number(0)),
            exp.LTE(this=_q(LAG), expression=literal(window.seconds)),
        )
        rule = audit_speaker()._(
            "of the {table} records with a linked {partner} record, those whose first one came "
            "within {window} after it",
            table=ctx.table_name,
            partner=partner.name,
            window=window.text,
        )
    several = count_if(both(judged, exp.GT(this=_q(RESPONSES), expression=exp.Literal.number(1))))

    def read(row: Mapping[str, Any]) -> Measured:
        n, hits = as_int(row["n"]), as_int(row["hits"])
        return Measured(Fraction(hits, n) if n else None, n, hits, {"several linked": as_int(row["several"])})

    failing = both(judged, exp.Not(this=exp.paren(success.copy())))
    return MeasurePlan(
        aggregates={"n": count_if(judged), "hits": count_if(both(judged, success)), "several": several},
        read=read,
        offending=lambda _op, _bound: failing.copy() if failing is not None else None,
        notes=[
            audit_speaker()._(
                "Counted: {rule}; a record with several linked {partner} records counts once, by its first.",
                rule=rule,
                partner=partner.name,
            ),
            _orphans(ctx, partner, options.link),
        ],
        steps=[Step(name, query=joined(ctx, partner, options.link))],
        relation=Relation(name, tuple(ctx.table.key), tuple(ctx.columns)),
    )
