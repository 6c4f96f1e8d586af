"""Which model each document ``kind`` maps to, and its generated JSON Schema."""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel

from checker.model.calendar import Calendar
from checker.model.dataset import Dataset
from checker.model.rule import RuleFile
from checker.model.standard import Standard
from checker.model.taxonomy import Taxonomy
from checker.model.waiver import WaiverFile

SCHEMA_BASE = "https://servcheck.dev/schemas/"

DOCUMENT_MODELS: dict[str, type[BaseModel]] = {
    "standard": Standard,
    "rules": RuleFile,
    "dataset": Dataset,
    "taxonomy": Taxonomy,
    "calendar": Calendar,
    "waivers": WaiverFile,
}


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


@functools.cache
def json_schema(kind: str) -> dict[str, Any]:
    """Draft 2020-12 JSON Schema for a document kind (or an output: ``report``, ``calibration``,
    ``diff``), from the model."""
    outputs = {"report": report_model, "calibration": calibration_model, "diff": diff_model}
    model = outputs[kind]() if kind in outputs else DOCUMENT_MODELS[kind]
    schema = model.model_json_schema(mode="serialization" if kind in outputs else "validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + schema_file_name(kind),
        **schema,
    }


def published_schema(kind: str) -> dict[str, Any]:
    """The schema written to ``schemas/``: :func:`json_schema`, plus (for rules) each measure's
    ``options`` model chosen by ``measure`` (``if``/``then``), so editors complete options per measure.

    Loading validates with :func:`json_schema`, where ``options`` is an open object: option
    problems are lint findings (SC050, located, with a did-you-mean), not unusable documents.
    """
    schema = json_schema(kind)
    if kind != "rules":
        return schema
    from checker.measures.options.schema import with_options

    return with_options(schema)


def report_model() -> type[BaseModel]:
    from checker.model.report import Report

    return Report


def calibration_model() -> type[BaseModel]:
    """``servcheck calibrate --format json`` (:mod:`checker.calibrate.model`)."""
    from checker.calibrate.model import Calibration

    return Calibration


def diff_model() -> type[BaseModel]:
    """``servcheck diff --format json`` (:mod:`checker.diff.model`)."""
    from checker.diff.model import DiffOut

    return DiffOut


def schema_kinds() -> list[str]:
    return [*DOCUMENT_MODELS, "report", "calibration", "diff"]
