"""Dataset table names, field names and rule tables are identifiers: lower case, digits and ``_``.

Why: table and field names become names inside the audit's SQL and in report columns; a table
called ``call-log`` or a field ``Wait Time`` fails there, far from the mapping that named it.
Names match ``^[a-z_][a-z0-9_]*$``; the hint gives the nearest identifier (``call-log`` →
``call_log``).

PASS:

```yaml
kind: dataset
id: demo
title: {en: Demo}
tables:
  call_log:
    source: [calls.csv]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: CallID}
      offered_at: {column: QueueEnterTime, type: timestamp}
```

FAIL:

```yaml
kind: dataset
id: demo
title: {en: Demo}
tables:
  call-log:
    source: [calls.csv]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: CallID}
      offered_at: {column: QueueEnterTime, type: timestamp}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Location, Severity
from checker.i18n import N_, Speaker
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.IDENTIFIER_NAME
SEVERITY = Severity.ERROR

IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def suggestion(name: str) -> str:
    """The nearest identifier: lower case, every other character an underscore, no leading digit."""
    text = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower()).strip("_") or "_"
    return f"_{text}" if text[0].isdigit() else text


TABLE, FIELD = N_("table name {name!r}"), N_("field name {name!r}")


def _finding(location: Location, what: str, name: str, speak: Speaker) -> Finding:
    return Finding(
        location,
        speak._(
            "{what} is not an identifier (lower-case letters, digits and '_', not starting with a digit)",
            what=speak._(what, name=name),
        ),
        speak._("call it {name!r}", name=suggestion(name)),
    )


def run(context: LintContext) -> Iterator[Finding]:
    speak = context.speaker()
    for document in context.library.of_kind("dataset"):
        for table, spec in document.model.tables.items():
            if not IDENTIFIER.fullmatch(table):
                yield _finding(document.key_at(("tables", table)), TABLE, table, speak)
            for field in spec.fields:
                if not IDENTIFIER.fullmatch(field):
                    yield _finding(document.key_at(("tables", table, "fields", field)), FIELD, field, speak)
    for entry in context.library.rules.values():
        if not IDENTIFIER.fullmatch(entry.rule.table):
            yield _finding(entry.document.at((*entry.path, "table")), TABLE, entry.rule.table, speak)
