"""``group_by`` fields are among the fields the requirement's rule declares (off by default).

Why: a rule's ``fields`` list is what a dataset mapping can be checked against before any data
is read; grouping by a field the rule does not declare ("per site" when the rule lists no
``site``) fails only at audit time, on the first dataset that lacks it. Off by default because
the shipped rules list only the fields their measure reads, and the audit planner checks grouping
fields against the dataset mapping itself; enable it (``lint: {enable: [SC033]}``) in a
repository whose rules list every field a requirement may group by. Rules that declare no fields
are not checked.

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
    text:
      en: "In every queue, 80% of calls are answered within 20 seconds."
    requirements:
      - id: answer-20s
        rule: contact.answered-within
        params: {threshold: 20s}
        target: ">= 80%"
        group_by: [queue]
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
    text:
      en: "At every site, 80% of calls are answered within 20 seconds."
    requirements:
      - id: answer-20s
        rule: contact.answered-within
        params: {threshold: 20s}
        target: ">= 80%"
        group_by: [site]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.GROUP_BY_FIELD
SEVERITY = Severity.WARNING
ENABLED_BY_DEFAULT = False


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, _clause, requirement in standard.requirements():
            entry = context.rule(requirement.rule)
            if entry is None or not entry.rule.fields:
                continue
            for i, name in enumerate(requirement.group_by):
                if name not in entry.rule.fields:
                    yield Finding(
                        document.at((*path, "group_by", i)),
                        speak._(
                            "group_by field {name!r} is not among the fields rule {rule!r} reads ({fields})",
                            name=name,
                            rule=entry.rule.id,
                            fields=", ".join(entry.rule.fields),
                        ),
                        speak._("add {name!r} to the rule's fields at {location}", name=name, location=entry.location),
                    )
