"""Printing an audit's sqlglot trees as Spark SQL: the DuckDB forms the plan uses, rewritten once.

Why a rewrite at print time and not a dialect switch in the helpers: the plan is built before (and
independently of) the engine that runs it, and one process may run the same plan on two engines
(the parity test does). So the trees stay dialect-neutral sqlglot nodes plus a small, closed set of
DuckDB function nodes — the ones :mod:`checker.engine.dialect` makes and a few the typing stage
names (``isfinite``, ``epoch`` of an interval) — and this module maps each of them to the Spark
form measured equal in ``formats-and-spark.md``. sqlglot's own ``duckdb → spark`` translation is
not enough: it passes DuckDB-only functions through silently. Every construct a Spark run cannot
express raises :class:`SparkUnsupported` with the construct's name, never wrong SQL.

The Spark session runs with ``spark.sql.timestampType=TIMESTAMP_NTZ`` and a UTC session zone, so
``CAST(x AS TIMESTAMP)`` keeps DuckDB's meaning (a naive timestamp).

>>> from sqlglot import parse_one
>>> to_spark(parse_one("SELECT GROUPING(a, b), MAX(x) FROM t", read="duckdb"))
'SELECT GROUPING_ID(a, b), MAX(x) FROM t'
"""

from __future__ import annotations

import re

from sqlglot import exp

_STRPTIME_TO_JAVA = {
    "%Y": "yyyy",
    "%y": "yy",
    "%m": "MM",
    "%d": "dd",
    "%H": "HH",
    "%I": "hh",
    "%M": "mm",
    "%S": "ss",
    "%f": "SSSSSS",
    "%g": "SSS",
    "%p": "a",
    "%b": "MMM",
    "%B": "MMMM",
    "%a": "EEE",
    "%A": "EEEE",
    "%j": "DDD",
    "%z": "[xxx][x]",
    "%%": "%",
}


class SparkUnsupported(Exception):
    """A construct of the plan with no Spark form in this backend (DuckDB's histogram, unnest, ...)."""


def java_pattern(strptime: str, offset: str | None = None) -> str:
    """A strptime format (``%d/%m/%Y %H:%M``) as a Java date-time pattern (``dd/MM/yyyy HH:mm``);
    letters outside directives are quoted, as Java reads bare letters as fields. ``%z`` (DuckDB
    reads ``+HH:MM``, ``+HHMM`` and ``+HH``, never ``Z``) becomes ``offset`` when given, else the
    optional sections ``[xxx][x]`` that accept all three.

    >>> java_pattern("%Y-%m-%dT%H:%M:%S")
    "yyyy-MM-dd'T'HH:mm:ss"
    >>> java_pattern("%H:%M%z", offset="xxx")
    'HH:mmxxx'
    """
    out: list[str] = []
    for token in re.findall(r"%.|[A-Za-z]+|[^%A-Za-z]+", strptime):
        if token == "%z" and offset is not None:
            out.append(offset)
        elif token.startswith("%"):
            if token not in _STRPTIME_TO_JAVA:
                raise SparkUnsupported(f"the timestamp format directive {token} has no Spark pattern")
            out.append(_STRPTIME_TO_JAVA[token])
        elif token[0].isalpha():
            out.append(f"'{token}'")
        else:
            out.append(token.replace("'", "''"))
    return "".join(out)


def _fn(name: str, *args: exp.Expression) -> exp.Anonymous:
    return exp.Anonymous(this=name, expressions=list(args))


def _ntz(node: exp.Expression) -> exp.Expression:
    return exp.Cast(this=node, to=exp.DataType.build("TIMESTAMP_NTZ", dialect="spark"))


def _ltz(node: exp.Expression) -> exp.Expression:
    return exp.Cast(this=node, to=exp.DataType.build("TIMESTAMP_LTZ", dialect="spark"))


def _is_timezone(node: exp.Expression) -> bool:
    return isinstance(node, exp.Anonymous) and str(node.this).lower() == "timezone" and len(node.expressions) == 2


def _zone_shift(node: exp.Anonymous) -> exp.Expression:
    """DuckDB ``timezone(a, timezone(b, x))`` (naive wall time in zone b → naive wall time in zone a)
    as ``from_utc_timestamp(to_utc_timestamp(x, b), a)``; a single ``timezone(z, x)`` (an instant
    already in UTC, as the typing stage makes for offset-carrying values) stays the instant."""
    outer_zone, inner = node.expressions
    if _is_timezone(inner):
        inner_zone, value = inner.expressions
        utc = _fn("to_utc_timestamp", _ltz(value), inner_zone)
        return _ntz(_fn("from_utc_timestamp", utc, outer_zone))
    return _ntz(_ltz(inner))


def _interval_seconds(text: exp.Expression) -> exp.Expression:
    """``epoch(TRY_CAST(text AS INTERVAL))`` for clock text ``H:M[:S[.f]]`` (DuckDB reads two parts
    as hours and minutes): the parts summed as seconds, NULL when a part is not a number."""
    parts = _fn("split", text, exp.Literal.string(":"))
    size = _fn("size", parts)

    def part(i: int) -> exp.Expression:
        return exp.TryCast(this=_fn("element_at", parts.copy(), exp.Literal.number(i)), to=exp.DataType.build("DOUBLE"))

    hours_minutes = exp.Add(
        this=exp.Mul(this=part(1), expression=exp.Literal.number(3600)),
        expression=exp.Mul(this=part(2), expression=exp.Literal.number(60)),
    )
    three = exp.Add(this=hours_minutes.copy(), expression=part(3))
    return exp.Case(
        ifs=[
            exp.If(this=exp.EQ(this=size.copy(), expression=exp.Literal.number(2)), true=hours_minutes),
            exp.If(this=exp.EQ(this=size.copy(), expression=exp.Literal.number(3)), true=three),
        ],
        default=exp.null(),
    )


def _parse_timestamp(text: exp.Expression, strptime: str) -> exp.Expression:
    """DuckDB ``try_strptime(text, format)``. Without ``%z``: ``try_to_timestamp`` (a naive
    timestamp, as the session's type is ``TIMESTAMP_NTZ``). With ``%z`` DuckDB gives the instant;
    Spark's naive parse would drop the offset, so the text is parsed as ``to_timestamp_ltz`` (the
    instant, shown in the UTC session zone) — only when an offset is present in one of DuckDB's
    forms, checked first with ``try_to_timestamp``, because ``to_timestamp_ltz`` fails on bad text.
    """
    pattern = exp.Literal.string(java_pattern(strptime))
    if "%z" not in strptime:
        return _ntz(_fn("try_to_timestamp", text, pattern))
    guards = [
        exp.Is(
            this=_fn("try_to_timestamp", text.copy(), exp.Literal.string(java_pattern(strptime, form))),
            expression=exp.null(),
        ).not_()
        for form in ("xxx", "x")
    ]
    value = _ntz(_fn("to_timestamp_ltz", text.copy(), pattern))
    return exp.Case(ifs=[exp.If(this=exp.or_(*guards), true=value)], default=exp.null())


def _epoch_seconds(value: exp.Expression) -> exp.Expression:
    if isinstance(value, exp.TryCast) and value.to.is_type("interval"):
        return _interval_seconds(value.this)
    return exp.Div(
        this=_fn("unix_micros", _ltz(value)),
        expression=exp.Cast(this=exp.Literal.number(1000000), to=exp.DataType.build("DOUBLE")),
    )


def _quantile_of(node: exp.Expression) -> tuple[exp.Expression, exp.Expression] | None:
    """(value, fraction) of a continuous quantile or median aggregate, else None."""
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "quantile_cont" and len(node.expressions) == 2:
        return node.expressions[0], node.expressions[1]
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "median" and len(node.expressions) == 1:
        return node.expressions[0], exp.Literal.number(0.5)
    if isinstance(node, exp.Median):
        return node.this, exp.Literal.number(0.5)
    if isinstance(node, exp.Quantile | exp.PercentileCont):
        return node.this, node.args.get("quantile") or node.expression
    return None


def _exact_quantile(value: exp.Expression, fraction: exp.Expression, where: exp.Expression | None) -> exp.Expression:
    """DuckDB's ``quantile_cont`` to the last bit, over the sorted values: with ``pos = (n - 1) * q``,
    ``lo``/``hi`` the values at ``floor(pos)``/``ceil(pos)`` and ``d = pos - floor(pos)``, DuckDB returns
    ``lo * (1 - d) + hi * d`` as its x86-64 build computes it, with the last step fused:
    ``fma(lo, 1 - d, hi * d)`` (measured: equal on every one of 1,258 random cases; the unfused forms,
    and Spark's own ``percentile`` — ``(ceil - pos) * lo + (pos - floor) * hi`` — differ in the last bit
    about one time in six, e.g. 322.57390000000004 for 322.5739). The reports must be byte-identical,
    so the values are collected (NULLs skipped, as both engines' quantiles skip them), sorted once, and
    the fused step is Java's ``Math.fma`` through ``reflect`` (its text is the shortest that reads back
    as the same double). An empty group gives NULL, as on DuckDB.
    """
    values = _fn("collect_list", exp.cast(value, "DOUBLE"))
    if where is not None:
        values = exp.Filter(this=values, expression=exp.Where(this=where))
    var = exp.to_identifier("_sorted")

    def sorted_values() -> exp.Expression:
        return exp.column(var.copy())

    count = _fn("size", sorted_values())
    pos = exp.Paren(
        this=exp.Mul(
            this=exp.cast(exp.Sub(this=count.copy(), expression=exp.Literal.number(1)), "DOUBLE"),
            expression=exp.cast(fraction, "DOUBLE"),
        )
    )
    floor = _fn("floor", pos.copy())
    lo = _fn("get", sorted_values(), exp.cast(floor.copy(), "INT"))
    hi = _fn("get", sorted_values(), exp.cast(_fn("ceil", pos.copy()), "INT"))
    share = exp.Paren(this=exp.Sub(this=pos.copy(), expression=floor))
    rest = exp.Sub(this=exp.cast(exp.Literal.number(1), "DOUBLE"), expression=share.copy())
    fused = _fn(
        "reflect",
        exp.Literal.string("java.lang.Math"),
        exp.Literal.string("fma"),
        lo,
        rest,
        exp.Mul(this=hi, expression=share),
    )
    body = exp.Case(
        ifs=[exp.If(this=exp.EQ(this=count, expression=exp.Literal.number(0)), true=exp.null())],
        default=exp.cast(fused, "DOUBLE"),
    )
    # sorted once: the interpolation is a lambda over the one sorted array. ``sort_array``, not
    # ``array_sort``: the latter compares through an interpreted lambda per comparison (measured 2-3x
    # slower over 10^6 values), the former sorts the primitive doubles natively; both put the values
    # in the same ascending order (collect_list keeps no NULL, and the typing stage lets no NaN through)
    once = _fn("transform", _fn("array", _fn("sort_array", values)), exp.Lambda(this=body, expressions=[var]))
    return _fn("element_at", once, exp.Literal.number(1))


_ASOF_NEXT = "__asof_next"
"""The column the ASOF rewrite adds to the right side: the neighbouring key (lead or lag)."""

_FORWARD = {exp.GTE: exp.LT, exp.GT: exp.LTE}
"""``left >= key`` / ``left > key`` match the greatest key: ranges ``[key, next)`` / ``(key, next]``."""

_BACKWARD = {exp.LTE: exp.GT, exp.LT: exp.GTE}
"""``left <= key`` / ``left < key`` match the least key: ranges ``(previous, key]`` / ``[previous, key)``."""

_FLIPPED = {exp.GTE: exp.LTE, exp.GT: exp.LT, exp.LTE: exp.GTE, exp.LT: exp.GT}


def _conjuncts(node: exp.Expression) -> list[exp.Expression]:
    node = node.unnest()
    if isinstance(node, exp.And):
        return [part for side in (node.this, node.expression) for part in _conjuncts(side)]
    return [node]


def _asof_join(join: exp.Join) -> exp.Join:
    """DuckDB ``L ASOF LEFT JOIN R AS r ON r.p = l.p AND l.t >= r.k`` as a left range join::

        LEFT JOIN (SELECT r.*, LEAD(r.k) OVER (PARTITION BY r.p ORDER BY r.k) AS __asof_next
                   FROM R AS r WHERE r.k IS NOT NULL) AS r
          ON r.p = l.p AND l.t >= r.k AND (r.__asof_next IS NULL OR l.t < r.__asof_next)

    Each right row owns the range from its key to the next key of its partition, so a left row meets
    at most one right row (DuckDB's meaning): the one with the greatest key at or before ``l.t``
    (``>``: strictly before; ``<=``/``<``: the least key at or after, with ``LAG`` ranges). Tied
    right keys give the earlier rows empty ranges, so one of them matches (DuckDB also picks one);
    a NULL key on either side matches nothing, and equality keys stay equi-join keys (a hash join
    per partition, not a cross product).
    """
    right = join.this
    name = right.alias_or_name
    select = join.parent
    if isinstance(select, exp.Select) and any(
        isinstance(e, exp.Star) or (isinstance(e, exp.Column) and e.is_star and e.table in ("", name))
        for e in select.expressions
    ):
        raise SparkUnsupported("a star over an ASOF join (the right side carries a helper column)")

    def right_only(node: exp.Expression) -> bool:
        columns = list(node.find_all(exp.Column))
        return bool(columns) and all(c.table == name for c in columns)

    def left_only(node: exp.Expression) -> bool:
        return all(c.table != name for c in node.find_all(exp.Column))

    keys: list[exp.Expression] = []
    kept: list[exp.Expression] = []
    inequality: tuple[type[exp.Expression], exp.Expression, exp.Expression] | None = None
    for part in _conjuncts(join.args["on"]):
        sides = (part.this, part.expression) if isinstance(part, exp.Binary) else ()
        if isinstance(part, exp.EQ | exp.NullSafeEQ) and any(right_only(s) for s in sides):
            key, other = sides if right_only(sides[0]) else sides[::-1]
            if not left_only(other):
                raise SparkUnsupported(f"an ASOF equality that compares no left-side value: {part.sql()}")
            keys.append(key.copy())
            kept.append(part.copy())
        elif type(part) in _FLIPPED and inequality is None:
            left, key = sides
            kind: type[exp.Expression] = type(part)
            if right_only(left) and left_only(key):
                left, key, kind = key, left, _FLIPPED[kind]
            if not (right_only(key) and left_only(left)):
                raise SparkUnsupported(f"an ASOF condition that compares no right-side key: {part.sql()}")
            inequality = (kind, left.copy(), key.copy())
        else:
            raise SparkUnsupported(f"an ASOF condition that is neither an equality nor one inequality: {part.sql()}")
    if inequality is None:
        raise SparkUnsupported("an ASOF join without an inequality")
    kind, left, key = inequality
    neighbour = exp.Lead if kind in _FORWARD else exp.Lag
    window = exp.Window(
        this=neighbour(this=key.copy()),
        partition_by=[k.copy() for k in keys] or None,
        order=exp.Order(expressions=[exp.Ordered(this=key.copy(), nulls_first=False)]),
    )
    inner = (
        exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier(name)), exp.alias_(window, _ASOF_NEXT))
        .from_(right.copy())
        .where(exp.Is(this=key.copy(), expression=exp.null()).not_())
    )
    bound = exp.column(_ASOF_NEXT, name)
    beyond = ({**_FORWARD, **_BACKWARD})[kind]
    ranged = exp.and_(
        *kept,
        kind(this=left.copy(), expression=key.copy()),
        exp.paren(exp.or_(exp.Is(this=bound.copy(), expression=exp.null()), beyond(this=left, expression=bound))),
    )
    return exp.Join(this=exp.alias_(inner.subquery(), name, table=True), on=ranged, side="LEFT")


def _rewrite(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Filter) and (quantile := _quantile_of(node.this)) is not None:
        return _exact_quantile(*quantile, node.expression.this)
    if (quantile := _quantile_of(node)) is not None:
        return _exact_quantile(*quantile, None)
    if isinstance(node, exp.TryCast):
        # sqlglot prints an unflagged TRY_CAST as CAST on Spark, which fails the whole query on one
        # bad value in ANSI mode (Spark 4's default); DuckDB's TRY_CAST gives NULL, counted in the ledger
        if node.to.is_type("timestamptz"):
            node.set("to", exp.DataType.build("TIMESTAMP_LTZ", dialect="spark"))
        node.set("safe", True)
    if isinstance(node, exp.Join) and str(node.args.get("method") or "").upper() == "ASOF":
        return _asof_join(node)
    if isinstance(node, exp.Anonymous):
        name = str(node.this).lower()
        args = node.expressions
        if name == "timezone" and len(args) == 2:
            return _zone_shift(node)
        if name == "try_strptime":
            fmt = args[1]
            if not isinstance(fmt, exp.Literal):
                raise SparkUnsupported("a timestamp format that is not a literal")
            return _parse_timestamp(args[0], fmt.this)
        if name == "epoch":
            return _epoch_seconds(args[0])
        if name == "epoch_us":
            return _fn("unix_micros", _ltz(args[0]))
        if name == "isfinite":
            value = args[0]
            infinite = exp.EQ(
                this=_fn("abs", value.copy()), expression=exp.cast(exp.Literal.string("Infinity"), "DOUBLE")
            )
            return exp.Paren(this=exp.Not(this=exp.Paren(this=exp.Or(this=_fn("isnan", value), expression=infinite))))
        if name == "grouping":
            return _fn("grouping_id", *args) if len(args) > 1 else node
        if name == "to_seconds":
            return _fn("make_interval", *[exp.Literal.number(0)] * 6, exp.cast(args[0], "DOUBLE"))
        if name in ("greatest", "least") and len(args) == 1:
            return args[0]
        if name in ("histogram", "equi_width_bins"):
            raise SparkUnsupported(f"DuckDB's {name}() (distribution charts)")
    if isinstance(node, exp.DateTrunc | exp.TimestampTrunc):
        # sqlglot prints a date-typed TRUNC(x, unit), which is NULL for HOUR/DAY on Spark
        unit = node.args.get("unit")
        name = unit.name if isinstance(unit, exp.Literal | exp.Var) else str(unit)
        return _ntz(_fn("date_trunc", exp.Literal.string(name.upper()), node.this))
    if isinstance(node, exp.Grouping) and len(node.expressions) > 1:
        return _fn("grouping_id", *node.expressions)
    if isinstance(node, exp.Unnest):
        raise SparkUnsupported("unnest of a list")
    if isinstance(node, (exp.Greatest, exp.Least)) and not node.expressions:
        return node.this
    if isinstance(node, exp.UnixToTime):
        return _ntz(_fn("timestamp_micros", node.this))
    return node


def to_spark(tree: exp.Expression) -> str:
    """``tree`` printed as Spark SQL, DuckDB-only constructs rewritten (see the module docstring)."""
    return _walk(tree.copy()).sql("spark", copy=False)  # the rewritten copy is this call's own


def _walk(node: exp.Expression) -> exp.Expression:
    """Rewrite ``node`` first (a pattern such as nested ``timezone`` is seen whole), then its children."""
    new = _rewrite(node)
    for child in list(new.iter_expressions()):
        done = _walk(child)
        if done is not child:
            child.replace(done)
    return new
