"""The standard: a versioned document of numbered clauses, some carrying measurable requirements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from checker.model.calendar import Calendar
from checker.model.common import DurationText, Identifier, Reference, Strict, TargetText, Text
from checker.model.quantity import Percent, parse_target

Category = Literal[
    "foundation",
    "quality",
    "qualification",
    "facilities",
    "information",
    "safety-hygiene",
    "environment",
    "consumer-rights",
]
Tier = Literal["basic", "expected", "differentiated"]
Level = Literal["L1", "L2", "L3", "L4"]
Element = Literal["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9"]
Servqual = Literal["reliability", "responsiveness", "assurance", "empathy", "tangibles"]
Severity = Literal["major", "minor", "observation"]
Period = Literal["none", "15min", "30min", "hour", "day", "week", "month", "quarter", "year"]
ParamValue = str | int | float | bool

ELEMENT_DIMENSION: dict[str, str] = {
    "E1": "D1",
    "E2": "D1",
    "E3": "D2",
    "E4": "D2",
    "E5": "D3",
    "E6": "D3",
    "E7": "D3",
    "E8": "D4",
    "E9": "D4",
}


class Tags(Strict):
    """Classification of a clause; the ISO 23592 dimension is derived from the element."""

    category: Category | None = Field(default=None, description="one of the eight categories of service standards")
    tier: Tier | None = None
    level: Level | None = Field(default=None, description="ISO 23592 pyramid level")
    element: Element | None = Field(default=None, description="ISO 23592 element; the dimension follows from it")
    servqual: Servqual | None = None

    @property
    def dimension(self) -> str | None:
        return ELEMENT_DIMENSION.get(self.element) if self.element else None


def _check_share_target(text: str) -> str:
    if not isinstance(parse_target(text).quantity, Percent):
        raise ValueError(f'{text!r}: an interval target is a share of intervals, e.g. ">= 90%"')
    return text


class Intervals(Strict):
    """Judge the requirement on the share of its period buckets that meet its target.

    The contact-centre convention "80/20 in at least 90% of half-hour intervals" (OpenSLO:
    time-slice budgeting). Each bucket of ``period`` (per group, when ``group_by`` is given) is
    judged against the requirement's target as usual; a bucket whose outcome is ``pass`` or
    ``warn`` is met. Buckets with no records are not intervals of service (nothing was offered)
    and are not counted; buckets with records but fewer than ``min_sample`` are counted apart,
    shown, and never met: ``insufficient`` says whether they are left out of the share
    (``exclude``) or counted as intervals not met (``not-met``). See docs/compare-and-budgets.md.
    """

    target: Annotated[TargetText, AfterValidator(_check_share_target)] = Field(
        description='share of judged intervals that must meet the requirement\'s target, e.g. ">= 90%"'
    )
    insufficient: Literal["exclude", "not-met"] = Field(
        default="exclude",
        description="buckets with fewer records than min_sample: left out of the share (exclude, still shown "
        "and counted) or counted as intervals not met (not-met); never counted as met",
    )


class Requirement(Strict):
    """A rule applied in a clause: what is measured, on which records, against which target."""

    id: Identifier = Field(description="unique within the standard, e.g. 'answer-3-rings'")
    title: Text | None = None
    rule: str = Field(min_length=1, description="id of a rule in the rule library, e.g. 'contact.answered-within'")
    params: dict[str, ParamValue] = Field(default_factory=dict, description="values for the rule's parameters")
    target: TargetText
    warn: TargetText | None = Field(
        default=None,
        description="a stricter threshold: meeting the target but not this gives 'warn' (at risk)",
    )
    where: str | None = Field(default=None, description="scope filter over the table's fields")
    group_by: list[str] = Field(default_factory=list, description="fields to judge each group of separately")
    period: Period = Field(
        default="none", description="also judge each bucket of this length, in local time (15min/30min: call-centre)"
    )
    severity: Severity = "major"
    min_sample: int = Field(default=30, ge=1, description="fewer records than this: insufficient-data")
    intervals: Intervals | None = Field(
        default=None,
        description="judge on the share of period buckets meeting the target (needs a period of at most a day)",
    )


class Clause(Strict):
    """One numbered provision. Without requirements it must be marked informative or qualitative."""

    number: str = Field(pattern=r"^[A-Z]?\d+(\.\d+)*$", description="e.g. '5.2.1'")
    title: Text | None = None
    text: Text
    kind: Literal["normative", "informative", "qualitative"] = "normative"
    tags: Tags | None = None
    requirements: list[Requirement] = Field(default_factory=list)
    clauses: list[Clause] = Field(default_factory=list)


class Term(Strict):
    term: Text
    definition: Text


class Settings(Strict):
    """Conventions the standard's requirements rely on."""

    ring_cadence: DurationText | None = Field(
        default=None, description="seconds per ring when a target is written in rings (default 5s)"
    )
    calendars: dict[str, Calendar] = Field(
        default_factory=dict, description="business calendars by name, for business-time goals ('24x7' is built in)"
    )


class Standard(Strict):
    """A service standard (``kind: standard``)."""

    kind: Literal["standard"]
    id: Identifier
    title: Text
    version: str = Field(pattern=r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", description="semantic version")
    status: Literal["draft", "published", "withdrawn"]
    issued: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    effective: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    languages: list[Literal["zh", "en"]] = Field(min_length=1, description="languages every text must be given in")
    scope: Text | None = None
    references: list[Reference] = Field(default_factory=list)
    terms: list[Term] = Field(default_factory=list)
    settings: Settings = Field(default_factory=Settings)
    clauses: list[Clause] = Field(min_length=1)

    def walk(self) -> Iterator[tuple[tuple[str | int, ...], Clause]]:
        """Every clause, depth first, with its path in the document (for locating problems)."""

        def visit(clauses: list[Clause], path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Clause]]:
            for i, clause in enumerate(clauses):
                here = (*path, "clauses", i)
                yield here, clause
                yield from visit(clause.clauses, here)

        yield from visit(self.clauses, ())

    def requirements(self) -> Iterator[tuple[tuple[str | int, ...], Clause, Requirement]]:
        for path, clause in self.walk():
            for j, requirement in enumerate(clause.requirements):
                yield (*path, "requirements", j), clause, requirement
