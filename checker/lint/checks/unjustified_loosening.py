"""An overlay that loosens a parent's requirement gives a ``justification``.

Why: a site or region may be stricter than its organisation without asking anyone, but a lower
bar must say why, in the report's words (``justification``). Whether a change loosens is decided
per field from the direction table ``checker/load/overlay_directions.yaml``: for a target the
operator decides (``>= 80%`` → ``>= 75%`` loosens, ``<= 30s`` → ``<= 20s`` tightens); a
within-time ``threshold`` is tighter when lower; a field with no order (``min_sample``,
``abandon_policy``…) counts as loosening whatever the change.

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
id: organisation
title: {en: Organisation standard}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: 80% of calls are answered within 20 seconds.}
    requirements:
      - id: service-level
        rule: contact.service-level
        params: {threshold: 20s}
        target: ">= 80%"
---
kind: standard
id: site
title: {en: Site standard}
version: 1.0.0
status: draft
languages: [en]
extends: example-2.yaml
overrides:
  - requirement: service-level
    target: ">= 75%"
    justification: {en: The site opened in March; staffing reaches plan in June.}
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
id: organisation
title: {en: Organisation standard}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: 80% of calls are answered within 20 seconds.}
    requirements:
      - id: service-level
        rule: contact.service-level
        params: {threshold: 20s}
        target: ">= 80%"
---
kind: standard
id: site
title: {en: Site standard}
version: 1.0.0
status: draft
languages: [en]
extends: example-2.yaml
overrides:
  - requirement: service-level
    target: ">= 75%"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.lint.waivers_scope import overlays

CODE = codes.UNJUSTIFIED_LOOSENING
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    speak = context.speaker()
    for overlay in overlays(context):
        for change in overlay.changes:
            if change.kind != "loosened" or change.justification is not None:
                continue
            if (change.document, change.requirement) in seen:
                continue  # a parent overlay's change, met again through its child
            seen.add((change.document, change.requirement))
            looser = [c.describe(speak) for c in change.fields if c.verdict in ("looser", "unordered")]
            yield Finding(
                change.location,
                speak._(
                    "overlay loosens requirement {id!r} ({changes}) without a justification",
                    id=change.requirement,
                    changes="; ".join(looser),
                ),
                speak._(
                    "add {example} to the override, or tighten instead",
                    example=f"`justification: {{{speak.lang}: ...}}`",
                ),
            )
