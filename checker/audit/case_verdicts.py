"""Per-case verdicts: one row per case (and cycle) of every case requirement, for export and reconciliation.

Why a stage of its own: an auditor reconciling servcheck with an SLA engine (ServiceNow's
``task_sla``, Jira's SLA panel) needs the verdict of *each* case, not only the share: which goal
applied, when the clock started and stopped, how much calendar, business and paused time it
ran, and why the case was met, breached, still pending or not counted. Those facts are already
columns of the case measure's judged relation (``<prefix>_cases``, built by the plan); this module
only *selects* them — one sqlglot SELECT per requirement, engine-neutral, run by the backend — and
``explain-case`` prints the same row for one case (:func:`verdict_query` is shared), so the export
and the explanation cannot disagree.

Verdicts: ``met`` · ``breached`` (stopped past the goal, or still open and already past it) ·
``pending`` (open and not yet past the goal: never counted as met) · ``cancelled`` (a cancel
event took the case out) · ``not counted`` (never started, outside the period, no goal …; the
reason says which). A case-path case is ``met`` when its path conforms and ``breached`` at its
first offending step (the reason names the check: ``start_in``, ``allowed``, ``never_back``,
``no_skip``, ``before``).

Columns (:data:`COLUMNS`), in this order; instants are UTC, durations in seconds::

    requirement, case, cycle, group, goal, start, stop, calendar_elapsed_s, business_elapsed_s,
    paused_s, verdict, reason, time_to_breach_s, goal_used, at_risk, file, row

``time_to_breach_s`` (pending cases: what is left of the goal, in the goal's own clock — business
seconds for a business goal) and ``goal_used`` (share of the goal spent) matter most in an
as-of audit. Rows are ordered by the requirement's place in the standard, then case, then cycle.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlglot import exp

from checker.engine.backend import Backend
from checker.i18n import N_
from checker.i18n.context import audit_speaker
from checker.measures.case_nodes import as_, cases, col, func, is_null, lit, not_null, rel

CASE_MEASURES = ("timer", "follow-up", "case-path")
FIELD = re.compile(r"(\{\w+\})")
"""A ``{field}`` of a translated reason, where a SQL value goes."""
"""The measures whose judged relation has one row per case."""

COLUMNS = (
    "requirement",
    "case",
    "cycle",
    "group",
    "goal",
    "start",
    "stop",
    "calendar_elapsed_s",
    "business_elapsed_s",
    "paused_s",
    "verdict",
    "reason",
    "time_to_breach_s",
    "goal_used",
    "at_risk",
    "file",
    "row",
)
"""The export's columns, in order."""


@dataclass(frozen=True)
class VerdictSource:
    """One requirement's judged case relation and what names its rows."""

    index: int  # the requirement's place in the standard: the export's first sort key
    requirement: str
    measure: str
    relation: str
    keys: tuple[str, ...]
    group_by: tuple[str, ...] = ()


def _text(node: exp.Expression) -> exp.Expression:
    return exp.cast(node, "VARCHAR")


def _concat(*parts: exp.Expression) -> exp.Expression:
    node = parts[0]
    for part in parts[1:]:
        node = exp.DPipe(this=node, expression=part, safe=True)
    return node


def _joined(parts: Sequence[exp.Expression], separator: str) -> exp.Expression:
    """``a || sep || b …`` of non-NULL parts (a missing value is written ``(missing)``)."""
    texts = [func("coalesce", _text(p), lit("(missing)")) for p in parts]
    out: list[exp.Expression] = []
    for i, t in enumerate(texts):
        out += [lit(separator), t] if i else [t]
    return _concat(*out) if out else lit("")


def _timer_columns() -> dict[str, exp.Expression]:
    # Imported here, not at the top: the timer module brings business calendars and the case
    # machinery (0.15 s of CPU), and every audit imports this module, with or without a timer.
    from checker.measures.timer import STATUSES

    status, met, is_open = col("_status"), col("_met"), col("_open")
    speak = audit_speaker()
    goal = func("coalesce", col("_goal_text"), lit(speak._("no goal")))

    def around(message: str, **values: exp.Expression) -> exp.Expression:
        """``message`` translated, each ``{field}`` replaced by its SQL value (in the translation's order)."""
        parts = [
            values[piece[1:-1]].copy() if FIELD.fullmatch(piece) else lit(piece)
            for piece in FIELD.split(speak._(message))
            if piece
        ]
        return _concat(*parts)

    early = around(
        N_("past {goal} while it was in force (by {at})"), goal=col("_early_goal_text"), at=_text(col("_early_at"))
    )
    verdict = cases(
        [
            (exp.EQ(this=status, expression=lit("cancelled")), lit("cancelled")),
            (not_null(status.copy()), lit("not counted")),
            (exp.EQ(this=met, expression=lit(True)), lit("met")),
            (exp.EQ(this=met.copy(), expression=lit(False)), lit("breached")),
        ],
        lit("pending"),
    )
    reason = cases(
        [
            (exp.EQ(this=status.copy(), expression=lit("cancelled")), lit(speak._("a cancel event took the case out"))),
            (
                not_null(status.copy()),
                cases(  # the status in the audit's language (the verdict column keeps the value)
                    [(exp.EQ(this=status.copy(), expression=lit(k)), lit(speak._(v))) for k, v in STATUSES.items()],
                    status.copy(),
                ),
            ),
            (not_null(col("_early_goal_text")), early),
            (exp.EQ(this=met.copy(), expression=lit(True)), around(N_("within {goal}"), goal=goal)),
            (
                exp.and_(exp.EQ(this=met.copy(), expression=lit(False)), is_open),
                around(N_("still open and already past {goal}"), goal=goal),
            ),
            (exp.EQ(this=met.copy(), expression=lit(False)), around(N_("past {goal}"), goal=goal)),
        ],
        around(N_("open, not yet past {goal}"), goal=goal),
    )
    pending = exp.and_(is_null(status.copy()), is_open.copy(), is_null(met.copy()))
    return {
        "cycle": col("_cycle"),
        "goal": col("_goal_text"),
        "start": col("_start_t"),
        "stop": col("_stop_t"),
        "calendar_elapsed_s": col("_elapsed_s"),
        "business_elapsed_s": col("_business_s"),
        "paused_s": col("_paused_s"),
        "verdict": verdict,
        "reason": reason,
        "time_to_breach_s": cases([(pending, col("_remaining_s"))]),
        "goal_used": cases([(is_null(status.copy()), col("_used"))]),
        "at_risk": col("_at_risk"),
    }


def _path_columns() -> dict[str, exp.Expression]:
    status = col("_status")
    return {
        "cycle": exp.cast(exp.Null(), "INTEGER"),
        "goal": exp.cast(exp.Null(), "VARCHAR"),
        "start": col("_first_t"),
        "stop": exp.cast(exp.Null(), "TIMESTAMP"),
        "calendar_elapsed_s": exp.cast(exp.Null(), "DOUBLE"),
        "business_elapsed_s": exp.cast(exp.Null(), "DOUBLE"),
        "paused_s": exp.cast(exp.Null(), "DOUBLE"),
        "verdict": cases([(not_null(status), lit("not counted")), (col("_ok"), lit("met"))], lit("breached")),
        "reason": cases(
            [(not_null(status.copy()), status.copy())], func("coalesce", col("_violation"), lit("path conforms"))
        ),
        "time_to_breach_s": exp.cast(exp.Null(), "DOUBLE"),
        "goal_used": exp.cast(exp.Null(), "DOUBLE"),
        "at_risk": lit(False),
    }


def verdict_query(source: VerdictSource, case: str | None = None) -> exp.Select:
    """The verdict rows of one requirement (of one case when ``case`` is given, compared as text)."""
    columns = _path_columns() if source.measure == "case-path" else _timer_columns()
    case_id = _joined([col(k) for k in source.keys], "|")
    group = _joined(
        [_concat(lit(f"{g}="), func("coalesce", _text(col(g)), lit("(missing)"))) for g in source.group_by], "; "
    )
    select = [
        as_(lit(source.requirement), "requirement"),
        as_(case_id, "case"),
        as_(exp.cast(columns["cycle"], "INTEGER"), "cycle"),
        as_(group if source.group_by else lit(""), "group"),
        *(as_(columns[name], name) for name in COLUMNS[4:15]),
        as_(_text(col("_file")), "file"),
        as_(exp.cast(col("_row"), "BIGINT"), "row"),
        as_(lit(source.index), "_req_order"),
    ]
    query = exp.select(*select).from_(rel(source.relation))
    if case is not None:
        query = query.where(exp.EQ(this=case_id.copy(), expression=lit(case)))
    return query


def verdicts_query(sources: Sequence[VerdictSource]) -> exp.Query | None:
    """Every requirement's verdict rows in one ordered query (``None``: no case requirement)."""
    if not sources:
        return None
    parts = [verdict_query(s) for s in sources]
    union: exp.Query = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    ordered = exp.select(*(exp.column(c, quoted=True) for c in COLUMNS)).from_(union.subquery("v"))
    return ordered.order_by(col("_req_order"), col("case"), exp.Ordered(this=col("cycle"), nulls_first=True))


def sources_of(plan: Any) -> list[VerdictSource]:
    """The case requirements of a measured plan (:class:`checker.audit.planning.MeasuredPlan`) that were planned."""
    out = []
    for index, p in enumerate(plan.requirements):
        if p.rule.measure not in CASE_MEASURES or p.plan is None or p.plan.relation is None:
            continue
        relation = p.plan.relation
        keys = tuple(k for k in relation.key if k != "_cycle")
        out.append(
            VerdictSource(index, p.requirement.id, p.rule.measure, relation.name, keys, tuple(p.requirement.group_by))
        )
    return out


def case_verdicts(backend: Backend, sources: Sequence[VerdictSource]) -> list[dict[str, Any]]:
    """The verdict rows (after the plan's steps have run on ``backend``), in export order."""
    query = verdicts_query(sources)
    return backend.rows(query) if query is not None else []


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds") + "Z"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)


def write_case_verdicts(backend: Backend, sources: Sequence[VerdictSource], path: Path) -> int:
    """Write the verdicts to ``path``: CSV, or Parquet when the name ends ``.parquet`` (written by
    DuckDB's ``COPY``); returns the number of rows."""
    rows = case_verdicts(backend, sources)
    if path.suffix.lower() == ".parquet":
        _write_parquet(rows, path)
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows([_cell(r[c]) for c in COLUMNS] for r in rows)
    return len(rows)


PARQUET_TYPES = {
    "cycle": "INTEGER",
    "start": "TIMESTAMP",
    "stop": "TIMESTAMP",
    "calendar_elapsed_s": "DOUBLE",
    "business_elapsed_s": "DOUBLE",
    "paused_s": "DOUBLE",
    "time_to_breach_s": "DOUBLE",
    "goal_used": "DOUBLE",
    "at_risk": "BOOLEAN",
    "row": "BIGINT",
}


def _write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    """Rows (from any backend) into a private in-memory DuckDB table, then ``COPY … TO`` Parquet."""
    import duckdb

    con = duckdb.connect()
    try:
        schema = ", ".join(f'"{c}" {PARQUET_TYPES.get(c, "VARCHAR")}' for c in COLUMNS)
        con.execute(f"CREATE TABLE verdicts ({schema})")
        if rows:
            marks = ", ".join("?" for _ in COLUMNS)
            con.executemany(f"INSERT INTO verdicts VALUES ({marks})", [[r[c] for c in COLUMNS] for r in rows])
        con.execute("COPY verdicts TO ? (FORMAT parquet)", [str(path)])
    finally:
        con.close()
