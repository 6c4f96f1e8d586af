"""A waiver has not expired (as of today, or lint's ``--as-of`` date).

Why: an expired waiver covers nothing any more; an audit judges waivers on the audit period's
last day (or ``--as-of``), and lists the expired ones in its tally. Renew it with a new approval,
or remove it.

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
    requirement: service-level
    scope: {group: {queue: billing}}
    justification: {en: Staff moved to a system migration that day.}
    approver: Head of customer service
    approved: "2024-04-12"
    expires: "2024-06-30"
```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.lint.waivers_scope import waivers

CODE = codes.EXPIRED_WAIVER
SEVERITY = Severity.WARNING


def run(context: LintContext) -> Iterator[Finding]:
    for document, i in waivers(context):
        waiver = document.model.waivers[i]
        if dt.date.fromisoformat(waiver.expires) < context.today:
            speak = context.speaker()
            yield Finding(
                document.at(("waivers", i, "expires")),
                speak._(
                    "waiver {id!r} expired on {expires} (as of {today})",
                    id=waiver.id,
                    expires=waiver.expires,
                    today=context.today.isoformat(),
                ),
                speak._("renew it with a new approval and expiry, or remove it"),
            )
