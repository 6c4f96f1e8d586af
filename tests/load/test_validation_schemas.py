"""The validation schemas shipped in ``checker/model/validation/`` are the models' own.

Why shipped: generating the standard's, the rules' and the dataset's JSON Schema from the pydantic
models took 0.04 s of every audit and every cold lint (issue 15); loading now reads the files.
A stale file would validate documents against an old model, so these tests hold each file to
pydantic's ``model_json_schema`` of its model, and to the published ``schemas/*.schema.json``
(written by the same export, an independent copy in the repository).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.model import registry
from checker.model.registry import DOCUMENT_MODELS, json_schema, validation_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("kind", sorted(DOCUMENT_MODELS))
def test_each_shipped_schema_is_the_models_own(kind: str) -> None:
    model = DOCUMENT_MODELS[kind]
    shipped = json.loads(validation_file(kind).read_text(encoding="utf-8"))
    assert shipped == {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://servcheck.dev/schemas/{kind}.schema.json",
        **model.model_json_schema(mode="validation"),
    }


@pytest.mark.parametrize("kind", sorted(set(DOCUMENT_MODELS) - {"rules"}))
def test_each_shipped_schema_is_the_published_one(kind: str) -> None:
    """``schemas/`` publishes the same schema (rules add each measure's options there, for editors)."""
    published = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert json.loads(validation_file(kind).read_text(encoding="utf-8")) == published


def test_loading_reads_the_files_and_generates_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a validation schema was generated during loading")

    monkeypatch.setattr(registry, "generated_schema", refuse)
    json_schema.cache_clear()
    try:
        for kind in DOCUMENT_MODELS:
            assert json_schema(kind) == json.loads(validation_file(kind).read_text(encoding="utf-8"))
    finally:
        json_schema.cache_clear()


def test_the_key_order_is_pydantics() -> None:
    """jsonschema reports problems in the order of the schema's keywords: the file keeps pydantic's order."""
    model_keys = list(DOCUMENT_MODELS["standard"].model_json_schema(mode="validation")["properties"])
    shipped = json.loads(validation_file("standard").read_text(encoding="utf-8"))
    assert list(shipped["properties"]) == model_keys
