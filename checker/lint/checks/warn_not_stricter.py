"""A requirement's ``warn`` threshold is stricter than its target, in the same direction.

Why: ``warn`` marks results that meet the target but are at risk. For a lower bound
(">= 80%") the warn bound must be higher (">= 85%"); for an upper bound ("<= 20s") lower
("<= 15s"). A warn that is looser, equal, in the other direction or in another unit never fires
or fires on every pass.

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
        warn: ">= 85%"
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
        warn: ">= 75%"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.i18n import N_
from checker.lint.check import Finding
from checker.lint.context import LintContext, ring_cadence_seconds
from checker.lint.targets import as_comparable, direction, unit_of
from checker.model.quantity import parse_target, target_bound

CODE = codes.WARN_NOT_STRICTER
SEVERITY = Severity.ERROR


def _problem(target_text: str, warn_text: str, cadence: float) -> str | None:
    target, warn = parse_target(target_text), parse_target(warn_text)
    if unit_of(target.quantity) != unit_of(warn.quantity):
        return N_("warn and target are in different units")
    way = direction(target.op)
    if way == "exact" or direction(warn.op) != way:
        return N_("warn must bound the same way as the target (both >= / > or both <= / <)")
    target_value = target_bound(as_comparable(target.quantity, cadence))
    warn_value = target_bound(as_comparable(warn.quantity, cadence))
    if way == "up" and not warn_value > target_value:
        return N_("for a lower bound the warn bound must be higher than the target's")
    if way == "down" and not warn_value < target_value:
        return N_("for an upper bound the warn bound must be lower than the target's")
    return None


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        cadence = ring_cadence_seconds(standard)
        for path, _clause, requirement in standard.requirements():
            if requirement.warn is None:
                continue
            reason = _problem(requirement.target, requirement.warn, cadence)
            if reason:
                yield Finding(
                    document.at((*path, "warn")),
                    speak._(
                        "warn {warn!r} is not stricter than target {target!r}: {reason}",
                        warn=requirement.warn,
                        target=requirement.target,
                        reason=speak._(reason),
                    ),
                )
