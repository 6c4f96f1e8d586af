"""Waivers (``kind: waivers``): an approved, dated exception to one requirement.

Why a document of its own: a waiver is signed off by someone other than the standard's writer,
expires, and is audited itself. It never changes a figure: a failing finding it covers keeps its
value, n and interval and shows the outcome ``waived`` with the waiver beside it
(:mod:`checker.audit.waivers`). A waiver covers the failing findings of one requirement, narrowed by
an optional scope: group values (``queue: billing``) and a period (``from``/``to``, local dates,
both included). It is in force when it was approved on or before the audit's reference date (the
audit period's last day, or ``--as-of``) and expires on or after it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from checker.model.common import Identifier, Strict, Text

DateText = str
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


class PeriodScope(Strict):
    """Local calendar days, both included: a finding's period bucket must lie inside."""

    from_: str = Field(alias="from", pattern=DATE_PATTERN, description="first day covered (YYYY-MM-DD)")
    to: str = Field(pattern=DATE_PATTERN, description="last day covered (YYYY-MM-DD)")

    @model_validator(mode="after")
    def _ordered(self) -> PeriodScope:
        if dt.date.fromisoformat(self.to) < dt.date.fromisoformat(self.from_):
            raise ValueError(f"period 'to' {self.to} is before 'from' {self.from_}")
        return self

    def days(self) -> tuple[dt.date, dt.date]:
        return dt.date.fromisoformat(self.from_), dt.date.fromisoformat(self.to)


class Scope(Strict):
    """Which findings of the requirement the waiver covers; empty = every failing finding."""

    group: dict[str, str] = Field(
        default_factory=dict, description="group values a finding must carry, e.g. {queue: billing}"
    )
    period: PeriodScope | None = Field(default=None, description="days a finding's period must lie within")


class Waiver(Strict):
    """One approved exception."""

    id: Identifier = Field(description="unique within the file; the report and lint name the waiver by it")
    requirement: Identifier = Field(description="id of the requirement waived, in the standard audited")
    scope: Scope = Field(default_factory=Scope)
    justification: Text = Field(description="why the nonconformity is accepted, for the reader of the report")
    approver: str = Field(min_length=1, description="who approved the waiver (name and role)")
    approved: str = Field(pattern=DATE_PATTERN, description="date of approval (YYYY-MM-DD)")
    expires: str = Field(pattern=DATE_PATTERN, description="last day the waiver is in force (YYYY-MM-DD)")

    @model_validator(mode="after")
    def _dates(self) -> Waiver:
        if dt.date.fromisoformat(self.expires) < dt.date.fromisoformat(self.approved):
            raise ValueError(f"expires {self.expires} is before approved {self.approved}")
        return self

    def in_force(self, on: dt.date) -> bool:
        """Approved on or before ``on`` and not yet expired (the expiry day itself is covered).

        >>> w = Waiver(id="w", requirement="r", justification={"en": "x"}, approver="A",
        ...            approved="2024-03-01", expires="2024-04-30")
        >>> w.in_force(dt.date(2024, 4, 30)), w.in_force(dt.date(2024, 5, 1)), w.in_force(dt.date(2024, 2, 1))
        (True, False, False)
        """
        return dt.date.fromisoformat(self.approved) <= on <= dt.date.fromisoformat(self.expires)


class WaiverFile(Strict):
    """A file of waivers (``kind: waivers``), given to ``servcheck audit --waivers FILE``."""

    kind: Literal["waivers"]
    id: Identifier
    title: Text | None = None
    standard: Identifier | None = Field(default=None, description="id of the standard the waivers are for")
    waivers: list[Waiver] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> WaiverFile:
        seen: set[str] = set()
        for waiver in self.waivers:
            if waiver.id in seen:
                raise ValueError(f"waiver id {waiver.id!r} is given twice")
            seen.add(waiver.id)
        return self
