"""A published standard says from when it applies (``effective``).

Why: an audit period is judged against the standard in force; a published standard without an
effective date cannot be matched to a period.

PASS:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: published
effective: 2025-01-01
languages: [en]
clauses:
  - number: "1"
    kind: informative
    text: {en: Scope of the standard.}
```

FAIL:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: published
languages: [en]
clauses:
  - number: "1"
    kind: informative
    text: {en: Scope of the standard.}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.PUBLISHED_WITHOUT_EFFECTIVE_DATE
SEVERITY = Severity.WARNING


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        if standard.status == "published" and standard.effective is None:
            yield Finding(
                document.at(("status",)),
                speak._("standard {id!r} is published but has no effective date", id=standard.id),
                speak._("add effective: YYYY-MM-DD"),
            )
