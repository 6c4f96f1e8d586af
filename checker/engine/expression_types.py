"""Type-check a safe expression against the declared types of its columns, before any data is read.

`checker.engine.expressions` decides which *constructs* an expression may use; this module
decides whether they fit the *types* of the canonical fields (dataset ``fields: {x: {type: …}}``)
they are applied to, so that ``date_part('year', queue)`` or ``CAST(queue AS INTEGER) = 1`` with a
text ``queue`` is a located lint error instead of a DuckDB error in the middle of an audit.

The rules are deliberately stricter than DuckDB's binder, because DuckDB accepts some
expressions at bind time that fail on the first row of real data (``CAST('Q1' AS INTEGER)``,
``queue = 1`` casting every text value to a number). An expression accepted here binds, and runs
on any row of the declared types (a property test holds the checker to that). The types:

* ``text``, ``integer``, ``number``, ``boolean``, ``timestamp``, ``duration`` (seconds, a
  number) — the dataset field types; ``date`` and ``interval`` from casts and literals;
* a quoted literal fits any type it can be read as (``'2024-01-01'`` a timestamp, ``'5'`` a
  number); ``NULL`` and a column of unknown type (a standard linted without its dataset) fit
  everything, so only what fails for every type is refused then.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Protocol

from sqlglot import exp

TEXT, INTEGER, NUMBER, BOOLEAN, TIMESTAMP, DURATION = "text", "integer", "number", "boolean", "timestamp", "duration"
DATE, INTERVAL, NULL, ANY = "date", "interval", "null", "any"
FIELD_TYPES = (TEXT, INTEGER, NUMBER, BOOLEAN, TIMESTAMP, DURATION)

_FAMILY = {
    TEXT: "text",
    INTEGER: "number",
    NUMBER: "number",
    DURATION: "number",
    BOOLEAN: "boolean",
    TIMESTAMP: "time",
    DATE: "time",
    INTERVAL: "interval",
}
_CAST_RESULT = {
    exp.DataType.Type.VARCHAR: TEXT,
    exp.DataType.Type.TEXT: TEXT,
    exp.DataType.Type.INT: INTEGER,
    exp.DataType.Type.BIGINT: INTEGER,
    exp.DataType.Type.DOUBLE: NUMBER,
    exp.DataType.Type.DECIMAL: NUMBER,
    exp.DataType.Type.BOOLEAN: BOOLEAN,
    exp.DataType.Type.DATE: DATE,
    exp.DataType.Type.TIMESTAMP: TIMESTAMP,
    exp.DataType.Type.TIMESTAMPTZ: TIMESTAMP,
    exp.DataType.Type.TIMESTAMPNTZ: TIMESTAMP,
    exp.DataType.Type.INTERVAL: INTERVAL,
}
# CAST (not TRY_CAST) that cannot fail on any value of the source type; everything casts to text.
_SAFE_CASTS: Mapping[str, frozenset[exp.DataType.Type]] = {
    INTEGER: frozenset({exp.DataType.Type.BIGINT, exp.DataType.Type.DOUBLE, exp.DataType.Type.BOOLEAN}),
    NUMBER: frozenset({exp.DataType.Type.DOUBLE}),
    DURATION: frozenset({exp.DataType.Type.DOUBLE}),
    BOOLEAN: frozenset(
        {exp.DataType.Type.INT, exp.DataType.Type.BIGINT, exp.DataType.Type.DOUBLE, exp.DataType.Type.BOOLEAN}
    ),
    TIMESTAMP: frozenset({exp.DataType.Type.TIMESTAMP, exp.DataType.Type.TIMESTAMPNTZ, exp.DataType.Type.DATE}),
    DATE: frozenset({exp.DataType.Type.DATE, exp.DataType.Type.TIMESTAMP, exp.DataType.Type.TIMESTAMPNTZ}),
    INTERVAL: frozenset({exp.DataType.Type.INTERVAL}),
}
_TIMESTAMP_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?")
_INTERVAL_TEXT = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:second|minute|hour|day|week|month|year)s?\s*", re.IGNORECASE)
_BOOLEAN_TEXT = frozenset({"true", "false", "t", "f"})
_INTERVAL_PARTS = frozenset({"epoch", "microsecond", "millisecond", "second", "minute", "hour", "day", "month", "year"})
_DATE_PARTS = frozenset(
    {"microsecond", "millisecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year"}
    | {"decade", "century", "millennium", "epoch", "dow", "doy", "isodow", "isoyear", "dayofweek", "dayofyear"}
)


@dataclass(frozen=True)
class Typed:
    """A node's type; ``literal`` keeps a quoted literal's text (it fits what it can be read as)."""

    kind: str
    literal: str | None = None

    def __str__(self) -> str:
        return "a quoted text" if self.literal is not None else _NAMES.get(self.kind, self.kind)


_NAMES = {
    TEXT: "text",
    INTEGER: "an integer",
    NUMBER: "a number",
    DURATION: "a duration (seconds)",
    BOOLEAN: "a boolean",
    TIMESTAMP: "a timestamp",
    DATE: "a date",
    INTERVAL: "an interval",
}


class Refuser(Protocol):
    """What the type checker needs from the expression checker: columns resolved, and refusals."""

    resolved: dict[int, str]

    def refuse(self, node: exp.Expression, message: str, hint: str | None = None) -> None: ...


class _Refused(Exception):
    """Stops typing a subtree once it was refused (its parent's type is then unknown)."""


def check_types(
    tree: exp.Expression,
    checker: Refuser,
    types: Mapping[str, str],
    params: Mapping[str, exp.Expression],
    predicate: bool,
) -> None:
    """Refuse (through ``checker``) every type error in ``tree``; ``types`` maps a declared column
    name to one of `FIELD_TYPES` (a column absent from it has an unknown type)."""
    typer = _Typer(checker, types, params)
    try:
        result = typer.type_of(tree)
    except _Refused:
        return
    if predicate and result.kind not in (BOOLEAN, ANY, NULL):
        checker.refuse(tree, f"a filter must be a condition, but this is {result}", "compare it: x = 'a', x <= 20")


def literal_fits(text: str, kind: str) -> bool:
    """Whether DuckDB reads the quoted ``text`` as a value of ``kind`` on every row."""
    value = text.strip()
    if kind in (TEXT, ANY, NULL):
        return True
    if kind in (INTEGER,):
        return re.fullmatch(r"[+-]?\d{1,18}", value) is not None
    if kind in (NUMBER, DURATION):
        try:
            number = re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", value, re.I)
            return number is not None and Decimal(value).is_finite()
        except InvalidOperation:
            return False
    if kind == BOOLEAN:
        return value.lower() in _BOOLEAN_TEXT
    if kind in (TIMESTAMP, DATE):
        if not _TIMESTAMP_TEXT.fullmatch(value):
            return False
        try:
            dt.datetime.fromisoformat(value)
        except ValueError:
            return False
        return kind == TIMESTAMP or len(value) == 10
    if kind == INTERVAL:
        return _INTERVAL_TEXT.fullmatch(value) is not None
    return False


class _Typer:
    def __init__(self, checker: Refuser, types: Mapping[str, str], params: Mapping[str, exp.Expression]):
        self.checker = checker
        self.types = types
        self.params = params

    def refuse(self, node: exp.Expression, message: str, hint: str | None = None) -> _Refused:
        self.checker.refuse(node, message, hint)
        return _Refused()

    # -- helpers ---------------------------------------------------------------------------

    def type_of(self, node: exp.Expression) -> Typed:
        handler = _HANDLERS.get(type(node))
        if handler is None:
            return Typed(ANY)  # the grammar allowed it; nothing typed to say (e.g. a date-part word)
        return handler(self, node)

    def need(
        self, node: exp.Expression, kinds: Iterable[str], what: str, hint: str | None = None, null_ok: bool = True
    ) -> Typed:
        """The type of ``node``, refused unless it is one of ``kinds`` (or unknown, or NULL when
        ``null_ok``: a bare NULL given to an overloaded function leaves DuckDB no way to choose)."""
        typed = self.type_of(node)
        wanted = tuple(kinds)
        if typed.kind == NULL and not null_ok:
            sql_type = _SQL_NAMES.get(wanted[0], "VARCHAR")
            raise self.refuse(node, f"{what}, but NULL has no type here", f"write CAST(NULL AS {sql_type})")
        if typed.kind in (ANY, NULL) or typed.kind in wanted:
            return typed
        raise self.refuse(node, f"{what}, but {_show(node)} is {typed}", hint)

    def comparable(self, node: exp.Expression, left: Typed, right: Typed, right_node: exp.Expression) -> None:
        if _fits(left, right):
            return
        raise self.refuse(
            right_node if right.literal is not None else node,
            f"cannot compare {_show(node.this if hasattr(node, 'this') else node)} ({left}) "
            f"with {_show(right_node)} ({right})",
            _compare_hint(left, right),
        )

    def unify(self, nodes: list[exp.Expression], what: str) -> Typed:
        """One type for values that share a column of the result (CASE branches, coalesce …)."""
        typed = [(n, self.type_of(n)) for n in nodes]
        known = [(n, t) for n, t in typed if t.kind not in (NULL,)]
        if any(t.kind == ANY for _, t in known):
            return Typed(ANY)
        concrete = [(n, t) for n, t in known if t.literal is None]
        literals = [(n, t) for n, t in known if t.literal is not None]
        if not concrete:
            return literals[0][1] if literals else Typed(NULL)
        first_node, first = concrete[0]
        for n, t in concrete[1:]:
            if _FAMILY.get(t.kind) != _FAMILY.get(first.kind):
                raise self.refuse(n, f"{what} mixes {first} ({_show(first_node)}) and {t} ({_show(n)})", _MIX_HINT)
        for n, t in literals:
            if not literal_fits(t.literal or "", first.kind):
                raise self.refuse(n, f"{what} mixes {first} ({_show(first_node)}) and {_show(n)}", _MIX_HINT)
        if _FAMILY.get(first.kind) == "number" and any(t.kind != first.kind for _, t in concrete):
            return Typed(NUMBER)
        return Typed(first.kind)

    # -- atoms -----------------------------------------------------------------------------

    def column(self, node: exp.Column) -> Typed:
        name = self.checker.resolved.get(id(node), node.name)
        return Typed(self.types.get(name, ANY))

    def literal(self, node: exp.Literal) -> Typed:
        if node.is_string:
            return Typed(TEXT, node.this)
        return Typed(INTEGER if node.is_int else NUMBER)

    def placeholder(self, node: exp.Placeholder) -> Typed:
        name = node.args.get("this")
        value = self.params.get(name) if isinstance(name, str) else None
        if value is None:
            return Typed(ANY)
        typed = _Typer(self.checker, {}, {}).type_of(value)
        return Typed(typed.kind)  # a parameter's text is a value, not a literal to re-read

    # -- operators -------------------------------------------------------------------------

    def compare(self, node: exp.Expression) -> Typed:
        left, right = self.type_of(node.this), self.type_of(node.expression)
        self.comparable(node, left, right, node.expression)
        return Typed(BOOLEAN)

    def logic(self, node: exp.Expression) -> Typed:
        for child in (node.this, node.args.get("expression")):
            if child is not None:
                self.need(child, (BOOLEAN,), f"{node.key.upper()} combines conditions", _CONDITION_HINT)
        return Typed(BOOLEAN)

    def like(self, node: exp.Expression) -> Typed:
        word = "ILIKE" if isinstance(node, exp.ILike) else "LIKE"
        hint = "LIKE matches text; compare numbers with =, <, BETWEEN (or CAST(x AS VARCHAR) LIKE …)"
        self.need(node.this, (TEXT,), f"{word} matches text", hint)
        self.need(node.expression, (TEXT,), f"a {word} pattern is text", hint)
        return Typed(BOOLEAN)

    def escape(self, node: exp.Escape) -> Typed:
        self.need(node.expression, (TEXT,), "ESCAPE takes a quoted character")
        return self.type_of(node.this)

    def in_(self, node: exp.In) -> Typed:
        # DuckDB gives the value and every item one common type, casting the quoted ones to it
        self.unify([node.this, *node.expressions], "IN")
        return Typed(BOOLEAN)

    def between(self, node: exp.Between) -> Typed:
        self.unify([node.this, node.args["low"], node.args["high"]], "BETWEEN")
        value = self.type_of(node.this)
        if value.literal is not None or value.kind == NULL:
            # DuckDB types a quoted (or NULL) value with its lower bound first: text cannot meet others
            for key in ("low", "high"):
                self.need(node.args[key], (TEXT,), "a quoted value is text between text bounds")
        return Typed(BOOLEAN)

    def is_(self, node: exp.Is) -> Typed:
        if isinstance(node.expression, exp.Boolean):
            self.need(node.this, (BOOLEAN,), "IS TRUE / IS FALSE tests a condition", _CONDITION_HINT)
        else:
            self.type_of(node.this)
        return Typed(BOOLEAN)

    def paren(self, node: exp.Paren) -> Typed:
        return self.type_of(node.this)

    def neg(self, node: exp.Neg) -> Typed:
        typed = self.need(node.this, (INTEGER, NUMBER, DURATION, INTERVAL), "minus applies to numbers", null_ok=False)
        return Typed(typed.kind)

    def arithmetic(self, node: exp.Expression) -> Typed:
        left, right = self.type_of(node.this), self.type_of(node.expression)
        symbol = {exp.Add: "+", exp.Sub: "-", exp.Mul: "*", exp.Div: "/", exp.Mod: "%"}[type(node)]
        if NULL in (left.kind, right.kind):
            raise self.refuse(node, f"'{symbol}' with NULL is always NULL", "leave the NULL out, or use coalesce()")
        result = _arithmetic(symbol, left, right)
        if result is None:
            raise self.refuse(
                node,
                f"'{symbol}' does not apply to {_show(node.this)} ({left}) and {_show(node.expression)} ({right})",
                "arithmetic takes numbers (durations are seconds); timestamps take + / - INTERVAL '…', "
                "and timestamp - timestamp gives an interval",
            )
        return result

    def concat_pipe(self, node: exp.DPipe) -> Typed:
        self.type_of(node.this)
        self.type_of(node.expression)
        return Typed(TEXT)

    def case(self, node: exp.Case) -> Typed:
        subject = node.this
        subject_type = self.type_of(subject) if subject is not None else None
        for branch in node.args.get("ifs") or []:
            if subject is not None and subject_type is not None:
                self.comparable(node, subject_type, self.type_of(branch.this), branch.this)
            else:
                self.need(branch.this, (BOOLEAN,), "WHEN takes a condition", _CONDITION_HINT)
        results = [branch.args["true"] for branch in node.args.get("ifs") or []]
        if node.args.get("default") is not None:
            results.append(node.args["default"])
        return self.unify(results, "CASE")

    def cast(self, node: exp.Expression) -> Typed:
        target = node.args["to"]
        result = _CAST_RESULT.get(target.this, ANY)
        source = self.type_of(node.this)
        if isinstance(node, exp.TryCast) or result == TEXT or source.kind in (ANY, NULL):
            return Typed(result)
        if source.literal is not None:
            if literal_fits(source.literal, result):
                return Typed(result)
            raise self.refuse(
                node, f"{_show(node.this)} cannot be read as {Typed(result)}", "write a value of that type"
            )
        if target.this in _SAFE_CASTS.get(source.kind, frozenset()) or source.kind == result:
            return Typed(result)
        hint = f"use TRY_CAST({_show(node.this)} AS {target.sql('duckdb')}): a value that does not convert becomes NULL"
        if source.kind in (TIMESTAMP, DATE) and _FAMILY.get(result) == "number":
            hint = f"epoch({_show(node.this)}) gives seconds since 1970 as a number"
        raise self.refuse(
            node,
            f"CAST of {_show(node.this)} ({source}) to {target.sql('duckdb')} fails on some values and would "
            "stop the audit",
            hint,
        )

    def interval(self, node: exp.Interval) -> Typed:
        return Typed(INTERVAL)

    # -- functions -------------------------------------------------------------------------

    def text_function(self, node: exp.Expression) -> Typed:
        name = _name(node)
        for key, value in node.args.items():
            if isinstance(value, exp.Expression) and key in ("this", "expression", "replacement"):
                self.need(value, (TEXT,), f"{name}() takes text", _text_hint(value), null_ok=False)
        if isinstance(node, exp.Substring):
            for key in ("start", "length"):
                if node.args.get(key) is not None:
                    self.need(node.args[key], (INTEGER,), f"{name}() takes whole-number positions")
        if isinstance(node, exp.Length):
            return Typed(INTEGER)
        if isinstance(node, exp.RegexpLike | exp.StartsWith | exp.EndsWith | exp.Contains):
            return Typed(BOOLEAN)
        return Typed(TEXT)

    def concat(self, node: exp.Concat) -> Typed:
        for child in node.expressions:
            self.type_of(child)
        return Typed(TEXT)

    def numeric_function(self, node: exp.Expression) -> Typed:
        typed = self.need(node.this, (INTEGER, NUMBER, DURATION), f"{_name(node)}() takes a number")
        if node.args.get("decimals") is not None:
            self.need(node.args["decimals"], (INTEGER,), "round() takes a whole number of decimals")
            return Typed(NUMBER)
        return Typed(INTEGER if typed.kind == INTEGER and not isinstance(node, exp.Abs) else NUMBER)

    def choose(self, node: exp.Expression) -> Typed:
        return self.unify([node.this, *node.expressions], f"{_name(node)}()")

    def nullif(self, node: exp.Nullif) -> Typed:
        left = self.type_of(node.this)
        self.comparable(node, left, self.type_of(node.expression), node.expression)
        return left

    def strptime(self, node: exp.Expression) -> Typed:
        value, form = (node.this, node.args.get("format")) if isinstance(node, exp.StrToTime) else _two(node)
        if isinstance(value, exp.Literal):
            raise self.refuse(
                value, f"{_name(node)}() of a quoted constant", "write the timestamp itself: '2024-01-31 18:00:00'"
            )
        self.need(
            value, (TEXT,), f"{_name(node)}() parses text", "a timestamp field is already a timestamp", null_ok=False
        )
        if form is not None and not (isinstance(form, exp.Literal) and form.is_string):
            raise self.refuse(
                form, f"{_name(node)}() takes its format as a quoted constant", "write e.g. '%Y-%m-%d %H:%M:%S'"
            )
        return Typed(TIMESTAMP)

    def truncate(self, node: exp.Expression) -> Typed:
        self.need(node.this, (TIMESTAMP, DATE), f"{_name(node)}() takes a timestamp", _PARSE_HINT, null_ok=False)
        return Typed(TIMESTAMP)

    def extract(self, node: exp.Extract) -> Typed:
        value = self.need(
            node.expression,
            (TIMESTAMP, DATE, INTERVAL),
            "EXTRACT takes a timestamp, date or interval",
            _PARSE_HINT,
            null_ok=False,
        )
        self._part_of(node.this, node.this.name, value)
        return Typed(INTEGER)

    def _part_of(self, node: exp.Expression, part: str, value: Typed) -> None:
        if value.kind == INTERVAL and part.strip().lower() not in _INTERVAL_PARTS:
            raise self.refuse(
                node, f"an interval has no part {part!r}", f"use one of: {', '.join(sorted(_INTERVAL_PARTS))}"
            )

    def epoch(self, node: exp.Expression) -> Typed:
        self.need(
            node.this,
            (TIMESTAMP, DATE, INTERVAL),
            "epoch() takes a timestamp, date or interval",
            _PARSE_HINT,
            null_ok=False,
        )
        return Typed(NUMBER)

    def make_timestamp(self, node: exp.Expression) -> Typed:
        for value in node.args.values():
            if isinstance(value, exp.Expression):
                self.need(value, (INTEGER, NUMBER), "make_timestamp() takes numbers")
        return Typed(TIMESTAMP)

    def date_diff(self, node: exp.DateDiff) -> Typed:
        for child in (node.this, node.expression):
            self.need(child, (TIMESTAMP, DATE), "date_diff() takes two timestamps", _PARSE_HINT, null_ok=False)
        return Typed(INTEGER)

    def anonymous(self, node: exp.Anonymous) -> Typed:
        name = node.name.lower()
        if name == "try_strptime":
            return self.strptime(node)
        # date_part('year', ts)
        if len(node.expressions) != 2:
            raise self.refuse(node, "date_part() takes a part and a value: date_part('year', created_at)")
        part, value = node.expressions
        part_type = self.type_of(part)
        if part_type.literal is None or part_type.literal.strip().lower() not in _DATE_PARTS:
            raise self.refuse(
                part, f"{_show(part)} is not a date part", "use one of: second, minute, hour, day, week, month, year"
            )
        typed = self.need(
            value,
            (TIMESTAMP, DATE, INTERVAL),
            "date_part() takes a timestamp, date or interval",
            _PARSE_HINT,
            null_ok=False,
        )
        self._part_of(part, part_type.literal, typed)
        return Typed(INTEGER)


def _two(node: exp.Expression) -> tuple[exp.Expression, exp.Expression | None]:
    args = list(node.expressions)
    return args[0], (args[1] if len(args) > 1 else None)


def _arithmetic(symbol: str, left: Typed, right: Typed) -> Typed | None:
    kinds = {left.kind, right.kind}
    if left.literal is not None or right.literal is not None:
        return None
    if kinds & {ANY}:
        return Typed(ANY)
    numeric = {INTEGER, NUMBER, DURATION}
    if kinds <= numeric:
        if symbol in "+-*%" and kinds == {INTEGER}:
            return Typed(INTEGER)
        return Typed(NUMBER)
    if symbol == "+" and kinds in ({TIMESTAMP, INTERVAL}, {DATE, INTERVAL}):
        return Typed(TIMESTAMP)
    if symbol == "-" and left.kind in (TIMESTAMP, DATE) and right.kind == INTERVAL:
        return Typed(TIMESTAMP)
    if symbol == "-" and left.kind == TIMESTAMP and right.kind == TIMESTAMP:
        return Typed(INTERVAL)
    if symbol in "+-" and kinds == {INTERVAL}:
        return Typed(INTERVAL)
    return None


def _fits(left: Typed, right: Typed) -> bool:
    if left.kind in (ANY, NULL) or right.kind in (ANY, NULL):
        return True
    if left.literal is not None and right.literal is not None:
        return True
    if left.literal is not None:
        return literal_fits(left.literal, right.kind)
    if right.literal is not None:
        return literal_fits(right.literal, left.kind)
    return _FAMILY.get(left.kind) == _FAMILY.get(right.kind) is not None


def _compare_hint(left: Typed, right: Typed) -> str:
    kinds = {left.kind, right.kind}
    if left.literal is not None or right.literal is not None:
        literal = left if left.literal is not None else right
        other = right if literal is left else left
        examples = {
            TIMESTAMP: "'2024-01-31 18:00:00'",
            DATE: "'2024-01-31'",
            INTEGER: "3",
            NUMBER: "2.5",
            DURATION: "20 (seconds)",
            BOOLEAN: "true",
            INTERVAL: "INTERVAL '5 minutes'",
        }
        return f"{literal.literal!r} is not {other}; write e.g. {examples.get(other.kind, 'a value of that type')}"
    if kinds & {TIMESTAMP, DATE}:
        return "compare a timestamp with a timestamp ('2024-01-31 18:00:00'), or use epoch(x) for seconds"
    if TEXT in kinds:
        return "compare text with a quoted value ('5'), or convert it: TRY_CAST(x AS INTEGER)"
    return "compare values of one type"


def _text_hint(node: exp.Expression) -> str:
    return f"convert it first: CAST({_show(node)} AS VARCHAR)"


def _show(node: exp.Expression) -> str:
    """The node as the writer wrote it, near enough: no quotes on names, ``:name`` placeholders."""
    text = _PLACEHOLDER.sub(r":\1", node.sql("duckdb").replace('"', ""))
    return text if len(text) <= 40 else text[:39] + "…"


def _name(node: exp.Expression) -> str:
    if isinstance(node, exp.Anonymous):
        return node.name.lower()
    return node.sql_name().lower() if isinstance(node, exp.Func) else node.key


_SQL_NAMES = {TEXT: "VARCHAR", INTEGER: "BIGINT", NUMBER: "DOUBLE", DURATION: "DOUBLE", BOOLEAN: "BOOLEAN"}
_SQL_NAMES |= {TIMESTAMP: "TIMESTAMP", DATE: "DATE", INTERVAL: "INTERVAL"}
_PLACEHOLDER = re.compile(r"\$([A-Za-z_]\w*)")
_CONDITION_HINT = "write a comparison, e.g. x = 'a', x <= 20, flag = true, x IS NOT NULL"
_MIX_HINT = "give every branch values of one type (CAST(x AS VARCHAR) makes any value text)"
_PARSE_HINT = "a text field must be parsed first: strptime(x, '%Y-%m-%d %H:%M:%S')"

_Handler = Callable[[_Typer, exp.Expression], Typed]
_HANDLERS: dict[type[exp.Expression], _Handler] = {
    exp.Column: _Typer.column,
    exp.Literal: _Typer.literal,
    exp.Boolean: lambda _t, _n: Typed(BOOLEAN),
    exp.Null: lambda _t, _n: Typed(NULL),
    exp.Placeholder: _Typer.placeholder,
    **dict.fromkeys(
        (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NullSafeEQ, exp.NullSafeNEQ), _Typer.compare
    ),
    **dict.fromkeys((exp.And, exp.Or, exp.Not), _Typer.logic),
    **dict.fromkeys((exp.Like, exp.ILike), _Typer.like),
    exp.Escape: _Typer.escape,
    exp.In: _Typer.in_,
    exp.Between: _Typer.between,
    exp.Is: _Typer.is_,
    exp.Paren: _Typer.paren,
    exp.Neg: _Typer.neg,
    **dict.fromkeys((exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod), _Typer.arithmetic),
    exp.DPipe: _Typer.concat_pipe,
    exp.Case: _Typer.case,
    **dict.fromkeys((exp.Cast, exp.TryCast), _Typer.cast),
    exp.Interval: _Typer.interval,
    **dict.fromkeys(
        (
            exp.Lower,
            exp.Upper,
            exp.Trim,
            exp.Length,
            exp.Substring,
            exp.Replace,
            exp.RegexpLike,
            exp.StartsWith,
            exp.EndsWith,
            exp.Contains,
        ),
        _Typer.text_function,
    ),
    exp.Concat: _Typer.concat,
    **dict.fromkeys((exp.Abs, exp.Round, exp.Floor, exp.Ceil), _Typer.numeric_function),
    **dict.fromkeys((exp.Coalesce, exp.Least, exp.Greatest), _Typer.choose),
    exp.Nullif: _Typer.nullif,
    exp.StrToTime: _Typer.strptime,
    **dict.fromkeys((exp.TimestampTrunc, exp.DateTrunc), _Typer.truncate),
    exp.Extract: _Typer.extract,
    exp.TimeToUnix: _Typer.epoch,
    exp.TimestampFromParts: _Typer.make_timestamp,
    exp.DateDiff: _Typer.date_diff,
    exp.Anonymous: _Typer.anonymous,
}
