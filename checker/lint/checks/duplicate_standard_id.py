"""Standard ids are unique across all files linted together.

Why: audits, reports and waivers name a standard by its id; two files with the same id make
every such reference ambiguous. The second (in path order) is reported, naming the first.

PASS:

```yaml
kind: standard
id: contact-centre
title: {en: Contact centre}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    kind: informative
    text: {en: Scope of the standard.}
---
kind: standard
id: field-repair
title: {en: Field repair}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    kind: informative
    text: {en: Scope of the standard.}
```

FAIL:

```yaml
kind: standard
id: contact-centre
title: {en: Contact centre}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    kind: informative
    text: {en: Scope of the standard.}
---
kind: standard
id: contact-centre
title: {en: Contact centre (copy)}
version: 1.1.0
status: draft
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
from checker.diagnostics import Location, Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.DUPLICATE_STANDARD_ID
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    first: dict[str, Location] = {}
    for document, standard in context.standards():
        speak = context.speaker(standard)
        here = document.at(("id",))
        if standard.id in first:
            yield Finding(
                here,
                speak._("standard id {id!r} is already used at {first}", id=standard.id, first=first[standard.id]),
                speak._("give each standard its own id"),
            )
        else:
            first[standard.id] = here
