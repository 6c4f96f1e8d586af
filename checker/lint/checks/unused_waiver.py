"""A waiver's scope can match a finding of its requirement: its group fields are ones the requirement groups by.

Why: a waiver covers findings whose group carries every value of its scope. A scope naming a
field the requirement is not grouped (or bucketed) by can never match, so the waiver is unused
whatever the data: usually a typo (``queues`` for ``queue``) or a waiver written for another
requirement. (Which waivers matched nothing on the data is in the audit report's waiver tally.)

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
    scope: {group: {queue: billing, day: "2024-04-09"}}
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
    requirement: service-level
    scope: {group: {queues: billing}}
    justification: {en: Staff moved to a system migration that day.}
    approver: Head of customer service
    approved: "2024-04-12"
    expires: "2999-12-31"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.lint.waivers_scope import requirements_for, waivers

CODE = codes.UNUSED_WAIVER
SEVERITY = Severity.WARNING


def run(context: LintContext) -> Iterator[Finding]:
    for document, i in waivers(context):
        waiver = document.model.waivers[i]
        speak = context.speaker()
        requirement = (requirements_for(context, document.model.standard) or {}).get(waiver.requirement)
        if requirement is None:
            continue  # unknown requirement: SC062
        fields = [*requirement.group_by, *([requirement.period] if requirement.period != "none" else [])]
        for key in waiver.scope.group:
            if key not in fields:
                yield Finding(
                    document.key_at(("waivers", i, "scope", "group", key)),
                    speak._(
                        "waiver {id!r} can never apply: requirement {requirement!r} has no findings per {key!r} "
                        "(its findings are grouped by: {fields})",
                        id=waiver.id,
                        requirement=requirement.id,
                        key=key,
                        fields=", ".join(fields) or speak._("nothing, overall only"),
                    ),
                )
