"""A waiver names a requirement of a standard linted with it.

Why: a waiver whose requirement id is not in the standard (a typo, or a requirement renamed)
would silently waive nothing while the approver believes a nonconformity is covered. The check
runs when a standard is linted with the waivers file (the requirements of an overlay's effective
standard count).

PASS:

```yaml
kind: rules
rules:
  - id: contact.service-level
    title: {en: Service level}
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
    text: {en: 80% of calls in each queue and day are answered within 20 seconds.}
    requirements:
      - id: service-level
        rule: contact.service-level
        params: {threshold: 20s}
        target: ">= 80%"
        group_by: [queue]
        period: day
---
kind: waivers
id: demo-waivers
waivers:
  - id: billing-day
    requirement: service-level
    scope: {group: {queue: billing}}
    justification: {en: Staff moved to a system migration that day.}
    approver: Head of customer service
    approved: "2024-04-12"
    expires: "2999-12-31"
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
    text: {en: 80% of calls in each queue and day are answered within 20 seconds.}
    requirements:
      - id: service-level
        rule: contact.service-level
        params: {threshold: 20s}
        target: ">= 80%"
        group_by: [queue]
        period: day
---
kind: waivers
id: demo-waivers
waivers:
  - id: billing-day
    requirement: service-levl
    scope: {group: {queue: billing}}
    justification: {en: Staff moved to a system migration that day.}
    approver: Head of customer service
    approved: "2024-04-12"
    expires: "2999-12-31"
```
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.lint.waivers_scope import requirements_for, waivers

CODE = codes.UNKNOWN_WAIVER_REQUIREMENT
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    for document, i in waivers(context):
        known = requirements_for(context, document.model.standard)
        waiver = document.model.waivers[i]
        speak = context.speaker()
        if known is None or waiver.requirement in known:
            continue
        close = difflib.get_close_matches(waiver.requirement, sorted(known), n=1, cutoff=0.6)
        yield Finding(
            document.at(("waivers", i, "requirement")),
            speak._(
                "waiver {id!r} names requirement {requirement!r}, which the standard does not have",
                id=waiver.id,
                requirement=waiver.requirement,
            ),
            speak._("did you mean {word!r}?", word=close[0]) if close else None,
        )
