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

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.GOLDEN_CASE_DATA
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    with_cases = [document for document in context.library.of_kind("standard") if document.model.cases]
    if not with_cases:
        return
    # Imported here: the golden-case machinery loads only for a standard that has cases, not on
    # every audit's gate (issue 15).
    from checker.golden.validate import case_problems

    for document in with_cases:
        for i in range(len(document.model.cases)):
            for problem in case_problems(document, i):
                yield Finding(problem.location, problem.message, problem.hint)
