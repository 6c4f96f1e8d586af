"""The standard: a versioned document of numbered clauses, some carrying measurable requirements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from checker.model.calendar import Calendar
from checker.model.common import DurationText, Identifier, Reference, Strict, TargetText, Text
from checker.model.golden import GoldenCase
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
    """Classification of a clause; the ISO 23592 dimension is derived from the element.

    Beyond the fixed tags, a clause may carry a value of each tag set its standard declares
    (``tag_sets:``, e.g. a GB/T 42509 stage or a touchpoint); lint SC067 checks name and value.
    """

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, str] = Field(init=False)  # type: ignore[assignment]

    category: Category | None = Field(default=None, description="one of the eight categories of service standards")
    tier: Tier | None = None
    level: Level | None = Field(default=None, description="ISO 23592 pyramid level")
    element: Element | None = Field(default=None, description="ISO 23592 element; the dimension follows from it")
    servqual: Servqual | None = None

    @property
    def dimension(self) -> str | None:
        return ELEMENT_DIMENSION.get(self.element) if self.element else None


class CorrectiveAction(Strict):
    """The action a standard plans for a failed requirement (shown in the report's corrective-action list)."""

    text: Text | None = Field(default=None, description="what is to be done")
    due: str | None = Field(default=None, description="due date, YYYY-MM-DD (lint SC066 checks it is a real date)")


class TaxonomyMembers(Strict):
    """Every code of one list of the taxonomy in force (``{taxonomy: element}``), or the listed ones."""

    taxonomy: Literal["element", "level", "dimension"] = Field(
        description="which codes of the taxonomy in force (ISO 23592: E1–E9, L1–L4, D1–D4)"
    )
    members: list[str] = Field(
        default_factory=list, description="only these codes (each must be one of the taxonomy's); default: all"
    )


class TableMembers(Strict):
    """Every value of a field seen in another table of the dataset (a reference table of queues, sites)."""

    table: str = Field(min_length=1, description="a table of the dataset")
    field: str = Field(min_length=1, description="a canonical field of that table")


ExpectedMembers = list[str] | TaxonomyMembers | TableMembers
"""The members a group_by field must have: a list, the taxonomy's codes, or a reference table's values."""


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
    owner: str | None = Field(
        default=None, min_length=1, description="who answers for this requirement (a role or a name), in the report"
    )
    corrective_action: CorrectiveAction | None = Field(
        default=None, description="what is done when the requirement is not met, and by when (report's action list)"
    )
    expect_groups: dict[str, ExpectedMembers] = Field(
        default_factory=dict,
        description="the universe of each group_by field: every member is judged, or reported not-assessed "
        "(docs/coverage.md)",
    )
    small_groups: Literal["block", "observe"] = Field(
        default="block",
        description="groups below min_sample: 'block' (insufficient-data, the audit is incomplete) or 'observe' "
        "(listed as limitations, stated in the report, not blocking)",
    )
    intervals: Intervals | None = Field(
        default=None,
        description="judge on the share of period buckets meeting the target (needs a period of at most a day)",
    )


class TagSet(Strict):
    """A tag set a standard declares for its own clauses (an open taxonomy), e.g. a journey stage."""

    title: Text | None = None
    values: list[str] = Field(min_length=1, description="the values a clause may carry, in report order")


class ReviewReference(Strict):
    """The checklist item whose review records judge a qualitative clause (docs/manual-review.md).

    The clause's outcome is that of the item's finding in a ``checklist`` requirement of the
    standard on ``table`` grouped by ``item``: without review records of the item it is ``not-reviewed``."""

    table: str = Field(min_length=1, description="the dataset table of review records, e.g. 'reviews'")
    item: str = Field(min_length=1, description="the checklist item that evidences the clause, e.g. 'greeting'")


class Clause(Strict):
    """One numbered provision. Without requirements it must be marked informative or qualitative."""

    number: str = Field(pattern=r"^[A-Z]?\d+(\.\d+)*$", description="e.g. '5.2.1'")
    title: Text | None = None
    text: Text
    kind: Literal["normative", "informative", "qualitative"] = "normative"
    assessment: Literal["review", "observation"] = Field(
        default="review",
        description="qualitative clauses: 'review' (default) — not reviewed keeps the verdict from CONFORMANT; "
        "'observation' — shown, but observation only: it never decides the verdict",
    )
    reviewed_by: ReviewReference | None = Field(
        default=None, description="qualitative clauses: the checklist item whose review records judge the clause"
    )
    tags: Tags | None = None
    requirements: list[Requirement] = Field(default_factory=list)
    clauses: list[Clause] = Field(default_factory=list)


class Override(Strict):
    """A change an overlay makes to one requirement of the standard it ``extends``, by id.

    Tightening needs no justification; loosening (decided per field from the target's direction,
    see ``checker/load/overlay_directions.yaml``) does (lint SC063)."""

    requirement: Identifier = Field(description="id of a requirement of the parent standard (or its parents)")
    target: TargetText | None = None
    warn: TargetText | None = Field(default=None, description="a new warn band (stricter than the target)")
    params: dict[str, ParamValue] = Field(default_factory=dict, description="parameters changed, by name")
    min_sample: int | None = Field(default=None, ge=1)
    severity: Severity | None = None
    justification: Text | None = Field(default=None, description="why a loosening is accepted: required for one")


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
    review_by: str | None = Field(
        default=None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="date by which the standard is reviewed again (periodic review); lint warns once it has passed",
    )
    languages: list[Literal["zh", "en"]] = Field(min_length=1, description="languages every text must be given in")
    scope: Text | None = None
    references: list[Reference] = Field(default_factory=list)
    terms: list[Term] = Field(default_factory=list)
    settings: Settings = Field(default_factory=Settings)
    tag_sets: dict[str, TagSet] = Field(
        default_factory=dict,
        description="the standard's own tag sets (stage, touchpoint): clauses tag with them, reports roll up by them",
    )
    extends: str | None = Field(
        default=None,
        description="an overlay: relative path of the standard this one extends (organisation → region → site)",
    )
    overrides: list[Override] = Field(
        default_factory=list, description="an overlay's changes to its parent's requirements, by requirement id"
    )
    clauses: list[Clause] = Field(
        default_factory=list, description="at least one, unless the standard extends another (then: clauses added)"
    )
    cases: list[GoldenCase] = Field(
        default_factory=list,
        description="golden cases: rows and the outcome and figure each named requirement must give on them "
        "(servcheck test; docs/golden-cases.md)",
    )

    @model_validator(mode="after")
    def _clauses_or_parent(self) -> Standard:
        if not self.clauses and self.extends is None:
            raise ValueError("a standard needs at least one clause (an overlay with 'extends' may add none)")
        if self.overrides and self.extends is None:
            raise ValueError("'overrides' change a parent's requirements: give the parent with 'extends'")
        return self

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
