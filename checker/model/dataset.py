"""Dataset mappings: how a user's exported files become servcheck's logical tables.

A user's export is mapped, never reformatted by hand: each canonical field names its source
column (or a safe expression over columns), its type, and for timestamps the format and the
IANA time zone of naive values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from checker.model.calendar import Calendar
from checker.model.common import DurationText, Identifier, Strict, Text
from checker.sources.registry import NAMES as FORMAT_NAMES
from checker.sources.registry import format_of

SourceFormat = Literal[FORMAT_NAMES]  # type: ignore[valid-type]
"""Generated from the source-format registry (:mod:`checker.sources.registry`)."""
FieldType = Literal["text", "integer", "number", "boolean", "timestamp", "duration"]


class FieldSpec(Strict):
    """One canonical field: where it comes from and how to read it."""

    column: str | None = Field(default=None, description="source column name")
    expr: str | None = Field(default=None, description="safe expression over source columns (instead of column)")
    type: FieldType = "text"
    format: str | None = Field(default=None, description="strptime format for timestamps, e.g. '%d/%m/%Y %H:%M'")
    unit: Literal["ms", "s", "min", "h"] | None = Field(default=None, description="unit of a numeric duration column")
    values: dict[str, str] | None = Field(default=None, description="source value → canonical value")
    required: bool = Field(default=False, description="a record missing this field is rejected")
    null_values: list[str] = Field(default_factory=list, description="source strings that mean 'missing'")
    min: float | None = Field(default=None, description="smallest valid value (numbers, durations in seconds)")
    max: float | None = Field(default=None, description="largest valid value; outside [min, max] is rejected")

    @model_validator(mode="after")
    def _one_source(self) -> FieldSpec:
        if (self.column is None) == (self.expr is None):
            raise ValueError("give exactly one of 'column' or 'expr'")
        return self


class CsvOptions(Strict):
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    header: bool = True
    quote: str = Field(default='"', max_length=1)


class OcelOptions(Strict):
    """How an OCEL 2.0 log (events linked to many objects) becomes a table of one case notion."""

    case_object_type: str = Field(
        min_length=1, description="object type that is the case: each event linked to such an object is its event"
    )


class Exclusion(Strict):
    """Rows the audit must not count, with the reason the ledger shows (e.g. IVR-only calls)."""

    where: str = Field(min_length=1, description="safe expression over the source columns")
    reason: str = Field(min_length=1, description="why these rows are excluded; shown in the ledger")


class Explanation(Strict):
    """A condition that may explain why servcheck and the system disagree on a case, named in the report."""

    when: str = Field(min_length=1, description="safe expression over the table's canonical fields")
    reason: str = Field(min_length=1, description="what the report says for a disagreeing case it matches")


class SystemVerdict(Strict):
    """The recording system's own per-case verdict (ServiceNow's ``made_sla``, a ``task_sla``'s
    ``has_breached``), set beside servcheck's in the report for every timer requirement on the table."""

    field: str = Field(description="canonical boolean field holding the system's verdict")
    true_means: Literal["met", "breached"] = Field(
        default="met", description="what the field's true says: met (made_sla) or breached (has_breached)"
    )
    explain: list[Explanation] = Field(
        default_factory=list, description="conditions named as possible reasons for a disagreement"
    )


class Quality(Strict):
    """A table's data-quality gate: requirements resting on a table that fails it are insufficient-data.

    Values are text checked by lint (SC057): shares with a % sign, a duration with its unit."""

    max_rejected: str | int | float | None = Field(
        default=None, description='largest share of rows read that may be rejected, "10%"'
    )
    complete: dict[str, str | int | float] = Field(
        default_factory=dict, description='field → smallest share of used rows with a value, e.g. {wait: "99%"}'
    )
    fresh_within: str | int | float | None = Field(
        default=None, description='the latest used record is at most this long before the period\'s end, "1 day"'
    )


class Table(Strict):
    """A logical table: one row per record (calls, surveys) or per event of a case (tickets)."""

    kind: Literal["records", "events"] = "records"
    description: Text | None = None
    source: list[str] = Field(
        default_factory=list,
        description="files or globs, relative to this mapping file; on --engine spark also URIs Spark reads "
        "(s3a://, abfss://, gs://, hdfs://, file://)",
    )
    catalog_table: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$",
        description="a Hive/Unity catalog table read by name instead of files (catalog.schema.table); "
        "--engine spark only",
    )
    format: SourceFormat | None = Field(default=None, description="default: by extension")
    csv: CsvOptions = Field(default_factory=CsvOptions)
    ocel: OcelOptions | None = Field(default=None, description="format ocel: which object type is the case")
    timezone: str | None = Field(default=None, description="IANA zone of naive timestamps; default: the dataset's")
    key: list[str] = Field(min_length=1, description="canonical fields that identify a record (or a case)")
    time: str = Field(description="canonical timestamp field that places a record in the audit period")
    fields: dict[str, FieldSpec] = Field(min_length=1)
    exclude: list[Exclusion] = Field(default_factory=list, description="rows excluded, counted by reason")
    case: str | None = Field(default=None, description="events: the field holding the case id")
    activity: str | None = Field(default=None, description="events: the field holding the activity or status")
    system_verdict: SystemVerdict | None = Field(
        default=None, description="the system's own per-case verdict, compared with servcheck's (docs/agreement.md)"
    )
    quality: Quality | None = Field(
        default=None, description="data-quality gate: rejected share, completeness, freshness (docs/coverage.md)"
    )

    @model_validator(mode="after")
    def _one_origin(self) -> Table:
        if bool(self.source) == (self.catalog_table is not None):
            raise ValueError("give exactly one of 'source' (files or globs) or 'catalog_table' (a table's name)")
        return self

    @model_validator(mode="after")
    def _ocel_names_its_case(self) -> Table:
        """An OCEL 2.0 log must say which object type is the case; no other format takes ``ocel:``."""
        if not self.source:  # a catalog table: Spark reads it, never as OCEL
            if self.ocel is not None:
                raise ValueError("'ocel' applies to OCEL 2.0 logs only; a catalog table is read by Spark")
            return self
        kind = format_of(self.format, Path(self.source[0]))
        if kind == "ocel" and self.ocel is None:
            raise ValueError(
                "an OCEL 2.0 log links events to objects of many types: say which is the case, "
                "e.g. ocel: {case_object_type: ticket}"
            )
        if kind != "ocel" and self.ocel is not None:
            raise ValueError(f"'ocel' applies to OCEL 2.0 logs only; this table is read as {kind}")
        return self


class Dataset(Strict):
    """A dataset mapping (``kind: dataset``)."""

    kind: Literal["dataset"]
    id: Identifier
    title: Text
    attribution: str | None = Field(default=None, description="where the data comes from, its licence")
    timezone: str = Field(default="UTC", description="IANA zone of naive timestamps")
    ring_cadence: DurationText | None = Field(default=None, description="seconds per ring of this telephony")
    calendars: dict[str, Calendar] = Field(
        default_factory=dict, description="business calendars by name; they win over the standard's of the same name"
    )
    tables: dict[str, Table] = Field(min_length=1)
