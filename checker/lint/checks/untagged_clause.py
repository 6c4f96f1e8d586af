"""A clause with requirements is tagged with an ISO 23592 element and level (off by default).

Why: reports roll results up by element and pyramid level; an untagged clause's results appear
only under "untagged". Enable it with ``lint: {enable: [SC107]}`` in ``.servcheck.yaml`` once a
repository's standards are tagged.

PASS:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of offered calls answered within the threshold.}
    measure: service-level
    table: calls
    unit: percent
    parameters:
      threshold: {type: duration}
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: 80% of calls are answered within 20 seconds.}
    tags: {element: E8, level: L1}
    requirements:
      - id: answer-20s
        rule: contact.answered-within
        params: {threshold: 20s}
        target: ">= 80%"
```

FAIL:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of offered calls answered within the threshold.}
    measure: service-level
    table: calls
    unit: percent
    parameters:
      threshold: {type: duration}
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: 80% of calls are answered within 20 seconds.}
    requirements:
      - id: answer-20s
        rule: contact.answered-within
        params: {threshold: 20s}
        target: ">= 80%"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.UNTAGGED_CLAUSE
SEVERITY = Severity.INFO
ENABLED_BY_DEFAULT = False


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, clause in standard.walk():
            if not clause.requirements:
                continue
            missing = [t for t in ("element", "level") if clause.tags is None or getattr(clause.tags, t) is None]
            if missing:
                yield Finding(
                    document.at((*path, "number")),
                    speak._(
                        "clause {number} has requirements but no {tags} tag",
                        number=clause.number,
                        tags=" / ".join(f"`{t}`" for t in missing),
                    ),
                    speak._("add {example} (see standards/iso-23592.yaml)", example="`tags: {element: E8, level: L1}`"),
                )
