"""Writing and verifying the checked-in JSON Schemas (deterministic bytes: sorted keys, LF)."""

from __future__ import annotations

import json
from pathlib import Path

from checker.model.registry import published_schema, schema_file_name, schema_kinds


def schema_text(kind: str) -> str:
    return json.dumps(published_schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export_schemas(directory: Path, check: bool = False) -> list[str]:
    """Files that differ from the models (written unless ``check``); sorted."""
    changed = []
    for kind in schema_kinds():
        target = directory / schema_file_name(kind)
        text = schema_text(kind)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            changed.append(target.name)
            if not check:
                directory.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    return sorted(changed)
