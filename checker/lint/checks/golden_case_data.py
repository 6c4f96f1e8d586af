"""A golden case's rows use canonical fields with values of their types, and its settings are valid.

Why: a case's rows are untrusted data written by hand. A field name with a typo would be a column
nobody reads, a ``wait`` of ``"20"`` or an ``offered_at`` of ``2024-04-31`` a row the audit rejects,
and the case would then "prove" a figure computed on fewer rows than its writer counted. Each such
value is refused at its line and column, against the canonical tables (docs/tables.md; their types
are ``checker/golden/tables.yaml``): text is quoted, integers and numbers are numbers, a duration is
seconds or a quantity with a unit ("90s", "2 min"), a timestamp is ISO 8601 (naive ones are in the
case's ``timezone``), a boolean is true or false; every row gives its key and time fields (an event
its case and activity). Case names are unique in the standard; its time zone, period and as-of
instant are valid.

PASS:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    kind: informative
    text: {en: Calls are recorded.}
cases:
  - name: two-calls
    timezone: Asia/Shanghai
    tables:
      calls:
        - {call_id: c1, offered_at: "2024-04-01 09:00:00", outcome: answered, wait: 12, queue: billing}
        - {call_id: c2, offered_at: "2024-04-01T09:05:00+08:00", outcome: abandoned, wait: 1 min}
    expect:
      anything: {n: 2}
```

FAIL:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    kind: informative
    text: {en: Calls are recorded.}
cases:
  - name: two-calls
    tables:
      calls:
        - {call_id: c1, offered_at: "2024-04-31 09:00:00", outcome: answered, wait: "12"}
        - {call_id: c2, offerd_at: "2024-04-01 09:05:00", outcome: abandoned}
    expect:
      anything: {n: 2}
```
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.golden.catalogue import TIMESTAMP_HINT, problem, tables
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.lint.timezones import zone_problem
from checker.load.documents import Document
from checker.model.golden import GoldenCase

CODE = codes.GOLDEN_CASE_DATA
SEVERITY = Severity.ERROR


def _close(word: str, choices: list[str]) -> str | None:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean {found[0]!r}?" if found else None


def run(context: LintContext) -> Iterator[Finding]:
    for document in context.library.of_kind("standard"):
        seen: dict[str, int] = {}
        for i, case in enumerate(document.model.cases):
            at = ("cases", i)
            if case.name in seen:
                message = f"golden case name {case.name!r} is also the name of case #{seen[case.name] + 1}"
                yield Finding(document.at((*at, "name")), message, "give each case its own name")
            seen.setdefault(case.name, i)
            yield from _settings(document, case, at)
            yield from _rows(document, case, at)


def _settings(document: Document, case: GoldenCase, at: tuple[str | int, ...]) -> Iterator[Finding]:
    if "timezone" in document.raw["cases"][at[1]]:
        bad_zone = zone_problem(case.timezone)
        if bad_zone is not None:
            yield Finding(document.at((*at, "timezone")), bad_zone[0], bad_zone[1])
    if case.period is not None:
        first, _, last = case.period.partition("..")
        try:
            if dt.date.fromisoformat(last) < dt.date.fromisoformat(first):
                yield Finding(document.at((*at, "period")), f"period {case.period!r} ends before it starts")
        except ValueError:
            yield Finding(document.at((*at, "period")), f"period {case.period!r} has a day that does not exist")
    if case.as_of is not None:
        try:
            dt.datetime.fromisoformat(case.as_of.strip())
        except ValueError:
            yield Finding(document.at((*at, "as_of")), f"as_of {case.as_of!r} is not an instant", TIMESTAMP_HINT)


def _rows(document: Document, case: GoldenCase, at: tuple[str | int, ...]) -> Iterator[Finding]:
    catalogue = tables()
    for name, rows in case.tables.items():
        where = (*at, "tables", name)
        table = catalogue.get(name)
        if table is None:
            message = f"golden case {case.name!r}: no canonical table {name!r}"
            yield Finding(document.key_at(where), message, _close(name, sorted(catalogue)) or "see docs/tables.md")
            continue
        if not rows:
            message = f"golden case {case.name!r}: table {name!r} has no rows"
            yield Finding(document.at(where), message, "give at least one row, or leave the table out")
        fields = sorted(table.fields)
        for r, row in enumerate(rows):
            for field, value in row.items():
                kind = table.fields.get(field)
                if kind is None:
                    message = f"table {name!r} has no field {field!r}"
                    yield Finding(document.key_at((*where, r, field)), message, _close(field, fields))
                    continue
                bad = problem(kind, value)
                if bad is not None:
                    yield Finding(document.at((*where, r, field)), f"{name}.{field} ({kind}): {bad}")
            missing = [f for f in table.required() if row.get(f) is None]
            if missing:
                message = f"row {r + 1} of {name!r} gives no {', '.join(missing)}"
                yield Finding(document.at((*where, r)), message, "every row gives its key and time fields")
