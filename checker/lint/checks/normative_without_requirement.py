"""A normative clause has a requirement, or is marked informative or qualitative.

Why: docs/writing.md's measurability principle — a normative clause promises something; if nothing
measures it, an audit silently cannot judge it. Either attach a requirement, or say honestly that
the clause is ``kind: informative`` (background) or ``kind: qualitative`` (judged by a person).
Clauses that only group sub-clauses are not reported.

PASS:

```yaml
kind: standard
id: demo
title: {en: Demo, zh: 示例}
version: 1.0.0
status: draft
languages: [en, zh]
clauses:
  - number: "1"
    kind: qualitative
    text:
      en: Staff greet the customer by name.
      zh: 员工称呼客户姓名问候。
```

FAIL:

```yaml
kind: standard
id: demo
title: {en: Demo, zh: 示例}
version: 1.0.0
status: draft
languages: [en, zh]
clauses:
  - number: "1"
    text:
      en: Staff greet the customer by name.
      zh: 员工称呼客户姓名问候。
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.NORMATIVE_WITHOUT_REQUIREMENT
SEVERITY = Severity.WARNING


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, clause in standard.walk():
            if clause.kind == "normative" and not clause.requirements and not clause.clauses:
                yield Finding(
                    document.at((*path, "number")),
                    speak._("normative clause {number} has no requirement", number=clause.number),
                    speak._("add a requirement, or set kind: qualitative or kind: informative"),
                )
