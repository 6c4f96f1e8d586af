"""Every requirement's ``rule`` names a rule in the rule library.

Why: a requirement whose rule cannot be found cannot be audited; the audit would have to skip it
and a skipped requirement must never look "met". Rules are looked up across every file linted
together, and in the ``rules/`` folder next to the standard's folder. A close match is suggested.

PASS:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of offered calls answered within the threshold.}
    measure: service-level
    table: calls
    fields: [wait, outcome, queue]
    unit: percent
    parameters:
      threshold: {type: duration}
  - id: contact.wait
    title: {en: Wait before answer}
    definition: {en: The 90th percentile of the wait of answered calls.}
    measure: statistic
    table: calls
    fields: [wait, outcome]
    unit: duration
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

FAIL:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of offered calls answered within the threshold.}
    measure: service-level
    table: calls
    fields: [wait, outcome, queue]
    unit: percent
    parameters:
      threshold: {type: duration}
  - id: contact.wait
    title: {en: Wait before answer}
    definition: {en: The 90th percentile of the wait of answered calls.}
    measure: statistic
    table: calls
    fields: [wait, outcome]
    unit: duration
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
        rule: contact.answer-within
        params: {threshold: 20s}
        target: ">= 80%"
```
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.UNKNOWN_RULE
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    known = sorted(context.library.rules)
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, _clause, requirement in standard.requirements():
            if context.rule(requirement.rule) is not None:
                continue
            close = difflib.get_close_matches(requirement.rule, known, n=1, cutoff=0.6)
            hint = (
                speak._("did you mean {word!r}?", word=close[0])
                if close
                else speak._("lint the rules folder together with the standard")
            )
            if context.incomplete:
                hint += speak._(" (some files failed to load; the rule may be defined in one of them)")
            yield Finding(
                document.at((*path, "rule")),
                speak._("rule {rule!r} is not in the rule library", rule=requirement.rule),
                hint,
            )
