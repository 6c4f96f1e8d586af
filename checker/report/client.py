"""What a client-ready report shows, decided once for HTML and Markdown: the figure that failed,
the limitations of the audit and the corrective-action list.

Why a module of its own: an auditor signs the report, so the HTML and the Markdown must say the
same thing. The renderers only lay out what these functions choose; nothing here formats HTML.

The headline of a requirement is the finding that decided its outcome, not the overall figure: a
service level of 98.3% overall that fails because one queue reached 48.4% on one day is reported
as "queue vip, day 2024-04-03: 48.4%", with the overall beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from checker.i18n import Speaker, speaker
from checker.model.report import OUTCOME_ORDER, ClauseResult, Finding, Report, RequirementResult
from checker.report.words import bracketed, clauses, key_name, listing

LIMITING = ("waived", "not-assessed", "not-reviewed", "insufficient-data", "not-applicable", "error")
"""Outcomes that limit what the audit can claim: each is listed under the report's limitations."""

SEVERITY_ORDER = {"major": 0, "minor": 1, "observation": 2}


def headline(r: RequirementResult) -> Finding:
    """The finding behind the requirement's outcome: among the findings with that outcome, the one
    furthest on the wrong side of the target (smallest margin); the overall when it has the outcome
    and no group is worse, or when no finding has it.

    >>> from checker.model.report import Finding, LocalText, RequirementResult
    >>> def f(outcome, margin, **group):
    ...     return Finding(outcome=outcome, value=0.8 + margin, n=100, margin=margin, group=group)
    >>> r = RequirementResult(
    ...     id="sl", rule="contact.service-level", rule_title=LocalText(en="Service level"), measure="service-level",
    ...     table="calls", unit="percent", target=">= 80%", severity="major", min_sample=30, outcome="fail",
    ...     overall=f("pass", 0.183), groups=[f("fail", -0.05, queue="sales"), f("fail", -0.316, queue="vip")])
    >>> headline(r).group
    {'queue': 'vip'}
    """
    findings = [r.overall, *r.groups]
    same = [f for f in findings if f.outcome == r.outcome]
    if not same:
        return r.overall
    return min(same, key=lambda f: (math.inf if f.margin is None else f.margin, len(f.group) == 0))


def group_text(finding: Finding, speak: Speaker | None = None) -> str:
    """``queue vip, day 2024-04-03`` (``queue vip, 日 2024-04-03``); empty for the overall finding."""
    if speak is None:
        return ", ".join(f"{k} {v}" for k, v in finding.group.items())
    return listing(speak, (f"{key_name(speak, k)} {v}" for k, v in finding.group.items()))


@dataclass(frozen=True)
class FindingRow:
    """One line of the findings table: the requirement, the figure that decided it, the overall."""

    clause: ClauseResult
    requirement: RequirementResult
    headline: Finding
    overall: Finding

    @property
    def is_overall(self) -> bool:
        return self.headline is self.overall or not self.headline.group


def finding_rows(report: Report) -> list[FindingRow]:
    """Every requirement in document order, with its headline finding."""
    return [FindingRow(c, r, headline(r), r.overall) for c in report.clauses for r in c.requirements]


@dataclass(frozen=True)
class ActionRow:
    """A requirement that needs action, with what the standard declares about acting on it."""

    clause: ClauseResult
    requirement: RequirementResult
    headline: Finding


def action_rows(report: Report) -> list[ActionRow]:
    """Requirements not met (or not shown to be met), most severe first, then worst outcome, then
    document order: waived and passed requirements need no action."""
    rows = [
        (SEVERITY_ORDER[r.severity], -OUTCOME_ORDER[r.outcome], i, ActionRow(c, r, headline(r)))
        for i, (c, r) in enumerate((c, r) for c in report.clauses for r in c.requirements)
        if r.outcome not in ("pass", "waived")
    ]
    return [row for *_, row in sorted(rows, key=lambda item: item[:3])]


@dataclass(frozen=True)
class Limitation:
    """Something the audit could not judge, or judged on fewer rows than it read.

    ``kind``: ``rejected`` / ``excluded`` (rows of a table, from the ledger), or an outcome of
    :data:`LIMITING` (a requirement, or ``groups`` of one when only some of its groups have it)."""

    kind: str
    subject: str
    count: int
    unit: str  # what count counts: rows, requirement, groups
    detail: str


def limitations(report: Report, speak: Speaker | None = None) -> list[Limitation]:
    """Rejected and excluded rows per table, then requirements and groups whose outcome limits the claim.

    Nothing assessed as not-assessed, not-reviewed, insufficient-data, not-applicable or error is ever
    counted as met; this list is where the reader sees each of them, with the reason the engine gave.
    """
    speak = speak or speaker("en")
    out: list[Limitation] = []
    for table in report.ledger:
        for kind, reasons in (("rejected", table.rejected), ("excluded", table.excluded)):
            total = sum(reason.count for reason in reasons)
            if total:
                detail = clauses(
                    speak, (reason.reason + bracketed(speak, speak.integer(reason.count)) for reason in reasons)
                )
                out.append(Limitation(kind, table.table, total, "rows", detail))
    for clause in report.clauses:
        for r in clause.requirements:
            if r.outcome in LIMITING:
                found = headline(r)
                out.append(Limitation(r.outcome, r.id, 1, "requirement", found.reason or group_text(found, speak)))
                continue
            by_outcome: dict[str, list[Finding]] = {}
            for g in r.groups:
                if g.outcome in LIMITING:
                    by_outcome.setdefault(g.outcome, []).append(g)
            for outcome in sorted(by_outcome, key=lambda o: -OUTCOME_ORDER[o]):
                groups = by_outcome[outcome]
                shown = clauses(speak, (group_text(g, speak) for g in groups[:5])) + (" …" if len(groups) > 5 else "")
                reasons = sorted({g.reason for g in groups if g.reason})
                detail = shown + (f" — {reasons[0]}" if len(reasons) == 1 else "")
                out.append(Limitation(outcome, r.id, len(groups), "groups", detail))
    return out


@dataclass(frozen=True)
class MethodRow:
    """A rule used by the audit, with the requirements that applied it and their parameters."""

    rule: str
    requirements: tuple[RequirementResult, ...]


def method_rows(report: Report) -> list[MethodRow]:
    """Rules in the order the report's ``rules`` lists them (sorted by id), each with its requirements."""
    using: dict[str, list[RequirementResult]] = {}
    for clause in report.clauses:
        for r in clause.requirements:
            using.setdefault(r.rule, []).append(r)
    return [MethodRow(rule, tuple(using.get(rule, []))) for rule in sorted(set(report.rules) | set(using))]
