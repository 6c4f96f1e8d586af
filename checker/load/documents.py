"""Load a servcheck document: YAML with positions → JSON Schema → pydantic model.

Validation happens in two steps so every message is located and useful: the JSON Schema (the
same one editors use) catches structure — unknown keys with a did-you-mean, wrong types, missing
keys — and pydantic then checks values the schema cannot express (units of quantities). Both
report paths, which the :class:`PositionIndex` turns into line:column.

Every problem of a document is reported in one run: YAML-level problems (duplicate keys,
forbidden tags) are collected with the schema's and pydantic's, and pydantic also runs when the
schema found something, its problems kept where the schema said nothing. Messages speak the
document's terms ("clause 5.2 has no `text` — add `text: {zh: …}`", not a JSON path) in the
writer's language (:func:`checker.load.say.writer_language`), through the gettext catalogue
(:mod:`checker.i18n`). The schema's own wording (jsonschema's English) is rephrased for the
validators a writer meets (:func:`_schema_detail`); anything else is quoted as jsonschema says it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.i18n import N_, Speaker, speaker
from checker.load import memo
from checker.load.say import writer_language
from checker.load.schema_gate import passes
from checker.load.suffixes import MARKDOWN_SUFFIXES
from checker.load.tag_sets import undeclared_tags
from checker.load.yaml_source import LoadedYaml, PositionIndex, load_yaml_bytes, read_document_bytes
from checker.model.quantity import NotationError
from checker.model.registry import DOCUMENT_MODELS, json_schema

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.exceptions import ValidationError as SchemaError

# jsonschema is imported when a document fails the schema gate (checker.load.schema_gate): a valid
# document never needs its wording of problems.

_REQUIRED = re.compile(r"^'(.+)' is a required property$")
_JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number", list: "array", dict: "object"}
TYPE_WORDS = {
    "string": N_("text"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "boolean": N_("true or false"),
    "array": N_("a list"),
    "object": N_("a mapping of keys"),
    "null": N_("empty"),
}
"""JSON Schema type names as a writer reads them."""
EXAMPLES = {
    "number": '"5.2"',
    "target": '">= 96%"',
    "id": "<id>",
    "version": "1.0.0",
    "status": "draft",
    "kind": "standard",
    "clauses": "[…]",
}
"""What to write for a missing key (text keys and ``languages`` follow the document's language)."""


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
    return speaker(lang)._("did you mean '{word}'?", word=close[0]) if close else None


def describe(data: Any, path: tuple[str | int, ...], lang: str) -> tuple[str, str]:
    """``path`` in the document's terms: the clause, requirement or rule it is in, and the key
    below it (``clauses/1/clauses/1/title`` → ``("clause 5.2", "title")``).

    >>> data = {"clauses": [{"number": "5", "clauses": [{"number": "5.2"}]}]}
    >>> describe(data, ("clauses", 0, "clauses", 0, "title"), "en")
    ('clause 5.2', 'title')
    >>> describe(data, ("clauses", 0, "clauses", 0, "requirements", 1, "params", "threshold"), "zh")
    ('第 5.2 条的要求 #2', 'params.threshold')
    """
    speak = speaker(lang)
    where = speak._("the document")
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
                where = speak._("clause {number}", number=number)
            elif step == "requirements":
                ident = str(item.get("id") or f"#{nxt + 1}")
                where = speak._("requirement {id} of clause {number}", id=ident, number=number or "?")
            else:
                where = speak._("rule {id}", id=str(item.get("id") or f"#{nxt + 1}"))
            node, rest, i = item, [], i + 2
            continue
        rest.append(step)
        i += 1
    return where, ".".join(map(str, rest))


def _example(key: str, lang: str) -> str:
    """What to write for a missing ``key``, in the document's language ``lang``.

    >>> _example("clauses.text", "zh"), _example("languages", "en"), _example("rule", "zh")
    ('{zh: …}', '[en]', '<规则 id>')
    """
    leaf = key.rsplit(".", 1)[-1]
    if leaf in ("text", "title", "definition", "term"):
        return f"{{{lang}: …}}"
    if leaf == "languages":
        return "[zh, en]" if lang == "zh" else f"[{lang}]"
    if leaf == "rule":
        return speaker(lang)._("<rule id>")
    return EXAMPLES.get(leaf, "…")


def _schema_detail(error: SchemaError, speak: Speaker) -> str:
    """jsonschema's complaint in the writer's language, for the validators writers meet; other
    validators (rare in a hand-written document) keep jsonschema's own English."""
    value, limit = error.instance, error.validator_value
    if error.validator == "enum" and isinstance(limit, list):
        return speak._("{value!r} is not one of: {choices}", value=value, choices=", ".join(map(str, limit)))
    if error.validator == "const":
        return speak._("must be {expected!r}, not {value!r}", expected=limit, value=value)
    if error.validator in ("minimum", "exclusiveMinimum"):
        return speak._("{value!r} is below the least allowed, {limit}", value=value, limit=limit)
    if error.validator in ("maximum", "exclusiveMaximum"):
        return speak._("{value!r} is above the most allowed, {limit}", value=value, limit=limit)
    if error.validator == "pattern":
        return speak._("{value!r} is not written as expected (pattern `{limit}`)", value=value, limit=limit)
    if error.validator in ("minItems", "minLength", "minProperties"):
        return speak._("{value!r} is empty or too short", value=value)
    return str(error.message)


def _leaf_errors(error: SchemaError) -> list[SchemaError]:
    """For anyOf/oneOf failures, the branch that most likely was meant.

    An optional value (``Tags | None``) fails both "is an object" and "is null"; when the value
    given is not null, the writer meant the object, so the null branch is never the explanation.
    """
    from jsonschema.exceptions import best_match

    if error.context:
        meant = [e for e in error.context if e.schema != {"type": "null"}] or list(error.context)
        return _leaf_errors(best_match(meant))
    return [error]


_VALIDATORS: dict[str, jsonschema.Draft202012Validator] = {}


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    """One validator per document kind, made once: a lint reads ten or more documents of a few
    kinds, and each new validator resolved the schema's ``$ref`` afresh. Remade if the schema
    itself was read again (:func:`json_schema`'s cache cleared)."""
    import jsonschema

    schema = json_schema(kind)
    validator = _VALIDATORS.get(kind)
    if validator is None or validator.schema is not schema:
        validator = _VALIDATORS[kind] = jsonschema.Draft202012Validator(schema)
    return validator


def _schema_diagnostics(
    data: Any, kind: str, loaded: LoadedYaml, lang: str = "en"
) -> tuple[list[Diagnostic], list[tuple[str | int, ...]]]:
    """The schema's problems, and the paths they are about (a missing key's path included)."""
    if passes(data, kind):
        return [], []
    validator = _validator(kind)
    speak = speaker(lang)
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
                            speak._(
                                "unknown key '{key}'; allowed here: {allowed}", key=key, allowed=", ".join(allowed)
                            ),
                            pos.of_key((*path, key)),
                            _did_you_mean(key, allowed, lang),
                        )
                    )
                continue
            where, below = describe(data, path, lang)
            if error.validator == "required" and required:
                key = ".".join(filter(None, (below, required.group(1))))
                example = _example(key, writer_language(data))
                message = speak._(
                    "{where} has no `{key}` — add `{key}: {example}`", where=where, key=key, example=example
                )
                found.append(Diagnostic.of(codes.MISSING_KEY, message, pos.of_value(path)))
            elif error.validator == "type" and isinstance(error.validator_value, str):
                message = speak._(
                    "{where}: `{key}` must be {expected}, not {found}",
                    where=where,
                    key=below or "·",
                    expected=speak._(TYPE_WORDS.get(error.validator_value, error.validator_value)),
                    found=speak._(TYPE_WORDS[_JSON_TYPES.get(type(error.instance), "null")]),
                )
                found.append(Diagnostic.of(codes.WRONG_TYPE, message, pos.of_value(path)))
            else:
                code = codes.WRONG_TYPE if error.validator in ("type", "const") else codes.INVALID_VALUE
                detail = _schema_detail(error, speak)
                message = speak._("{where}: `{key}`: {detail}", where=where, key=below or "·", detail=detail)
                found.append(Diagnostic.of(code, message, pos.of_value(path)))
    return found, paths


NOTATION = {
    "bare-minute": N_("{where}: `{key}` says {value!r}: {word} minutes or {word} points?"),
    "approximate": N_(
        "{where}: `{key}` says {value!r}: '{word}' is not one number; "
        "the operator (<=, >=) says 'at most' or 'at least'"
    ),
    "numeral": N_("{where}: `{key}` says {value!r}: '{word}' is not a number servcheck can read"),
}
"""Why a quantity's notation is refused, by :attr:`NotationError.reason`."""


def _notation(error: NotationError, where: str, key: str, lang: str) -> tuple[str, str]:
    """Message and hint of a quantity refused for its notation (SC008)."""
    speak = speaker(lang)
    message = speak._(NOTATION[error.reason], where=where, key=key, value=error.value, word=error.word)
    if error.replacement:
        return message, speak._("write `{replacement}`", replacement=error.replacement)
    return message, speak._("write the number in digits, e.g. `<= 3 rings`")


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
        message = speaker(lang)._("{where}: `{key}`: {detail}", where=where, key=below or "·", detail=detail)
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
            [
                *loaded.problems,
                Diagnostic.of(codes.WRONG_TYPE, speaker(lang)._("a document must be a mapping"), Location(file, 1, 1)),
            ],
            lang,
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
                    codes.MISSING_KEY,
                    speaker(lang)._(
                        "'kind' must be one of: {kinds} (found {kind!r})", kinds=", ".join(kinds), kind=kind
                    ),
                    loc,
                    hint,
                ),
            ],
            lang,
        )
    schema_problems, reported = _schema_diagnostics(data, kind, loaded, lang)
    problems = [*loaded.problems, *schema_problems]
    if kind == "standard":
        problems += undeclared_tags(data, loaded.positions, lang)
    model: BaseModel | None = None
    try:
        model = DOCUMENT_MODELS[kind].model_validate(data)
    except PydanticError as err:
        problems += _pydantic_diagnostics(err, loaded, lang, tuple(reported))
    if problems or model is None:
        raise InvalidInput(sorted(problems, key=Diagnostic.sort_key), lang)
    return kind, model


def load_document(
    path: Path, expected: set[str] | None = None, display: str | None = None, lang: str | None = None
) -> Document:
    """Load and validate one document file (YAML, or a Markdown draft of a standard); every problem
    is raised at once, in ``lang`` (default: the document's first language). A YAML file whose bytes
    were loaded before in this process, with the same arguments, is not read again (:mod:`checker.load.memo`)."""
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        from checker.load.markdown_draft import load_markdown_file  # the Markdown reader loads for drafts only

        loaded = load_markdown_file(path, display, lang)
        kind, model = validate_loaded(loaded, expected, lang)
        return Document(path, loaded.positions.file, kind, model, loaded.positions, loaded.text, loaded.data)
    name = display or str(path)
    raw = read_document_bytes(path, name, lang)
    key = (str(path.resolve()), name, frozenset(expected) if expected is not None else None, lang, raw)
    document = memo.recall(key)
    if document is None:
        loaded = load_yaml_bytes(raw, name, collect=True, lang=lang)
        kind, model = validate_loaded(loaded, expected, lang)
        document = Document(path, loaded.positions.file, kind, model, loaded.positions, loaded.text, loaded.data)
        memo.remember(key, document)
    return document
