"""A dataset's ``expr`` fields, ``exclude`` filters and ``column`` names fit its source files.

Why: these are compiled over the columns of each source file when the audit reads it; a column
that is not there (``SC043 missing-column``, the audit's code for it), or an expression that
does not fit the columns' types, stopped the audit before any data was counted. CSV columns are
read as text by the audit (and so here: only the header line is read), so
``CAST(wait AS INTEGER)`` over a CSV column is refused in favour of ``TRY_CAST`` (a value that
does not convert becomes NULL and is counted in the ledger). Parquet and JSON Lines columns
carry their own types, which lint does not read: for those only what fails for every type is
refused.

PASS:

```yaml
kind: dataset
id: demo
title: {en: Demo}
timezone: Asia/Shanghai
tables:
  calls:
    source: [examples/contact-centre/calls.csv]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: CallID, required: true}
      offered_at: {column: QueueEnterTime, type: timestamp, format: "%Y/%m/%d %H:%M:%S"}
      queue: {expr: "lower(QueueName)"}
    exclude:
      - where: QueueName = 'Q_TEST'
        reason: test calls
```

FAIL:

```yaml
kind: dataset
id: demo
title: {en: Demo}
timezone: Asia/Shanghai
tables:
  calls:
    source: [examples/contact-centre/calls.csv]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: CallID, required: true}
      offered_at: {column: QueueEnterTime, type: timestamp, format: "%Y/%m/%d %H:%M:%S"}
      queue: {expr: "CAST(QueueName AS INTEGER)", type: integer}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.i18n import Speaker
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.lint.expression_scope import UNKNOWN, Columns, check_expression, value_start
from checker.load.documents import Document
from checker.model.dataset import Table

# checker.lint.dataset_sources (and the source readers' helpers it brings) is imported when a dataset
# is linted: a lint of standards and rules has none to look at.

CODE = codes.MAPPING_EXPRESSION
ALSO_EMITS = (codes.MISSING_COLUMN,)
"""A mapped column missing from its source file keeps the audit's code for it."""
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    speak = context.speaker()
    for document in context.library.of_kind("dataset"):
        for name, table in document.model.tables.items():
            seen: set[tuple[str, ...] | None] = set()
            for columns in _source_columns(document, table, speak):
                if columns.names in seen:
                    continue
                seen.add(columns.names)
                yield from _table(document, name, table, columns, speak)


def _source_columns(document: Document, table: Table, speak: Speaker) -> Iterator[Columns]:
    from checker.lint.dataset_sources import MAX_HEADERS, csv_header, is_csv, table_files

    files = table_files(document, table)
    if not files:
        yield UNKNOWN  # source-glob reports it; expressions are still checked for what fails anyway
    for path in files[:MAX_HEADERS]:
        header = csv_header(table, path) if is_csv(table, path) else None
        if header is None:
            yield UNKNOWN
        else:
            yield Columns(tuple(header), dict.fromkeys(header, "text"), speak._("source file {name}", name=path.name))


def _table(document: Document, name: str, table: Table, columns: Columns, speak: Speaker) -> Iterator[Finding]:
    base = ("tables", name)
    suffix = speak._(" (columns of {origin})", origin=columns.origin) if columns.origin else ""
    for i, exclusion in enumerate(table.exclude):
        at = value_start(document, (*base, "exclude", i, "where"))
        for problem in check_expression(exclusion.where, columns, at):
            yield Finding(problem.location, problem.message + suffix, problem.hint)
    for field, spec in table.fields.items():
        if spec.expr is not None:
            at = value_start(document, (*base, "fields", field, "expr"))
            for problem in check_expression(spec.expr, columns, at, kind="value"):
                yield Finding(problem.location, problem.message + suffix, problem.hint)
        elif spec.column is not None and columns.names is not None and spec.column not in columns.names:
            yield Finding(
                document.at((*base, "fields", field, "column")),
                speak._(
                    "table {table!r} field {field!r}: column {column!r} is not in {origin}",
                    table=name,
                    field=field,
                    column=spec.column,
                    origin=columns.origin,
                ),
                speak._("its columns: {columns}", columns=", ".join(columns.names)),
                code=codes.MISSING_COLUMN,
            )
