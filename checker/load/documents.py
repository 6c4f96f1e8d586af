"""Load a servcheck document: YAML with positions → JSON Schema → pydantic model.

Validation happens in two steps so every message is located and useful: the JSON Schema (the
same one editors use) catches structure — unknown keys with a did-you-mean, wrong types, missing
keys — and pydantic then checks values the schema cannot express (units of quantities). Both
report paths, which the :class:`PositionIndex` turns into line:column.

Every problem of a document is reported in one run: YAML-level problems (duplicate keys,
forbidden tags) are collected with the schema's and pydantic's, and pydantic also runs when the
schema found something, its problems kept where the schema said nothing. Messages speak the
document's terms ("clause 5.2 has no `text` — add `text: {zh: …}`", not a JSON path) in the
writer's language (:func:`checker.load.say.writer_language`), from ``messages.yaml``.
"""

from __future__ import annotations

import difflib
import re
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
from checker.load.say import say, writer_language
from checker.load.suffixes import MARKDOWN_SUFFIXES
from checker.load.tag_sets import undeclared_tags
from checker.load.yaml_source import LoadedYaml, PositionIndex, load_yaml_file
from checker.model.quantity import NotationError
from checker.model.registry import DOCUMENT_MODELS, json_schema

_REQUIRED = re.compile(r"^'(.+)' is a required property$")
_JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number", list: "array", dict: "object"}


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


def _did_you_mean(word: str, choices: list[str], lang: str = "en") -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return say("load.did-you-mean", lang, word=close[0]) if close else None


def describe(data: Any, path: tuple[str | int, ...], lang: str) -> tuple[str, str]:
    """``path`` in the document's terms: the clause, requirement or rule it is in, and the key
    below it (``clauses/1/clauses/1/title`` → ``("clause 5.2", "title")``).

    >>> data = {"clauses": [{"number": "5", "clauses": [{"number": "5.2"}]}]}
    >>> describe(data, ("clauses", 0, "clauses", 0, "title"), "en")
    ('clause 5.2', 'title')
    >>> describe(data, ("clauses", 0, "clauses", 0, "requirements", 1, "params", "threshold"), "zh")
    ('第 5.2 条的要求 #2', 'params.threshold')
    """
    where = say("where.document", lang)
    rest: list[str | int] = []
    node: Any = data
    number: str | None = None
    i = 0
    while i < len(path):
        step = path[i]
        node = node.get(step) if isinstance(node, dict) else None
        nxt = path[i + 1] if i + 1 < len(path) else None
        if step in ("clauses", "requirements", "rules") and isinstance(nxt, int):
            item = node[nxt] if isinstance(node, list) and nxt < len(node) else None
            item = item if isinstance(item, dict) else {}
            if step == "clauses":
                number = str(item.get("number") or f"#{nxt + 1}")
                where = say("where.clause", lang, number=number)
            elif step == "requirements":
                ident = str(item.get("id") or f"#{nxt + 1}")
                where = say("where.requirement", lang, id=ident, number=number or "?")
            else:
                where = say("where.rule", lang, id=str(item.get("id") or f"#{nxt + 1}"))
            node, rest, i = item, [], i + 2
            continue
        rest.append(step)
        i += 1
    return where, ".".join(map(str, rest))


def _example(key: str, lang: str) -> str:
    leaf = key.rsplit(".", 1)[-1]
    try:
        return say(f"example.{leaf}", lang)
    except KeyError:
        return say("example.other", lang)


def _leaf_errors(error: SchemaError) -> list[SchemaError]:
    """For anyOf/oneOf failures, the branch that most likely was meant.

    An optional value (``Tags | None``) fails both "is an object" and "is null"; when the value
    given is not null, the writer meant the object, so the null branch is never the explanation.
    """
    if error.context:
        meant = [e for e in error.context if e.schema != {"type": "null"}] or list(error.context)
        return _leaf_errors(best_match(meant))
    return [error]


def _schema_diagnostics(
    data: Any, kind: str, loaded: LoadedYaml, lang: str = "en"
) -> tuple[list[Diagnostic], list[tuple[str | int, ...]]]:
    """The schema's problems, and the paths they are about (a missing key's path included)."""
    validator = jsonschema.Draft202012Validator(json_schema(kind))
    found: list[Diagnostic] = []
    paths: list[tuple[str | int, ...]] = []
    for top in validator.iter_errors(data):
        for error in _leaf_errors(top):
            path = tuple(error.absolute_path)
            required = _REQUIRED.match(error.message)
            paths.append((*path, required.group(1)) if error.validator == "required" and required else path)
            pos = loaded.positions
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                allowed = sorted(error.schema.get("properties", {}))
                for key in sorted(set(error.instance) - set(allowed)):
                    found.append(
                        Diagnostic.of(
                            codes.UNKNOWN_KEY,
                            say("load.unknown-key", lang, key=key, allowed=", ".join(allowed)),
                            pos.of_key((*path, key)),
                            _did_you_mean(key, allowed, lang),
                        )
                    )
                continue
            where, below = describe(data, path, lang)
            if error.validator == "required" and required:
                key = ".".join(filter(None, (below, required.group(1))))
                message = say("load.missing", lang, where=where, key=key, example=_example(key, writer_language(data)))
                found.append(Diagnostic.of(codes.MISSING_KEY, message, pos.of_value(path)))
            elif error.validator == "type" and isinstance(error.validator_value, str):
                message = say(
                    "load.wrong-type",
                    lang,
                    where=where,
                    key=below or "·",
                    expected=say(f"type.{error.validator_value}", lang),
                    found=say(f"type.{_JSON_TYPES.get(type(error.instance), 'null')}", lang),
                )
                found.append(Diagnostic.of(codes.WRONG_TYPE, message, pos.of_value(path)))
            else:
                code = codes.WRONG_TYPE if error.validator in ("type", "const") else codes.INVALID_VALUE
                message = say("load.invalid", lang, where=where, key=below or "·", detail=error.message)
                found.append(Diagnostic.of(code, message, pos.of_value(path)))
    return found, paths


def _notation(error: NotationError, where: str, key: str, lang: str) -> tuple[str, str]:
    """Message and hint of a quantity refused for its notation (SC008)."""
    message = say(f"notation.{error.reason}", lang, where=where, key=key, value=error.value, word=error.word)
    if error.replacement:
        return message, say("notation.replace", lang, replacement=error.replacement)
    return message, say("notation.digits", lang)


def _pydantic_diagnostics(
    err: PydanticError, loaded: LoadedYaml, lang: str = "en", skip: tuple[tuple[str | int, ...], ...] = ()
) -> list[Diagnostic]:
    """Pydantic's problems located and phrased; those at or under a ``skip`` path (already reported
    by the schema) are left out."""
    found = []
    for item in err.errors():
        path = tuple(p for p in item["loc"] if not (isinstance(p, str) and p.startswith(("function-", "tag:"))))
        if any(path[: len(done)] == done or done[: len(path)] == path for done in skip):
            continue
        where, below = describe(loaded.data, path, lang)
        cause = (item.get("ctx") or {}).get("error")
        location = loaded.positions.of_value(path)
        if isinstance(cause, NotationError):
            message, hint = _notation(cause, where, below or "·", lang)
            found.append(Diagnostic.of(codes.QUANTITY_NOTATION, message, location, hint))
            continue
        detail = str(item["msg"]).removeprefix("Value error, ")
        kind = codes.UNIT if "unit" in detail or "%" in detail else codes.INVALID_VALUE
        message = say("load.invalid", lang, where=where, key=below or "·", detail=detail)
        found.append(Diagnostic.of(kind, message, location))
    return found


def validate_loaded(
    loaded: LoadedYaml, expected: set[str] | None = None, lang: str | None = None
) -> tuple[str, BaseModel]:
    """Validate a parsed document; returns its kind and model or raises every located problem.

    ``lang`` is the language of the messages (default: the document's first language)."""
    data = loaded.data
    file = loaded.positions.file
    lang = writer_language(data, lang)
    if not isinstance(data, dict):
        raise InvalidInput(
            [*loaded.problems, Diagnostic.of(codes.WRONG_TYPE, "a document must be a mapping", Location(file, 1, 1))]
        )
    kind = data.get("kind")
    kinds = sorted(expected or DOCUMENT_MODELS)
    if kind not in kinds:
        loc = loaded.positions.of_value(("kind",)) if "kind" in data else Location(file, 1, 1)
        hint = _did_you_mean(str(kind), kinds, lang) if isinstance(kind, str) else None
        raise InvalidInput(
            [
                *loaded.problems,
                Diagnostic.of(
                    codes.MISSING_KEY, f"'kind' must be one of: {', '.join(kinds)} (found {kind!r})", loc, hint
                ),
            ]
        )
    schema_problems, reported = _schema_diagnostics(data, kind, loaded, lang)
    problems = [*loaded.problems, *schema_problems]
    if kind == "standard":
        problems += undeclared_tags(data, loaded.positions)
    model: BaseModel | None = None
    try:
        model = DOCUMENT_MODELS[kind].model_validate(data)
    except PydanticError as err:
        problems += _pydantic_diagnostics(err, loaded, lang, tuple(reported))
    if problems or model is None:
        raise InvalidInput(sorted(problems, key=Diagnostic.sort_key))
    return kind, model


def load_document(
    path: Path, expected: set[str] | None = None, display: str | None = None, lang: str | None = None
) -> Document:
    """Load and validate one document file (YAML, or a Markdown draft of a standard); every problem
    is raised at once, in ``lang`` (default: the document's first language)."""
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        from checker.load.markdown_draft import load_markdown_file  # the Markdown reader loads for drafts only

        loaded = load_markdown_file(path, display)
    else:
        loaded = load_yaml_file(path, display, collect=True)
    kind, model = validate_loaded(loaded, expected, lang)
    return Document(path, loaded.positions.file, kind, model, loaded.positions, loaded.text, loaded.data)
