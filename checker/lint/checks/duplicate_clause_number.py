"""Clause numbers are unique within a standard.

Why: a finding cites its clause by number; two clauses numbered "5.2" make the citation ambiguous.

PASS:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "5.1"
    kind: informative
    text: {en: Telephone service.}
  - number: "5.2"
    kind: informative
    text: {en: Written service.}
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
  - number: "5.1"
    kind: informative
    text: {en: Telephone service.}
  - number: "5.1"
    kind: informative
    text: {en: Written service.}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Location, Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.DUPLICATE_CLAUSE_NUMBER
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        first: dict[str, Location] = {}
        for path, clause in standard.walk():
            here = document.at((*path, "number"))
            if clause.number in first:
                yield Finding(
                    here,
                    speak._(
                        "clause number {number!r} is already used at {first}",
                        number=clause.number,
                        first=first[clause.number],
                    ),
                )
            else:
                first[clause.number] = here
