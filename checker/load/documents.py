"""Load a servcheck document: YAML with positions → JSON Schema → pydantic model.

Validation happens in two steps so every message is located and useful: the JSON Schema (the
same one editors use) catches structure — unknown keys with a did-you-mean, wrong types, missing
keys — and pydantic then checks values the schema cannot express (units of quantities). Both
report paths, which the :class:`PositionIndex` turns into line:column.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError as SchemaError
from jsonschema.exceptions import best_match
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.load.markdown_draft import MARKDOWN_SUFFIXES, load_markdown_file
from checker.load.tag_sets import undeclared_tags
from checker.load.yaml_source import LoadedYaml, PositionIndex, load_yaml_file
from checker.model.registry import DOCUMENT_MODELS, json_schema


@dataclass
class Document:
    """A validated document with everything needed to locate problems in it later."""

    path: Path
    name: str
    kind: str
    model: Any
    positions: PositionIndex
    text: str
    raw: dict[str, Any]

    def at(self, path: tuple[str | int, ...]) -> Location:
        return self.positions.of_value(path)

    def key_at(self, path: tuple[str | int, ...]) -> Location:
        return self.positions.of_key(path)


def _did_you_mean(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def _leaf_errors(error: SchemaError) -> list[SchemaError]:
    """For anyOf/oneOf failures, the branch that most likely was meant.

    An optional value (``Tags | None``) fails both "is an object" and "is null"; when the value
    given is not null, the writer meant the object, so the null branch is never the explanation.
    """
    if error.context:
        meant = [e for e in error.context if e.schema != {"type": "null"}] or list(error.context)
        return _leaf_errors(best_match(meant))
    return [error]


def _schema_diagnostics(data: Any, kind: str, loaded: LoadedYaml) -> list[Diagnostic]:
    validator = jsonschema.Draft202012Validator(json_schema(kind))
    found: list[Diagnostic] = []
    for top in validator.iter_errors(data):
        for error in _leaf_errors(top):
            path = tuple(error.absolute_path)
            pos = loaded.positions
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                allowed = sorted(error.schema.get("properties", {}))
                for key in sorted(set(error.instance) - set(allowed)):
                    found.append(
                        Diagnostic.of(
                            codes.UNKNOWN_KEY,
                            f"unknown key {key!r}; allowed here: {', '.join(allowed)}",
                            pos.of_key((*path, key)),
                            _did_you_mean(key, allowed),
                        )
                    )
            elif error.validator == "required":
                found.append(Diagnostic.of(codes.MISSING_KEY, error.message, pos.of_value(path)))
            elif error.validator in ("type", "const"):
                where = "/".join(map(str, path)) or "document"
                found.append(Diagnostic.of(codes.WRONG_TYPE, f"{where}: {error.message}", pos.of_value(path)))
            else:
                where = "/".join(map(str, path)) or "document"
                found.append(Diagnostic.of(codes.INVALID_VALUE, f"{where}: {error.message}", pos.of_value(path)))
    return found


def _pydantic_diagnostics(err: PydanticError, loaded: LoadedYaml) -> list[Diagnostic]:
    found = []
    for item in err.errors():
        path = tuple(p for p in item["loc"] if not (isinstance(p, str) and p.startswith(("function-", "tag:"))))
        message = str(item["msg"]).removeprefix("Value error, ")
        kind = codes.UNIT if "unit" in message or "%" in message else codes.INVALID_VALUE
        where = "/".join(map(str, path)) or "document"
        found.append(Diagnostic.of(kind, f"{where}: {message}", loaded.positions.of_value(path)))
    return found


def validate_loaded(loaded: LoadedYaml, expected: set[str] | None = None) -> tuple[str, BaseModel]:
    """Validate a parsed document; returns its kind and model or raises located problems."""
    data = loaded.data
    file = loaded.positions.file
    if not isinstance(data, dict):
        raise InvalidInput([Diagnostic.of(codes.WRONG_TYPE, "a document must be a mapping", Location(file, 1, 1))])
    kind = data.get("kind")
    kinds = sorted(expected or DOCUMENT_MODELS)
    if kind not in kinds:
        loc = loaded.positions.of_value(("kind",)) if "kind" in data else Location(file, 1, 1)
        hint = _did_you_mean(str(kind), kinds) if isinstance(kind, str) else None
        raise InvalidInput(
            [Diagnostic.of(codes.MISSING_KEY, f"'kind' must be one of: {', '.join(kinds)} (found {kind!r})", loc, hint)]
        )
    problems = _schema_diagnostics(data, kind, loaded)
    if kind == "standard":
        problems += undeclared_tags(data, loaded.positions)
    if problems:
        raise InvalidInput(problems)
    try:
        return kind, DOCUMENT_MODELS[kind].model_validate(data)
    except PydanticError as err:
        raise InvalidInput(_pydantic_diagnostics(err, loaded)) from None


def load_document(path: Path, expected: set[str] | None = None, display: str | None = None) -> Document:
    """Load and validate one document file (YAML, or a Markdown draft of a standard)."""
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        loaded = load_markdown_file(path, display)
    else:
        loaded = load_yaml_file(path, display)
    kind, model = validate_loaded(loaded, expected)
    return Document(path, loaded.positions.file, kind, model, loaded.positions, loaded.text, loaded.data)
