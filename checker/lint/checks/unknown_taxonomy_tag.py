"""Clause tags name elements and levels that exist in the loaded taxonomy.

Why: reports roll results up by ISO 23592 element and pyramid level; a tag the taxonomy does not
define is lost from that roll-up. Checked only when a taxonomy (``kind: taxonomy``, such as
``standards/iso-23592.yaml``) is among the files linted.

PASS:

```yaml
kind: taxonomy
id: mini
title: {en: Mini taxonomy}
version: 1.0.0
languages: [en]
dimensions:
  - {id: D4, name: {en: Operations}, source: example, confidence: high}
levels:
  - {id: L1, name: {en: Core service promise}, source: example, confidence: high}
elements:
  - {id: E9, name: {en: Monitoring}, source: example, confidence: high, parent: D4}
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    kind: qualitative
    text: {en: Service results are reviewed every month.}
    tags: {element: E9, level: L1}
```

FAIL:

```yaml
kind: taxonomy
id: mini
title: {en: Mini taxonomy}
version: 1.0.0
languages: [en]
dimensions:
  - {id: D4, name: {en: Operations}, source: example, confidence: high}
levels:
  - {id: L1, name: {en: Core service promise}, source: example, confidence: high}
elements:
  - {id: E8, name: {en: Processes}, source: example, confidence: high, parent: D4}
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    kind: qualitative
    text: {en: Service results are reviewed every month.}
    tags: {element: E9, level: L1}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint import labels
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.UNKNOWN_TAXONOMY_TAG
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    known = context.taxonomy_ids
    if known is None:
        return
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, clause in standard.walk():
            if clause.tags is None:
                continue
            for tag in ("element", "level"):
                value = getattr(clause.tags, tag)
                if value is not None and value not in known[tag]:
                    yield Finding(
                        document.at((*path, "tags", tag)),
                        speak._(
                            "{kind} {member!r} is not defined by the loaded taxonomy (it has: {known})",
                            kind=labels.taxonomy_kind(speak, tag),
                            member=value,
                            known=", ".join(sorted(known[tag])) or speak._("none"),
                        ),
                    )
