"""Every quantity a clause's text states is checked by one of the clause's requirements.

Why: docs/writing.md's measurability principle — "96% of calls are answered by the second ring" holds
two promises, and a requirement that checks the share but not the ring leaves half the sentence
unaudited. Reported for normative clauses that have requirements (a clause with none is SC105's)
when a share, duration, number of rings or "the same day" in the text is checked by no target,
``warn`` or parameter of the clause's requirements and no requirement checks another quantity of
its kind (that is SC108, a mismatch). Informational: some sentences state a context, not a goal.

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
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: 96% of calls are answered by the second ring.}
    requirements:
      - id: second-ring
        rule: contact.answered-within
        params: {threshold: 2 rings}
        target: ">= 96%"
```

FAIL:

```yaml
kind: rules
rules:
  - id: contact.abandoned
    title: {en: Abandoned calls}
    definition: {en: Share of offered calls abandoned.}
    measure: rate
    table: calls
    fields: [outcome]
    unit: percent
    options:
      denominator: "outcome in ('answered', 'abandoned')"
      numerator: "outcome = 'abandoned'"
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: At most 5% of calls are abandoned within 30 seconds.}
    requirements:
      - id: abandoned
        rule: contact.abandoned
        target: "<= 5%"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.UNCHECKED_TEXT_QUANTITY
SEVERITY = Severity.INFO


def run(context: LintContext) -> Iterator[Finding]:
    # context.disagreements imports its helpers when first asked: the audit's gate runs only the checks
    # whose findings are errors, and the word lists and text quantities would otherwise load on every audit.
    for found in context.disagreements:
        if found.checked is not None:
            continue
        speak = context.speaker(found.standard)
        yield Finding(
            found.location,
            speak._(
                "clause {number}: the text states {stated}, which no requirement of the clause checks",
                number=found.clause.number,
                stated=f"“{found.stated.written}”",
            ),
            speak._("add a requirement that checks it, or remove the number from the text"),
            end=found.end,
        )
