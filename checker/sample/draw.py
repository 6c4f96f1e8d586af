"""Draw a reproducible sample of a requirement's records or cases for manual review.

The lot is the records (or, on an event log, the cases) in the requirement's scope and the audit
period — per group of the requirement when asked. Its size is a fixed ``n`` or an ISO 2859-1
sampling plan (:mod:`checker.sample.iso2859`). The draw orders the lot by
``md5(seed:case)`` (:func:`checker.engine.dialect.sample_hash`), ties by the case id, and keeps the
first ``n``: no ``random()``, so the same seed gives the same sample on DuckDB and on Spark, and
another seed another sample. The sample is written as a blank review form in the layout of the
dataset's review table (its source columns, its item codes), one row per sampled case and checklist
item, so the filled-in file is read back as that table's review records; a sidecar YAML records the
seed, the method and every lot's size and plan, and each row carries a short description of it in
the table's ``sample`` field when the mapping has one (the checklist measure states it in the report).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from sqlglot import exp

from checker import __version__, codes
from checker.audit.request import AuditRequest
from checker.audit.session import AuditSession
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.engine.backend import Backend
from checker.engine.dialect import sample_hash
from checker.engine.expressions import literal
from checker.i18n import Speaker, speaker
from checker.measures.base import both
from checker.model.dataset import Table
from checker.sample.iso2859 import LEVELS, SamplingPlan, aqls, sampling_plan
from checker.sources.files import sha256_file

REVIEW_FIELDS = ("item", "case", "reviewer", "reviewed", "result", "evidence", "sample")
"""Canonical fields of a review table the form fills: the item and case, and ``sample``; the rest is left blank."""


@dataclass(frozen=True)
class SampleSize:
    """A fixed ``n`` per lot, or ISO 2859-1 at an inspection level and AQL."""

    n: int | None = None
    level: str | None = None
    aql: str | None = None

    def plan(self, lot: int) -> tuple[int, SamplingPlan | None]:
        if self.n is not None:
            return min(self.n, lot), None
        assert self.level is not None and self.aql is not None
        chosen = sampling_plan(lot, self.level, self.aql)
        return chosen.n, chosen

    def method(self, speak: Speaker | None = None) -> str:
        """How the size is chosen, in ``speak``'s language (English, as the sidecar records it, by default)."""
        speak = speak or speaker("en")
        if self.n is not None:
            return speak._("fixed n = {n} per lot", n=self.n)
        return speak._(
            "ISO 2859-1:1999 general inspection level {level}, AQL {aql}, normal inspection, single sampling",
            level=self.level,
            aql=self.aql,
        )


@dataclass(frozen=True)
class Lot:
    group: dict[str, str]
    size: int
    n: int
    plan: SamplingPlan | None
    cases: list[str]


@dataclass(frozen=True)
class Sample:
    """What was drawn: the form's CSV text and the sidecar's record of how."""

    csv: str
    record: dict[str, Any]
    lots: list[Lot]
    lang: str = "en"
    """The language the form's ``sample`` column is written in."""


def size_from(fixed: str | None, level: str | None, aql: str | None, lang: str = "en") -> SampleSize:
    """``--n`` alone, or ``--level`` with ``--aql``; anything else is a usage error (SC082).

    >>> size_from("20", None, None)
    SampleSize(n=20, level=None, aql=None)
    >>> size_from(None, "II", "1.0").method()
    'ISO 2859-1:1999 general inspection level II, AQL 1.0, normal inspection, single sampling'
    """
    speak = speaker(lang)
    if fixed is not None:
        if level is not None or aql is not None:
            raise usage(speak._("give either --n or --level with --aql, not both"), lang)
        if not fixed.isdigit() or int(fixed) < 1:
            raise usage(speak._("--n {value!r}: a whole number of at least 1", value=fixed), lang)
        return SampleSize(n=int(fixed))
    if level is None or aql is None:
        raise usage(
            speak._("give a sample size: --n N, or ISO 2859-1's --level (I, II, III) with --aql (e.g. 1.0)"), lang
        )
    if level not in LEVELS:
        message = speak._("--level {value!r}: ISO 2859-1 general inspection levels are I, II and III", value=level)
        raise usage(message, lang)
    if aql not in aqls():
        raise usage(
            speak._(
                "--aql {value!r}: the shipped Table 2-A covers {aqls} (written as there)",
                value=aql,
                aqls=", ".join(aqls()),
            ),
            lang,
        )
    return SampleSize(level=level, aql=aql)


def usage(message: str, lang: str = "en") -> InvalidInput:
    """A usage error of ``servcheck sample`` (SC082, exit 2), ``message`` already in ``lang``."""
    return InvalidInput([Diagnostic.of(codes.SAMPLE_USAGE, message, Location("sample"))], lang)


def _q(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def _case_field(table: Table, name: str, speak: Speaker) -> str:
    if table.kind == "events":
        if table.case is None:
            raise usage(
                speak._("table {table!r} is an event log without a case field: nothing to sample", table=name),
                speak.lang,
            )
        return table.case
    if len(table.key) != 1:
        message = speak._(
            "table {table!r} has a composite key ({key}): sample cases of one-field keys",
            table=name,
            key=", ".join(table.key),
        )
        raise usage(message, speak.lang)
    return table.key[0]


def draw(
    request: AuditRequest,
    requirement: str,
    size: SampleSize,
    seed: str,
    reviews: str,
    items: Sequence[str] = (),
    per_group: bool = False,
    backend: Backend | None = None,
    lang: str | None = None,
) -> Sample:
    """``backend``: run on this backend (e.g. ``SparkBackend(spark)``) instead of ``request.engine``'s;
    ``lang``: the language of the form's ``sample`` column and of usage errors (default: the
    standard's first language)."""
    session = AuditSession.open(request, backend)
    speak = speaker(lang or session.inputs.standard.model.languages[0])
    found = [p for p in session.documents.requirements if p.requirement.id == requirement]
    if not found:
        known = ", ".join(sorted(p.requirement.id for p in session.documents.requirements))
        raise usage(
            speak._("the standard has no requirement {id!r} (it has: {known})", id=requirement, known=known), speak.lang
        )
    p = found[0]
    dataset = session.inputs.dataset.model
    if p.table not in dataset.tables:
        message = speak._(
            "requirement {id!r} reads table {table!r}, which the dataset does not map", id=requirement, table=p.table
        )
        raise usage(message, speak.lang)
    if reviews not in dataset.tables:
        message = speak._(
            "the dataset has no review table {table!r} (it has: {tables})",
            table=reviews,
            tables=", ".join(sorted(dataset.tables)),
        )
        raise usage(message, speak.lang)
    review_table = dataset.tables[reviews]
    chosen_items = _items(review_table, reviews, items, speak)
    header, item_code = _layout(review_table, reviews, speak)
    dims = list(p.requirement.group_by) if per_group else []
    if per_group and not dims:
        message = speak._("requirement {id!r} has no group_by: there is one lot, drop --per-group", id=requirement)
        raise usage(message, speak.lang)
    table = dataset.tables[p.table]
    case = _case_field(table, p.table, speak)
    tables = session.read(only=[p.table])
    view = tables.prepared[p.table].view
    used = both(exp.Is(this=_q("_status"), expression=exp.null()), p.scope)
    present = exp.Not(this=exp.Is(this=_q(case), expression=exp.null()))
    cases = (
        exp.select(*[_q(d) for d in dims], _q(case))
        .distinct()
        .from_(exp.to_identifier(view, quoted=True))
        .where(both(used, present))
    )
    lot_rows = session.backend.rows(
        exp.select(*[_q(d) for d in dims], exp.alias_(exp.Count(this=exp.Star()), "_lot", quoted=True))
        .from_(exp.Subquery(this=cases.copy(), alias=exp.TableAlias(this=exp.to_identifier("c"))))
        .group_by(*[_q(d) for d in dims])
    )
    sizes: dict[tuple[str, ...], tuple[int, int, SamplingPlan | None]] = {}
    for row in lot_rows:
        group = tuple(_text(row[d]) for d in dims)
        sizes[group] = (int(row["_lot"]), *size.plan(int(row["_lot"])))
    if not sizes:
        raise usage(speak._("requirement {id!r} has no records in scope to sample", id=requirement), speak.lang)
    most = max(n for _, n, _ in sizes.values())
    order = exp.Order(expressions=[exp.Ordered(this=_q("_h")), exp.Ordered(this=exp.cast(_q(case), "VARCHAR"))])
    rank = exp.Window(this=exp.RowNumber(), partition_by=[_q(d) for d in dims], order=order)
    hashed = exp.select(
        *[_q(d) for d in dims], _q(case), exp.alias_(sample_hash(seed, _q(case)), "_h", quoted=True)
    ).from_(exp.Subquery(this=cases, alias=exp.TableAlias(this=exp.to_identifier("c"))))
    drawn = (
        exp.select(*[_q(d) for d in dims], exp.alias_(exp.cast(_q(case), "VARCHAR"), "_case", quoted=True))
        .select(exp.alias_(rank, "_rank", quoted=True))
        .from_(exp.Subquery(this=hashed, alias=exp.TableAlias(this=exp.to_identifier("h"))))
        .qualify(exp.LTE(this=_q("_rank"), expression=literal(most)))
    )
    picked: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for row in session.backend.rows(drawn):
        group = tuple(_text(row[d]) for d in dims)
        if int(row["_rank"]) <= sizes[group][1]:
            picked.setdefault(group, []).append((int(row["_rank"]), str(row["_case"])))
    lots = [
        Lot(dict(zip(dims, group, strict=True)), lot, n, plan, [c for _, c in sorted(picked.get(group, []))])
        for group, (lot, n, plan) in sorted(sizes.items())
    ]
    describe = {id(lot): _describe(requirement, seed, lot, speak) for lot in lots}
    rows = [
        {"item": item_code(item), "case": c, "sample": describe[id(lot)]}
        for lot in lots
        for c in lot.cases
        for item in chosen_items
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=review_table.csv.delimiter, lineterminator="\n")
    writer.writerow([column for column, _ in header])
    for row in rows:
        writer.writerow([row.get(name, "") if name in ("item", "case", "sample") else "" for _, name in header])
    record = _record(session, request, p.requirement.id, p.table, reviews, seed, size, chosen_items, tables, lots)
    return Sample(buffer.getvalue(), record, lots, speak.lang)


def _text(value: object) -> str:
    return "(missing)" if value is None else str(value)


def _items(table: Table, name: str, asked: Sequence[str], speak: Speaker) -> list[str]:
    spec = table.fields.get("item")
    if spec is None or spec.column is None:
        raise usage(speak._("review table {table!r} has no 'item' field read from a column", table=name), speak.lang)
    catalogue = list(dict.fromkeys(spec.values.values())) if spec.values else []
    if not asked:
        if not catalogue:
            message = speak._(
                "review table {table!r} declares no item catalogue (the item field's values): give --item", table=name
            )
            raise usage(message, speak.lang)
        return catalogue
    unknown = [i for i in asked if catalogue and i not in catalogue]
    if unknown:
        message = speak._(
            "unknown checklist items {items}; table {table!r} has {known}",
            items=", ".join(unknown),
            table=name,
            known=", ".join(catalogue),
        )
        raise usage(message, speak.lang)
    return list(dict.fromkeys(asked))


def _layout(table: Table, name: str, speak: Speaker) -> tuple[list[tuple[str, str]], Any]:
    """The form's columns — (source column, canonical field) of every mapped field, in the mapping's
    order — and the item's source code (the mapping's ``values`` read backwards)."""
    if table.format not in (None, "csv") or not table.source or not table.source[0].lower().endswith(".csv"):
        raise usage(
            speak._("review table {table!r} is not read from CSV files: the form is a CSV file", table=name), speak.lang
        )
    for required in ("item", "case"):
        if required not in table.fields:
            raise usage(
                speak._("review table {table!r} has no {field!r} field", table=name, field=required), speak.lang
            )
    header = []
    for field_name, spec in table.fields.items():
        if spec.column is None:
            message = speak._(
                "review table {table!r}: field {field!r} is an expression; the form writes columns",
                table=name,
                field=field_name,
            )
            raise usage(message, speak.lang)
        header.append((spec.column, field_name))
    values = table.fields["item"].values or {}
    backwards: dict[str, str] = {}
    for source, canonical in values.items():
        backwards.setdefault(canonical, source)
    return header, lambda item: backwards.get(item, item)


def _describe(requirement: str, seed: str, lot: Lot, speak: Speaker) -> str:
    """The form's ``sample`` column: which draw a row belongs to, for the reviewer and the auditor."""
    where = ", ".join(f"{k}={v}" for k, v in lot.group.items())
    how = lot.plan.describe(speak) if lot.plan else speak._("fixed n = {n} of a lot of {size}", n=lot.n, size=lot.size)
    return speak._(
        "servcheck sample of {id}{group}, seed {seed}, md5 order: {how}",
        id=requirement,
        group=f" ({where})" if where else "",
        seed=seed,
        how=how,
    )


def _record(
    session: AuditSession,
    request: AuditRequest,
    requirement: str,
    table: str,
    reviews: str,
    seed: str,
    size: SampleSize,
    items: list[str],
    tables: Any,
    lots: list[Lot],
) -> dict[str, Any]:
    std = session.inputs.standard
    period = tables.period
    return {
        "kind": "review-sample",
        "tool": {"name": "servcheck", "version": __version__},
        "standard": {"id": std.model.id, "version": std.model.version, "sha256": sha256_file(std.path)},
        "dataset": {"id": session.inputs.dataset.model.id, "sha256": sha256_file(session.inputs.dataset.path)},
        "requirement": requirement,
        "table": table,
        "review_table": reviews,
        "period": {"from": period[0].isoformat(), "to": period[1].isoformat()} if period else None,
        "seed": seed,
        "method": "each lot ordered by md5('<seed>:<case>') (ties by case), the first n drawn",
        "size": size.method(),
        "items": items,
        "lots": [
            {
                "group": lot.group,
                "lot": lot.size,
                "n": lot.n,
                **(
                    {"plan": lot.plan.describe(), "accept": lot.plan.accept, "reject": lot.plan.reject}
                    if lot.plan
                    else {}
                ),
                "cases": lot.cases,
            }
            for lot in lots
        ],
    }


def sidecar_text(record: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(record), sort_keys=False, allow_unicode=True, width=120)
