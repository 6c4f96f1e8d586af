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


class OverlayNote(Model):
    """How an overlay (a standard that ``extends`` another) changed this requirement."""

    change: Literal["tightened", "loosened", "added", "unchanged"]
    document: str = Field(description="the overlay standard's file")
    fields: list[str] = Field(default_factory=list, description="'target >= 96% → >= 97%', one per field changed")
    justification: LocalText | None = None


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
    waivers: WaiverTally | None = Field(
        default=None, exclude_if=lambda value: value is None, description="absent when no waivers file was given"
    )


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
