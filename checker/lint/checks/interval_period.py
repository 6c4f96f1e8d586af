"""A requirement judged on intervals has a period of at most a day to cut them.

Why: ``intervals: {target: ">= 90%"}`` judges the share of the requirement's period buckets that
meet its target ("80/20 in at least 90% of half-hour intervals"). Without a ``period`` there are
no buckets, and the requirement could never be judged; with a week or longer there are a handful
of buckets in a typical audit, and "90% of them" is one or two weeks — not the time-slice
promise the clause makes. Use ``15min``, ``30min``, ``hour`` or ``day``.

PASS:

```yaml
kind: rules
rules:
  - id: contact.service-level
    title: {en: Service level}
    definition: {en: Share of offered calls answered within the threshold.}
    measure: service-level
    table: calls
    fields: [wait, outcome]
    unit: percent
    parameters:
      threshold: {type: duration}
      abandon_policy: {type: enum, values: [negative, ignored, positive], default: negative}
      short_abandon: {type: duration, default: 5s}
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: In 90% of half-hour intervals 80% of calls are answered within 20 seconds.}
    requirements:
      - id: sl-intervals
        rule: contact.service-level
        params: {threshold: 20s}
        target: ">= 80%"
        period: 30min
        intervals: {target: ">= 90%"}
```

FAIL:

```yaml
kind: rules
rules:
  - id: contact.service-level
    title: {en: Service level}
    definition: {en: Share of offered calls answered within the threshold.}
    measure: service-level
    table: calls
    fields: [wait, outcome]
    unit: percent
    parameters:
      threshold: {type: duration}
      abandon_policy: {type: enum, values: [negative, ignored, positive], default: negative}
      short_abandon: {type: duration, default: 5s}
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: In 90% of half-hour intervals 80% of calls are answered within 20 seconds.}
    requirements:
      - id: sl-intervals
        rule: contact.service-level
        params: {threshold: 20s}
        target: ">= 80%"
        intervals: {target: ">= 90%"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.INTERVAL_PERIOD
SEVERITY = Severity.ERROR

FINE_ENOUGH = ("15min", "30min", "hour", "day")
"""Periods whose buckets can carry an interval judgement."""


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, _clause, requirement in standard.requirements():
            if requirement.intervals is None:
                continue
            if requirement.period == "none":
                yield Finding(
                    document.at((*path, "intervals")),
                    speak._(
                        "requirement {id!r} is judged on intervals but has no period to cut them", id=requirement.id
                    ),
                    hint=speak._("add period: 30min (or 15min, hour, day)"),
                )
            elif requirement.period not in FINE_ENOUGH:
                yield Finding(
                    document.at((*path, "period")),
                    speak._(
                        "requirement {id!r} is judged on intervals of a {period}: too coarse for a time-slice target",
                        id=requirement.id,
                        period=requirement.period,
                    ),
                    hint=speak._("use one of {periods}", periods=", ".join(FINE_ENOUGH)),
                )
