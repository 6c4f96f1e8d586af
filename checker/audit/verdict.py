"""Stage 9, the verdict: from requirement outcomes to CONFORMANT / NONCONFORMANT / INCOMPLETE, and
from the report to the process's exit code.

Anything in scope that was not assessed (no table, too few records, an error) makes the audit
incomplete, never conformant.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.exitcodes import ExitCode
from checker.model.report import ClauseResult, Report, RequirementResult, Summary

SEVERITY_RANK = {"major": 3, "minor": 2, "observation": 1}
NOT_ASSESSED = ("insufficient-data", "not-assessed", "not-reviewed", "not-applicable", "error")


def summarise(results: list[RequirementResult], clauses: Sequence[ClauseResult] = ()) -> Summary:
    """``clauses``: the report's clauses; a qualitative one (judged by review records, or
    ``not-reviewed``) counts towards the verdict unless it is declared observation only."""
    counts: dict[str, int] = {}
    severities: dict[str, int] = {"major": 0, "minor": 0, "observation": 0}
    for r in results:
        counts[r.outcome] = counts.get(r.outcome, 0) + 1
        if r.outcome == "fail":
            severities[r.severity] += 1
    qualitative: dict[str, int] = {}
    observations: dict[str, int] = {}
    for c in clauses:
        if c.kind == "qualitative" and c.assessment is not None and c.outcome is not None:
            tally = observations if c.assessment == "observation" else qualitative
            tally[c.outcome] = tally.get(c.outcome, 0) + 1
    if counts.get("fail") or qualitative.get("fail"):
        verdict = "nonconformant"
    elif any(counts.get(o) or qualitative.get(o) for o in NOT_ASSESSED):
        verdict = "incomplete"
    else:
        verdict = "conformant"
    return Summary(
        verdict=verdict,
        requirements=dict(sorted(counts.items())),
        nonconformities=severities,
        clauses=dict(sorted(qualitative.items())),
        observations=dict(sorted(observations.items())),
    )


def audit_exit_code(report: Report, fail_on: str, allow_incomplete: bool = False) -> ExitCode:
    """1 when a requirement of severity ``fail_on`` or above failed — or, unless allowed, when the
    audit is incomplete: a requirement that could not be assessed is never counted as met."""
    if fail_on == "never":
        return ExitCode.OK
    threshold = SEVERITY_RANK[fail_on]
    failed = any(
        r.outcome == "fail" and SEVERITY_RANK[r.severity] >= threshold
        for clause in report.clauses
        for r in clause.requirements
    )
    incomplete = report.summary.verdict == "incomplete" and not allow_incomplete
    return ExitCode.FINDINGS if failed or incomplete else ExitCode.OK
