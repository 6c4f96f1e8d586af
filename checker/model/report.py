"""The audit report: the product's contract, versioned and JSON-Schema'd (``schemas/report.schema.json``).

Every renderer (text, JSON, Markdown, HTML, JUnit) reads this model and nothing else. Numbers are
kept at full precision (shares as exact ``numerator/denominator`` plus a float); rounding is
for display only. Lists are sorted so identical inputs give identical bytes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

REPORT_SCHEMA_VERSION = "1.0"

Outcome = Literal[
    "pass", "warn", "fail", "insufficient-data", "not-assessed", "not-reviewed", "not-applicable", "waived", "error"
]
"""The outcome of a finding, requirement or clause.

* ``pass`` / ``warn`` / ``fail``: judged against the target (``warn``: met, but not the warn band);
* ``insufficient-data``: a figure exists but cannot carry a verdict (fewer records than the minimum
  sample, or the table failed its data-quality gate — the reason says which);
* ``not-assessed``: something in scope has no finding at all (an expected group or element absent
  from the data);
* ``not-reviewed``: a qualitative clause or checklist item without review records;
* ``not-applicable``: the requirement cannot be measured on this dataset (no such table);
* ``waived``: failed, but covered by an approved, unexpired waiver (its figures are kept);
* ``error``: the engine could not compute it.

None of the not-* outcomes, nor ``insufficient-data`` or ``error``, is ever counted as met: each keeps
the verdict from CONFORMANT (see :mod:`checker.audit.verdict`).
"""
OUTCOME_ORDER: dict[str, int] = {
    "error": 8,
    "fail": 7,
    "insufficient-data": 6,
    "not-assessed": 5,
    "not-reviewed": 4,
    "not-applicable": 3,
    "warn": 2,
    "waived": 1,
    "pass": 0,
}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(Model):
    zh: str | None = None
    en: str | None = None


class Evidence(Model):
    """One record behind a failure: its key values and where it came from."""

    key: dict[str, str]
    file: str
    row: int = Field(description="1-based data row in the file (header excluded)")
    value: str | None = Field(default=None, description="the offending value, when the measure has one")


class Finding(Model):
    """The result of one requirement overall, for one group, or for one period."""

    group: dict[str, str] = Field(default_factory=dict, description="group and period values; empty = overall")
    outcome: Outcome
    value: float | None = Field(description="measured value (share as 0..1, durations in seconds)")
    exact: str | None = Field(
        default=None, description="exact value: 'successes/n' for shares, else the reduced fraction ('100/7', '50')"
    )
    display: str | None = Field(default=None, description="the value formatted in the target's unit")
    n: int
    successes: int | None = None
    interval: tuple[float, float] | None = Field(default=None, description="Wilson 95% interval for shares")
    margin: float | None = Field(default=None, description="distance to the target; positive = on the good side")
    counts: dict[str, int] = Field(default_factory=dict)
    reason: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    evidence_total: int | None = Field(default=None, description="how many records offend in all")


class Histogram(Model):
    """Binned distribution of the measured quantity (waits, resolution times), for the chart."""

    unit: str = Field(description="unit of the edges, e.g. 's'")
    edges: list[float] = Field(description="bin edges, ascending; one more than counts; the last bar holds the tail")
    counts: list[int]
    threshold: float | None = Field(default=None, description="the requirement's threshold in the same unit")


class AgreementCell(Model):
    """One cell of the agreement table: how many cases got this pair of verdicts."""

    servcheck: Literal["met", "breached", "pending"]
    system: Literal["met", "breached", "missing"]
    count: int


class AgreementCase(Model):
    """A case on which servcheck and the system disagree, with what servcheck can tell about why."""

    key: dict[str, str]
    servcheck: Literal["met", "breached"]
    system: Literal["met", "breached"]
    verdict_reason: str | None = Field(default=None, description="servcheck's reason, as the --cases export gives it")
    elapsed: float | None = Field(default=None, description="the case's counted time in seconds (calendar)")
    goal: str | None = Field(default=None, description="the goal servcheck judged the case against")
    reasons: list[str] = Field(default_factory=list)


class Agreement(Model):
    """servcheck's per-case verdict beside the recording system's own (the table's ``system_verdict``)."""

    field: str = Field(description="the canonical field holding the system's verdict")
    true_means: Literal["met", "breached"]
    compared: int = Field(description="cases with a verdict from both: servcheck met or breached, the system's known")
    agree: int
    disagree: int
    share: float | None = Field(default=None, description="agree / compared")
    exact: str | None = Field(default=None, description="'agree/compared'")
    matrix: list[AgreementCell] = Field(description="every pair of verdicts seen, with its count")
    reasons: dict[str, int] = Field(
        default_factory=dict, description="disagreeing cases per reason (a case may give several)"
    )
    cases: list[AgreementCase] = Field(default_factory=list, description="disagreeing cases, by key, bounded")
    cases_total: int = Field(default=0, description="how many cases disagree in all")


class IntervalTally(Model):
    """How many period buckets met the target, overall or for one group (see ``Intervals`` of the standard)."""

    group: dict[str, str] = Field(default_factory=dict, description="the group_by values; empty = overall")
    outcome: Outcome
    met: int = Field(description="buckets whose finding is pass or warn")
    judged: int = Field(description="buckets in the share's denominator")
    insufficient: int = Field(description="buckets with records but fewer than min_sample: never met")
    value: float | None = Field(default=None, description="met / judged")
    exact: str | None = Field(default=None, description="'met/judged'")
    display: str | None = Field(default=None, description="'k of m intervals met (share)'")
    margin: float | None = None
    reason: str | None = None


class IntervalJudgement(Model):
    """The requirement judged on the share of its period buckets that meet its target (time slices)."""

    period: str
    target: str = Field(description="the share of intervals that must meet the requirement's target")
    insufficient: Literal["exclude", "not-met"] = Field(
        description="what buckets below min_sample do to the share: left out, or counted as not met"
    )
    overall: IntervalTally
    groups: list[IntervalTally] = Field(default_factory=list)


class BudgetBurn(Model):
    """The error budget spent in one period bucket."""

    period: str
    n: int
    used: int
    allowed: float = Field(description="nonconforming records the target allows in this bucket alone")


class ErrorBudget(Model):
    """How many nonconforming records the target allows, and how many the period used.

    For ``>= p``: allowed = n × (1 − p), used = n − successes; for ``<= p``: allowed = n × p,
    used = successes. remaining = allowed − used (negative: overspent). A strict target
    (``>``, ``<``) needs used < allowed."""

    n: int
    allowed: float
    allowed_exact: str = Field(description="allowed as an exact fraction ('1766', '883/2')")
    used: int
    remaining: float
    spent: float | None = Field(default=None, description="used / allowed; none when nothing is allowed")
    burn: list[BudgetBurn] = Field(default_factory=list, description="per period bucket, when the requirement has one")


class RequirementResult(Model):
    id: str
    title: LocalText | None = None
    rule: str
    rule_title: LocalText
    measure: str
    table: str
    unit: str
    target: str
    warn: str | None = None
    severity: Literal["major", "minor", "observation"]
    where: str | None = None
    group_by: list[str] = Field(default_factory=list)
    period: str = "none"
    min_sample: int
    params: dict[str, str] = Field(
        default_factory=dict, description="every parameter in force, as written or defaulted"
    )
    notes: list[str] = Field(default_factory=list, description="conventions the measure applied")
    outcome: Outcome
    overall: Finding
    groups: list[Finding] = Field(default_factory=list)
    histogram: Histogram | None = Field(default=None, description="distribution of the measured quantity, overall")
    agreement: Agreement | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="servcheck's verdicts beside the system's own; absent when the table declares none",
    )
    intervals: IntervalJudgement | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="the judgement on the share of period buckets meeting the target; absent unless declared",
    )
    budget: ErrorBudget | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="the error budget of a share or rate target, overall; absent for other measures",
    )


class ClauseResult(Model):
    number: str
    title: LocalText | None = None
    text: LocalText
    kind: str
    tags: dict[str, str] = Field(default_factory=dict)
    outcome: Outcome | None = Field(description="worst requirement outcome; none for informative clauses")
    requirements: list[RequirementResult] = Field(default_factory=list)


class LedgerReason(Model):
    reason: str
    count: int
    examples: list[str] = Field(default_factory=list)


class TableLedger(Model):
    """Rows read = used + excluded + rejected; nothing is dropped silently."""

    table: str
    read: int
    used: int
    excluded: list[LedgerReason] = Field(default_factory=list)
    rejected: list[LedgerReason] = Field(default_factory=list)


class InputFile(Model):
    role: str
    path: str
    sha256: str
    bytes: int


class Summary(Model):
    verdict: Literal["conformant", "nonconformant", "incomplete"]
    requirements: dict[str, int] = Field(description="count of requirements per outcome")
    nonconformities: dict[str, int] = Field(description="failed requirements per severity")


class FindingChange(Model):
    """One requirement's finding (overall or one group) in the previous and the current audit."""

    group: dict[str, str] = Field(default_factory=dict, description="group values; empty = the requirement overall")
    previous: Outcome | None = Field(description="outcome before; none when the previous audit has no such finding")
    current: Outcome | None = Field(description="outcome now; none when the current audit has no such finding")
    previous_display: str | None = None
    current_display: str | None = None
    previous_exact: str | None = None
    current_exact: str | None = None
    change: float | None = Field(default=None, description="current value − previous value (shares as 0..1)")
    interval: tuple[float, float] | None = Field(
        default=None, description="95% interval of the change, for shares (see Comparison.method)"
    )
    meaningful: bool | None = Field(
        default=None, description="the interval excludes 0; none when not tested (not a share, or no counts)"
    )
    nonconformity: Literal["new", "resolved", "continuing", "unverified", "none"] = Field(
        description="new: fails now (fail or waived), did not before; resolved: failed before, passes now; "
        "continuing: fails in both; unverified: failed before, cannot be judged now (never resolved)"
    )


class RequirementChange(Model):
    """A requirement of both audits: its overall finding and each group's, matched by group values."""

    id: str
    clause: str
    severity: Literal["major", "minor", "observation"]
    target: str
    previous_target: str | None = Field(default=None, description="the previous audit's target, when it differs")
    overall: FindingChange
    groups: list[FindingChange] = Field(default_factory=list)
    failing_periods: tuple[int, int] = Field(
        default=(0, 0),
        description="failing period buckets (previous, current) — buckets of different periods are not matched",
    )


class NonconformityRef(Model):
    requirement: str
    group: dict[str, str] = Field(default_factory=dict, description="empty = the requirement overall")
    severity: Literal["major", "minor", "observation"]
    outcome: Outcome = Field(description="the failing side's outcome: fail, or waived (a failure a waiver accepts)")
    display: str | None = Field(default=None, description="the figure of the failing side")


class Comparison(Model):
    """The current audit against a previous one of the same standard (``servcheck compare``)."""

    method: str = Field(description="how the change of a share is judged statistically meaningful")
    previous: dict[str, str] = Field(description="the previous report: standard, version, dataset, period, verdict")
    current: dict[str, str]
    warnings: list[str] = Field(default_factory=list)
    new: list[NonconformityRef] = Field(default_factory=list, description="nonconformities now that were not before")
    resolved: list[NonconformityRef] = Field(default_factory=list, description="nonconformities before, not now")
    unverified: list[NonconformityRef] = Field(
        default_factory=list, description="nonconformities before that cannot be judged now: not resolved"
    )
    requirements: list[RequirementChange] = Field(default_factory=list)
    only_previous: list[str] = Field(default_factory=list, description="requirements of the previous audit alone")
    only_current: list[str] = Field(default_factory=list, description="requirements of the current audit alone")


class Report(Model):
    schema_version: str = REPORT_SCHEMA_VERSION
    tool: dict[str, str] = Field(description="name, version and the engine that ran the audit (duckdb or spark)")
    standard: dict[str, str]
    dataset: dict[str, str]
    period: dict[str, str]
    parameters: dict[str, str] = Field(description="audit-wide conventions in force (ring cadence, ...)")
    summary: Summary
    clauses: list[ClauseResult]
    ledger: list[TableLedger]
    inputs: list[InputFile]
    taxonomy: dict[str, LocalText] = Field(
        default_factory=dict, description="names of the ISO 23592 dimensions, elements and levels"
    )
    comparison: Comparison | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="the comparison with a previous audit (servcheck audit --compare); absent otherwise",
    )
