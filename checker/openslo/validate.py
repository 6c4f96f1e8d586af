"""Check an OpenSLO document against servcheck's OpenSLO v1 JSON Schema, with located problems.

Why servcheck's own schema (``openslo-v1.schema.json`` beside this module): it is written from the
v1 section of the OpenSLO specification (github.com/OpenSLO/OpenSLO, README.md) and follows the
JSON Schema the OpenSLO project publishes (``schemas/v1``) constraint by constraint, in one file
that needs no network to resolve references. It also accepts what the README documents and that
schema predates (``targetPercent``, ``raw`` ratio metrics). docs/openslo.md says what differs.

Both the export's output (tests) and every imported document are checked with it; an imported
document that fails is refused with the file:line:col of each problem (SC118, exit 3).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

SCHEMA_FILE = "openslo-v1.schema.json"


@cache
def schema() -> dict[str, Any]:
    """The schema, loaded once."""
    text = resources.files("checker.openslo").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """For a oneOf/anyOf failure, the problems of the branch most likely meant (jsonschema's best
    match), so the message names the key at fault rather than "is not valid under any schema"."""
    if error.context:
        yield from _leaves(best_match(error.context))
    else:
        yield error


def problems(document: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Every problem of ``document`` as (path in the document, message), sorted; empty when valid.

    >>> problems({"apiVersion": "openslo/v1", "kind": "Service", "metadata": {"name": "desk"}, "spec": {}})
    []
    >>> slo = {"apiVersion": "openslo/v1", "kind": "SLO", "metadata": {"name": "Desk"}, "spec": {}}
    >>> [path for path, _ in problems(slo)]
    [('metadata', 'name'), ('spec',), ('spec',), ('spec',), ('spec',)]
    """
    found = set()
    for top in _validator().iter_errors(document):
        for error in _leaves(top):
            path = tuple(error.absolute_path)
            message = error.message
            if error.validator == "required" and isinstance(error.instance, dict):
                message = f"{message} (in {'.'.join(map(str, path)) or 'the document'})"
            found.add((path, message))
    return sorted(found, key=lambda item: (tuple(map(str, item[0])), item[1]))
