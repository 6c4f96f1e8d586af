"""Which model each document ``kind`` maps to, and its JSON Schema (generated, and shipped for loading)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
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


VALIDATION_FOLDER = Path(__file__).resolve().parent / "validation"
"""Where the schemas that loading validates against are shipped, one ``<kind>.json`` per document kind."""


def validation_file(kind: str) -> Path:
    return VALIDATION_FOLDER / f"{kind}.json"


def validation_text(kind: str) -> str:
    """The shipped file's bytes for a document kind: :func:`generated_schema` in pydantic's key order
    (``jsonschema`` reports a document's problems in the order of the schema's keywords)."""
    return json.dumps(generated_schema(kind), indent=1, ensure_ascii=False) + "\n"


@functools.cache
def json_schema(kind: str) -> dict[str, Any]:
    """Draft 2020-12 JSON Schema for a document kind (or an output: ``report``, ``calibration``,
    ``diff``), as loading validates with it.

    A document kind's schema is read from the file shipped beside this module, not generated:
    generating the standard's, the rules' and the dataset's took 0.04 s of every audit and of every
    cold lint (issue 15). ``servcheck schema export`` writes the files and ``--check`` (selfcheck)
    refuses stale ones; ``tests/load/test_validation_schemas.py`` pins them to the models.
    """
    if kind in DOCUMENT_MODELS:
        with validation_file(kind).open(encoding="utf-8") as shipped:
            return json.load(shipped)  # type: ignore[no-any-return]
    return generated_schema(kind)


def generated_schema(kind: str) -> dict[str, Any]:
    """:func:`json_schema` computed from the model (what the shipped files must hold)."""
    outputs = {"report": report_model, "calibration": calibration_model, "diff": diff_model}
    model = outputs[kind]() if kind in outputs else DOCUMENT_MODELS[kind]
    schema = model.model_json_schema(mode="serialization" if kind in outputs else "validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + schema_file_name(kind),
        **schema,
    }


def published_schema(kind: str) -> dict[str, Any]:
    """The schema written to ``schemas/``: :func:`generated_schema`, plus (for rules) each measure's
    ``options`` model chosen by ``measure`` (``if``/``then``), so editors complete options per measure.

    Loading validates with :func:`json_schema`, where ``options`` is an open object: option
    problems are lint findings (SC050, located, with a did-you-mean), not unusable documents.
    """
    schema = generated_schema(kind)
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
