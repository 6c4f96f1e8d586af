"""Requirement ids are unique within a standard.

Why: findings, waivers and report rows are keyed by ``standard id / requirement id``; a repeated
id would merge two requirements' results or let a waiver cover the wrong one.

PASS:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of offered calls answered within the threshold.}
    measure: service-level
    table: calls
    fields: [wait, outcome]
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
    text:
      en: "80% of calls are answered within 20 seconds, 95% within 60 seconds."
    requirements:
      - id: answer-20s
        rule: contact.answered-within
        params: {threshold: 20s}
        target: ">= 80%"
      - id: answer-60s
        rule: contact.answered-within
        params: {threshold: 60s}
        target: ">= 95%"
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
    fields: [wait, outcome]
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
    text:
      en: "80% of calls are answered within 20 seconds, 95% within 60 seconds."
    requirements:
      - id: answer
        rule: contact.answered-within
        params: {threshold: 20s}
        target: ">= 80%"
      - id: answer
        rule: contact.answered-within
        params: {threshold: 60s}
        target: ">= 95%"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Location, Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.DUPLICATE_REQUIREMENT_ID
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        first: dict[str, Location] = {}
        for path, _clause, requirement in standard.requirements():
            here = document.at((*path, "id"))
            if requirement.id in first:
                yield Finding(
                    here,
                    speak._(
                        "requirement id {id!r} is already used at {first}",
                        id=requirement.id,
                        first=first[requirement.id],
                    ),
                )
            else:
                first[requirement.id] = here
