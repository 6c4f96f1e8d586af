"""The JSON form of ``servcheck diff`` (``--format json``), as pydantic models.

Why models: the JSON is what tools read, so it has a JSON Schema (``schemas/diff.schema.json``,
written by ``servcheck schema export`` from these models) and one structure every consumer can
rely on; kinds and verdicts are codes, never words of a language.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["removed", "loosened", "tightened", "added", "renumbered", "text", "edited"]
Subject = Literal["requirement", "clause", "standard"]
FieldVerdict = Literal["tighter", "looser", "unordered", "editorial"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldOut(Model):
    """One field that changed: before, after, and which way (from the direction table)."""

    field: str = Field(description="a requirement field (`target`, `params.threshold`…), a clause or standard key")
    old: Any = Field(description="the value in OLD (null: not there)")
    new: Any = Field(description="the value in NEW (null: not there)")
    verdict: FieldVerdict = Field(description="unordered changes count as loosening")


class LocationOut(Model):
    file: str
    line: int
    column: int


class ChangeOut(Model):
    kind: Kind
    subject: Subject
    id: str = Field(description="the requirement id, the clause number (in NEW, else OLD) or the standard id")
    clause: str | None = Field(description="the clause it is in, in NEW (null: removed, or the standard)")
    old_clause: str | None = Field(description="the clause it was in, in OLD (null: added, or the standard)")
    requirements: list[str] = Field(description="renumbered clauses: the requirements that moved with them")
    fields: list[FieldOut]
    location: LocationOut | None = Field(description="where it is in NEW (in OLD for a removed one)")


class SideOut(Model):
    file: str
    id: str
    version: str


class DiffOut(Model):
    """``servcheck diff --format json``."""

    diff_version: Literal[1] = 1
    old: SideOut
    new: SideOut
    counts: dict[Kind, int] = Field(description="changes per kind")
    changes: list[ChangeOut] = Field(description="in reading order of NEW; removed ones where they were")
