"""``reviewed_by`` and ``assessment`` are given on qualitative clauses only.

Why: they say how a clause judged by people is judged (by which checklist item; whether it is
observation only). A normative clause is judged by its requirements and an informative one not at
all, so on either they would be silently ignored — and a writer who marked a normative clause
``assessment: observation`` expecting it not to decide the verdict would be wrong.

PASS:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    kind: qualitative
    assessment: observation
    text: {en: Agents smile while they speak.}
```

FAIL:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    kind: informative
    assessment: observation
    text: {en: Agents smile while they speak.}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint import labels
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.REVIEW_SETTINGS
SEVERITY = Severity.WARNING


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, clause in standard.walk():
            if clause.kind == "qualitative":
                continue
            for name in ("reviewed_by", "assessment"):
                if name in clause.model_fields_set:
                    yield Finding(
                        document.at((*path, name)),
                        speak._(
                            "clause {number} is {kind}: {name!r} applies to qualitative clauses only",
                            number=clause.number,
                            kind=labels.clause_kind(speak, clause.kind),
                            name=name,
                        ),
                        speak._("remove it, or set kind: qualitative if people judge this clause"),
                    )
