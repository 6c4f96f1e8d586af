"""The audit report: the product's contract, versioned and JSON-Schema'd (``schemas/report.schema.json``).

Every renderer (text, JSON, Markdown, HTML, JUnit) reads this model and nothing else. Numbers are
kept at full precision (shares as exact ``numerator/denominator`` plus a float); rounding is
for display only. Lists are sorted so identical inputs give identical bytes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from checker.model.outcome import OUTCOME_ORDER as OUTCOME_ORDER  # re-exported: the report's vocabulary
from checker.model.outcome import Outcome

REPORT_SCHEMA_VERSION = "1.0"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class LocalText(Model):
    zh: str | None = None
    en: str | None = None


class Evidence(Model):
    """One record behind a failure: its key values and where it came from."""

    key: dict[str, str]
    file: str
    row: int = Field(description="1-based data row in the file (header excluded)")
    value: str | None = Field(default=None, description="the offending value, when the measure has one")


class AppliedWaiver(Model):
    """The waiver that turned a failing finding into ``waived`` (its figures are kept)."""

    id: str
    file: str = Field(description="the waivers file it comes from")
    justification: LocalText
    approver: str
    approved: str
    expires: str


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
    waiver: AppliedWaiver | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="outcome 'waived': the waiver covering this failing finding; absent otherwise",
    )


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


class CorrectiveAction(Model):
    """The action the standard plans for a requirement, with its owner and due date (all optional)."""

    text: LocalText | None = None
    owner: str | None = None
    due: str | None = Field(default=None, description="as written in the standard (YYYY-MM-DD)")


class RuleDefinition(Model):
    """A rule used by the audit, as the rule library defines it (the report's method section)."""

    title: LocalText
    definition: LocalText
    measure: str
    references: list[str] = Field(default_factory=list)


class TagSetInfo(Model):
    """A tag set the standard declares (an open taxonomy): its title and values in order."""

    title: LocalText | None = None
    values: list[str]


class SignOff(Model):
    """Who signs the report; blank fields are left as lines to sign by hand."""

    auditor: str | None = None
    reviewer: str | None = None
    date: str | None = None


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
    overlay: list[OverlayNote] = Field(
        default_factory=list,
        exclude_if=lambda value: not value,
        description="changes made by overlays of the standard, root side first; absent when none",
    )
    action: CorrectiveAction | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="owner and corrective action the standard declares; absent when it declares none",
    )
    expected: dict[str, list[str]] = Field(
        default_factory=dict,
        exclude_if=lambda value: not value,
        description="the declared universe of each group_by field (expect_groups), resolved; absent when none",
    )
    small_groups: Literal["block", "observe"] = Field(
        default="block",
        exclude_if=lambda value: value == "block",
        description="'observe': groups below min_sample were listed as limitations and did not decide the outcome",
    )
    limitations: list[str] = Field(
        default_factory=list,
        exclude_if=lambda value: not value,
        description="what limits this result: a failed data-quality gate, observed small groups, undeclared groups",
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


class OverlayNote(Model):
    """How an overlay (a standard that ``extends`` another) changed this requirement."""

    change: Literal["tightened", "loosened", "added", "unchanged"]
    document: str = Field(description="the overlay standard's file")
    fields: list[str] = Field(default_factory=list, description="'target >= 96% → >= 97%', one per field changed")
    justification: LocalText | None = None


class ClauseReview(Model):
    """How a qualitative clause was judged: the checklist item that evidences it and that item's finding."""

    table: str
    item: str
    requirement: str | None = Field(default=None, description="the checklist requirement whose item finding is used")
    finding: Finding | None = Field(default=None, description="the item's finding; none when no review covers it")


class ClauseResult(Model):
    number: str
    title: LocalText | None = None
    text: LocalText
    kind: str
    tags: dict[str, str] = Field(default_factory=dict)
    outcome: Outcome | None = Field(description="worst requirement outcome; none for informative clauses")
    requirements: list[RequirementResult] = Field(default_factory=list)
    assessment: Literal["review", "observation"] | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="qualitative clauses: 'observation' is shown but never decides the verdict",
    )
    review: ClauseReview | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="qualitative clauses: the review records that judge it (absent: none named)",
    )
    reason: str | None = Field(
        default=None, exclude_if=lambda value: value is None, description="why a qualitative clause has its outcome"
    )


class LedgerReason(Model):
    reason: str
    count: int
    examples: list[str] = Field(default_factory=list)


class QualityCheck(Model):
    """One threshold of a table's data-quality gate, with what was measured."""

    check: Literal["rejected", "complete", "fresh"]
    field: str | None = Field(default=None, description="the field whose completeness is checked")
    threshold: str = Field(description="as the dataset declares it: '10%', '99%', '1 day'")
    measured: str = Field(description="the measured figure, formatted: '31.2%', '2.5 days'")
    exact: str | None = Field(default=None, description="'rejected/read' or 'non-null/used'")
    passed: bool
    reason: str | None = Field(default=None, description="why it failed, in words")


class QualityGate(Model):
    """A table's data-quality gate: every requirement on a table that fails it is insufficient-data."""

    passed: bool
    checks: list[QualityCheck]


class TableLedger(Model):
    """Rows read = used + excluded + rejected; nothing is dropped silently."""

    table: str
    read: int
    used: int
    excluded: list[LedgerReason] = Field(default_factory=list)
    rejected: list[LedgerReason] = Field(default_factory=list)
    quality: QualityGate | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="the table's data-quality gate, when the dataset declares one",
    )


class InputFile(Model):
    role: str
    path: str
    sha256: str
    bytes: int


class WaiverTally(Model):
    """The waivers given to the audit, tallied apart from the outcomes they changed."""

    reference_date: str | None = Field(description="the day waivers are judged in force on (period end or --as-of)")
    findings_waived: int = Field(description="failing findings shown as waived")
    requirements_waived: list[str] = Field(default_factory=list, description="requirements whose outcome is waived")
    applied: dict[str, int] = Field(default_factory=dict, description="findings waived, per waiver id")
    unused: list[str] = Field(default_factory=list, description="waivers in force that matched no failing finding")
    expired: list[str] = Field(default_factory=list, description="waivers expired before the reference date")
    not_yet_approved: list[str] = Field(default_factory=list, description="waivers approved after the reference date")


class Summary(Model):
    verdict: Literal["conformant", "nonconformant", "incomplete"]
    requirements: dict[str, int] = Field(description="count of requirements per outcome")
    nonconformities: dict[str, int] = Field(description="failed requirements per severity")
    clauses: dict[str, int] = Field(
        default_factory=dict,
        exclude_if=lambda value: not value,
        description="qualitative clauses that count towards the verdict, per outcome",
    )
    observations: dict[str, int] = Field(
        default_factory=dict,
        exclude_if=lambda value: not value,
        description="qualitative clauses declared observation only, per outcome: shown, never deciding the verdict",
    )
    waivers: WaiverTally | None = Field(
        default=None, exclude_if=lambda value: value is None, description="absent when no waivers file was given"
    )


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
    scope: LocalText | None = Field(
        default=None, exclude_if=lambda value: value is None, description="the standard's scope statement"
    )
    rules: dict[str, RuleDefinition] = Field(
        default_factory=dict,
        exclude_if=lambda value: not value,
        description="every rule the audit used, with its definition from the rule library (the method)",
    )
    tag_sets: dict[str, TagSetInfo] = Field(
        default_factory=dict,
        exclude_if=lambda value: not value,
        description="tag sets the standard declares for its clauses (open taxonomies), for roll-ups",
    )
    sign_off: SignOff | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="auditor, reviewer and date given at rendering (servcheck audit --signed-by/--reviewed-by)",
    )
    comparison: Comparison | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="the comparison with a previous audit (servcheck audit --compare); absent otherwise",
    )
