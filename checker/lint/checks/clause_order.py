"""Sibling clauses are in ascending numeric order: 5.1 before 5.2, 5.2 before 5.10.

Why: readers and reports follow document order; a clause out of place is usually a numbering
slip (often "5.10" sorted as text before "5.2"). Numbers compare part by part as integers;
annex clauses ("A1") come after the body.

PASS:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "5.2"
    kind: informative
    text: {en: Telephone service.}
  - number: "5.10"
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
  - number: "5.10"
    kind: informative
    text: {en: Written service.}
  - number: "5.2"
    kind: informative
    text: {en: Telephone service.}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.clause_numbers import number_key, siblings
from checker.lint.context import LintContext

CODE = codes.CLAUSE_ORDER
SEVERITY = Severity.WARNING


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for _path, _parent, group in siblings(standard.clauses):
            highest = None
            for path, clause in group:
                key = number_key(clause.number)
                if highest is not None and key < number_key(highest):
                    yield Finding(
                        document.at((*path, "number")),
                        speak._("clause {number} comes after clause {highest}", number=clause.number, highest=highest),
                        speak._("order sibling clauses by number"),
                    )
                elif highest is None or key > number_key(highest):
                    highest = clause.number
