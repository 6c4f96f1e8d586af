"""The ISO 23592 taxonomy (``kind: taxonomy``): names only, each with its source and confidence.

The standard's text is copyrighted; servcheck ships the names clause tags refer to, never clauses.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from checker.model.common import Identifier, Strict, Text

Confidence = Literal["high", "medium", "low"]


class Entry(Strict):
    id: str = Field(pattern=r"^[A-Z]\d+$")
    name: Text
    source: str = Field(min_length=1)
    confidence: Confidence
    parent: str | None = Field(default=None, description="id of the dimension an element belongs to")
    note: Text | None = None


class Taxonomy(Strict):
    kind: Literal["taxonomy"]
    id: Identifier
    title: Text
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    languages: list[Literal["zh", "en"]] = Field(min_length=1)
    dimensions: list[Entry] = Field(min_length=1)
    elements: list[Entry] = Field(min_length=1)
    levels: list[Entry] = Field(min_length=1)
