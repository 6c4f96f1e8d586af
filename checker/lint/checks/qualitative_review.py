"""A qualitative clause's ``reviewed_by`` names a table and a checklist item that exist.

Why: a qualitative clause takes the outcome of the checklist item named in ``reviewed_by``, read
from the standard's ``checklist`` requirement on that table grouped by ``item``. A misspelt table
or item would leave the clause ``not-reviewed`` on every audit although the reviews are there, so
the reference is checked before any data is read: the standard must have such a requirement, and
when a dataset mapping that maps the table is linted with it, the table must have an ``item`` field
and — when the mapping declares the item catalogue as the field's ``values:`` — name one of its
items. A dataset without the table is no finding: that audit has no reviews, and says so.

PASS:

```yaml
kind: rules
rules:
  - id: review.checklist
    title: {en: Checklist items passed}
    definition: {en: Share of checklist items passed in manual reviews.}
    measure: checklist
    table: reviews
    unit: percent
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: "At least 90% of the items of each call checklist are passed."}
    requirements:
      - id: call-review
        rule: review.checklist
        target: ">= 90%"
        group_by: [item]
  - number: "2"
    kind: qualitative
    text: {en: Agents greet the caller warmly.}
    reviewed_by: {table: reviews, item: greeting}
```

FAIL:

```yaml
kind: rules
rules:
  - id: review.checklist
    title: {en: Checklist items passed}
    definition: {en: Share of checklist items passed in manual reviews.}
    measure: checklist
    table: reviews
    unit: percent
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: "At least 90% of the items of each call checklist are passed."}
    requirements:
      - id: call-review
        rule: review.checklist
        target: ">= 90%"
        group_by: [item]
  - number: "2"
    kind: qualitative
    text: {en: Agents greet the caller warmly.}
    reviewed_by: {table: visits, item: greeting}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.QUALITATIVE_REVIEW
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    datasets = context.library.of_kind("dataset")
    for document, standard in context.standards():
        speak = context.speaker(standard)
        checklists: dict[str, list[str]] = {}  # table → checklist requirements grouped by item
        for _path, _clause, requirement in standard.requirements():
            entry = context.rule(requirement.rule)
            if entry is not None and entry.rule.measure == "checklist" and "item" in requirement.group_by:
                checklists.setdefault(entry.rule.table, []).append(requirement.id)
        for path, clause in standard.walk():
            ref = clause.reviewed_by
            if clause.kind != "qualitative" or ref is None:
                continue
            at = (*path, "reviewed_by")
            if ref.table not in checklists:
                tables = ", ".join(sorted(checklists)) or speak._("none")
                yield Finding(
                    document.at((*at, "table")),
                    speak._(
                        "clause {number}: no checklist requirement of the standard reads table {table!r} "
                        "grouped by item (checklist tables: {tables})",
                        number=clause.number,
                        table=ref.table,
                        tables=tables,
                    ),
                    speak._(
                        "add a requirement with a checklist rule on that table and group_by: [item], or fix the table"
                    ),
                )
                continue
            # a dataset without the table is not a finding: the standard may be audited on data that has
            # no reviews yet (the checklist requirement is then not applicable, the clause not reviewed)
            mapped = [d.model.tables[ref.table] for d in datasets if ref.table in d.model.tables]
            for table in mapped:
                spec = table.fields.get("item")
                if spec is None:
                    yield Finding(
                        document.at((*at, "table")),
                        speak._(
                            "clause {number}: table {table!r} has no 'item' field",
                            number=clause.number,
                            table=ref.table,
                        ),
                        speak._("map the checklist item's column as the canonical field 'item'"),
                    )
                elif spec.values is not None and ref.item not in spec.values.values():
                    items = ", ".join(sorted(set(spec.values.values())))
                    yield Finding(
                        document.at((*at, "item")),
                        speak._(
                            "clause {number}: checklist item {item!r} is not among the items "
                            "of table {table!r} ({items})",
                            number=clause.number,
                            item=ref.item,
                            table=ref.table,
                            items=items,
                        ),
                        speak._("name one of the mapped items, or add it to the item field's values"),
                    )
