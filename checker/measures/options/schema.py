"""The rules JSON Schema with ``options`` typed per ``measure`` (a union keyed on the measure)."""

from __future__ import annotations

import copy
from typing import Any

from pydantic.json_schema import models_json_schema

from checker.measures.options import all_models


def with_options(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` (of a rule file) with one ``if measure == m then options: <m's model>`` per measure.

    ``if``/``then`` rather than ``oneOf``: an editor completes the options of the measure
    written, and a validator reports the option at fault instead of "matches none of 12".
    """
    out = copy.deepcopy(schema)
    models = list(all_models())
    _, generated = models_json_schema([(model, "validation") for _, model in models], ref_template="#/$defs/{model}")
    defs = out.setdefault("$defs", {})
    for name, definition in generated.get("$defs", {}).items():
        if name in defs and defs[name] != definition:
            raise ValueError(f"options model {name!r} clashes with a rule schema definition")
        defs[name] = definition
    rule = defs["Rule"]
    rule["allOf"] = [
        {
            "if": {"properties": {"measure": {"const": measure}}, "required": ["measure"]},
            "then": {"properties": {"options": {"$ref": f"#/$defs/{model.__name__}"}}},
        }
        for measure, model in models
    ]
    return out
