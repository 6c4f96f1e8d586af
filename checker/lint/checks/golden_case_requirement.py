"""A golden case expects figures of requirements the standard has.

Why: a case that names a requirement the standard does not have (a typo, or a requirement renamed
since the case was written) would prove nothing while ``servcheck test`` is read as proof. For an
overlay, the requirements of its effective standard count (a site's added requirement can have a
case).

PASS:

```yaml
kind: rules
rules:
  - id: contact.abandonment-rate
    title: {en: Abandonment rate}
    definition: {en: Share of offered calls abandoned by the caller.}
    measure: share
    table: calls
    fields: [outcome]
    unit: percent
    options: {condition: "outcome = 'abandoned'"}
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: At most 5% of offered calls are abandoned.}
    requirements:
      - id: abandonment
        rule: contact.abandonment-rate
        target: "<= 5%"
cases:
  - name: one-of-four-abandoned
    min_sample: 1
    tables:
      calls:
        - {call_id: c1, offered_at: "2024-04-01 09:00:00", outcome: answered}
        - {call_id: c2, offered_at: "2024-04-01 09:01:00", outcome: answered}
        - {call_id: c3, offered_at: "2024-04-01 09:02:00", outcome: answered}
        - {call_id: c4, offered_at: "2024-04-01 09:03:00", outcome: abandoned}
    expect:
      abandonment: {outcome: fail, value: 0.25, n: 4}
```

FAIL:

```yaml
kind: rules
rules:
  - id: contact.abandonment-rate
    title: {en: Abandonment rate}
    definition: {en: Share of offered calls abandoned by the caller.}
    measure: share
    table: calls
    fields: [outcome]
    unit: percent
    options: {condition: "outcome = 'abandoned'"}
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: At most 5% of offered calls are abandoned.}
    requirements:
      - id: abandonment
        rule: contact.abandonment-rate
        target: "<= 5%"
cases:
  - name: one-of-four-abandoned
    min_sample: 1
    tables:
      calls:
        - {call_id: c1, offered_at: "2024-04-01 09:00:00", outcome: abandoned}
    expect:
      abandonment-rate: {outcome: fail, value: 1.0, n: 1}
```
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.lint.waivers_scope import overlays

CODE = codes.GOLDEN_CASE_REQUIREMENT
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    effective = {o.document.name: o.effective for o in overlays(context)}
    for document in context.library.of_kind("standard"):
        if not document.model.cases:
            continue
        model = document.model
        if model.extends is not None:
            resolved = effective.get(document.name)
            if resolved is None:  # the overlay did not resolve: loading reports why
                continue
            model = resolved.model
        known = sorted(r.id for _path, _clause, r in model.requirements())
        for i, case in enumerate(document.model.cases):
            for requirement in case.expect:
                if requirement in known:
                    continue
                close = difflib.get_close_matches(requirement, known, n=1, cutoff=0.6)
                yield Finding(
                    document.key_at(("cases", i, "expect", requirement)),
                    f"golden case {case.name!r} expects figures of requirement {requirement!r}, "
                    "which the standard does not have",
                    f"did you mean {close[0]!r}?" if close else f"the standard's requirements: {', '.join(known)}",
                )
