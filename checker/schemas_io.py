"""Writing and verifying the checked-in JSON Schemas (deterministic bytes: sorted keys, LF).

Two sets: ``schemas/*.schema.json`` for editors and CI (published, with each measure's options),
and ``checker/model/validation/*.json``, the schemas loading validates documents with, shipped in
the package so that no audit or lint generates them again (:func:`checker.model.registry.json_schema`).
"""

from __future__ import annotations

import json
from pathlib import Path

from checker.model.registry import (
    DOCUMENT_MODELS,
    published_schema,
    schema_file_name,
    schema_kinds,
    validation_file,
    validation_text,
)


def schema_text(kind: str) -> str:
    return json.dumps(published_schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _refresh(target: Path, text: str, check: bool) -> bool:
    """Whether ``target`` differs from ``text`` (written unless ``check``)."""
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if current != text and not check:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return current != text


def export_schemas(directory: Path, check: bool = False) -> list[str]:
    """Files of ``directory`` that differ from the models (written unless ``check``); sorted."""
    changed = [
        schema_file_name(kind)
        for kind in schema_kinds()
        if _refresh(directory / schema_file_name(kind), schema_text(kind), check)
    ]
    return sorted(changed)


def export_validation_schemas(check: bool = False) -> list[Path]:
    """The package's validation schemas that differ from the models (written unless ``check``); sorted."""
    stale = (kind for kind in DOCUMENT_MODELS if _refresh(validation_file(kind), validation_text(kind), check))
    return sorted(validation_file(kind) for kind in stale)
