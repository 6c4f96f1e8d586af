"""A sub-clause's number starts with its parent's number: the children of 5.2 are 5.2.1, 5.2.2…

Why: the number is how people cite a clause; a child whose number does not extend its parent's
("5.3" nested under "5.2") puts it in the wrong place in every report's roll-up.

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
    clauses:
      - number: "5.2.1"
        kind: informative
        text: {en: Greeting.}
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
  - number: "5.2"
    kind: informative
    text: {en: Telephone service.}
    clauses:
      - number: "5.3.1"
        kind: informative
        text: {en: Greeting.}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.clause_numbers import siblings
from checker.lint.context import LintContext

CODE = codes.CLAUSE_PARENT_NUMBER
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for _path, parent, group in siblings(standard.clauses):
            if parent is None:
                continue
            prefix = parent.number + "."
            for path, clause in group:
                if not clause.number.startswith(prefix):
                    yield Finding(
                        document.at((*path, "number")),
                        speak._(
                            "clause {number} is nested under {parent} but its number does not start with {prefix!r}",
                            number=clause.number,
                            parent=parent.number,
                            prefix=prefix,
                        ),
                        speak._(
                            "renumber it {prefix}N or move it out of clause {parent}",
                            prefix=prefix,
                            parent=parent.number,
                        ),
                    )
