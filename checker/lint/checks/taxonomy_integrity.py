"""A taxonomy's ids are unique and every element's ``parent`` is one of its dimensions.

Why: clause tags give an element and the dimension is derived from the element's parent; an
element without a valid parent drops out of the dimension roll-up, and a repeated id makes a tag
ambiguous.

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
  - {id: E9, name: {en: Monitoring}, source: example, confidence: high, parent: D5}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Location, Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.TAXONOMY_INTEGRITY
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    speak = context.speaker()
    for document in context.library.of_kind("taxonomy"):
        taxonomy = document.model
        first: dict[str, Location] = {}
        for group in ("dimensions", "elements", "levels"):
            for i, entry in enumerate(getattr(taxonomy, group)):
                here = document.at((group, i, "id"))
                if entry.id in first:
                    yield Finding(
                        here, speak._("id {id!r} is already used at {first}", id=entry.id, first=first[entry.id])
                    )
                else:
                    first[entry.id] = here
        dimensions = sorted(d.id for d in taxonomy.dimensions)
        for i, element in enumerate(taxonomy.elements):
            if element.parent is None:
                yield Finding(
                    document.at(("elements", i, "id")),
                    speak._("element {id!r} has no parent dimension", id=element.id),
                    speak._("add parent: one of {dimensions}", dimensions=", ".join(dimensions)),
                )
            elif element.parent not in dimensions:
                yield Finding(
                    document.at(("elements", i, "parent")),
                    speak._(
                        "element {id!r} names parent {parent!r}, "
                        "which is not a dimension of this taxonomy ({dimensions})",
                        id=element.id,
                        parent=element.parent,
                        dimensions=", ".join(dimensions),
                    ),
                )
