"""Whether a document satisfies its kind's JSON Schema, answered fast; the full check only when not.

Why: almost every document a lint or an audit reads is valid, and the ``jsonschema`` library took
0.1 s of a cold lint of the shipped standards to say so (issue 15), plus 0.08 s to import. Here
``jsonschema-rs`` (the Rust implementation of the same specification, draft 2020-12) answers
"valid or not" in well under a millisecond; only a document it does not pass goes through
``jsonschema``'s ``iter_errors`` (:mod:`checker.load.documents`), which words every problem as before.
So the diagnostics are ``jsonschema``'s, whatever this gate says, as long as the gate never passes a
document ``jsonschema`` refuses:

* ``pattern`` is checked with Python's :func:`re.search`, as ``jsonschema`` does: jsonschema-rs reads
  patterns as ECMA-262 regular expressions, whose ``\\s`` matches U+FEFF (Python's does not);
* a value jsonschema-rs cannot take (a non-text key, a number too large for it) is "not passed";
* ``formats`` are not asserted by either (draft 2020-12's default; the shipped schemas name none).

``tests/load/test_schema_gate.py`` holds the gate to ``jsonschema``'s verdict over the broken
fixtures and over generated variations of the shipped documents.
"""

from __future__ import annotations

import re
from typing import Any

import jsonschema_rs

from checker.model.registry import json_schema

_GATES: dict[str, tuple[dict[str, Any], jsonschema_rs.Validator]] = {}


class _PythonPattern:
    """The ``pattern`` keyword with Python's regular expressions (``re.search``, as jsonschema's)."""

    def __init__(self, parent_schema: dict[str, Any], value: str, schema_path: list[str | int]) -> None:
        self.pattern = re.compile(value)

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and not self.pattern.search(instance):
            raise ValueError(f"{instance!r} does not match {self.pattern.pattern!r}")


def _gate(kind: str) -> jsonschema_rs.Validator:
    """One validator per document kind, made again if the schema was read again."""
    schema = json_schema(kind)
    made = _GATES.get(kind)
    if made is None or made[0] is not schema:
        validator = jsonschema_rs.Draft202012Validator(schema, keywords={"pattern": _PythonPattern})
        made = _GATES[kind] = (schema, validator)
    return made[1]


def passes(data: Any, kind: str) -> bool:
    """Whether ``data`` is valid against the schema of document ``kind``; False also when the
    fast validator cannot tell (then the full check decides, and words the problems)."""
    try:
        return bool(_gate(kind).is_valid(data))
    except (ValueError, TypeError, OverflowError):  # a value outside JSON's types, as jsonschema-rs reads them
        return False
