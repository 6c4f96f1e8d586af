"""The satisfaction curve: survey answers linked to a requirement's records, banded by the measured quantity.

Why: a target such as "answered within 20 s" is worth its cost only if customers feel the
difference; a writer checks that satisfaction actually drops near 20 s (吻合性) before fixing it.

How: a survey table (``settings.yaml``: ``surveys``, score ``csat`` on 1–5, satisfied = 4–5) links to
the requirement's table when it maps a field named as that table's key (``surveys.call_id`` →
``calls.call_id``). The requirement's records in scope (its measure's base and the standard's
``where``) get their measured quantity — the expression the measure charts, e.g. ``wait`` — and each
linked answer is put in a band of that quantity: edges at multiples of threshold / 2, upper edges
inclusive as the measure's ``wait <= 20`` is, the last band open. One grouped query, written with
sqlglot's builder in neutral SQL (``CASE`` bands, ``SUM(CASE …)``), gives the answers and satisfied
answers per band; each band's share carries its Wilson 95% interval. Every answer counts (a call
with two answers counts twice); answers off the scale are left out.

Where does it drop? For each band edge the satisfied share at or below it is set against the share
above it (Newcombe's 95% interval of the difference, statsmodels); the report gives the split at the
requirement's threshold and the edge with the largest difference, among edges with at least
``min_responses`` answers on each side.
"""

from __future__ import annotations

import numpy as np
from sqlglot import exp

from checker.audit.tables import Tables
from checker.calibrate.model import Band, Curve, Split
from checker.calibrate.settings import Satisfaction
from checker.engine.backend import Backend
from checker.engine.expressions import literal
from checker.engine.judge import SIGNIFICANT, wilson_interval
from checker.engine.plan import Planned
from checker.measures.base import both


def _q(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def link_of(p: Planned, tables: Tables, spec: Satisfaction) -> str | None:
    """The survey field linking answers to the requirement's records, or None (then no curve)."""
    own, survey = tables.prepared.get(p.table), tables.prepared.get(spec.table)
    if own is None or survey is None or own.name == survey.name or len(own.key) != 1:
        return None
    key = own.key[0]
    fields = survey.table.fields
    return key if key in fields and spec.score in fields else None


def threshold_of(p: Planned) -> float | None:
    """The quantity's limit: the measure's own threshold (service level: 20 s), else a duration target's bound."""
    if p.plan is None or p.plan.distribution is None or p.plan.relation is not None:
        return None
    if p.plan.distribution_unit not in (None, "s"):
        return None
    if p.plan.threshold is not None:
        return float(p.plan.threshold)
    if p.rule.unit == "duration":
        from checker.model.quantity import target_bound

        return float(target_bound(p.target.quantity))
    return None


def edges_of(threshold: float, spec: Satisfaction) -> list[float]:
    """Inclusive upper edges of every band but the open last one.

    >>> from checker.calibrate.settings import settings
    >>> edges_of(20.0, settings().satisfaction)
    [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]
    """
    width = threshold / spec.bands_per_threshold
    return [width * (i + 1) for i in range(spec.bands - 1)]


def band_query(p: Planned, tables: Tables, spec: Satisfaction, link: str, edges: list[float]) -> exp.Query:
    """Answers, satisfied answers and the score's sum per band, for the requirement's records in scope."""
    assert p.plan is not None and p.plan.distribution is not None
    quantity, base = p.plan.distribution
    own, survey = tables.prepared[p.table], tables.prepared[spec.table]
    used = exp.Is(this=_q("_status"), expression=exp.null())
    keep = both(
        both(both(used, base.copy() if base is not None else None), p.scope),
        exp.not_(exp.Is(this=quantity.copy(), expression=exp.null())),
    )
    records = (
        exp.select(
            exp.alias_(exp.cast(_q(own.key[0]), "VARCHAR"), "_k", quoted=True),
            exp.alias_(exp.cast(quantity.copy(), "DOUBLE"), "_v", quoted=True),
        )
        .from_(exp.to_identifier(own.view, quoted=True))
        .where(keep)
    )
    low, high = spec.scale
    score = _q(spec.score)
    answers = (
        exp.select(
            exp.alias_(exp.cast(_q(link), "VARCHAR"), "_k", quoted=True),
            exp.alias_(exp.cast(score.copy(), "DOUBLE"), "_s", quoted=True),
        )
        .from_(exp.to_identifier(survey.view, quoted=True))
        .where(both(used.copy(), exp.Between(this=score.copy(), low=literal(low), high=literal(high))))
    )
    band = exp.Case(
        ifs=[exp.If(this=exp.LTE(this=_q("_v"), expression=literal(e)), true=literal(i)) for i, e in enumerate(edges)],
        default=literal(len(edges)),
    )
    joined = (
        exp.select(exp.alias_(band, "_band", quoted=True), _q("_s"))
        .from_(exp.Subquery(this=records, alias=exp.TableAlias(this=exp.to_identifier("r"))))
        .join(
            exp.Subquery(this=answers, alias=exp.TableAlias(this=exp.to_identifier("a"))),
            on=exp.EQ(
                this=exp.column("_k", table="r", quoted=True), expression=exp.column("_k", table="a", quoted=True)
            ),
        )
    )
    satisfied = exp.In(this=_q("_s"), expressions=[literal(s) for s in spec.satisfied])
    return (
        exp.select(
            _q("_band"),
            exp.alias_(exp.Count(this=exp.Star()), "_n", quoted=True),
            exp.alias_(
                exp.Sum(this=exp.Case(ifs=[exp.If(this=satisfied, true=literal(1))], default=literal(0))),
                "_sat",
                quoted=True,
            ),
            exp.alias_(exp.Sum(this=_q("_s")), "_sum", quoted=True),
        )
        .from_(exp.Subquery(this=joined, alias=exp.TableAlias(this=exp.to_identifier("j"))))
        .group_by(_q("_band"))
        .order_by(_q("_band"))
    )


def band_label(i: int, edges: list[float]) -> str:
    """``≤ 10 s``, ``10–20 s`` (above 10, up to and including 20), ``> 70 s``.

    >>> [band_label(i, [10.0, 20.0]) for i in range(3)]
    ['≤ 10 s', '10–20 s', '> 20 s']
    """
    if i == 0:
        return f"≤ {edges[0]:g} s"
    if i == len(edges):
        return f"> {edges[-1]:g} s"
    return f"{edges[i - 1]:g}–{edges[i]:g} s"


def curve(backend: Backend, p: Planned, tables: Tables, spec: Satisfaction) -> Curve | None:
    """The requirement's satisfaction curve, or None when it has no linked survey or no quantity."""
    link, threshold = link_of(p, tables, spec), threshold_of(p)
    if link is None or threshold is None or threshold <= 0:
        return None
    edges = edges_of(threshold, spec)
    rows = {int(r["_band"]): r for r in backend.rows(band_query(p, tables, spec, link, edges))}
    n = np.array([int(rows[i]["_n"]) if i in rows else 0 for i in range(len(edges) + 1)])
    sat = np.array([int(rows[i]["_sat"]) if i in rows else 0 for i in range(len(edges) + 1)])
    sums = [float(rows[i]["_sum"]) if i in rows else 0.0 for i in range(len(edges) + 1)]
    bands = [
        Band(
            label=band_label(i, edges),
            low=edges[i - 1] if i > 0 else None,
            high=edges[i] if i < len(edges) else None,
            n=int(n[i]),
            satisfied=int(sat[i]),
            share=float(sat[i] / n[i]) if n[i] else None,
            interval=wilson_interval(int(sat[i]), int(n[i])),
            mean=sums[i] / n[i] if n[i] else None,
        )
        for i in range(len(edges) + 1)
    ]
    splits = [_split(edges[k], n, sat, k) for k in range(len(edges))]
    usable = [s for s in splits if s.below_n >= spec.min_responses and s.above_n >= spec.min_responses]
    at_threshold = splits[spec.bands_per_threshold - 1]
    reason = None
    if not usable:
        reason = f"no band edge has {spec.min_responses} or more answers on both sides"
    return Curve(
        table=spec.table,
        score=spec.score,
        quantity=p.plan.distribution[0].sql().replace('"', ""),  # type: ignore[union-attr]
        unit="s",
        threshold=threshold,
        responses=int(n.sum()),
        bands=bands,
        at_threshold=at_threshold if at_threshold.below_n and at_threshold.above_n else None,
        largest_drop=max(usable, key=lambda s: (s.difference, -s.edge)) if usable else None,
        reason=reason,
    )


def _split(edge: float, n: np.ndarray, sat: np.ndarray, k: int) -> Split:
    """Answers in bands 0..k against the bands after k."""
    below_n, above_n = int(n[: k + 1].sum()), int(n[k + 1 :].sum())
    below_s, above_s = int(sat[: k + 1].sum()), int(sat[k + 1 :].sum())
    below_share = below_s / below_n if below_n else 0.0
    above_share = above_s / above_n if above_n else 0.0
    interval = None
    if below_n and above_n:
        from statsmodels.stats.proportion import confint_proportions_2indep

        low, high = confint_proportions_2indep(
            below_s, below_n, above_s, above_n, method="newcomb", compare="diff", alpha=1 - SIGNIFICANT
        )
        interval = (float(low), float(high))
    return Split(
        edge=edge,
        below_n=below_n,
        below_share=below_share,
        above_n=above_n,
        above_share=above_share,
        difference=below_share - above_share,
        interval=interval,
    )
