"""What a user-written expression is checked against at lint time: columns, their types, parameters.

The audit compiles every expression with :func:`checker.engine.expressions.compile_expression`;
lint calls the same function, adding the declared types, so lint clean means the audit compiles.
A rule's expressions are checked against each loaded dataset that maps the rule's table (its
canonical fields and their ``type``); with no such dataset, any column name is accepted and its
type is unknown, so only what fails for every type is refused.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.lint.context import DocPath, LintContext
from checker.load.documents import Document
from checker.model.rule import Rule

if TYPE_CHECKING:
    from sqlglot import exp

# sqlglot (and the expression compiler) are imported when the first expression is checked, so
# linting documents without expressions does not pay for them.


@dataclass(frozen=True)
class Columns:
    """The columns an expression may use; ``names is None`` means unknown (any name, any type)."""

    names: tuple[str, ...] | None
    types: Mapping[str, str]
    origin: str = ""


UNKNOWN = Columns(None, {})


def canonical_columns(context: LintContext, table: str) -> list[Columns]:
    """The canonical fields of ``table`` in every loaded dataset, or `UNKNOWN` when none maps it."""
    found = []
    for document in context.library.of_kind("dataset"):
        mapped = document.model.tables.get(table)
        if mapped is not None:
            types = {name: spec.type for name, spec in mapped.fields.items()}
            origin = context.speaker()._("dataset {dataset!r} table {table!r}", dataset=document.model.id, table=table)
            found.append(Columns(tuple(sorted(types)), types, origin))
    return found or [UNKNOWN]


def parameter_literals(rule: Rule) -> dict[str, exp.Expression]:
    """A value of each declared parameter's type, standing in for the requirement's values."""
    from checker.engine.expressions import literal

    values: dict[str, exp.Expression] = {}
    for name, spec in rule.parameters.items():
        if spec.type == "integer":
            values[name] = literal(1)
        elif spec.type in ("duration", "percent", "number"):
            values[name] = literal(1.5)
        elif spec.type == "boolean":
            values[name] = literal(True)
        else:
            values[name] = literal(spec.values[0] if spec.values else "text")
    return values


def check_expression(
    text: str,
    columns: Columns,
    location: Location,
    params: Mapping[str, exp.Expression] | None = None,
    kind: str = "predicate",
) -> list[Diagnostic]:
    """The problems :func:`compile_expression` finds in ``text`` over ``columns`` (none: it compiles)."""
    from checker.engine.expressions import compile_expression

    names = columns.names if columns.names is not None else tuple(words_in(text))
    try:
        compile_expression(
            text,
            columns=names,
            location=location,
            params=params,
            kind=kind,  # type: ignore[arg-type]
            types=columns.types,
        )
    except InvalidInput as err:
        return list(err.diagnostics)
    return []


def words_in(text: str) -> Iterator[str]:
    """Every word and quoted name of ``text``: the columns it may mean when the table is unknown."""
    from sqlglot.dialects.dialect import Dialect
    from sqlglot.errors import TokenError
    from sqlglot.tokens import TokenType

    from checker.engine.expressions import DIALECT

    try:
        tokens = Dialect.get_or_raise(DIALECT).tokenize(text)
    except TokenError:
        return
    for token in tokens:
        if token.token_type in (TokenType.VAR, TokenType.IDENTIFIER):
            yield token.text


def value_start(document: Document, path: DocPath) -> Location:
    """Where the text of the scalar at ``path`` starts (inside its quotes, or a block's first line)."""
    from checker.engine.expressions import scalar_start

    return scalar_start(document.text, document.at(path))


def expand(options: object, pattern: tuple[str, ...]) -> Iterator[tuple[tuple[str | int, ...], object]]:
    """``(path, value)`` for each option matching ``pattern`` (``*`` = every item of a list)."""
    if not pattern:
        yield (), options
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(options, list):
            for i, item in enumerate(options):
                for path, value in expand(item, rest):
                    yield (i, *path), value
    elif isinstance(options, dict) and head in options:
        for path, value in expand(options[head], rest):
            yield (head, *path), value


def written(raw: object, path: tuple[str | int, ...]) -> bool:
    """Whether the document itself holds a value at ``path`` (not a model's default)."""
    node = raw
    for step in path:
        if (isinstance(node, dict) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        ):
            node = node[step]
        else:
            return False
    return True
