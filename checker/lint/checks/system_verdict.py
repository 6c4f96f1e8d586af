"""A table's ``system_verdict`` names a boolean field of it, and its ``explain`` conditions compile over its fields.

Why: the report sets servcheck's per-case verdict beside the system's own (ServiceNow's
``made_sla``) for every timer requirement on the table (``docs/agreement.md``). A verdict field the
table does not map, or one that is not ``boolean`` (``'true'`` as text compares with nothing),
would make every case look like a disagreement; an ``explain`` condition that does not compile
would stop the audit after the data was read. Both are refused here, where they are written.

PASS:

```yaml
kind: dataset
id: demo
title: {en: Demo}
tables:
  incidents:
    source: [incidents.csv.gz]
    format: servicenow-incident
    key: [incident_id]
    time: opened_at
    fields:
      incident_id: {column: number, required: true}
      opened_at: {column: opened_at, type: timestamp, format: "%Y-%m-%d %H:%M:%S"}
      priority: {column: "priority:code"}
      first_priority: {column: "first:priority:code"}
      made_sla: {column: made_sla, type: boolean}
    system_verdict:
      field: made_sla
      explain:
        - {when: "priority <> first_priority", reason: priority changed}
```

FAIL:

```yaml
kind: dataset
id: demo
title: {en: Demo}
tables:
  incidents:
    source: [incidents.csv.gz]
    format: servicenow-incident
    key: [incident_id]
    time: opened_at
    fields:
      incident_id: {column: number, required: true}
      opened_at: {column: opened_at, type: timestamp, format: "%Y-%m-%d %H:%M:%S"}
      made_sla: {column: made_sla}
    system_verdict:
      field: made_sla
      explain:
        - {when: "priority = 'P1'", reason: critical}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.lint.expression_scope import Columns, check_expression, value_start

CODE = codes.SYSTEM_VERDICT
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    speak = context.speaker()
    for document in context.library.of_kind("dataset"):
        for name, table in document.model.tables.items():
            verdict = table.system_verdict
            if verdict is None:
                continue
            base = ("tables", name, "system_verdict")
            spec = table.fields.get(verdict.field)
            if spec is None:
                yield Finding(
                    document.at((*base, "field")),
                    speak._(
                        "table {table!r}: the system verdict field {field!r} is not one of its fields",
                        table=name,
                        field=verdict.field,
                    ),
                    speak._("its fields: {fields}", fields=", ".join(sorted(table.fields))),
                )
            elif spec.type != "boolean":
                yield Finding(
                    document.at((*base, "field")),
                    speak._(
                        "table {table!r}: the system verdict field {field!r} is {type}, not boolean",
                        table=name,
                        field=verdict.field,
                        type=spec.type,
                    ),
                    speak._("declare it 'type: boolean' (true = {means})", means=verdict.true_means),
                )
            types = {field: s.type for field, s in table.fields.items()}
            columns = Columns(tuple(sorted(types)), types, speak._("table {table!r}", table=name))
            for i, explanation in enumerate(verdict.explain):
                at = value_start(document, (*base, "explain", i, "when"))
                for problem in check_expression(explanation.when, columns, at):
                    yield Finding(problem.location, problem.message, problem.hint)
