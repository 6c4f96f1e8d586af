"""A normative clause whose text states a number has a requirement that measures it.

Why: "calls are answered within 20 seconds" is measurable — so measure it. A clause that states
a quantity but carries no requirement is a target no audit will ever check. Informative and
qualitative clauses are not reported.

PASS:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of offered calls answered within the threshold.}
    measure: service-level
    table: calls
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
    text: {en: 80% of calls are answered within 20 seconds.}
    requirements:
      - id: answer-20s
        rule: contact.answered-within
        params: {threshold: 20s}
        target: ">= 80%"
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
    text: {en: 80% of calls are answered within 20 seconds.}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.NUMBER_WITHOUT_REQUIREMENT
SEVERITY = Severity.INFO


def run(context: LintContext) -> Iterator[Finding]:
    # Imported here: the audit's gate runs only the checks whose findings are errors, and this one's
    # helpers (word lists, the text's quantities) would otherwise load on every audit (issue 15).
    from checker.lint.wording import states_quantity

    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, clause in standard.walk():
            if clause.kind != "normative" or clause.requirements:
                continue
            for lang in sorted(clause.text.languages()):
                if states_quantity(clause.text.get(lang)):
                    yield Finding(
                        document.at((*path, "text", lang)),
                        speak._(
                            "clause {number} states a quantity but has no requirement that measures it",
                            number=clause.number,
                        ),
                        speak._("add a requirement with the rule and target the text describes"),
                    )
                    break
