"""A requirement's ``target`` and ``warn`` are in the unit of its rule.

Why: a percent rule measured against "<= 20s", or a duration rule against ">= 80%", can never be
judged. A percent rule needs a target with %, a duration rule a time unit (or rings, converted with
the standard's ``settings.ring_cadence``, default 5 s), a number rule a plain number.

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
    text: {en: Calls wait at most 3 rings (90th percentile).}
    requirements:
      - id: wait-p90
        rule: contact.wait
        target: "<= 3 rings"
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
    text: {en: Calls wait at most 15 seconds (90th percentile).}
    requirements:
      - id: wait-p90
        rule: contact.wait
        target: "<= 15"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint import labels
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.lint.targets import EXAMPLE_OF_UNIT, unit_of
from checker.model.cadence import ring_cadence, target_in_unit
from checker.model.quantity import parse_target

CODE = codes.TARGET_UNIT
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        cadence = ring_cadence(standard)[0]
        for path, _clause, requirement in standard.requirements():
            entry = context.rule(requirement.rule)
            if entry is None:
                continue
            expected = entry.rule.unit
            for key in ("target", "warn"):
                text = getattr(requirement, key)
                if text is None:
                    continue
                _target, problem = target_in_unit(text, expected, cadence)
                if problem:
                    found = unit_of(parse_target(text).quantity)
                    yield Finding(
                        document.at((*path, key)),
                        speak._(
                            "{key} {text!r} is a {found} but rule {rule!r} measures a {expected}",
                            key=key,
                            text=text,
                            found=labels.unit(speak, found),
                            rule=entry.rule.id,
                            expected=labels.unit(speak, expected),
                        ),
                        speak._(
                            "write it as e.g. {example}",
                            example=" / ".join(f"`{e}`" for e in EXAMPLE_OF_UNIT[expected]),
                        ),
                    )
