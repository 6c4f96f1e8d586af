"""Safe user-written expressions: parse with sqlglot, allow a small grammar, return AST nodes.

Standards, rules and dataset mappings are untrusted input, and three of their fields hold
SQL-like text that ends up inside a DuckDB query: a requirement's scope filter
(``where: "priority in ('P1','P2')"``), a rule's measure condition (``wait <= :threshold``)
and a dataset's computed field or exclusion over the *source* columns of a user's file.
SQL can read files (``read_csv``), the environment (``getenv``) and settings, so the text is
never pasted into a query. Instead it is parsed (DuckDB dialect) into a sqlglot AST, every node
is checked against an allow-list *by node class* (not by printed text, so aliases such as
``ceiling`` for ``ceil`` are treated alike and nothing slips through a spelling), and a fresh
tree is returned in which:

* every column is a quoted identifier spelled as the caller declared it (``"vru+line"`` and
  reserved words such as ``"date"`` work; the caller may rename or qualify it);
* every ``:name`` placeholder is replaced by the node the caller supplied (see `literal`);
* comments are dropped, so nothing the user wrote outside the grammar reaches the query.

Anything else is refused with a `checker.diagnostics.InvalidInput` carrying one located
``unsafe-expression`` (SC030) diagnostic per problem, at the offending token.

Allowed: columns in ``columns``; string, number, boolean and NULL literals; ``= <> != < <= >
>=``; ``AND OR NOT``; ``IN`` over a list of literals; ``BETWEEN``; ``IS [NOT] NULL/TRUE/FALSE``;
``[I]LIKE [ESCAPE]``; ``+ - * / %``, unary minus, parentheses, ``||``; ``CASE``; ``CAST`` /
``TRY_CAST`` / ``::`` to the types in `CAST_TYPES`; ``INTERVAL`` literals; and the functions in
`FUNCTION_NAMES`. Refused, among others: sub-queries, table functions (``read_csv``,
``glob``), ``getenv``, ``current_setting``, aggregates and window functions, lambdas, ``*``,
qualified names (``t.a``), statements and ``;``.
"""

from __future__ import annotations

import difflib
import logging
import math
import re
from collections.abc import Collection, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Literal

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokens import Token, TokenType

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location

CODE = codes.UNSAFE_EXPRESSION
DIALECT = "duckdb"
MAX_LENGTH = 10_000
"""Longer text is refused before parsing: no standard needs it, and the parser is recursive."""

Kind = Literal["predicate", "value"]

# Typed sqlglot nodes for the allowed functions. Several spellings parse to one class
# (substr/substring, ceil/ceiling, date_diff/datediff, regexp_matches and ``~``).
FUNCTIONS: Mapping[type[exp.Expression], str] = {
    exp.Lower: "lower",
    exp.Upper: "upper",
    exp.Trim: "trim",
    exp.Length: "length",
    exp.Substring: "substr",
    exp.Replace: "replace",
    exp.Concat: "concat",
    exp.Coalesce: "coalesce",
    exp.Nullif: "nullif",
    exp.Abs: "abs",
    exp.Round: "round",
    exp.Floor: "floor",
    exp.Ceil: "ceil",
    exp.Least: "least",
    exp.Greatest: "greatest",
    exp.StrToTime: "strptime",
    exp.TimestampTrunc: "date_trunc",
    exp.DateTrunc: "date_trunc",
    exp.Extract: "extract",
    exp.TimeToUnix: "epoch",
    exp.TimestampFromParts: "make_timestamp",
    exp.DateDiff: "date_diff",
    exp.RegexpLike: "regexp_matches",
    exp.StartsWith: "starts_with",
    exp.EndsWith: "ends_with",
    exp.Contains: "contains",
}
ANONYMOUS_FUNCTIONS = frozenset({"try_strptime", "date_part"})
"""Functions sqlglot has no typed node for (it parses them as ``exp.Anonymous``), by name."""

FUNCTION_NAMES: tuple[str, ...] = tuple(sorted({*FUNCTIONS.values(), *ANONYMOUS_FUNCTIONS}))
"""Every allowed function, for hints and documentation."""

# fmt: off
CAST_TYPES = frozenset({
    exp.DataType.Type.VARCHAR, exp.DataType.Type.TEXT, exp.DataType.Type.INT,
    exp.DataType.Type.BIGINT, exp.DataType.Type.DOUBLE, exp.DataType.Type.DECIMAL,
    exp.DataType.Type.BOOLEAN, exp.DataType.Type.DATE, exp.DataType.Type.TIMESTAMP,
    exp.DataType.Type.TIMESTAMPTZ, exp.DataType.Type.TIMESTAMPNTZ, exp.DataType.Type.INTERVAL,
})

TIME_UNITS = frozenset({
    "MICROSECOND", "MICROSECONDS", "MILLISECOND", "MILLISECONDS", "SECOND", "SECONDS",
    "MINUTE", "MINUTES", "HOUR", "HOURS", "DAY", "DAYS", "WEEK", "WEEKS", "MONTH", "MONTHS",
    "QUARTER", "QUARTERS", "YEAR", "YEARS", "DECADE", "DECADES", "CENTURY", "CENTURIES",
    "MILLENNIUM", "EPOCH", "DOW", "DOY", "ISODOW", "ISOYEAR", "DAYOFWEEK", "DAYOFYEAR", "WEEKDAY",
})
"""Date parts accepted where sqlglot keeps a unit as a bare word, which it prints unescaped."""

# Argument slots that hold a date-part word rather than a value.
_UNIT_SLOTS: Mapping[type[exp.Expression], str] = {
    exp.TimestampTrunc: "unit", exp.DateTrunc: "unit", exp.DateDiff: "unit",
    exp.Extract: "this", exp.Interval: "unit",
}

# Operators whose every expression-valued argument is simply checked in turn.
_OPERATORS = frozenset({
    exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.And, exp.Or, exp.Not, exp.Between,
    exp.Like, exp.ILike, exp.Escape, exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod, exp.Neg,
    exp.DPipe, exp.Paren, exp.NullSafeEQ, exp.NullSafeNEQ,
})
# Nodes whose value is a boolean: what a filter's top (and each AND/OR/NOT operand) must be.
_CONDITIONS = frozenset({
    exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.In, exp.Between, exp.Is, exp.Like,
    exp.ILike, exp.Escape, exp.Boolean, exp.StartsWith, exp.EndsWith, exp.Contains,
    exp.RegexpLike, exp.NullSafeEQ, exp.NullSafeNEQ,
})
# fmt: on
# Nodes whose first token is a keyword that sqlglot keeps no position for.
_LEADING_KEYWORDS: Mapping[type[exp.Expression], str] = {
    exp.Case: "case",
    exp.Cast: "cast",
    exp.TryCast: "try_cast",
    exp.Interval: "interval",
    exp.Exists: "exists",
    exp.Select: "select",
    exp.Subquery: "(",
    exp.Not: "not",
    exp.Paren: "(",
}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ATOMS = (exp.Literal, exp.Boolean, exp.Null, exp.Column)
_STATEMENTS = (exp.Query, exp.DDL, exp.DML, exp.Command, exp.Pragma, exp.Use, exp.Copy, exp.Set)


def compile_expression(
    text: str,
    *,
    columns: Collection[str],
    location: Location,
    params: Mapping[str, exp.Expression] | None = None,
    kind: Kind = "predicate",
) -> exp.Expression:
    """Check ``text`` and return it as a sqlglot node that is safe to embed in a DuckDB query.

    ``columns`` are the names the expression may use (canonical fields, or a file's source
    columns); DuckDB resolves names case-insensitively, so ``Priority`` finds ``priority``.
    ``location`` is where the expression's first character is in its file (see `scalar_start`);
    a problem is reported at its token, offset from there (a later line of a block scalar keeps
    the first line's indent). ``params`` supplies the node for each ``:name`` placeholder.
    ``kind="predicate"`` also requires a condition (a comparison, ``IN``, ``LIKE``, ``IS``,
    a boolean function, or ``AND``/``OR``/``NOT`` of those); ``"value"`` accepts any allowed
    expression. Raises `InvalidInput` (``codes.UNSAFE_EXPRESSION``) listing every problem found.
    """
    params = dict(params or {})
    for name, node in params.items():
        _check_param(name, node)
    checker = _Checker(text, columns, params, location)
    tree = checker.parse()
    try:
        checker.visit(tree)
        if kind == "predicate" and not checker.problems:
            checker.require_condition(tree)
        if checker.problems:
            raise InvalidInput(checker.problems)
        return _rewrite(tree, checker)
    except RecursionError:
        raise InvalidInput([checker.problem(0, "expression is nested too deeply")]) from None


def literal(value: object) -> exp.Expression:
    """A Python value as a sqlglot literal node, for placeholders and generated conditions.

    ``None`` → NULL, ``bool`` → TRUE/FALSE, ``int``/``Decimal`` → an exact number, ``float`` →
    its shortest repr, ``Fraction`` → an exact decimal when it has one, else ``n / d`` in double
    precision, ``str`` → a quoted string (quotes are escaped by the generator, never pasted).
    Non-finite numbers raise ``ValueError``: no threshold is infinite.
    """
    if value is None:
        return exp.Null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, str):
        return exp.Literal.string(value)
    if isinstance(value, int):
        return exp.Literal.number(value)
    if isinstance(value, float | Decimal):
        if not math.isfinite(value):
            raise ValueError(f"cannot use the non-finite number {value!r} in an expression")
        text = repr(value) if isinstance(value, float) else format(value, "f")
        return exp.Literal.number(text)
    if isinstance(value, Fraction):
        exact = _terminating_decimal(value)
        if exact is not None:
            return exp.Literal.number(exact)
        numerator = exp.cast(exp.Literal.number(value.numerator), exp.DataType.Type.DOUBLE)
        return exp.Paren(this=exp.Div(this=numerator, expression=exp.Literal.number(value.denominator)))
    raise TypeError(f"no SQL literal for a {type(value).__name__}: {value!r}")


def scalar_start(document: str, at: Location) -> Location:
    """Where a YAML scalar's *content* begins, given where its node begins (``doc.at(path)``).

    A node's mark is its first character: the opening quote of ``"..."`` / ``'...'``, or the
    ``|`` / ``>`` of a block scalar, whose content starts on the next non-blank line at its
    indent. Pass the result as ``compile_expression(location=...)`` so that columns point at the
    offending token. (Escapes such as ``\\"`` inside a double-quoted scalar still shift later
    columns on that line: the expression text is shorter than its YAML spelling.)
    """
    lines = document.splitlines()
    if not 1 <= at.line <= len(lines) or at.column < 1:
        return at
    mark = lines[at.line - 1][at.column - 1 : at.column]
    if mark in ("'", '"'):
        return Location(at.file, at.line, at.column + 1)
    if mark in ("|", ">"):
        for index in range(at.line, len(lines)):
            content = lines[index]
            if content.strip():
                return Location(at.file, index + 1, len(content) - len(content.lstrip(" ")) + 1)
    return at


def _terminating_decimal(value: Fraction) -> str | None:
    """``Fraction(7, 4)`` → ``"1.75"``; ``None`` when the decimal expansion never ends."""
    denominator, twos, fives = value.denominator, 0, 0
    while denominator % 2 == 0:
        denominator, twos = denominator // 2, twos + 1
    while denominator % 5 == 0:
        denominator, fives = denominator // 5, fives + 1
    if denominator != 1:
        return None
    places = max(twos, fives)
    scaled = value * 10**places
    return format(Decimal(scaled.numerator).scaleb(-places), "f")


def _check_param(name: str, node: exp.Expression) -> None:
    """A caller's placeholder value must itself be in the grammar, and use no column."""
    if not isinstance(node, exp.Expression):
        raise TypeError(f"parameter {name!r} must be a sqlglot node (see literal()), not {node!r}")
    inner = _Checker("", (), {}, Location("<parameter>"))
    inner.visit(node)
    if inner.problems:
        raise ValueError(f"parameter {name!r} is not a plain value: {inner.problems[0].message}")


class _Checker:
    """Walks one parsed expression and records every refused construct at its position."""

    def __init__(
        self,
        text: str,
        columns: Collection[str],
        params: Mapping[str, exp.Expression],
        location: Location,
    ):
        self.text = text
        self.params = params
        self.location = location
        self.problems: list[Diagnostic] = []
        self.resolved: dict[int, str] = {}
        self._columns = list(dict.fromkeys(columns))
        self._by_folded: dict[str, list[str]] = {}
        for name in self._columns:
            self._by_folded.setdefault(name.casefold(), []).append(name)
        self._tokens: list[Token] = []
        self._placeholders_seen: dict[str, int] = {}

    # -- parsing ---------------------------------------------------------------------------

    def parse(self) -> exp.Expression:
        """One expression, or `InvalidInput` at the token where the text stops being one."""
        if not self.text.strip():
            raise InvalidInput([self.problem(0, "the expression is empty")])
        if len(self.text) > MAX_LENGTH:
            raise InvalidInput([self.problem(0, f"the expression is longer than {MAX_LENGTH} characters")])
        try:
            self._tokens = Dialect.get_or_raise(DIALECT).tokenize(self.text)
        except TokenError as err:
            raise InvalidInput([self._token_problem(err)]) from None
        for token in self._tokens:
            if token.token_type == TokenType.SEMICOLON:
                raise InvalidInput(
                    [
                        self.problem(
                            token.start,
                            "';' is not allowed: an expression is one condition or value",
                        )
                    ]
                )
        # The trailing space is load-bearing: sqlglot's tokenizer reads a ``$p`` placeholder and a
        # string literal that ends the text (``x = $p and y = ''``) as an unclosed dollar quote.
        parseable = self._dollar_placeholders() + " "
        quiet = _Silence()
        logging.getLogger("sqlglot").addFilter(quiet)  # its "falling back to Command" warning
        try:
            trees = sqlglot.parse(parseable, read=DIALECT)
        except ParseError as err:
            raise InvalidInput([self._parse_problem(err)]) from None
        except TokenError as err:
            raise InvalidInput([self._token_problem(err)]) from None
        except RecursionError:
            raise InvalidInput([self.problem(0, "expression is nested too deeply")]) from None
        finally:
            logging.getLogger("sqlglot").removeFilter(quiet)
        statements = [tree for tree in trees if tree is not None]
        if len(statements) != 1:
            raise InvalidInput([self.problem(0, "expected exactly one expression")])
        return statements[0]

    def _dollar_placeholders(self) -> str:
        """``:name`` → ``$name``, same length, so positions hold.

        sqlglot's DuckDB parser reads ``(:p + 1)`` as a prefix alias (``(alias: expr)``), but
        ``$p`` is always a placeholder; a colon glued to a word means nothing else we allow.
        """
        chars = list(self.text)
        for token, following in zip(self._tokens, self._tokens[1:], strict=False):
            if (
                token.token_type == TokenType.COLON
                and following.start == token.end + 1
                and _WORD.fullmatch(following.text)
                and self.text[following.start] not in '"`'
            ):
                chars[token.start] = "$"
        return "".join(chars)

    def _token_problem(self, err: TokenError) -> Diagnostic:
        """sqlglot says ``Missing ' from 1:4``: the 4 is the opening quote's offset."""
        cause = str(err.__cause__ or err)
        found = re.search(r"from \d+:(\d+)", cause)
        offset = int(found.group(1)) if found else 0
        if cause.startswith("Missing"):
            return self.problem(offset, "a quote is never closed", "close the string or name")
        return self.problem(offset, f"cannot read the expression: {cause}")

    def _parse_problem(self, err: ParseError) -> Diagnostic:
        """At the token sqlglot highlights (found again by the text that precedes it)."""
        first = err.errors[0] if err.errors else {}
        description = str(first.get("description") or err).split("\n")[0]
        before, highlight = first.get("start_context") or "", first.get("highlight") or ""
        found = self.text.find(before + highlight) if highlight else -1
        offset = found + len(before) if found >= 0 else 0
        if description.startswith("Required keyword"):
            message = f"the expression is incomplete near {highlight!r}"
        elif highlight:
            message = f"unexpected {highlight!r}"
        else:
            message = description
        return self.problem(offset, f"not a valid expression: {message}")

    # -- reporting -------------------------------------------------------------------------

    def problem(self, offset: int, message: str, hint: str | None = None) -> Diagnostic:
        return Diagnostic.of(CODE, message, self._locate(offset), hint)

    def _locate(self, offset: int) -> Location:
        base = self.location
        if base.line <= 0:
            return base
        before = self.text[: max(0, min(offset, len(self.text)))]
        newlines = before.count("\n")
        if newlines == 0:
            return Location(base.file, base.line, base.column + len(before))
        # Real newlines come from block scalars (|), whose lines share the first line's indent.
        return Location(base.file, base.line + newlines, base.column + len(before) - before.rfind("\n") - 1)

    def refuse(self, node: exp.Expression, message: str, hint: str | None = None) -> None:
        self.problems.append(self.problem(self._offset(node), message, hint))

    def _offset(self, node: exp.Expression) -> int:
        """Where ``node`` starts in the text: its own token, else its first token's."""
        if "start" in node.meta:
            return node.meta["start"]
        if isinstance(node, exp.Placeholder):
            return self._placeholder_offset(node)
        starts = [n.meta["start"] for n in node.walk() if "start" in n.meta]
        if not starts and isinstance(node, exp.Var):  # a date part sqlglot took from a string
            words = [t.start for t in self._tokens if t.text.upper() == node.name.upper()]
            return words[0] if words else self._offset(node.parent) if node.parent else 0
        if not starts:
            return self._offset(node.parent) if node.parent else 0
        first = min(starts)
        if node.parent is None and self._tokens:
            return self._tokens[0].start  # the whole text: a statement, or a value for a filter
        keyword = _LEADING_KEYWORDS.get(type(node))
        if keyword is not None:
            before = [t.start for t in self._tokens if t.text.lower() == keyword and t.start <= first]
            return before[-1] if before else first
        return first

    def _placeholder_offset(self, node: exp.Placeholder) -> int:
        """The n-th ``:name`` (or ``?``) token for the n-th placeholder of that name."""
        name = _placeholder_name(node)
        seen = self._placeholders_seen.get(name, 0)
        self._placeholders_seen[name] = seen + 1
        found = []
        for index, token in enumerate(self._tokens):
            if (not name and token.token_type == TokenType.PLACEHOLDER) or (
                name
                and token.token_type in (TokenType.COLON, TokenType.PARAMETER)
                and index + 1 < len(self._tokens)
                and self._tokens[index + 1].text == name
            ):
                found.append(token.start)
        return found[min(seen, len(found) - 1)] if found else 0

    # -- the grammar -----------------------------------------------------------------------

    def visit(self, node: exp.Expression) -> None:
        kind = type(node)
        if kind is exp.Column:
            self._column(node)
        elif kind is exp.Placeholder:
            self._placeholder(node)
        elif kind in (exp.Literal, exp.Null, exp.Boolean):
            return
        elif kind in (exp.Cast, exp.TryCast):
            self._cast(node)
        elif kind is exp.Interval:
            self._interval(node)
        elif kind is exp.In:
            self._in(node)
        elif kind is exp.Is:
            self._is(node)
        elif kind is exp.Case:
            self._case(node)
        elif kind is exp.Anonymous:
            self._anonymous(node)
        elif kind in _OPERATORS or kind in FUNCTIONS:
            self._arguments(node)
        else:
            message, hint = _describe(node)
            self.refuse(node, message, hint)

    def _arguments(self, node: exp.Expression) -> None:
        unit_slot = _UNIT_SLOTS.get(type(node))
        for key, value in node.args.items():
            if key == unit_slot and value is not None:
                self._unit(value)
                continue
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, exp.Expression):
                    self.visit(child)

    def _unit(self, node: exp.Expression) -> None:
        word = node.name.upper() if type(node) in (exp.Var, exp.Literal) else None
        if word not in TIME_UNITS:
            self.refuse(
                node,
                f"{node.sql(DIALECT)!r} is not a date part",
                "use one of: second, minute, hour, day, week, month, year, epoch, dow, doy",
            )

    def _column(self, node: exp.Column) -> None:
        if node.table or node.db or node.catalog:
            self.refuse(
                node,
                f"the qualified name {node.sql(DIALECT)!r} is not allowed",
                'write the column alone; quote a name containing dots: "a.b"',
            )
            return
        name = node.name
        matches = [name] if name in self._columns else self._by_folded.get(name.casefold(), [])
        if len(matches) == 1:
            self.resolved[id(node)] = matches[0]
            return
        if len(matches) > 1:
            self.refuse(
                node,
                f"the name {name!r} is ambiguous",
                f"quote the exact spelling: {', '.join(matches)}",
            )
            return
        self.refuse(node, f"unknown column {name!r}", self._did_you_mean(name))

    def _did_you_mean(self, name: str) -> str:
        folded = {candidate.casefold(): candidate for candidate in self._columns}
        close = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.6)
        if close:
            return f"did you mean {folded[close[0]]!r}?"
        known = ", ".join(sorted(self._columns)[:12]) or "none"
        return f"known columns: {known}" + (", …" if len(self._columns) > 12 else "")

    def _placeholder(self, node: exp.Placeholder) -> None:
        name = _placeholder_name(node)
        if not name or name.isdigit():
            self.refuse(
                node,
                "positional placeholders ('?', '$1') are not allowed",
                "use a named one: :threshold",
            )
        elif name not in self.params:
            known = ", ".join(f":{key}" for key in sorted(self.params)) or "none"
            self.refuse(node, f"unknown placeholder ':{name}'", f"this expression's placeholders: {known}")
        else:
            self._offset(node)  # keeps the n-th-occurrence count in step for later problems

    def _cast(self, node: exp.Expression) -> None:
        target = node.args.get("to")
        extra = [
            key for key, value in node.args.items() if key not in ("this", "to") and isinstance(value, exp.Expression)
        ]
        if not isinstance(target, exp.DataType) or target.this not in CAST_TYPES or extra:
            allowed = "VARCHAR, INTEGER, BIGINT, DOUBLE, DECIMAL, BOOLEAN, DATE, TIMESTAMP[TZ], INTERVAL"
            self.refuse(
                node,
                f"cast to {target.sql(DIALECT) if target else '?'} is not allowed",
                f"cast to {allowed}",
            )
        else:
            for param in target.expressions:
                if not (isinstance(param, exp.DataTypeParam) and type(param.this) is exp.Literal and param.this.is_int):
                    self.refuse(
                        node,
                        f"type parameter {param.sql(DIALECT)!r} is not allowed",
                        "use DECIMAL(p, s)",
                    )
        self.visit(node.this)

    def _interval(self, node: exp.Interval) -> None:
        amount = node.this
        if isinstance(amount, exp.Neg):
            amount = amount.this
        if type(amount) is not exp.Literal:
            self.refuse(
                node,
                "an INTERVAL must be a literal",
                "write INTERVAL '5 minutes' or INTERVAL 5 MINUTE",
            )
        if node.args.get("unit") is not None:
            self._unit(node.args["unit"])

    def _in(self, node: exp.In) -> None:
        self.visit(node.this)
        for key in ("query", "unnest", "field"):
            if node.args.get(key) is not None:
                self.refuse(
                    node.args[key],
                    "IN takes a list of literals, not a sub-query or other source",
                    "write: x IN ('a', 'b')",
                )
        items = node.expressions
        if not items and not any(node.args.get(k) is not None for k in ("query", "unnest", "field")):
            self.refuse(node, "IN needs at least one value")
        for item in items:
            value = item.this if isinstance(item, exp.Neg) else item
            if type(value) in (exp.Literal, exp.Null, exp.Boolean) or (
                type(value) is exp.Placeholder and value.name in self.params
            ):
                self.visit(item)
            else:
                self.refuse(
                    item,
                    f"IN takes a list of literals, not {item.sql(DIALECT)!r}",
                    "compare with = and combine with OR instead",
                )

    def _is(self, node: exp.Is) -> None:
        self.visit(node.this)
        if type(node.expression) not in (exp.Null, exp.Boolean):
            self.refuse(node.expression, "IS takes only NULL, TRUE or FALSE", "use = or IS DISTINCT FROM")

    def _case(self, node: exp.Case) -> None:
        if node.this is not None:
            self.visit(node.this)
        for branch in node.args.get("ifs") or []:
            self.visit(branch.this)
            self.visit(branch.args["true"])
        if node.args.get("default") is not None:
            self.visit(node.args["default"])

    def _anonymous(self, node: exp.Anonymous) -> None:
        if node.name.lower() not in ANONYMOUS_FUNCTIONS:
            self.refuse(
                node,
                f"the function {node.name.lower()}() is not allowed",
                f"allowed functions: {', '.join(FUNCTION_NAMES)}",
            )
            return
        for child in node.expressions:
            self.visit(child)

    def require_condition(self, node: exp.Expression) -> None:
        """A filter must be a condition; say which part is a value instead."""
        kind = type(node)
        if kind in (exp.And, exp.Or):
            self.require_condition(node.this)
            self.require_condition(node.expression)
        elif kind in (exp.Not, exp.Paren):
            self.require_condition(node.this)
        elif kind not in _CONDITIONS:
            self.refuse(
                node,
                f"{node.sql(DIALECT)!r} is a value, not a condition",
                "compare it, e.g. channel = 'phone', wait <= 20, flag = true, x IS NOT NULL",
            )


class _Silence(logging.Filter):
    """Drops sqlglot's log records while it parses user text: the refusal says it better."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


_CONSTRUCT_NAMES: Mapping[type[exp.Expression], str] = {
    exp.Alias: "an alias (AS …)",
    exp.Bracket: "a subscript ([…])",
    exp.SimilarTo: "SIMILAR TO",
    exp.Glob: "GLOB",
    exp.ByteString: "an escape string (e'…')",
    exp.National: "a national string (N'…')",
    exp.RawString: "a dollar-quoted string ($$…$$)",
}


def _describe(node: exp.Expression) -> tuple[str, str | None]:
    """The refused construct, named as a user would recognise it."""
    allowed = f"allowed functions: {', '.join(FUNCTION_NAMES)}"
    if isinstance(node, exp.Subquery | exp.Select | exp.Exists):
        return "a sub-query (SELECT) is not allowed in an expression", None
    if isinstance(node, exp.Star):
        return "'*' is not allowed in an expression", "name the columns you mean"
    if isinstance(node, exp.Lambda):
        return "a lambda (x -> …) is not allowed in an expression", None
    if isinstance(node, exp.Window):
        return "a window function (… OVER …) is not allowed in an expression", None
    if isinstance(node, exp.AggFunc):
        return (
            f"the aggregate function {_function_name(node)}() is not allowed in a row expression",
            None,
        )
    if isinstance(node, exp.Func):
        return f"the function {_function_name(node)}() is not allowed", allowed
    if isinstance(node, _STATEMENTS):
        word = node.name if isinstance(node, exp.Command) else node.key
        return f"a {word.upper()} statement is not allowed in an expression", None
    if isinstance(node, exp.Var):
        return f"the bare word {node.name!r} is not allowed here", "quote a string: 'text'"
    if isinstance(node, exp.Identifier):
        return f"the name {node.name!r} is not allowed here", None
    if type(node) in _CONSTRUCT_NAMES:
        return f"{_CONSTRUCT_NAMES[type(node)]} is not allowed in an expression", None
    text = node.sql(DIALECT)
    shown = text if len(text) <= 40 else text[:39] + "…"
    return f"{node.key.upper()} ({shown!r}) is not allowed in an expression", None


def _placeholder_name(node: exp.Placeholder) -> str:
    """``:threshold`` → ``threshold``; ``?`` → ``""`` (sqlglot's ``.name`` would say ``?``)."""
    name = node.args.get("this")
    return name if isinstance(name, str) else ""


def _function_name(node: exp.Func) -> str:
    return node.sql_name().lower()


def _rewrite(tree: exp.Expression, checker: _Checker) -> exp.Expression:
    """A fresh tree: quoted, declared column names; placeholders filled; no comments."""

    def replace(node: exp.Expression) -> exp.Expression:
        if type(node) is exp.Column:
            return exp.Column(this=exp.to_identifier(checker.resolved[id(node)], quoted=True))
        if type(node) is exp.Placeholder:
            value = checker.params[_placeholder_name(node)].copy()
            return value if isinstance(value, _ATOMS) else exp.Paren(this=value)
        return node

    result = tree.transform(replace, copy=False)
    for node in result.walk():
        node.comments = None
    return result
