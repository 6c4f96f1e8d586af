"""A cross-table rule's partner table maps the link field and the fields the requirement groups on.

Why: a cross-table KPI reads two tables (complaints per 1,000 calls; survey responses linked to
their calls; ``docs/cross-table.md``). A dataset whose partner table does not map the link field
(``surveys.call_id``), or a field the requirement groups on in both tables ("per channel" when
calls have no channel), cannot produce the figure: found here, at the dataset's table (or the
requirement's ``group_by``), before any data is read, rather than when the audit plans (SC048).
Checked when a standard and a dataset are linted together (as the audit does). A dataset that maps
neither the partner table nor the rule's own table is not this check's business: the audit reports
such a requirement ``not-applicable`` with its reason (never met), as for any table a dataset lacks.

PASS:

```yaml
kind: rules
rules:
  - id: contact.survey-coverage
    title: {en: Survey coverage}
    definition: {en: Share of answered calls with a linked survey response.}
    measure: linked
    table: calls
    unit: percent
    options: {partner: surveys, link: call_id}
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: "At least 15% of calls get a survey response."}
    requirements:
      - id: coverage
        rule: contact.survey-coverage
        target: ">= 15%"
---
kind: dataset
id: demo-data
title: {en: Demo data}
tables:
  calls:
    source: [calls.csv]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: CallID}
      offered_at: {column: Offered, type: timestamp}
  surveys:
    source: [surveys.csv]
    key: [response_id]
    time: responded_at
    fields:
      response_id: {column: ResponseID}
      responded_at: {column: Submitted, type: timestamp}
      call_id: {column: InteractionID}
```

The surveys table below does not map the link field ``call_id``.

FAIL:

```yaml
kind: rules
rules:
  - id: contact.survey-coverage
    title: {en: Survey coverage}
    definition: {en: Share of answered calls with a linked survey response.}
    measure: linked
    table: calls
    unit: percent
    options: {partner: surveys, link: call_id}
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: "At least 15% of calls get a survey response."}
    requirements:
      - id: coverage
        rule: contact.survey-coverage
        target: ">= 15%"
---
kind: dataset
id: demo-data
title: {en: Demo data}
tables:
  calls:
    source: [calls.csv]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: CallID}
      offered_at: {column: Offered, type: timestamp}
  surveys:
    source: [surveys.csv]
    key: [response_id]
    time: responded_at
    fields:
      response_id: {column: ResponseID}
      responded_at: {column: Submitted, type: timestamp}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.measures.registry import partners_of

CODE = codes.CROSS_TABLE_LINK
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    datasets = context.library.of_kind("dataset")
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, _clause, requirement in standard.requirements():
            entry = context.rule(requirement.rule)
            if entry is None:
                continue
            rule = entry.rule
            for partner in partners_of(rule.measure, rule.options):
                for data in datasets:
                    tables = data.model.tables
                    if rule.table not in tables:
                        continue  # the requirement is not applicable to this dataset at all
                    who = speak._(
                        "requirement {id!r} (rule {rule!r}, {measure})",
                        id=requirement.id,
                        rule=rule.id,
                        measure=rule.measure,
                    )
                    if partner not in tables:
                        continue  # not-applicable in the audit, stated with its reason
                    fields = tables[partner].fields
                    link = rule.options.get("link")
                    if isinstance(link, str) and link not in fields:
                        yield Finding(
                            data.key_at(("tables", partner, "fields")),
                            speak._(
                                "table {partner!r} does not map field {link!r}, by which {who} links its records "
                                "to {table!r}",
                                partner=partner,
                                link=link,
                                who=who,
                                table=rule.table,
                            ),
                            speak._(
                                "map {link!r} to the column holding the {table} key ({key})",
                                link=link,
                                table=rule.table,
                                key=", ".join(tables[rule.table].key),
                            ),
                        )
                    if rule.measure == "cross-rate":
                        for i, name in enumerate(requirement.group_by):
                            if name not in fields:
                                yield Finding(
                                    document.at((*path, "group_by", i)),
                                    speak._(
                                        "{who} groups on {name!r}, which partner table {partner!r} of dataset "
                                        "{dataset!r} does not map: the rate needs the field in both tables",
                                        who=who,
                                        name=name,
                                        partner=partner,
                                        dataset=data.model.id,
                                    ),
                                    speak._(
                                        "map {name!r} in table {partner!r}, or group on a field both tables map",
                                        name=name,
                                        partner=partner,
                                    ),
                                )
