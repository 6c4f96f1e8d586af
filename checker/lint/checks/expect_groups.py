"""``expect_groups`` names ``group_by`` fields, and the taxonomy codes it lists are codes of the taxonomy in force.

Why: a requirement's declared universe (``docs/coverage.md``) turns every member the data lacks into
a ``not-assessed`` finding. A universe on a field the requirement does not group by can never be
checked; an empty or repeated list is a slip; and a code the taxonomy does not define (``E10``) could
never be found in honest data, so it would stay not-assessed forever. Taxonomy codes are checked only
when a taxonomy (``kind: taxonomy``, such as ``standards/iso-23592.yaml``) is among the files linted,
as it always is in an audit.

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
  - {id: E8, name: {en: Processes}, source: example, confidence: high, parent: D4}
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
    text: {en: Every element scores at least 3 of 5.}
    requirements:
      - id: every-element
        rule: iso23592.element-score
        target: ">= 3"
        group_by: [element]
        expect_groups: {element: {taxonomy: element, members: [E8, E9]}}
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
    text: {en: Every element scores at least 3 of 5.}
    requirements:
      - id: every-element
        rule: iso23592.element-score
        target: ">= 3"
        group_by: [element]
        expect_groups: {element: {taxonomy: element, members: [E9, E10]}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint import labels
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.model.standard import TableMembers, TaxonomyMembers

CODE = codes.EXPECT_GROUPS
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    known = context.taxonomy_ids
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, _clause, req in standard.requirements():
            for name, spec in req.expect_groups.items():
                here = (*path, "expect_groups", name)
                if name not in req.group_by:
                    yield Finding(
                        document.key_at(here),
                        speak._(
                            "expect_groups names {name!r}, which requirement {id!r} does not group by",
                            name=name,
                            id=req.id,
                        ),
                        speak._(
                            "add it to group_by ({fields}) or remove it",
                            fields=", ".join(req.group_by) or speak._("empty"),
                        ),
                    )
                if isinstance(spec, TableMembers):
                    continue
                members = spec.members if isinstance(spec, TaxonomyMembers) else spec
                at = (*here, "members") if isinstance(spec, TaxonomyMembers) else here
                if not isinstance(spec, TaxonomyMembers) and not members:
                    yield Finding(
                        document.at(here),
                        speak._("expect_groups.{name} lists no member", name=name),
                        speak._("list every member"),
                    )
                seen: set[str] = set()
                for i, member in enumerate(members):
                    if member in seen:
                        yield Finding(
                            document.at((*at, i)),
                            speak._("expect_groups.{name} lists {member!r} twice", name=name, member=member),
                        )
                    seen.add(member)
                    if isinstance(spec, TaxonomyMembers) and known is not None and member not in known[spec.taxonomy]:
                        yield Finding(
                            document.at((*at, i)),
                            speak._(
                                "{kind} {member!r} is not defined by the loaded taxonomy (it has: {known})",
                                kind=labels.taxonomy_kind(speak, spec.taxonomy),
                                member=member,
                                known=", ".join(sorted(known[spec.taxonomy])) or speak._("none"),
                            ),
                        )
