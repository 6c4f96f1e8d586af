"""What a calibration says, per measurable requirement: its figure in every past period, how often the
target was met, the targets met in 80/90/95% of periods, its flags and its satisfaction curve.

Pydantic models so the JSON form is deterministic (fields in declaration order, lists sorted by the
code that fills them) and every renderer (text, JSON, HTML) reads one structure.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from checker.calibrate.settings import Settings
from checker.model.report import LocalText, Outcome

Flag = Literal["infeasible", "no-stretch"]
"""``infeasible``: never met in any counted period (可行性); ``no-stretch``: met in every counted period
with a wide margin (see ``settings.yaml``)."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NotCounted(Model):
    """A group within a period (or a whole period) left out of the calibration, and why."""

    group: dict[str, str] = Field(default_factory=dict)
    n: int
    reason: str


class PeriodFigure(Model):
    """One period's figure: for a grouped requirement the worst counted group's (the audit fails a period
    when any group fails), for an ungrouped one the period's own."""

    period: str
    counted: bool
    value: float | None = Field(description="the figure deciding the period (shares 0..1, durations in seconds)")
    display: str | None = None
    n: int = Field(description="records behind the deciding figure")
    met: bool | None = Field(description="the target held for every counted group; None when not counted")
    outcome: Outcome
    decided_by: dict[str, str] = Field(default_factory=dict, description="the group whose figure decides")
    reason: str | None = None
    not_counted: list[NotCounted] = Field(default_factory=list, description="groups of this period left out")


class LevelTarget(Model):
    """The strongest target that would have been met in at least ``level`` of the counted periods."""

    level: float
    value: float
    target: str = Field(description="written as a target, rounded towards the easier side so it stays met")


class Band(Model):
    """One band of the measured quantity: survey answers on the records whose value falls in it."""

    label: str
    low: float | None = Field(description="exclusive lower edge; none for the first band")
    high: float | None = Field(description="inclusive upper edge; none for the open last band")
    n: int
    satisfied: int
    share: float | None
    interval: tuple[float, float] | None = None
    mean: float | None = None


class Split(Model):
    """Satisfied share of answers at or below an edge of the quantity against above it."""

    edge: float
    below_n: int
    below_share: float
    above_n: int
    above_share: float
    difference: float = Field(description="below − above; positive = satisfaction drops past the edge")
    interval: tuple[float, float] | None = Field(default=None, description="Newcombe 95% interval of the difference")


class Curve(Model):
    """Satisfaction against the measured quantity: where does it actually drop?"""

    table: str
    score: str
    quantity: str = Field(description="the measured quantity, as the measure's expression")
    unit: str
    threshold: float
    responses: int
    bands: list[Band]
    at_threshold: Split | None = Field(description="the split at the requirement's threshold")
    largest_drop: Split | None = Field(
        description="the band edge with the largest difference (both sides large enough)"
    )
    reason: str | None = Field(default=None, description="why no split is given")


class IntervalsJudged(Model):
    """A requirement the audit judges on the share of its period buckets that meet the target."""

    period: str
    target: str


class Calibrated(Model):
    """One measurable requirement, calibrated."""

    id: str
    clause: str
    title: LocalText | None = None
    rule: str
    unit: str
    target: str
    op: str
    bound: float = Field(description="the target's bound on the figures' scale (shares 0..1, seconds, rate per record)")
    group_by: list[str]
    min_sample: int
    periods: list[PeriodFigure]
    counted: int
    met: int
    share_met: float | None
    levels: list[LevelTarget]
    worst_margin: float | None = Field(description="the counted periods' smallest signed distance to the target")
    wide_margin: float = Field(description="the margin beyond which every period is 'met with a wide margin'")
    flags: list[Flag]
    intervals: IntervalsJudged | None = Field(
        default=None, description="the audit judges it on intervals; calibrated here on each period's own figure"
    )
    data_quality: str | None = Field(
        default=None,
        description="its table failed its data-quality gate (the audit judges it insufficient-data): not flagged",
    )
    curve: Curve | None = None
    not_calibrated: str | None = Field(default=None, description="why no figure per period could be computed")


class Calibration(Model):
    """A whole calibration run: identity, the period unit and every requirement."""

    standard: str
    version: str
    title: LocalText | None = None
    dataset: str
    period: str
    tool_version: str
    settings: Settings = Field(description="the settings in force (checker/calibrate/settings.yaml)")
    requirements: list[Calibrated]
