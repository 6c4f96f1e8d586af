"""A quantity a clause's text states agrees with its requirements' targets and parameters.

Why: the example of an explicit standard in docs/writing.md is "接听电话不能超过三声" (answer within three
rings). When the requirement under that sentence says ``2 rings``, the audit checks something
else than the standard promises, and nobody notices: the text is what people read, the
requirement is what is measured. The text's quantities (shares, durations, rings, "the same day";
zh and en, Chinese numerals included) are compared with the targets, ``warn`` thresholds and
parameters of the clause's requirements (see ``checker/lint/consistency.py``); a stated quantity
that differs from a checked one of the same kind is reported. Rings and seconds compare at the
standard's ring cadence.

PASS:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of answered calls answered within the threshold.}
    measure: service-level
    table: calls
    unit: percent
    parameters:
      threshold: {type: duration}
---
kind: standard
id: demo
title: {zh: 示例}
version: 1.0.0
status: draft
languages: [zh]
clauses:
  - number: "1"
    text: {zh: 接听电话不能超过三声。}
    requirements:
      - id: answer-3-rings
        rule: contact.answered-within
        params: {threshold: 3 rings}
        target: ">= 100%"
```

FAIL:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of answered calls answered within the threshold.}
    measure: service-level
    table: calls
    unit: percent
    parameters:
      threshold: {type: duration}
---
kind: standard
id: demo
title: {zh: 示例}
version: 1.0.0
status: draft
languages: [zh]
clauses:
  - number: "1"
    text: {zh: 接听电话不能超过三声。}
    requirements:
      - id: answer-3-rings
        rule: contact.answered-within
        params: {threshold: 2 rings}
        target: ">= 100%"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.TEXT_REQUIREMENT_MISMATCH
SEVERITY = Severity.WARNING


def run(context: LintContext) -> Iterator[Finding]:
    # context.disagreements imports its helpers when first asked: the audit's gate runs only the checks
    # whose findings are errors, and the word lists and text quantities would otherwise load on every audit.
    for found in context.disagreements:
        if found.checked is None:
            continue
        speak = context.speaker(found.standard)
        key, _, value = found.checked.written.partition(": ")
        yield Finding(
            found.location,
            speak._(
                "clause {number}: the text says {stated} but requirement {id} checks {checked}",
                number=found.clause.number,
                stated=f"“{found.stated.written}”",
                id=found.requirement,
                checked=f"`{key}: {value}`" if value else f"`{key}`",
            ),
            speak._(
                "make the text and the requirement say the same: change the requirement's `{key}` or the text", key=key
            ),
            end=found.end,
        )
