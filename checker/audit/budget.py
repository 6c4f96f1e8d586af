"""Error budgets: how many nonconforming records a share or rate target allows, and how many were used.

Why: "99.4% against >= 80%" says a requirement passed, not how close it came to failing. The
error budget says it in records an operations manager can act on: of 8,830 offered calls the
target allows 1,766 to miss, 53 did, 1,713 remain. With a ``period`` the burn per bucket shows
when the budget was spent (SRE practice; OpenSLO's error budget).

For a target ``>= p`` (or ``> p``) the nonconforming records are the ones that did not succeed:
allowed = n × (1 − p), used = n − successes. For ``<= p`` (or ``< p``), as an abandonment rate,
they are the counted ones: allowed = n × p, used = successes. remaining = allowed − used; a
strict target needs used < allowed. Only findings with counts (shares and rates) have a budget:
availability (time, not records) and statistics have none.

>>> from checker.model.quantity import parse_target
>>> from checker.model.report import Finding
>>> f = Finding(outcome="pass", value=0.9, n=100, successes=90)
>>> b = error_budget(f, [], "none", parse_target(">= 80%"))
>>> b.allowed, b.used, b.remaining, b.spent
(20.0, 10, 10.0, 0.5)
>>> error_budget(Finding(outcome="pass", value=0.03, n=200, successes=6), [], "none", parse_target("<= 5%")).used
6
"""

from __future__ import annotations

from fractions import Fraction

from checker.model.quantity import Percent, Target
from checker.model.report import BudgetBurn, ErrorBudget, Finding


def _allowed_used(finding: Finding, target: Target) -> tuple[Fraction, int] | None:
    if finding.successes is None or finding.n <= 0 or not isinstance(target.quantity, Percent):
        return None
    p = target.quantity.fraction
    if target.op in (">=", ">"):
        return finding.n * (1 - p), finding.n - finding.successes
    if target.op in ("<=", "<"):
        return finding.n * p, finding.successes
    return None


def _exact(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def error_budget(overall: Finding, groups: list[Finding], period: str, target: Target) -> ErrorBudget | None:
    """The overall finding's budget, with the burn of each period bucket (the findings grouped by the
    period alone), in bucket order; None when the target is not a share or rate of counted records."""
    whole = _allowed_used(overall, target)
    if whole is None:
        return None
    allowed, used = whole
    burn = []
    for f in sorted((g for g in groups if set(g.group) == {period}), key=lambda g: g.group[period]):
        part = _allowed_used(f, target)
        if part is not None:
            burn.append(BudgetBurn(period=f.group[period], n=f.n, used=part[1], allowed=float(part[0])))
    return ErrorBudget(
        n=overall.n,
        allowed=float(allowed),
        allowed_exact=_exact(Fraction(allowed)),
        used=used,
        remaining=float(allowed - used),
        spent=float(used / allowed) if allowed else None,
        burn=burn,
    )
